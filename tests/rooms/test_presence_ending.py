"""A web process's presence stops publishing when it is left, though its writer missed the cancel."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import suppress

import pytest

from cocreatie.rooms.presence import Presence
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[RedisEventStore]:
    async with connect(redis_url) as client:
        yield RedisEventStore(client)


async def test_leaving_presence_ends_though_its_writer_missed_the_cancel(store: RedisEventStore) -> None:
    """On Python 3.11 a cancel that lands just as redis-py has written a command is lost (the
    write runs in `asyncio.wait_for`, CPython gh-86296). Left then, presence still ends, and the
    web process with it."""
    publishing = asyncio.Event()

    class MissesOneCancel(Presence):
        async def publish(self) -> None:
            await super().publish()
            if not publishing.is_set():
                publishing.set()  # left while this publish is out
                with suppress(asyncio.CancelledError):  # lost, as by asyncio.wait_for after the write
                    await asyncio.Event().wait()

    async with asyncio.timeout(30) as deadline:  # not wait_for: a run that ate the cut-off would pass it
        async with MissesOneCancel.running(store) as presence:
            presence.connected("w_ending", "p_ann")
            await publishing.wait()
    assert not deadline.expired(), "presence never stopped publishing"
