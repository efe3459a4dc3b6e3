"""A client that comes back with its last event id gets what it missed, and nothing twice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from websockets.asyncio.client import ClientConnection

from tests.clients import create_workshop, is_event, open_board, open_phone, post_idea, receive_until, set_phase
from tests.processes import web_process

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)


async def _post(phone: ClientConnection, texts: list[str]) -> list[str]:
    return [await post_idea(phone, f"{text}-{number}", text) for number, text in enumerate(texts)]


async def test_resume_sends_every_missed_event_once(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    writer, _ = await open_phone(stack, workshop)
    await set_phase(board, "collect")
    first = await _post(writer, ["een"])
    async with AsyncExitStack() as away:
        _, seen = await open_board(away, workshop)
    missed = await _post(writer, ["twee", "drie", "vier"])

    back, welcome = await open_board(stack, workshop, last_event_id=seen["last_event_id"])
    assert welcome["resumed"] is True and welcome["snapshot"] is None
    frames = await receive_until(back, lambda f: f.get("id") == missed[-1])
    ids = [frame["id"] for frame in frames if frame["type"] == "event"]
    assert [i for i in ids if i in missed] == missed and first[0] not in ids
    assert len(ids) == len(set(ids))


@pytest.fixture
def small_window_web(redis_url: str, tmp_path: Path) -> Iterator[str]:
    with web_process(redis_url, tmp_path / "web.log", env={"COCREATIE_RESUME_WINDOW": "3"}) as base:
        yield base


async def test_too_far_behind_gets_a_fresh_snapshot(small_window_web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(small_window_web)
    board, welcome = await open_board(stack, workshop)
    phone, _ = await open_phone(stack, workshop)
    await set_phase(board, "collect")
    await _post(phone, ["a", "b", "c", "d", "e"])
    await receive_until(board, lambda f: is_event("idea.added")(f) and f["data"]["text"] == "e")

    _, again = await open_board(stack, workshop, last_event_id=welcome["last_event_id"])
    assert again["resumed"] is False
    assert sorted(i["text"] for i in again["snapshot"]["ideas"].values()) == ["a", "b", "c", "d", "e"]
