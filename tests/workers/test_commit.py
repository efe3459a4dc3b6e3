"""The worker's commit is a compare-and-set: it publishes only while it holds the room's
lock, only from the cursor it read, and never into a deleted workshop."""

from __future__ import annotations

import numpy as np
import pytest
import redis.asyncio as aioredis

from cocreatie.models import events as ev
from cocreatie.stream import keys
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from tests.clients import create_workshop
from workers.commit import RoomCommit, StaleCursor
from workers.room_lock import LockLost, RoomDeleted, RoomLock
from workers.vectors import VectorStore

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)

RESULT = ev.ThemesUpdated(round_id="r1", themes=[], full=True, model="test")


async def _news(client: aioredis.Redis, room: str) -> tuple[str, str]:
    """The cursor as a worker reads it, and the last entry it would process."""
    store = RedisEventStore(client)
    return await store.cursor(room), (await store.read(room))[-1][0]


async def test_a_second_commit_from_the_same_cursor_is_refused(web: str, redis_url: str) -> None:
    room = create_workshop(web).workshop_id
    async with connect(redis_url) as client:
        lock = RoomLock(client)
        assert await lock.acquire(room)
        commit = RoomCommit(lock, retention_seconds=3600)
        read, done = await _news(client, room)
        await commit(room, read, done, [RESULT])
        length = await client.xlen(keys.events(room))

        with pytest.raises(StaleCursor):
            await commit(room, read, done, [RESULT])
        assert await client.xlen(keys.events(room)) == length
        assert 0 < await client.ttl(keys.events(room)) <= 3600


async def test_a_commit_without_the_lock_is_refused(web: str, redis_url: str) -> None:
    room = create_workshop(web).workshop_id
    async with connect(redis_url) as client:
        holder, late = RoomLock(client), RoomLock(client)
        assert await holder.acquire(room)
        read, done = await _news(client, room)
        length = await client.xlen(keys.events(room))

        with pytest.raises(LockLost):
            await RoomCommit(late, retention_seconds=3600)(room, read, done, [RESULT])
        assert await client.xlen(keys.events(room)) == length
        assert await RedisEventStore(client).cursor(room) == read


async def test_a_deleted_workshop_is_never_written_again(web: str, redis_url: str) -> None:
    room = create_workshop(web).workshop_id
    async with connect(redis_url) as client:
        lock = RoomLock(client)
        assert await lock.acquire(room)
        read, done = await _news(client, room)
        await client.delete(*keys.room_keys(room))
        await client.set(keys.deleted(room), "1", ex=3600)

        with pytest.raises(RoomDeleted):
            await RoomCommit(lock, retention_seconds=3600)(room, read, done, [RESULT])
        assert [key async for key in client.scan_iter(match=f"*{{{room}}}*")] == [keys.deleted(room)]


async def test_no_vector_is_written_back_into_a_deleted_workshop(web: str, redis_url: str) -> None:
    """A worker that embedded a room's ideas while it was deleted does not recreate its vectors."""
    room = create_workshop(web).workshop_id
    async with connect(redis_url) as client, connect(redis_url, binary=True) as binary:
        await RedisEventStore(client).delete(room, "")
        with pytest.raises(RoomDeleted):
            await VectorStore(binary).put(room, {"i1": np.ones(4, dtype=np.float32)})
        assert not await client.exists(keys.vectors(room))
