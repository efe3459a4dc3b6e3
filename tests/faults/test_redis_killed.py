"""kill -9 a private Redis (appendonly yes, appendfsync always, as `cocreatie up` runs it)
while phones post, start it again on the same data dir: every acknowledged idea is still
there, exactly once, and the phones resume without gaps or repeats."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.clients import create_workshop
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
