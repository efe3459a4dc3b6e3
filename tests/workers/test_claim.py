"""XAUTOCLAIM goes on where it stopped: work a dead worker left behind a long run of work
that live workers still hold is claimed, not hidden behind the first page for ever."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, cast

from cocreatie.stream import keys
from cocreatie.stream.redis_client import RedisClient, connect
from tests.processes import embedded_redis_server
from tests.workers.idle import no_idle_work
from workers.consume import Consumer, ConsumerSettings

HELD_BY_LIVE_WORKERS = 30
"""More than one XAUTOCLAIM page scans (10 x COUNT entries; COUNT is the batch, 1 here)."""
CLAIM_IDLE_MS = 60_000
STREAM = keys.WORK_STREAMS[0]
"""All of the test's work on one stream, whatever stream each room's wake-ups would go to."""


async def _delivered(client: RedisClient, rooms: list[str]) -> list[Any]:
    """A work entry per room, all read (and held) by a live worker; their ids."""
    for room in rooms:
        await client.xadd(STREAM, {"room": room, "event_id": "1-0", "at": "0"})
    await client.xgroup_create(STREAM, keys.WORKER_GROUP, id="0")
    reply = await client.xreadgroup(keys.WORKER_GROUP, "alive", {STREAM: ">"}, count=len(rooms))
    return [entry_id for _, entries in cast("list[Any]", reply) for entry_id, _ in entries]


async def test_a_claim_beyond_the_first_page_is_reached(tmp_path: Path) -> None:
    with embedded_redis_server(tmp_path / "redis") as url:
        async with connect(url) as client:
            held = await _delivered(client, [*(f"w_busy{n}" for n in range(HELD_BY_LIVE_WORKERS)), "w_left"])
            await client.xclaim(STREAM, keys.WORKER_GROUP, "dead", 0, held[-1:], idle=10 * CLAIM_IDLE_MS)
            handled: list[str] = []
            stop = asyncio.Event()

            async def handle(room: str) -> None:
                handled.append(room)
                stop.set()

            settings = ConsumerSettings(batch=1, block_ms=10, claim_idle_ms=CLAIM_IDLE_MS, pace_seconds=0)
            async with asyncio.timeout(10):
                await Consumer(client, handle, no_idle_work, settings, name="w1").run(stop)
    assert handled == ["w_left"]
