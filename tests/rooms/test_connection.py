"""A socket that stops reading is dropped with a named code; the others do not wait for it.
And how a connection queues: once, in order, without a task switch when it can."""

from __future__ import annotations

import asyncio
import socket
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from cocreatie.models import events as ev
from cocreatie.rooms.audience import Audience
from cocreatie.rooms.connection import CLOSE_TOO_SLOW, Connection
from cocreatie.stream.ids import stream_id_key
from cocreatie.stream.redis_client import connect as redis_connect
from cocreatie.stream.redis_store import RedisEventStore
from tests import clients
from tests.clients import create_workshop, open_board, open_phone, receive_until
from tests.processes import web_process


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


async def test_a_socket_that_stops_reading_is_dropped_and_the_others_get_everything(
    redis_url: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    """A real phone socket with a tiny receive buffer that never reads, while the worker
    publishes big frames: the web process closes it with 4008; the board and another phone
    get every frame."""
    with web_process(redis_url, tmp_path / "web.log", env={"COCREATIE_SEND_QUEUE": "4"}) as web:
        workshop = create_workshop(web)
        board, _ = await open_board(stack, workshop)
        reader, _ = await open_phone(stack, workshop, group="politiek")
        stalled = await stalled_phone(stack, workshop)
        ids = await flood_until_dropped(web, redis_url, workshop.workshop_id)
        for socket in (board, reader):
            frames = await receive_until(socket, lambda frame: frame.get("id") == ids[-1])
            assert [frame["id"] for frame in frames if clients.is_event("themes.updated")(frame)] == ids
        with pytest.raises(ConnectionClosed) as closed:
            while True:  # what it was sent before it was dropped, then its close frame
                await clients.receive(stalled)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == CLOSE_TOO_SLOW


async def stalled_phone(stack: AsyncExitStack, workshop: clients.Workshop) -> ClientConnection:
    """A phone that has joined and then never reads: a 4 KB kernel receive buffer, and a
    client that stops reading from the socket once it holds one frame it was not asked for."""
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    host, port = workshop.base.removeprefix("http://").split(":")
    raw.connect((host, int(port)))
    phone = await stack.enter_async_context(connect(workshop.ws(f"/ws/join/{workshop.join_code}"), sock=raw,
                                                    max_queue=1, ping_interval=None))
    await clients.send(phone, type="hello", group="burger")
    assert (await clients.receive(phone))["type"] == "welcome"
    return phone


MOST_FRAMES = 400
"""Of ≈ 40 KB each: more than the stalled socket's kernel buffers (on loopback, up to 4 MB) hold."""


async def flood_until_dropped(web: str, redis_url: str, workshop_id: str) -> list[str]:
    """Append what a worker would, full theme updates of ≈ 40 KB, until the web process has
    dropped a socket as too slow (its /metrics says so); their ids."""
    ids: list[str] = []
    async with redis_connect(redis_url) as client, httpx.AsyncClient(base_url=web, timeout=5) as http:
        store = RedisEventStore(client)
        while DROPPED_TOO_SLOW not in (await http.get("/metrics")).text:
            assert len(ids) < MOST_FRAMES, "the socket that does not read was never dropped"
            ids.append(await store.append(workshop_id, ev.ThemesUpdated(round_id="r1", full=True, themes=[
                ev.ThemeView(id=f"t{theme}", label=f"Thema {len(ids)}.{theme} " + "lang " * 400)
                for theme in range(20)
            ])))
    return ids


DROPPED_TOO_SLOW = f'cocreatie_sockets_dropped_total{{code="{CLOSE_TOO_SLOW}"}} 1.0'


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
