"""Bring one room's themes up to date: embed new ideas, place them (fast path), split on
request, re-cluster when asked or when the room has been quiet a moment (debounced).

Idempotent: the worker's progress (`cursor`) is written in the same transaction as its
`themes.updated` events, so an entry processed twice changes nothing."""

from __future__ import annotations

import time
from collections.abc import Iterable

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState, RoundState
from cocreatie.stream.fold import apply
from cocreatie.stream.ids import stream_id_key
from cocreatie.stream.store import Entry, EventStore
from cocreatie.tokens import new_id
from workers import pipeline
from workers.consume import RoomBusy
from workers.embed import Embedder
from workers.plan import RoundWork, plan
from workers.room_lock import RoomLock
from workers.vectors import VectorStore

QUIET_SECONDS = 1.0
MAX_DELAY_SECONDS = 5.0


class RoomWorker:
    def __init__(self, store: EventStore, lock: RoomLock, vectors: VectorStore, embedder: Embedder) -> None:
        self.store = store
        self.vectors = vectors
        self.embedder = embedder
        self.lock = lock
        self._states: dict[str, RoomState] = {}
        self._due: dict[tuple[str, str], tuple[float, float]] = {}
        self._recluster_seconds: dict[tuple[str, str], float] = {}

    async def handle_room(self, room: str) -> None:
        """Process everything new in the room.

        If another worker holds the room it finds a note and goes round once more; the
        work stays pending here too (RoomBusy), in case that worker has died.
        """
        if not await self.lock.acquire(room):
            raise RoomBusy(room)
        await self._while_held(room)

    async def run_due(self, everything: bool = False) -> None:
        """Debounced re-clustering of rounds that have been quiet long enough (or all of them)."""
        now = time.monotonic()
        due = [key for key, (quiet_at, latest) in self._due.items() if everything or now >= min(quiet_at, latest)]
        for room, round_id in due:
            if await self.lock.acquire(room):
                await self._while_held(room, force={round_id})
                self._due.pop((room, round_id), None)

    async def _while_held(self, room: str, force: Iterable[str] = ()) -> None:
        """Catch up, and again for as long as other workers left a note; then let the room go."""
        await self._catch_up(room, force)
        while not await self.lock.release(room):
            await self._catch_up(room)

    async def _catch_up(self, room: str, force: Iterable[str] = ()) -> None:
        cursor = await self.store.cursor(room)
        state, entries = await self._state_and_news(room, cursor)
        work = plan(state, entries)
        for round_id in force:
            work.setdefault(round_id, RoundWork()).recluster_now = True
        results = [await self._round_result(room, state, round_id, todo) for round_id, todo in work.items()]
        done = entries[-1][0] if entries else cursor
        await self.store.commit_work(room, [result for result in results if result], done)

    async def _state_and_news(self, room: str, cursor: str) -> tuple[RoomState, list[Entry]]:
        """The room folded up to its tail (cached between batches), and the entries after
        `cursor` that no worker has processed yet — from one read of the stream."""
        state = self._states.get(room)
        start = "0-0" if state is None else min(cursor, state.last_event_id, key=stream_id_key)
        fresh = await self.store.read(room, after=start)
        if state is None:
            state = self._states[room] = RoomState(workshop_id=room)
        for entry_id, event in fresh:
            if stream_id_key(entry_id) > stream_id_key(state.last_event_id):
                apply(state, entry_id, event)
        return state, [(i, e) for i, e in fresh if stream_id_key(i) > stream_id_key(cursor)]

    async def _round_result(
        self, room: str, state: RoomState, round_id: str, todo: RoundWork
    ) -> ev.ThemesUpdated | None:
        round_state = state.round(round_id)
        if round_state is None:
            return None
        records = await self._records(room, state, round_id)
        if todo.recluster_now:
            self._due.pop((room, round_id), None)
            started = time.monotonic()
            result = pipeline.recluster(records, _themes(round_state), _new_theme_id)
            self._recluster_seconds[(room, round_id)] = time.monotonic() - started
            return self._event(round_state, records, result, full=True)
        for theme_id in todo.splits:
            if sum(1 for r in records if r.theme_id == theme_id) >= 2:
                result = pipeline.split(records, _themes(round_state), theme_id, _new_theme_id)
                return self._event(round_state, records, result, full=True, placed=True)
        if todo.recluster_soon:
            self._schedule(room, round_id)
        fresh = set(todo.new_ideas)
        new = [r for r in records if r.id in fresh]
        if not new:
            return None
        assign = {idea: theme for idea, theme in pipeline.assign_new(records, new).items() if theme is not None}
        if not assign:
            return None  # new ideas stay unassigned: nothing for the room to hear
        return ev.ThemesUpdated(round_id=round_id, assign=assign, model=self.embedder.name)

    async def _records(self, room: str, state: RoomState, round_id: str) -> list[pipeline.IdeaRecord]:
        ideas = [idea for idea in state.ideas.values() if idea.round_id == round_id and not idea.hidden]
        stored = await self.vectors.get(room, [idea.id for idea in ideas])
        missing = [idea for idea in ideas if idea.id not in stored]
        if missing:
            fresh = dict(zip([i.id for i in missing], self.embedder.encode([i.text for i in missing]), strict=True))
            await self.vectors.put(room, fresh)
            stored |= fresh
        return [pipeline.IdeaRecord(i.id, i.text, stored[i.id], i.theme_id, i.placed) for i in ideas]

    def _event(
        self,
        round_state: RoundState,
        records: list[pipeline.IdeaRecord],
        result: pipeline.Result,
        full: bool,
        placed: bool = False,
    ) -> ev.ThemesUpdated:
        before = {r.id: r.theme_id for r in records}
        after = result.assignments()
        changed = {idea_id: theme_id for idea_id, theme_id in after.items() if before.get(idea_id) != theme_id}
        views = [
            ev.ThemeView(id=t.id, label=t.label, keywords=list(t.keywords), representative=t.representative)
            for t in result.themes
        ]
        return ev.ThemesUpdated(
            round_id=round_state.id,
            themes=views,
            assign=changed,
            model=self.embedder.name,
            full=full,
            placed=sorted(changed) if placed else [],
        )

    def _schedule(self, room: str, round_id: str) -> None:
        now = time.monotonic()
        # A big round re-clusters less often while ideas pour in: never more than a quarter
        # of the time; the fast path places new ideas meanwhile.
        delay = max(MAX_DELAY_SECONDS, 4 * self._recluster_seconds.get((room, round_id), 0.0))
        _, latest = self._due.get((room, round_id), (0.0, now + delay))
        self._due[(room, round_id)] = (now + QUIET_SECONDS, latest)


def _themes(round_state: RoundState) -> list[pipeline.ThemeRecord]:
    return [pipeline.ThemeRecord(t.id, t.pinned, t.label if t.renamed else None) for t in round_state.themes.values()]


def _new_theme_id() -> str:
    return new_id("t")
