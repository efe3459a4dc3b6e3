"""Bring one room's themes up to date: embed new ideas, place them (fast path), split on
request, re-cluster when asked or when the room has been quiet a moment (debounced, and
calm: `workers.churn`), describe themes anew after the facilitator's corrections. A round
in `vote` or `closed` is frozen: no themes.updated at all.

Idempotent: the worker's progress (`cursor`) is written in the same script as its
`themes.updated` events, and only if the room's lock is still ours and the cursor still the
one read (`workers.commit`), so an entry is never published for twice. The lock is kept
alive while the worker works; the embedding and the clustering run in a thread, so the
event loop (the lock's refresh, the heartbeat, Redis) keeps going meanwhile. One room is
worked on at a time, so one thread computes at a time; it gets plain records, while the
room's fold stays on the loop."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState, RoundState
from cocreatie.models.workshop import Phase
from cocreatie.stream.fold import apply
from cocreatie.stream.ids import stream_id_key
from cocreatie.stream.redis_store import DEFAULT_RETENTION_SECONDS
from cocreatie.stream.store import Entry, EventStore
from cocreatie.tokens import new_id
from workers import pipeline, suggest
from workers.commit import RoomCommit, StaleCursor
from workers.consume import RoomBusy
from workers.embed import Embedder
from workers.label import LabelContext
from workers.plan import RoundWork, plan
from workers.room_lock import LockLost, RoomDeleted, RoomLock
from workers.vectors import VectorStore

log = logging.getLogger(__name__)

QUIET_SECONDS = 1.0
MAX_DELAY_SECONDS = 5.0
FROZEN = frozenset({Phase.vote, Phase.closed})
MAX_ROOMS = 32
"""Rooms whose fold (and vectors) a worker keeps; the least recently worked on is forgotten
first, and folded anew from its stream should it come back."""
CATCH_UP_TRIES = 3
"""Catch-ups in a row refused for a stale cursor before the room counts as failed."""


class RoomWorker:
    def __init__(
        self, store: EventStore, lock: RoomLock, vectors: VectorStore, embedder: Embedder,
        retention_seconds: int = DEFAULT_RETENTION_SECONDS, max_rooms: int = MAX_ROOMS,
    ) -> None:
        self.store = store
        self.vectors = vectors
        self.embedder = embedder
        self.lock = lock
        self.commit = RoomCommit(lock, retention_seconds)
        self.max_rooms = max_rooms
        self._states: OrderedDict[str, RoomState] = OrderedDict()
        self._due: dict[tuple[str, str], tuple[float, float]] = {}
        self._recluster_seconds: dict[tuple[str, str], float] = {}

    @property
    def cached_rooms(self) -> frozenset[str]:
        """The rooms whose fold this worker keeps (at most `max_rooms`)."""
        return frozenset(self._states)

    async def handle_room(self, room: str) -> None:
        """Process everything new in the room.

        If another worker holds the room it finds a note and goes round once more; the
        work stays pending here too (RoomBusy), in case that worker has died. So it does
        when this worker lost the lock halfway: the work is tried again.
        """
        if not await self._work_on(room):
            raise RoomBusy(room)

    async def run_due(self, everything: bool = False, stop: asyncio.Event | None = None) -> None:
        """Debounced re-clustering of rounds that have been quiet long enough (or all of
        them); none is begun once `stop` is set (they stay due)."""
        now = time.monotonic()
        due = [key for key, (quiet_at, latest) in self._due.items() if everything or now >= min(quiet_at, latest)]
        for room, round_id in due:
            if stop is not None and stop.is_set():
                return
            await self._work_on(room, force={round_id})  # done once committed; else it stays due

    async def _work_on(self, room: str, force: Iterable[str] = ()) -> bool:
        """Take the room and bring it up to date; False when that did not happen (the room
        is busy, or its lock was lost halfway), so the work is to be tried again. A deleted
        workshop is done with: forgotten, and nothing of it written."""
        try:
            if not await self.lock.acquire(room):
                return False
            await self._while_held(room, force)
        except RoomDeleted:
            self._drop(room)
            log.info("the workshop was deleted: its work is dropped", extra={"room": room})
        except LockLost:
            log.warning("lost the room lock; nothing published, the work is tried again", extra={"room": room})
            return False
        return True

    async def _while_held(self, room: str, force: Iterable[str] = ()) -> None:
        """Catch up, and again for as long as other workers left a note; then let the room go.
        The lock is refreshed all the while."""
        async with self.lock.kept(room):
            await self._catch_up(room, force)
            while not await self.lock.release(room):
                await self._catch_up(room)

    async def _catch_up(self, room: str, force: Iterable[str] = ()) -> None:
        """One catch-up, read again when the commit finds the cursor moved on (another worker
        processed entries meanwhile): what it published is not published again."""
        for _ in range(CATCH_UP_TRIES):
            try:
                await self._catch_up_once(room, force)
                return
            except StaleCursor:
                log.info("another worker moved the room on; catching up again", extra={"room": room})
        raise StaleCursor(room)

    async def _catch_up_once(self, room: str, force: Iterable[str]) -> None:
        cursor = await self.store.cursor(room)
        state, entries = await self._state_and_news(room, cursor)
        work = plan(state, entries)
        for round_id in force:
            work.setdefault(round_id, RoundWork()).due = True
        results = [await self._round_result(room, state, round_id, todo) for round_id, todo in work.items()]
        done = entries[-1][0] if entries else cursor
        await self.commit(room, cursor, done, [result for result in results if result])
        for round_id in (round_id for round_id, todo in work.items() if todo.asked or todo.due):
            self._due.pop((room, round_id), None)  # re-clustered, and published

    async def _state_and_news(self, room: str, cursor: str) -> tuple[RoomState, list[Entry]]:
        """The room folded up to its tail (cached between batches), and the entries after
        `cursor` that no worker has processed yet — from one read of the stream."""
        state = self._states.get(room)
        start = "0-0" if state is None else min(cursor, state.last_event_id, key=stream_id_key)
        fresh = await self.store.read(room, after=start)
        state = self._remember(room, state or RoomState(workshop_id=room))
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
            return await self._reclustered(room, state, round_state, records, todo)
        if todo.recluster_soon:
            self._schedule(room, round_id)
        for theme_id in todo.splits:
            if sum(1 for r in records if r.theme_id == theme_id) >= 2:
                result = await asyncio.to_thread(
                    pipeline.split, records, themes, theme_id, _new_theme_id, context=_label_context(state, round_state)
                )
                return await self._event(round_state, records, result, full=True, placed=True)
        fresh = set(todo.new_ideas)
        new = [r for r in records if r.id in fresh]
        placed = await asyncio.to_thread(pipeline.assign_new, records, new) if new else {}
        assign = {i: t for i, t in placed.items() if t is not None}
        if todo.describe:
            now = [replace(r, theme_id=assign.get(r.id, r.theme_id)) for r in records]
            described = await asyncio.to_thread(pipeline.redescribe, now, themes, _label_context(state, round_state))
            return await self._event(round_state, records, described, full=False)
        held = {i for i, t in placed.items() if t is None}
        hints = await asyncio.to_thread(suggest.suggestions, records, assign) if held else {}
        hinted = {i: t for i, t in hints.items() if i in held}
        if not assign and not hinted:
            return None  # new ideas stay unassigned, with no likely theme: nothing to hear
        return ev.ThemesUpdated(round_id=round_id, assign=assign, model=self.embedder.name, suggest=hinted)

    async def _reclustered(
        self, room: str, state: RoomState, round_state: RoundState, records: list[pipeline.IdeaRecord],
        todo: RoundWork,
    ) -> ev.ThemesUpdated:
        """A full re-clustering: calm unless the facilitator asked for it."""
        started = time.monotonic()
        result = await asyncio.to_thread(
            pipeline.recluster, records, _themes(round_state), _new_theme_id,
            k=todo.themes if todo.asked else None, automatic=not todo.asked, clusterer=pipeline.BOARD_CLUSTERER,
            context=_label_context(state, round_state),
        )
        self._recluster_seconds[(room, round_state.id)] = time.monotonic() - started
        return await self._event(round_state, records, result, full=True)

    async def _records(self, room: str, state: RoomState, round_id: str) -> list[pipeline.IdeaRecord]:
        ideas = [idea for idea in state.ideas.values() if idea.round_id == round_id and not idea.hidden]
        stored = await self.vectors.get(room, [idea.id for idea in ideas])
        missing = [idea for idea in ideas if idea.id not in stored]
        if missing:
            encoded = await asyncio.to_thread(self.embedder.encode, [i.text for i in missing])
            fresh = dict(zip([i.id for i in missing], encoded, strict=True))
            await self.vectors.put(room, fresh)
            stored |= fresh
        return [
            pipeline.IdeaRecord(i.id, i.text, stored[i.id], i.theme_id, i.placed, i.waiting, i.heading) for i in ideas
        ]

    async def _event(
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
        hints, pairs = await asyncio.to_thread(_hints, records, after)
        return ev.ThemesUpdated(
            round_id=round_state.id,
            themes=views,
            assign=changed,
            model=self.embedder.name,
            full=full,
            placed=sorted(changed) if placed else [],
            suggest=hints,
            alike=pairs,
        )

    def _schedule(self, room: str, round_id: str) -> None:
        now = time.monotonic()
        # A big round re-clusters less often while ideas pour in: never more than a quarter
        # of the time; the fast path places new ideas meanwhile.
        delay = max(MAX_DELAY_SECONDS, 4 * self._recluster_seconds.get((room, round_id), 0.0))
        _, latest = self._due.get((room, round_id), (0.0, now + delay))
        self._due[(room, round_id)] = (now + QUIET_SECONDS, latest)

    def _remember(self, room: str, state: RoomState) -> RoomState:
        """Keep the room's fold as the most recently worked on; forget the least recent beyond `max_rooms`."""
        self._states[room] = state
        self._states.move_to_end(room)
        while len(self._states) > self.max_rooms:
            self._forget(next(iter(self._states)))
        return state

    def _forget(self, room: str) -> None:
        """Drop what is cached of a room; its re-clusterings still due stay due."""
        self._states.pop(room, None)
        self.vectors.forget(room)
        for key in [key for key in self._recluster_seconds if key[0] == room]:
            del self._recluster_seconds[key]

    def _drop(self, room: str) -> None:
        """Drop everything of a deleted workshop, its due re-clusterings too."""
        self._forget(room)
        for key in [key for key in self._due if key[0] == room]:
            del self._due[key]


def _themes(round_state: RoundState) -> list[pipeline.ThemeRecord]:
    """The round's themes in display order."""
    return [
        pipeline.ThemeRecord(t.id, t.pinned, t.label if t.renamed else None, t.touched)
        for t in round_state.themes.values()
    ]


def _hints(
    records: list[pipeline.IdeaRecord], assigned: dict[str, str | None]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The board's hints for a round's new themes: likely themes of unassigned ideas, alike themes."""
    return suggest.suggestions(records, assigned), suggest.alike(records, assigned)


def _label_context(state: RoomState, round_state: RoundState) -> LabelContext:
    return LabelContext(language=state.language.value, prompt=round_state.prompt)


def _new_theme_id() -> str:
    return new_id("t")
