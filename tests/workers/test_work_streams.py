"""The work streams: spread over the nodes of a cluster, a room always on the same one, and
the legacy stream of an older web process still worked off (rolling upgrade)."""

from __future__ import annotations

import asyncio

import pytest
from redis.cluster import key_slot

from cocreatie.stream import keys
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.stream.worker_status import WorkerStatus
from tests.redis_cluster import LocalCluster
from tests.workers.idle import no_idle_work
from workers.consume import Consumer, ConsumerSettings

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)

DEFAULT_SLOT_RANGES = ((0, 5460), (5461, 10922), (10923, 16383))
"""How `redis-cli --cluster create` shares the slots among three masters."""


def test_the_work_streams_fall_in_every_slot_range_of_three_masters() -> None:
    slots = [key_slot(stream.encode()) for stream in keys.WORK_STREAMS]
    assert len(set(slots)) == keys.WORK_STREAM_COUNT
    assert all(any(low <= slot <= high for slot in slots) for low, high in DEFAULT_SLOT_RANGES)


def test_the_work_streams_are_on_every_master_of_the_cluster(redis_cluster: LocalCluster) -> None:
    assert len({redis_cluster.master_of(stream) for stream in keys.WORK_STREAMS}) == 3


def test_a_room_always_goes_to_the_same_stream_and_rooms_spread_over_all() -> None:
    rooms = [f"w_{number:012x}" for number in range(200)]
    assert [keys.work_stream(room) for room in rooms] == [keys.work_stream(room) for room in rooms]
    assert {keys.work_stream(room) for room in rooms} == set(keys.WORK_STREAMS)


async def test_wake_ups_on_every_stream_and_the_legacy_one_are_done_and_acked(redis_url: str) -> None:
    rooms = [f"w_streams{number}" for number in range(12)]
    assert {keys.work_stream(room) for room in rooms} == set(keys.WORK_STREAMS)
    handled: list[str] = []

    async def handle(room: str) -> None:
        handled.append(room)

    async with connect(redis_url) as client:
        store = RedisEventStore(client)
        for room in rooms:
            await store.notify_workers(room, "1-0")
        # as a web process of the version before the work streams queued it
        await client.xadd(keys.LEGACY_WORK_STREAM, {"room": "w_streams_legacy", "event_id": "1-0", "at": "0"})
        # the Redis is shared with other tests: their leftover work is claimed (and done) too
        settings = ConsumerSettings(block_ms=50, claim_idle_ms=100, pace_seconds=0)
        async with asyncio.timeout(20):
            await Consumer(client, handle, no_idle_work, settings, name="w_streams").run(asyncio.Event(), burst=True)
        assert await WorkerStatus(client).pending_work() == 0
    assert {*rooms, "w_streams_legacy"} <= set(handled)
