"""Bring one room's themes up to date: embed new ideas, place them (fast path; every new
idea is answered, with its theme or "not yet in a theme"), sort those left unsorted a
moment later (`workers.sorting`: nothing shown moves), split on request, re-cluster when
asked or when the room has been quiet a moment (debounced, and calm: `workers.churn`),
describe themes anew after the facilitator's corrections. A round
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
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Literal

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState, RoundState, Theme
from cocreatie.models.workshop import Phase
from cocreatie.stream.fold import apply
from cocreatie.stream.ids import stream_id_key
from cocreatie.stream.redis_store import DEFAULT_RETENTION_SECONDS
from cocreatie.stream.store import Entry, EventStore
from cocreatie.tokens import new_id
from workers import pipeline, sorting, suggest
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
SORT_AFTER_SECONDS = 0.25
"""An idea the fast path leaves waiting is sorted this soon (`workers.sorting`), with the
others that wait by then; while ideas keep coming, sorting takes at most a third of the
time (SORT_DUTY), so a big room sorts less often rather than falling behind."""
SORT_DUTY = 3.0
FIRST_THEMES_AFTER = 20
"""A round without themes is re-clustered once this many ideas wait (or after a quiet
second, or MAX_DELAY_SECONDS): sooner, and the first themes form from a few ideas that a
calm board then keeps; later, and every idea waits."""
FROZEN = frozenset({Phase.vote, Phase.closed})
MAX_ROOMS = 32
"""Rooms whose fold (and vectors) a worker keeps; the least recently worked on is forgotten
first, and folded anew from its stream should it come back."""
CATCH_UP_TRIES = 3
"""Catch-ups in a row refused for a stale cursor before the room counts as failed."""
Work = Literal["due", "sort"]
"""What the clock brings a round: a debounced re-clustering, or the sorting of unsorted ideas."""


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
        self._sort_at: dict[tuple[str, str], float] = {}
        self._last_sort: dict[tuple[str, str], tuple[float, float]] = {}
        """When the last sorting pass of a round ended, and how long it took."""
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
        them), and sorting of rounds whose unsorted ideas are due; none is begun once `stop`
        is set (they stay due)."""
        now = time.monotonic()
        due: dict[tuple[str, str], Work] = {
            key: "due" for key, (quiet_at, latest) in self._due.items() if everything or now >= min(quiet_at, latest)
        }
        for key, at in self._sort_at.items():
            if now >= at:
                due.setdefault(key, "sort")
        for (room, round_id), work in due.items():
            if stop is not None and stop.is_set():
                return
            await self._work_on(room, force={round_id: work})  # done once committed; else it stays due

    async def _work_on(self, room: str, force: Mapping[str, Work] | None = None) -> bool:
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

    async def _while_held(self, room: str, force: Mapping[str, Work] | None) -> None:
        """Catch up, and again for as long as other workers left a note; then let the room go.
        The lock is refreshed all the while."""
        async with self.lock.kept(room):
            await self._catch_up(room, force)
            while not await self.lock.release(room):
                await self._catch_up(room)

    async def _catch_up(self, room: str, force: Mapping[str, Work] | None = None) -> None:
        """One catch-up, read again when the commit finds the cursor moved on (another worker
        processed entries meanwhile): what it published is not published again."""
        for _ in range(CATCH_UP_TRIES):
            try:
                await self._catch_up_once(room, force)
                return
            except StaleCursor:
                log.info("another worker moved the room on; catching up again", extra={"room": room})
        raise StaleCursor(room)

    async def _catch_up_once(self, room: str, force: Mapping[str, Work] | None) -> None:
        cursor = await self.store.cursor(room)
        state, entries = await self._state_and_news(room, cursor)
        work = plan(state, entries)
        now = time.monotonic()
        for round_id, todo in work.items():  # a sorting pass that is due comes along with new ideas: one event
            todo.sort = todo.sort or self._sort_at.get((room, round_id), now + 1) <= now
        for round_id, kind in (force or {}).items():
            todo = work.setdefault(round_id, RoundWork())
            todo.due, todo.sort = todo.due or kind == "due", todo.sort or kind == "sort"
        results = [await self._round_result(room, state, round_id, todo) for round_id, todo in work.items()]
        done = entries[-1][0] if entries else cursor
        await self.commit(room, cursor, done, [result for result in results if result])
        for round_id in (round_id for round_id, todo in work.items() if todo.asked or todo.due):
            self._due.pop((room, round_id), None)  # re-clustered, and published: nothing waits
            self._sort_at.pop((room, round_id), None)

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
            self._sort_at.pop((room, round_id), None)
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
                return await self._event(round_state, records, result, full=True, placed=True, answered=todo.new_ideas)
        fresh = set(todo.new_ideas)
        new = [r for r in records if r.id in fresh]
        placed = await asyncio.to_thread(pipeline.assign_new, records, new) if new else {}
        assign = {i: t for i, t in placed.items() if t is not None}
        if todo.describe or todo.sort:
            now = [replace(r, theme_id=assign.get(r.id, r.theme_id)) for r in records]
            if not todo.describe:
                return await self._sorted(room, state, round_state, now, placed)
            described = await asyncio.to_thread(pipeline.redescribe, now, themes, _label_context(state, round_state))
            return await self._event(round_state, records, described, full=False, answered=todo.new_ideas)
        held = {i for i, t in placed.items() if t is None}
        if held and round_state.themes:
            self._sort_soon(room, round_id)
        elif held and len(sorting.unsorted(records)) >= FIRST_THEMES_AFTER:  # no themes: nothing was placed
            self._due[(room, round_id)] = (time.monotonic(), time.monotonic())  # the round's first themes
        hints = await asyncio.to_thread(suggest.suggestions, records, assign) if held else {}
        hinted = {i: t for i, t in hints.items() if i in held}
        if not placed and not hinted:
            return None
        # Every new idea is answered: its theme, or null for "not yet in a theme".
        return ev.ThemesUpdated(round_id=round_id, assign=placed, model=self.embedder.name, suggest=hinted)

    async def _sorted(
        self, room: str, state: RoomState, round_state: RoundState, records: list[pipeline.IdeaRecord],
        placed: dict[str, str | None],
    ) -> ev.ThemesUpdated | None:
        """The fast path's answers for new ideas (`placed`) and a sorting pass for every
        unsorted idea; the themes travel only when a new one formed."""
        self._sort_at.pop((room, round_state.id), None)  # what is left unsorted now is sorted next time
        started = time.monotonic()
        found = await asyncio.to_thread(
            sorting.sort_unsorted, records, _new_theme_id, pipeline.BOARD_CLUSTERER, _label_context(state, round_state)
        )
        ended = time.monotonic()
        self._last_sort[(room, round_state.id)] = (ended, ended - started)
        assign = placed | found.assign
        if not assign:
            return None
        after = {r.id: assign.get(r.id, r.theme_id) for r in records}
        if not found.new_themes:  # the board keeps its hints; the new ideas' come along
            hints = await asyncio.to_thread(suggest.suggestions, records, after)
            return ev.ThemesUpdated(
                round_id=round_state.id, assign=assign, model=self.embedder.name,
                suggest={i: t for i, t in hints.items() if i in placed},
            )
        hints, pairs = await asyncio.to_thread(_hints, records, after)
        views = [_view(t) for t in round_state.themes.values()] + [
            ev.ThemeView(id=t.id, label=t.label, keywords=list(t.keywords), representative=t.representative)
            for t in found.new_themes
        ]
        return ev.ThemesUpdated(
            round_id=round_state.id, themes=views, assign=assign, model=self.embedder.name, suggest=hints, alike=pairs
        )

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
        return await self._event(round_state, records, result, full=True, answered=todo.new_ideas)

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
        answered: Iterable[str] = (),
    ) -> ev.ThemesUpdated:
        """The result as an event: assignments that changed, and those of `answered` (new)
        ideas, even where they stay unassigned."""
        before = {r.id: r.theme_id for r in records}
        after = result.assignments()
        told = set(answered)
        changed = {i: theme_id for i, theme_id in after.items() if before.get(i) != theme_id or i in told}
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

    def _sort_soon(self, room: str, round_id: str) -> None:
        """Sort the round's unsorted ideas SORT_AFTER_SECONDS from now, or when the last
        sorting pass has rested SORT_DUTY - 1 times its length, whichever is later; unless
        a sorting pass is due already."""
        key = (room, round_id)
        if key in self._sort_at:
            return
        ended, took = self._last_sort.get(key, (0.0, 0.0))
        self._sort_at[key] = max(time.monotonic() + SORT_AFTER_SECONDS, ended + (SORT_DUTY - 1) * took)

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
        for cache in (self._recluster_seconds, self._last_sort):
            for key in [key for key in cache if key[0] == room]:
                del cache[key]

    def _drop(self, room: str) -> None:
        """Drop everything of a deleted workshop, its due re-clusterings too."""
        self._forget(room)
        for due in (self._due, self._sort_at):
            for key in [key for key in due if key[0] == room]:
                del due[key]


def _view(theme: Theme) -> ev.ThemeView:
    return ev.ThemeView(id=theme.id, label=theme.label, keywords=theme.keywords, representative=theme.representative)


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
