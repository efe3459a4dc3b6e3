"""A room lives while anyone has entered it, a phone still in its hello included, and leaving
a room touches only that room. Each race is forced: the phone is held in its hello by saying
it late, and the web process's own count of attached sockets says when a leave is done."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from cocreatie.rooms.registry import Registry
from cocreatie.settings import Settings
from cocreatie.stream import keys
from cocreatie.stream.redis_client import connect as connect_redis
from cocreatie.stream.redis_store import RedisEventStore
from tests.clients import (
    Workshop,
    create_workshop,
    is_event,
    open_board,
    open_phone,
    receive,
    receive_until,
    send,
    set_phase,
)
from tests.processes import web_process


@pytest.fixture
def lone_web(redis_url: str, tmp_path: Path) -> Iterator[str]:
    """A web process of the test's own, so that its socket count is the test's sockets."""
    with web_process(redis_url, tmp_path / "web.log") as base:
        yield base


async def _phone_in_its_hello(stack: AsyncExitStack, workshop: Workshop) -> ClientConnection:
    """A phone inside the room that has not said a valid hello yet (so is not attached)."""
    phone = await stack.enter_async_context(connect(workshop.ws(f"/ws/join/{workshop.join_code}")))
    await send(phone, type="hello")
    assert (await receive(phone))["code"] == "invalid_message"
    return phone


async def _attached_sockets_become(base: str, count: int) -> None:
    """Until the web process counts `count` attached sockets: it detaches a leaving socket
    and lets go of its room in one step, so a leave is then done."""
    async with httpx.AsyncClient() as http, asyncio.timeout(10):
        while (await http.get(f"{base}/healthz")).json()["sockets"] != count:
            continue


async def test_a_phone_in_its_hello_keeps_the_room_alive(lone_web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(lone_web)
    async with AsyncExitStack() as leaving:
        await open_board(leaving, workshop)
        phone = await _phone_in_its_hello(stack, workshop)
    await _attached_sockets_become(lone_web, 0)  # the last attached socket has left

    await send(phone, type="hello", group="burger")
    assert (await receive(phone))["type"] == "welcome"
    board, _ = await open_board(stack, workshop)
    await set_phase(board, "collect")
    await receive_until(phone, is_event("phase.changed"))


async def test_leaving_a_failed_room_leaves_the_next_room_alone(
    lone_web: str, redis_url: str, stack: AsyncExitStack
) -> None:
    workshop = create_workshop(lone_web)
    async with AsyncExitStack() as earlier:
        _, joined = await open_phone(earlier, workshop)  # a returning phone's hello writes nothing
    board, _ = await open_board(stack, workshop)
    phone = await _phone_in_its_hello(stack, workshop)
    async with connect_redis(redis_url) as client:
        stream = keys.events(workshop.workshop_id)
        broken = await client.xadd(stream, {"event": "idea.added", "data": "not JSON"})
        with pytest.raises(ConnectionClosed) as closed:
            await receive_until(board, lambda frame: False)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1011  # the room reader failed
        await client.xdel(stream, broken)
    board, _ = await open_board(stack, workshop)  # a new room under the same id, with its own reader

    await send(phone, type="hello", participant_token=joined["participant_token"])  # the last one leaves
    with pytest.raises(ConnectionClosed) as closed:
        await receive(phone)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1011  # and reconnects to the new room
    await set_phase(board, "collect")  # reaches the board only through the new room's reader


async def test_aclose_waits_for_the_readers_it_stops(web: str, redis_url: str) -> None:
    workshop_id = create_workshop(web).workshop_id
    async with connect_redis(redis_url) as client:
        registry = Registry(RedisEventStore(client), Settings())
        async with registry.entered(workshop_id):
            before = asyncio.all_tasks()
            await registry.aclose()
            assert not {task for task in before if not task.done()} - {asyncio.current_task()}
