"""kill -9 one of two web processes while phones post: they reconnect to the other, resume
from their last event id and resend what was not acknowledged; nothing is lost or doubled."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.clients import create_workshop
from tests.faults.room import Room
from tests.faults.servers import serving

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)

PHONES = 6
IDEAS_PER_PHONE = 12
KILL_AFTER_ACKS = 20


@pytest.mark.timeout(300)
async def test_phones_move_to_the_other_web_process_and_lose_nothing(redis_url: str, tmp_path: Path) -> None:
    with (
        serving(redis_url, tmp_path / "victim.log") as (victim, process),
        serving(redis_url, tmp_path / "survivor.log") as (survivor, _),
    ):
        room = await Room.opened(create_workshop(survivor), [survivor], [victim, survivor], PHONES)

        async def kill_the_victim() -> None:
            os.kill(process.pid, signal.SIGKILL)

        await room.post_through(IDEAS_PER_PHONE, KILL_AFTER_ACKS, kill_the_victim)
        state = room.check(survivor, redis_url, await room.settle(redis_url, tmp_path / "worker.log"))
    assert all(phone.resumed for phone in room.phones), "every phone was on the killed process and came back"
    assert len(state["ideas"]) == PHONES * IDEAS_PER_PHONE  # type: ignore[arg-type]
