"""A socket that stops reading is dropped with a named code; the others do not wait for it."""

from __future__ import annotations

import asyncio

from cocreatie.rooms.audience import Audience
from cocreatie.rooms.connection import CLOSE_TOO_SLOW, Connection


class StalledPhone:
    """A channel whose every send hangs, like a phone whose app stopped reading."""

    def __init__(self) -> None:
        self.closed_with: int | None = None

    async def send_text(self, data: str) -> None:
        await asyncio.Event().wait()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.closed_with = code


class ReadingPhone:
    def __init__(self, expected: int) -> None:
        self.received: list[str] = []
        self.all_in = asyncio.Event()
        self.expected = expected

    async def send_text(self, data: str) -> None:
        self.received.append(data)
        if len(self.received) == self.expected:
            self.all_in.set()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        raise AssertionError("a phone that reads is never closed")


async def test_a_stalled_socket_is_dropped_and_the_reading_one_gets_everything() -> None:
    stalled_phone, reading_phone = StalledPhone(), ReadingPhone(expected=100)
    stalled = Connection(stalled_phone, Audience.public, queue_size=8)
    reading = Connection(reading_phone, Audience.public, queue_size=8)
    senders = [asyncio.create_task(c.send_forever()) for c in (stalled, reading)]
    for number in range(100):
        for connection in (stalled, reading):
            connection.offer(f"frame {number}", f"{number + 1}-0")
        await asyncio.sleep(0)  # let the reading phone's sender run, as the event loop would
    await asyncio.wait_for(reading_phone.all_in.wait(), 5)
    assert stalled.ended.is_set() and stalled.end_code == CLOSE_TOO_SLOW
    assert not reading.ended.is_set()
    for sender in senders:
        sender.cancel()
    await stalled.close()
    assert stalled_phone.closed_with == CLOSE_TOO_SLOW


async def test_an_event_offered_twice_is_sent_once() -> None:
    phone = ReadingPhone(expected=2)
    connection = Connection(phone, Audience.public)
    connection.mark_seen("5-0")
    for event_id in ("4-0", "5-0", "6-0", "6-0", "7-0"):
        connection.offer(event_id, event_id)
    sender = asyncio.create_task(connection.send_forever())
    await asyncio.wait_for(phone.all_in.wait(), 5)
    sender.cancel()
    assert phone.received == ["6-0", "7-0"]
