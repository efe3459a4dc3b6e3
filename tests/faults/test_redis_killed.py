"""kill -9 a private Redis (appendonly yes, appendfsync always, as `cocreatie up` runs it)
while phones post, start it again on the same data dir: every acknowledged idea is still
there, exactly once, and the phones resume without gaps or repeats."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from tests.clients import create_workshop, is_event, open_board, receive_until
from tests.faults.room import Room
from tests.faults.servers import private_redis, serving

PHONES = 4
IDEAS_PER_PHONE = 12
KILL_AFTER_ACKS = 15
OUTAGE_SECONDS = 1.0


@pytest.mark.timeout(300)
async def test_nothing_acknowledged_is_lost_when_redis_is_killed(tmp_path: Path) -> None:
    async with private_redis(tmp_path / "redis") as redis_server:
        await redis_server.start()
        with serving(redis_server.url, tmp_path / "web.log") as (web, _):
            room = await Room.opened(create_workshop(web), [web], [web], PHONES)

            async def restart_redis() -> None:
                await redis_server.kill()
                await asyncio.sleep(OUTAGE_SECONDS)
                await redis_server.start()

            await room.post_through(IDEAS_PER_PHONE, KILL_AFTER_ACKS, restart_redis)
            room.check(web, redis_server.url, await room.settle(redis_server.url, tmp_path / "worker.log"))
    assert any(phone.resumed or phone.unavailable for phone in room.phones), "the outage did not reach the phones"


async def test_what_a_room_had_read_goes_out_while_redis_is_down(tmp_path: Path, stack: AsyncExitStack) -> None:
    """A room writes to its sockets at most once per FAN_OUT_INTERVAL. An event it had read
    and not yet sent when Redis went goes out when its fan-out is due, not once Redis is back."""
    async with private_redis(tmp_path / "redis") as redis_server:
        await redis_server.start()
        with serving(redis_server.url, tmp_path / "web.log") as (web, _):
            workshop = create_workshop(web)
            watching, _ = await open_board(stack, workshop)
            async with connect(redis_server.url) as client:
                store = RedisEventStore(client, retention_seconds=3600)
                await store.append(workshop.workshop_id, ev.PhaseChanged(round_id="r1", phase=Phase.collect))
                await receive_until(watching, is_event("phase.changed"))  # sent: the next one waits its turn
                last = await store.append(workshop.workshop_id, ev.PhaseChanged(round_id="r1", phase=Phase.cluster))
            _, welcome = await open_board(stack, workshop)
            assert welcome["last_event_id"] == last  # the room has read it
            await redis_server.kill()
            frames = await receive_until(watching, lambda frame: frame.get("id") == last, timeout=3)
            assert frames[-1]["data"]["phase"] == "cluster"
            await redis_server.start()  # the web process stops as it would
