"""A worker at work: it keeps its room's lock however long the work takes, computes off the
event loop (which keeps answering), forgets rooms it has not seen for a while, and drops a
deleted workshop without writing a key of it again."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

import pytest

from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase
from cocreatie.stream import keys
from cocreatie.stream.redis_client import RedisClient, connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.tokens import new_id
from tests.clients import create_workshop
from tests.redis_clients import sync_client
from tests.workers.gated import GatedEmbedder
from workers.embed import Embedder
from workers.room_lock import DEFAULT_TTL_MS, RoomLock
from workers.room_worker import MAX_ROOMS, RoomWorker
from workers.vectors import VectorStore

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)

SHORT_TTL_MS = 300
REFRESHES = 4
"""Seen refreshes before the work may end: 4 refreshes ttl/3 apart span more than the TTL."""


@dataclass
class Rooms:
    web: str
    store: RedisEventStore
    client: RedisClient


@asynccontextmanager
async def rooms(web: str, redis_url: str) -> AsyncIterator[Rooms]:
    """Where the tests make their workshops (through the web process) and write to them."""
    async with connect(redis_url) as client:
        yield Rooms(web, RedisEventStore(client, 3600), client)


async def room_with_an_idea(rooms: Rooms, text: str = "Meer fietspaden") -> str:
    room = create_workshop(rooms.web).workshop_id
    await rooms.store.append(room, ev.PhaseChanged(round_id="r1", phase=Phase.collect))
    idea = ev.IdeaAdded(round_id="r1", participant_id="p1", client_id="c1", text=text, at=time.time())
    await rooms.store.append(room, idea)
    return room


@asynccontextmanager
async def worker(
    redis_url: str, embedder: Embedder, lock_ttl_ms: int = DEFAULT_TTL_MS, max_rooms: int = MAX_ROOMS
) -> AsyncIterator[tuple[RoomWorker, RoomLock]]:
    """A RoomWorker of its own connections, and its lock."""
    async with connect(redis_url) as client, connect(redis_url, binary=True) as binary:
        lock = RoomLock(client, ttl_ms=lock_ttl_ms)
        yield RoomWorker(RedisEventStore(client, 3600), lock, VectorStore(binary), embedder,
                         retention_seconds=3600, max_rooms=max_rooms), lock


def watch_the_lock(redis_url: str, room: str, token: str, gate: GatedEmbedder, seen: list[str]) -> None:
    """In a thread: while the worker is held at the gate, read the lock over and over; open the
    gate once it was refreshed REFRESHES times, or at once if it was ever not the worker's."""
    gate.entered.wait()
    refreshes, last = 0, SHORT_TTL_MS
    with sync_client(redis_url, decode_responses=True) as client:
        while refreshes < REFRESHES:
            value, left = client.pipeline().get(keys.lock(room)).pttl(keys.lock(room)).execute()
            if value != token or left <= 0:
                seen.append(f"lock {value!r} with {left} ms left")
                break
            refreshes, last = refreshes + (left > last), left
    gate.opened.set()


async def test_a_worker_busy_longer_than_its_ttl_keeps_the_lock(
    web: str, redis_url: str, embedder: Embedder
) -> None:
    gate = GatedEmbedder(embedder)
    lost: list[str] = []
    async with rooms(web, redis_url) as made, worker(redis_url, gate, lock_ttl_ms=SHORT_TTL_MS) as (rooms_worker, lock):
        room = await room_with_an_idea(made)
        watcher = threading.Thread(target=watch_the_lock, args=(redis_url, room, lock.token, gate, lost))
        watcher.start()
        try:
            await rooms_worker.handle_room(room)
        finally:
            gate.opened.set()
            gate.entered.set()
            await asyncio.to_thread(watcher.join)
        assert lost == []
        assert not await made.client.exists(keys.lock(room))


async def test_the_loop_keeps_answering_while_the_worker_computes(
    web: str, redis_url: str, embedder: Embedder
) -> None:
    """Held inside `encode` (the clustering calls go to a thread the same way), the worker
    leaves the loop free: a task on it ticks, and only its ticks let the worker go on."""
    gate = GatedEmbedder(embedder)
    ticks = 0

    async def tick() -> None:
        """Counts its turns on the loop while the worker is inside `encode`; lets it go after 3."""
        nonlocal ticks
        while ticks < 3:
            await asyncio.sleep(0.01)
            ticks += gate.entered.is_set()
        gate.opened.set()

    async with rooms(web, redis_url) as made, worker(redis_url, gate) as (rooms_worker, _):
        room = await room_with_an_idea(made)
        ticker = asyncio.create_task(tick())
        try:
            await rooms_worker.handle_room(room)
        finally:
            gate.opened.set()
            ticker.cancel()
    assert ticks >= 3


async def test_the_worker_forgets_the_rooms_it_saw_least_recently(
    web: str, redis_url: str, embedder: Embedder
) -> None:
    async with rooms(web, redis_url) as made, worker(redis_url, embedder, max_rooms=2) as (rooms_worker, _):
        first, second, third = [await room_with_an_idea(made) for _ in range(3)]
        for room in (first, second, first, third):
            await rooms_worker.handle_room(room)
        assert rooms_worker.cached_rooms == {first, third}


async def test_a_deleted_workshop_is_dropped_and_not_written_again(
    web: str, redis_url: str, embedder: Embedder
) -> None:
    async with rooms(web, redis_url) as made, worker(redis_url, embedder) as (rooms_worker, _):
        room = await room_with_an_idea(made)
        await rooms_worker.handle_room(room)  # embeds the idea, schedules a re-clustering
        await made.client.delete(*keys.room_keys(room))
        await made.client.set(keys.deleted(room), "1", ex=3600)

        await rooms_worker.run_due(everything=True)
        await rooms_worker.handle_room(room)  # a late wake-up: done with, nothing written
        assert [key async for key in made.client.scan_iter(match=f"*{{{room}}}*")] == [keys.deleted(room)]
        assert room not in rooms_worker.cached_rooms


class WorkFailed(Exception):
    """The work on a room failed while its lock was held."""


async def test_failed_work_leaves_the_lock_though_its_refresh_missed_the_cancel(redis_url: str) -> None:
    """On Python 3.11 a cancel that lands just as redis-py has written the refresh is lost (the
    write runs in `asyncio.wait_for`, CPython gh-86296). Work that fails then still leaves the
    lock's block: the refresher ends, and does not keep the lock of a failed room alive."""
    refreshing = asyncio.Event()

    class MissesOneCancel(RoomLock):
        async def refresh(self, room: str) -> bool:
            ours = await super().refresh(room)
            if not refreshing.is_set():
                refreshing.set()  # the work fails while this refresh is out
                with suppress(asyncio.CancelledError):  # lost, as by asyncio.wait_for after the write
                    await asyncio.Event().wait()
            return ours

    async with connect(redis_url) as client:
        lock, room = MissesOneCancel(client, ttl_ms=SHORT_TTL_MS), new_id("w")
        assert await lock.acquire(room)
        async with asyncio.timeout(30) as deadline:  # not wait_for: a run that ate the cut-off would pass it
            with pytest.raises(WorkFailed):
                async with lock.kept(room):
                    await refreshing.wait()
                    raise WorkFailed(room)
        assert not deadline.expired(), "the lock's block never ended"
