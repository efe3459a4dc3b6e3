"""Bring one room's themes up to date: embed new ideas, place them (fast path), split on
request, re-cluster when asked or when the room has been quiet a moment (debounced, and
calm: `workers.churn`), describe themes anew after the facilitator's corrections. A round
in `vote` or `closed` is frozen: no themes.updated at all.

Idempotent: the worker's progress (`cursor`) is written in the same transaction as its
`themes.updated` events, so an entry processed twice changes nothing."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import replace

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState, RoundState
from cocreatie.models.workshop import Phase
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
FROZEN = frozenset({Phase.vote, Phase.closed})


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
            work.setdefault(round_id, RoundWork()).due = True
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
        if round_state is None or round_state.phase in FROZEN:
            self._due.pop((room, round_id), None)
            return None
        records = await self._records(room, state, round_id)
        themes = _themes(round_state)
        if todo.asked or todo.due:
            return self._reclustered(room, round_state, records, todo)
        if todo.recluster_soon:
            self._schedule(room, round_id)
        for theme_id in todo.splits:
            if sum(1 for r in records if r.theme_id == theme_id) >= 2:
                result = pipeline.split(records, themes, theme_id, _new_theme_id)
                return self._event(round_state, records, result, full=True, placed=True)
        fresh = set(todo.new_ideas)
        new = [r for r in records if r.id in fresh]
        assign = {i: t for i, t in pipeline.assign_new(records, new).items() if t is not None} if new else {}
        if todo.describe:
            now = [replace(r, theme_id=assign.get(r.id, r.theme_id)) for r in records]
            return self._event(round_state, records, pipeline.redescribe(now, themes), full=False)
        if not assign:
            return None  # new ideas stay unassigned: nothing for the room to hear
        return ev.ThemesUpdated(round_id=round_id, assign=assign, model=self.embedder.name)

    def _reclustered(
        self, room: str, round_state: RoundState, records: list[pipeline.IdeaRecord], todo: RoundWork
    ) -> ev.ThemesUpdated:
        """A full re-clustering: calm unless the facilitator asked for it."""
        self._due.pop((room, round_state.id), None)
        started = time.monotonic()
        result = pipeline.recluster(
            records, _themes(round_state), _new_theme_id, k=todo.themes if todo.asked else None,
            automatic=not todo.asked,
        )
        self._recluster_seconds[(room, round_state.id)] = time.monotonic() - started
        return self._event(round_state, records, result, full=True)

    async def _records(self, room: str, state: RoomState, round_id: str) -> list[pipeline.IdeaRecord]:
        ideas = [idea for idea in state.ideas.values() if idea.round_id == round_id and not idea.hidden]
        stored = await self.vectors.get(room, [idea.id for idea in ideas])
        missing = [idea for idea in ideas if idea.id not in stored]
        if missing:
            fresh = dict(zip([i.id for i in missing], self.embedder.encode([i.text for i in missing]), strict=True))
            await self.vectors.put(room, fresh)
            stored |= fresh
        return [
            pipeline.IdeaRecord(i.id, i.text, stored[i.id], i.theme_id, i.placed, i.waiting, i.heading) for i in ideas
        ]

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
    """The round's themes in display order."""
    return [
        pipeline.ThemeRecord(t.id, t.pinned, t.label if t.renamed else None, t.touched)
        for t in round_state.themes.values()
    ]


def _new_theme_id() -> str:
    return new_id("t")
