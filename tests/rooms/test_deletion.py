"""A deleted workshop's sockets are closed with CLOSE_DELETED (4010), wherever they are: on the
web process that served the DELETE at once, on every other one when its room reader finds the
tombstone, and on any socket whose write Redis refused because the workshop was deleted."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from cocreatie.errors import Deleted
from cocreatie.models import messages as msg
from cocreatie.models.workshop import Phase
from cocreatie.rooms.audience import Audience
from cocreatie.rooms.connection import CLOSE_DELETED, Connection
from cocreatie.rooms.handlers import Caller, facilitate
from cocreatie.rooms.registry import Registry
from cocreatie.rooms.room import Room
from cocreatie.settings import Settings
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.transfer.restore import restore
from tests.clients import Workshop, create_workshop, open_board, open_phone, receive
from tests.processes import web_process
from tests.scripted_workshop import scripted


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[RedisEventStore]:
    async with connect(redis_url) as client:
        yield RedisEventStore(client)


@pytest.fixture
def second_web(redis_url: str, tmp_path: Path) -> Iterator[str]:
    with web_process(redis_url, tmp_path / "second.log") as base:
        yield base


class ListeningPhone:
    """A channel that takes every frame and remembers how it was closed."""

    def __init__(self) -> None:
        self.frames: list[str] = []
        self.closed_with: int | None = None

    async def send_text(self, data: str) -> None:
        self.frames.append(data)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.closed_with = code


async def close_code(socket: ClientConnection) -> int:
    """How the server closed the socket; frames before the close are skipped."""
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await receive(socket)
    assert closed.value.rcvd is not None, "the server closed without a close frame"
    return closed.value.rcvd.code


async def delete(workshop: Workshop) -> None:
    async with httpx.AsyncClient() as http:
        answer = await http.delete(
            f"{workshop.base}/api/workshops/{workshop.workshop_id}",
            headers={"Authorization": f"Bearer {workshop.token}"},
        )
    assert answer.status_code == 204


async def wake_room_readers(redis_url: str) -> None:
    """End the block of every room reader's XREAD on this database now (CLIENT UNBLOCK), as its
    timeout would a few seconds later: the reader then reads nothing and looks for a tombstone."""
    async with connect(redis_url) as client:
        database = client.connection_pool.connection_kwargs.get("db", 0)
        for other in await client.client_list():
            if other["cmd"] == "xread" and "b" in other["flags"] and int(other["db"]) == database:
                await client.client_unblock(int(other["id"]))


async def test_delete_closes_the_board_and_the_phone_with_4010(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    phone, _ = await open_phone(stack, workshop)
    await delete(workshop)
    assert await close_code(board) == CLOSE_DELETED
    assert await close_code(phone) == CLOSE_DELETED


async def test_another_web_process_closes_its_sockets_when_its_reader_finds_the_tombstone(
    web: str, second_web: str, redis_url: str, stack: AsyncExitStack
) -> None:
    workshop = create_workshop(web)
    elsewhere = Workshop(second_web, workshop.workshop_id, workshop.join_code, workshop.token)
    board, _ = await open_board(stack, elsewhere)
    phone, _ = await open_phone(stack, elsewhere)
    await delete(workshop)
    await wake_room_readers(redis_url)
    assert await close_code(board) == CLOSE_DELETED
    assert await close_code(phone) == CLOSE_DELETED


async def test_the_registry_closes_a_deleted_room_at_once(store: RedisEventStore) -> None:
    new = await restore(store, scripted().state)
    registry = Registry(store, Settings())
    phone = ListeningPhone()
    connection = Connection(phone, Audience.public)
    async with registry.entered(new.workshop_id) as room:
        room.attach(connection, {}, None)
        await store.delete(new.workshop_id, new.join_code)
        registry.deleted(new.workshop_id)
        assert connection.ended.is_set() and connection.end_code == CLOSE_DELETED
        assert registry.get(new.workshop_id) is None
    await registry.aclose()


async def test_a_write_refused_as_deleted_closes_every_socket_of_the_room(store: RedisEventStore) -> None:
    new = await restore(store, scripted().state)
    room = await Room.load(new.workshop_id, store, resume_window=100)  # as a web process holds it, not following
    board, phone = Connection(ListeningPhone(), Audience.facilitator), Connection(ListeningPhone(), Audience.public)
    for connection in (board, phone):
        room.attach(connection, {}, None)
    await store.delete(new.workshop_id, new.join_code)  # the room's reader would notice only later
    with pytest.raises(Deleted):  # the board reopens a round
        await facilitate(Caller(room, store), msg.PhaseSet(type="phase.set", round_id="r1", phase=Phase.collect))
    assert all(c.ended.is_set() and c.end_code == CLOSE_DELETED for c in (board, phone))
