"""A closed room's reader ends, though its cancel was lost."""

from __future__ import annotations

import asyncio
from contextlib import suppress

from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase
from cocreatie.rooms.room import Room
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.stream.store import Entry
from cocreatie.tokens import new_id


async def test_a_closed_rooms_reader_ends_though_it_missed_the_cancel(redis_url: str) -> None:
    """On Python 3.11 a cancel that lands just as redis-py has written a command is lost (the
    write runs in `asyncio.wait_for`, CPython gh-86296). A room closed then still has its reader
    end: it must not read on, for ever, for a room nobody holds."""
    reading = asyncio.Event()

    class MissesOneCancel(RedisEventStore):
        async def wait(self, workshop_id: str, after: str, timeout_ms: int) -> list[Entry]:
            entries = await super().wait(workshop_id, after, timeout_ms)
            if not reading.is_set():
                reading.set()  # closed while this read is out
                with suppress(asyncio.CancelledError):  # lost, as by asyncio.wait_for after the write
                    await asyncio.Event().wait()
            return entries

    async with connect(redis_url) as client:
        store, workshop_id = MissesOneCancel(client), new_id("w")
        room = await Room.load(workshop_id, store, resume_window=10)
        await store.append(workshop_id, ev.PhaseChanged(round_id="r1", phase=Phase.collect))
        reader = asyncio.create_task(room.follow())
        await reading.wait()
        room.close()
        reader.cancel()
        async with asyncio.timeout(30) as deadline:  # not wait_for: a run that ate the cut-off would pass it
            await asyncio.wait([reader])
        assert not deadline.expired(), "the closed room's reader read on"
