"""Wake-ups end when left, and a room's wait for its wake-up ends when cancelled, though on
Python 3.11 a cancel that lands just as `asyncio.wait_for` has its result is lost (CPython
gh-86296; redis-py sends every command through it)."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.client import PubSub

from cocreatie.stream.redis_client import SOCKET_TIMEOUT_SECONDS
from cocreatie.stream.wakeups import Wakeup, Wakeups
from cocreatie.tokens import new_id


async def test_a_wakeup_taken_as_its_room_closes_is_cancelled() -> None:
    """The news comes and the room is closed in one turn of the loop: the wait is cancelled,
    not woken (a reader woken instead would read on for a room nobody holds)."""
    wakeup = Wakeup()
    await wakeup.taken(0)  # the first news, set from the start
    waiting = asyncio.create_task(wakeup.taken(60))
    await asyncio.sleep(0)  # waiting for the news
    wakeup.set()
    waiting.cancel()
    await asyncio.wait([waiting])
    assert waiting.cancelled()


async def test_leaving_wakeups_ends_their_reader_though_it_missed_the_cancel(redis_url: str) -> None:
    """A room still watched as the web process stops (its reader not ended yet) keeps the
    pub/sub connection subscribed; its reader, whose cancel was lost, must end all the same."""
    reading = asyncio.Event()

    class MissesOneCancel(PubSub):
        async def get_message(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
            message = await super().get_message(*args, **kwargs)
            if not reading.is_set():
                reading.set()  # left while this read is out
                with suppress(asyncio.CancelledError):  # lost, as by asyncio.wait_for after the write
                    await asyncio.Event().wait()
            return message

    class Client(Redis):
        def pubsub(self, **kwargs: Any) -> PubSub:
            return MissesOneCancel(self.connection_pool, **kwargs)

    client = Client.from_url(redis_url, decode_responses=True, socket_timeout=SOCKET_TIMEOUT_SECONDS)
    watched, leave = asyncio.Event(), asyncio.Event()

    async def watch(wakeups: Wakeups) -> None:
        async with wakeups.watching(new_id("w")):
            watched.set()
            await leave.wait()

    try:
        async with asyncio.timeout(30) as deadline:  # not wait_for: a run that ate the cut-off would pass it
            async with Wakeups.running(client) as wakeups:
                watcher = asyncio.create_task(watch(wakeups))
                await watched.wait()
                await reading.wait()
        assert not deadline.expired(), "the wake-ups' reader never ended"
        leave.set()
        await watcher
    finally:
        await client.aclose()
