"""A room: the folded state of one workshop, its sockets here, and the reader that feeds them."""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from dataclasses import dataclass
from functools import partial

from cocreatie import metrics
from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.rooms.audience import Audience, events_message, render_event
from cocreatie.rooms.connection import CLOSE_DELETED, Connection
from cocreatie.rules.visibility import facilitator_view, public_view
from cocreatie.stream.backoff import until_answered
from cocreatie.stream.fold import apply, fold
from cocreatie.stream.ids import StreamKey, stream_id_key
from cocreatie.stream.redis_client import REDIS_DOWN
from cocreatie.stream.store import Entry, EventStore

READ_BLOCK_MS = 5_000
DELETED_REASON = "the workshop was deleted"
EVENTS_PER_MESSAGE = 100
FAN_OUT_SLICE = 25
FAN_OUT_INTERVAL = 0.05
"""Seconds between two fan-outs of a room at least: what comes in meanwhile goes out together,
one write per socket. Under a burst of 100 ideas/s and their answers, writing each read's
events at once cost a thousand socket writes per event (see docs/benchmarks.md)."""
SNAPSHOT_REUSE_JOINS = 200  # a snapshot is rebuilt at most once per this many joins in a row


@dataclass(frozen=True)
class Rendered:
    event_id: str
    key: StreamKey
    facilitator: str
    public: str
    is_join: bool

    def for_audience(self, audience: Audience) -> str:
        return self.facilitator if audience is Audience.facilitator else self.public


