"""Bad input gets a clear error, changes nothing, and the socket stays usable."""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.clients import (
    BEHIND_PROXY,
    collecting_room,
    create_workshop,
    fresh_address,
    open_board,
    open_phone,
    post_idea,
    receive,
    receive_until,
    send,
)
from tests.processes import ORGANISER, web_process

BAD_FRAMES = {
    "malformed JSON": ('{"type": "idea.submit", ', "invalid_message"),
    "not an object": ("[1, 2]", "invalid_message"),
    "unknown type": ('{"type": "idea.delete", "id": "1"}', "invalid_message"),
    "missing field": ('{"type": "idea.submit", "text": "zonder id"}', "invalid_message"),
    "wrong field type": ('{"type": "idea.submit", "client_id": 5, "text": "x"}', "invalid_message"),
    "extra field": ('{"type": "idea.submit", "client_id": "a", "text": "x", "admin": true}', "invalid_message"),
    "empty idea": ('{"type": "idea.submit", "client_id": "a", "text": "   "}', "invalid_message"),
    "over-long idea": (json.dumps({"type": "idea.submit", "client_id": "a", "text": "x" * 281}), "invalid_message"),
    "control characters": ('{"type": "idea.submit", "client_id": "a", "text": "bel\\u0007"}', "invalid_message"),
    "bidi override": ('{"type": "idea.submit", "client_id": "a", "text": "abc\\u202edef"}', "invalid_message"),
    "frame over 16 KiB": (json.dumps({"type": "idea.submit", "client_id": "a", "text": "x" * 20_000}), "too_large"),
    "facilitator command": ('{"type": "phase.set", "round_id": "r1", "phase": "vote"}', "forbidden"),
}


@pytest.mark.parametrize("frame, code", BAD_FRAMES.values(), ids=BAD_FRAMES.keys())
async def test_bad_frame_gets_an_error_and_the_socket_stays_usable(
    web: str, stack: AsyncExitStack, frame: str, code: str
) -> None:
    room = await collecting_room(stack, web)
    workshop, phone = room.workshop, room.phone
    await phone.send(frame)
    error = (await receive_until(phone, lambda f: f["type"] == "error"))[-1]
    assert error["code"] == code and error["message"]
    await post_idea(phone, "ok", "Nog altijd welkom")
    _, fresh = await open_board(stack, workshop)
    assert [idea["text"] for idea in fresh["snapshot"]["ideas"].values()] == ["Nog altijd welkom"]


async def test_binary_frame_is_refused(web: str, stack: AsyncExitStack) -> None:
    phone = (await collecting_room(stack, web)).phone
    await phone.send(b"\x00\x01")
    error = (await receive_until(phone, lambda f: f["type"] == "error"))[-1]
    assert error["code"] == "invalid_message"


async def test_wrong_phase_is_refused(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    phone, _ = await open_phone(stack, workshop)
    await send(phone, type="idea.submit", client_id="a", text="Te vroeg")
    assert (await receive_until(phone, lambda f: f["type"] == "error"))[-1]["code"] == "wrong_phase"


async def test_hello_first(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    phone = await stack.enter_async_context(connect(workshop.ws(f"/ws/join/{workshop.join_code}")))
    await send(phone, type="idea.submit", client_id="a", text="Zonder hello")
    assert (await receive(phone))["code"] == "invalid_message"
    await send(phone, type="hello")
    assert (await receive(phone))["code"] == "invalid_message"  # a new participant must pick a group
    await send(phone, type="hello", group="burger")
    assert (await receive(phone))["type"] == "welcome"


@pytest.mark.parametrize("token", ["", "guessed-token"])
async def test_wrong_facilitator_token_is_refused_and_closed(web: str, stack: AsyncExitStack, token: str) -> None:
    workshop = create_workshop(web)
    board = await stack.enter_async_context(connect(workshop.ws(f"/ws/board/{workshop.workshop_id}")))
    await send(board, type="hello", token=token)
    assert (await receive(board))["code"] == "unauthorized"
    with pytest.raises(ConnectionClosed) as closed:
        await receive(board)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4001


async def test_missing_facilitator_token_is_an_error(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board = await stack.enter_async_context(connect(workshop.ws(f"/ws/board/{workshop.workshop_id}")))
    await send(board, type="hello")
    assert (await receive(board))["code"] == "invalid_message"


async def test_foreign_origin_is_rejected(web: str) -> None:
    workshop = create_workshop(web)
    with pytest.raises(InvalidStatus) as refused:
        async with connect(workshop.ws(f"/ws/join/{workshop.join_code}"), origin="https://evil.example"):
            pass
    assert refused.value.response.status_code == 403


async def test_same_origin_is_welcome(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    phone = await stack.enter_async_context(connect(workshop.ws(f"/ws/join/{workshop.join_code}"), origin=web))
    await send(phone, type="hello", group="burger")
    assert (await receive(phone))["type"] == "welcome"


def test_guessed_join_codes_are_rate_limited(redis_url: str, tmp_path: Path) -> None:
    """From an address of its own (the test is the trusted proxy): the limits live in Redis,
    shared by every web process, and other tests guess from 127.0.0.1."""
    guesser = {"X-Forwarded-For": fresh_address()}
    with web_process(redis_url, tmp_path / "web.log", env=BEHIND_PROXY) as web:
        codes = [httpx.get(f"{web}/api/join/AAAA{n:02d}", headers=guesser, timeout=5).status_code for n in range(15)]
    assert codes[0] == 404 and codes[-1] == 429


def test_bad_workshop_body_is_a_clear_error(web: str) -> None:
    body = b'{"title": "x", "rounds": []}'
    answer = httpx.post(f"{web}/api/workshops", content=body, headers=ORGANISER, timeout=5)
    assert answer.status_code == 400
    assert "rounds" in answer.json()["error"]["message"]
