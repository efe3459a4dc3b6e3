"""A socket that stops reading is dropped with a named code; the others do not wait for it."""

from __future__ import annotations

import asyncio

from cocreatie.rooms.audience import Audience
from cocreatie.rooms.connection import CLOSE_TOO_SLOW, Connection
from cocreatie.stream.ids import stream_id_key


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
            connection.offer(f"frame {number}", (number + 1, 0))
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
        connection.offer(event_id, stream_id_key(event_id))
    sender = asyncio.create_task(connection.send_forever())
    await asyncio.wait_for(phone.all_in.wait(), 5)
    sender.cancel()
    assert phone.received == ["6-0", "7-0"]


async def test_a_socket_that_can_take_a_frame_gets_it_without_a_task_switch() -> None:
    phone = ReadingPhone(expected=1)
    connection = Connection(phone, Audience.public)
    connection.offer("now", (1, 0))
    assert phone.received == ["now"]


class BusyPhone(ReadingPhone):
    """A socket whose buffer is full until `drained` is set, as uvicorn's send waits."""

    def __init__(self, expected: int) -> None:
        super().__init__(expected)
        self.drained = asyncio.Event()

    async def send_text(self, data: str) -> None:
        await self.drained.wait()
        await super().send_text(data)


async def test_frames_that_must_wait_are_queued_and_keep_their_order() -> None:
    phone = BusyPhone(expected=3)
    connection = Connection(phone, Audience.public)
    sender = asyncio.create_task(connection.send_forever())
    connection.offer("frame 1", (1, 0))
    await asyncio.sleep(0)  # the sender has taken frame 1 and waits for the buffer
    phone.drained.set()
    connection.offer("frame 2", (2, 0))  # the queue is empty, but a send is under way
    connection.offer("frame 3", (3, 0))
    await asyncio.wait_for(phone.all_in.wait(), 5)
    sender.cancel()
    assert phone.received == ["frame 1", "frame 2", "frame 3"]