class Room:
    """Created on first join, fed by one reader task, dropped when its last socket leaves."""

    def __init__(self, workshop_id: str, store: EventStore, state: RoomState, resume_window: int) -> None:
        self.workshop_id = workshop_id
        self.store = store
        self.state = state
        self.connections: set[Connection] = set()
        self._recent: deque[Rendered] = deque(maxlen=resume_window)
        self._snapshots: dict[Audience, tuple[str, str]] = {}
        self._closed = asyncio.Event()

    @classmethod
    async def load(cls, workshop_id: str, store: EventStore, resume_window: int) -> Room:
        entries = await store.read(workshop_id)
        room = cls(workshop_id, store, fold(workshop_id, entries), resume_window)
        for event_id, event in entries[-resume_window:]:
            room._remember(event_id, event)
        return room

    def attach(self, connection: Connection, welcome_fields: dict[str, object], last_event_id: str | None) -> None:
        """Register a socket and queue its welcome plus what it missed; no await, so nothing slips."""
        missed = self._missed_since(last_event_id)
        resumed = missed is not None
        given, snapshot = self.state.last_event_id, "null"
        if not resumed:
            given, snapshot = self._snapshot(connection.audience)
            missed = self._missed_since(given)
        fields = {"last_event_id": given, "resumed": resumed, **welcome_fields}
        head = json.dumps({"type": "welcome", **fields})
        connection.offer(f'{head[:-1]},"snapshot":{snapshot}}}')
        for rendered in missed or ():
            connection.offer(rendered.for_audience(connection.audience), rendered.key)
        connection.mark_seen(self.state.last_event_id)
        self.connections.add(connection)

    def detach(self, connection: Connection) -> None:
        self.connections.discard(connection)

    def end_all(self, code: int, reason: str) -> None:
        """End every socket here: each is then closed with `code` by the task that serves it."""
        for connection in list(self.connections):
            connection.end(code, reason)

    def deleted(self) -> None:
        """The workshop was deleted: every socket here is closed with CLOSE_DELETED."""
        self.end_all(CLOSE_DELETED, DELETED_REASON)

    def close(self) -> None:
        """The room is dropped: its reader ends after what it is doing. Called before the
        reader's task is cancelled, whose cancel then only cuts its wait short. On Python
        3.11 a cancel that lands just as redis-py has written a command is lost (the write
        runs in `asyncio.wait_for`, CPython gh-86296): a reader ended by its cancel alone
        would then read on, for ever, for a room nobody holds."""
        self._closed.set()

    async def follow(self) -> None:
        """Read the room stream, fold each event into the state as soon as it is read, and
        fan what came out to every socket here at most once per FAN_OUT_INTERVAL (the first
        event after a quiet spell at once), until a read that brought nothing finds the
        workshop deleted (then return), or the room is closed.

        The state never waits for the fan-out: a command checked or a board opened just
        after an `idea.accepted` sees that idea. A lost Redis connection is retried with
        back-off; the sockets get what was read and then wait. Only an empty read with
        nothing waiting to go out looks for the tombstone: a deleted room's stream is gone,
        so its reads are all empty, and a live room pays the look once per quiet
        READ_BLOCK_MS.
        """
        waiting: list[Rendered] = []
        due = 0.0  # when the next fan-out may go, on the monotonic clock
        while not self._closed.is_set():
            entries = await self._next_entries(due if waiting else None)
            if not entries and not waiting and await until_answered(self._is_deleted, "room reader"):
                return
            waiting.extend(self._take(event_id, event) for event_id, event in entries)
            if waiting and time.monotonic() >= due:
                await self._fan_out_all(waiting)
                waiting, due = [], time.monotonic() + FAN_OUT_INTERVAL

    async def _next_entries(self, fan_out_due: float | None) -> list[Entry]:
        """The next events. While events wait to go out (their fan-out due then), the read
        blocks only until it is due, and a lost Redis does not hold them: they go out then,
        and the next read rides the loss out."""
        if fan_out_due is None:
            return await until_answered(partial(self._read, READ_BLOCK_MS), "room reader")
        try:
            return await self._read(max(1, round((fan_out_due - time.monotonic()) * 1000)))
        except REDIS_DOWN:
            await asyncio.sleep(fan_out_due - time.monotonic())
            return []

    async def _read(self, timeout_ms: int) -> list[Entry]:
        return await self.store.wait(self.workshop_id, self.state.last_event_id, timeout_ms=timeout_ms)

    async def _fan_out_all(self, waiting: list[Rendered]) -> None:
        for start in range(0, len(waiting), EVENTS_PER_MESSAGE):
            await self._fan_out(waiting[start:start + EVENTS_PER_MESSAGE])

    async def _is_deleted(self) -> bool:
        return await self.store.is_deleted(self.workshop_id)

    def _take(self, event_id: str, event: ev.Event) -> Rendered:
        apply(self.state, event_id, event)
        return self._remember(event_id, event)

    async def _fan_out(self, batch: list[Rendered]) -> None:
        """Each socket gets the batch in order: as one `events` message when it asked for
        that and has none of it yet (under a burst, one write per socket instead of one
        per idea), else one `event` message each.

        Every FAN_OUT_SLICE sockets the loop may run what else is ready (an answer to a
        phone, a message read): a thousand writes would hold it for tens of milliseconds.
        A socket that joins meanwhile has the batch in its welcome already.
        """
        joined = {a: events_message([r.for_audience(a) for r in batch]) for a in Audience} if len(batch) > 1 else {}
        for number, connection in enumerate(list(self.connections), start=1):
            if number % FAN_OUT_SLICE == 0:
                await asyncio.sleep(0)
            if joined and connection.batched and connection.lacks(batch[0].key):
                connection.offer(joined[connection.audience], batch[-1].key)
                continue
            for rendered in batch:
                connection.offer(rendered.for_audience(connection.audience), rendered.key)
        for rendered in batch:
            metrics.FANOUT_DELAY.observe(max(0.0, time.time() - rendered.key[0] / 1000))

    def _remember(self, event_id: str, event: ev.Event) -> Rendered:
        rendered = Rendered(
            event_id,
            stream_id_key(event_id),
            render_event(event_id, event, Audience.facilitator, self.state),
            render_event(event_id, event, Audience.public, self.state),
            isinstance(event, ev.ParticipantJoined),
        )
        self._recent.append(rendered)
        return rendered

    def _missed_since(self, last_event_id: str | None) -> list[Rendered] | None:
        """The entries after `last_event_id`, or None when a fresh snapshot is needed."""
        if last_event_id is None:
            return None
        key, newest = stream_id_key(last_event_id), stream_id_key(self.state.last_event_id)
        if key > newest:
            return None
        window_is_full = len(self._recent) == self._recent.maxlen
        if window_is_full and key < self._recent[0].key:
            return None
        missed: list[Rendered] = []
        for rendered in reversed(self._recent):  # from the newest: usually only a few
            if rendered.key <= key:
                break
            missed.append(rendered)
        return missed[::-1]

    def _snapshot(self, audience: Audience) -> tuple[str, str]:
        """The id a snapshot is as of, and its JSON. While people stream in, the cached
        one is reused and the joins since follow the welcome: rebuilding it for every
        join made a room of a thousand phones quadratic."""
        cached = self._snapshots.get(audience)
        if cached is not None and self._only_joins_since(cached[0]):
            return cached
        view = facilitator_view(self.state) if audience is Audience.facilitator else public_view(self.state)
        self._snapshots[audience] = (self.state.last_event_id, json.dumps(view, separators=(",", ":")))
        return self._snapshots[audience]

    def _only_joins_since(self, event_id: str) -> bool:
        since = self._missed_since(event_id)
        return since is not None and len(since) <= SNAPSHOT_REUSE_JOINS and all(r.is_join for r in since)
