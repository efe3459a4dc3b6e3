"""Floods are limited per participant and per address (the slow-socket case: tests/rooms/test_connection.py;
a phone flooding behind a venue's address, limits over web processes, proxies: tests/rooms/test_shared_limits.py)."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path

from tests.clients import create_workshop, open_board, open_phone, receive_until, send, set_phase
from tests.processes import web_process


async def test_one_participant_flooding_ideas_is_rate_limited(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    phone, _ = await open_phone(stack, workshop)
    await set_phase(board, "collect")
    for number in range(15):
        await send(phone, type="idea.submit", client_id=f"f{number}", text=f"idee {number}")
    answers = [await receive_until(phone, lambda f: f["type"] in ("idea.accepted", "error")) for _ in range(15)]
    codes = [frames[-1].get("code", "accepted") for frames in answers]
    assert codes.count("accepted") == 10 and codes.count("rate_limited") == 5


async def test_flooding_messages_from_one_address_is_rate_limited(
    redis_url: str, tmp_path: Path, stack: AsyncExitStack
) -> None:
    env = {"COCREATIE_MESSAGES_PER_SECOND": "1", "COCREATIE_MESSAGE_BURST": "5"}
    with web_process(redis_url, tmp_path / "web.log", env=env) as base:
        workshop = create_workshop(base)
        phone, _ = await open_phone(stack, workshop)
        for _ in range(8):
            await phone.send("{}")
        codes = [(await receive_until(phone, lambda f: f["type"] == "error"))[-1]["code"] for _ in range(8)]
        assert codes.count("rate_limited") >= 2 and codes[0] == "invalid_message"


async def test_a_retry_of_an_accepted_idea_is_answered_even_when_rate_limited(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    phone, _ = await open_phone(stack, workshop)
    await set_phase(board, "collect")
    first = None
    for number in range(12):
        await send(phone, type="idea.submit", client_id=f"r{number}", text=f"idee {number}")
        answer = (await receive_until(phone, lambda f: f["type"] in ("idea.accepted", "error")))[-1]
        first = first or answer
    await send(phone, type="idea.submit", client_id="r0", text="idee 0")
    retry = (await receive_until(phone, lambda f: f["type"] in ("idea.accepted", "error")))[-1]
    assert first is not None and retry == first
