"""Test clients that speak the protocol over real sockets."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect

from cocreatie.rooms.limits import Limits
from cocreatie.settings import Settings
from cocreatie.stream import keys
from tests.processes import ORGANISER
from tests.redis_clients import sync_client

Frame = dict[str, Any]

BEHIND_PROXY = {"COCREATIE_TRUSTED_PROXIES": '["127.0.0.1"]'}
"""A web process started with it believes the test's X-Forwarded-For: each test gives its clients
addresses of their own, so the loopback address's rate limits, shared by the other tests, are left alone."""


def fresh_address() -> str:
    """An address no other test (or earlier run against the same Redis) has used."""
    return "10." + ".".join(str(secrets.randbelow(256)) for _ in range(3))


def refill_loopback_code_misses(redis_url: str) -> None:
    """Give 127.0.0.1 back its wrong-join-code allowance (kept in Redis, shared by every test),
    after a test that used it up on purpose."""
    bucket = keys.address_limit(Limits.from_settings(Settings()).code_misses_per_address.name, "127.0.0.1")
    with sync_client(redis_url) as client:
        client.delete(bucket)


ROUNDS = [{"prompt": "Wat is onze missie?", "kind": "mission"}, {"prompt": "Welke visie?", "kind": "vision"}]


@dataclass(frozen=True)
class Workshop:
    base: str
    workshop_id: str
    join_code: str
    token: str

    def ws(self, path: str) -> str:
        return self.base.replace("http://", "ws://") + path


def create_workshop(base: str, **spec: Any) -> Workshop:
    body = {"title": "Fusie test", "rounds": ROUNDS, **spec}
    answer = httpx.post(f"{base}/api/workshops", json=body, headers=ORGANISER, timeout=10)
    answer.raise_for_status()
    data = answer.json()
    return Workshop(base, data["workshop_id"], data["join_code"], data["facilitator_token"])


async def receive(socket: ClientConnection, timeout: float = 10.0, presence: bool = False) -> Frame:
    """The next frame; a board's `presence` frames (sent every few seconds) are skipped unless asked for."""
    async with asyncio.timeout(timeout):
        while True:
            frame: Frame = json.loads(await socket.recv())
            if presence or frame.get("type") != "presence":
                return frame


async def receive_until(
    socket: ClientConnection, wanted: Callable[[Frame], bool], timeout: float = 10.0, presence: bool = False
) -> list[Frame]:
    """Every frame up to and including the first one that is wanted (`presence` frames only if asked for)."""
    frames: list[Frame] = []
    async with asyncio.timeout(timeout):
        while not frames or not wanted(frames[-1]):
            frames.append(await receive(socket, timeout, presence))
    return frames


async def send(socket: ClientConnection, **frame: Any) -> None:
    await socket.send(json.dumps(frame))


def keeping_unread(url: str) -> connect:
    """A test's board or phone keeps every frame the test does not read: with websockets' flow
    control such a socket stopped reading once 16 frames waited, missed the server's close, and
    its close took the whole close_timeout (10 s) at the end of the test."""
    return connect(url, max_queue=None)


async def open_board(
    stack: AsyncExitStack, workshop: Workshop, last_event_id: str | None = None
) -> tuple[ClientConnection, Frame]:
    socket = await stack.enter_async_context(keeping_unread(workshop.ws(f"/ws/board/{workshop.workshop_id}")))
    hello: Frame = {"type": "hello", "token": workshop.token}
    if last_event_id:
        hello["last_event_id"] = last_event_id
    await socket.send(json.dumps(hello))
    return socket, await receive(socket)


async def open_phone(
    stack: AsyncExitStack, workshop: Workshop, group: str | None = "burger", **hello: Any
) -> tuple[ClientConnection, Frame]:
    socket = await stack.enter_async_context(keeping_unread(workshop.ws(f"/ws/join/{workshop.join_code}")))
    fields = {"group": group, **hello} if group else hello
    await send(socket, type="hello", **fields)
    return socket, await receive(socket)


def is_event(name: str) -> Callable[[Frame], bool]:
    return lambda frame: frame.get("type") == "event" and frame.get("event") == name


async def set_phase(board: ClientConnection, phase: str, round_id: str = "r1") -> Frame:
    await send(board, type="phase.set", round_id=round_id, phase=phase)
    return (await receive_until(board, is_event("phase.changed")))[-1]


@dataclass(frozen=True)
class CollectingRoom:
    """A workshop whose first round collects ideas, with the board and one phone in it."""

    workshop: Workshop
    board: ClientConnection
    phone: ClientConnection
    phone_token: str


async def collecting_room(stack: AsyncExitStack, base: str, **spec: Any) -> CollectingRoom:
    workshop = create_workshop(base, **spec)
    board, _ = await open_board(stack, workshop)
    phone, welcome = await open_phone(stack, workshop)
    await set_phase(board, "collect")
    return CollectingRoom(workshop, board, phone, welcome["participant_token"])


async def post_idea(phone: ClientConnection, client_id: str, text: str) -> str:
    """Submit an idea and wait for its acceptance; the event id."""
    await send(phone, type="idea.submit", client_id=client_id, text=text)
    accepted = (await receive_until(phone, lambda f: f["type"] == "idea.accepted" and f["client_id"] == client_id))[-1]
    return str(accepted["event_id"])
