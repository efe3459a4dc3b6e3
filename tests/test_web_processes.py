"""Two web processes serve one room: a phone on one and the board on the other see the same
events in the same order, and the state folded from scratch equals the live state."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest

from tests.clients import Workshop, create_workshop, is_event, open_board, open_phone, receive_until, send, set_phase
from tests.processes import web_process

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)


@pytest.fixture
def second_web(redis_url: str, tmp_path: Path) -> Iterator[str]:
    with web_process(redis_url, tmp_path / "second.log") as base:
        yield base


def on(workshop: Workshop, base: str) -> Workshop:
    return Workshop(base, workshop.workshop_id, workshop.join_code, workshop.token)


async def test_phone_and_board_on_different_processes_see_the_same_events(
    web: str, second_web: str, stack: AsyncExitStack
) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, on(workshop, second_web))
    phones = [(await open_phone(stack, workshop, group=g))[0] for g in ("politiek", "burger")]
    watcher, _ = await open_phone(stack, workshop, group="partner")
    await set_phase(board, "collect")
    for number, phone in enumerate(phones * 3):
        await send(phone, type="idea.submit", client_id=f"c{number}", text=f"Idee nummer {number}")
        await receive_until(phone, lambda f: f["type"] == "idea.accepted")
    await send(board, type="timer.start", round_id="r1", seconds=60)

    def ids(frames: list[dict[str, object]]) -> list[object]:
        return [frame["id"] for frame in frames if frame["type"] == "event"]

    seen_on_board = ids(await receive_until(board, is_event("timer.started")))
    seen_on_phone = ids(await receive_until(watcher, is_event("timer.started")))
    assert len(seen_on_board) == 7 and seen_on_phone[-7:] == seen_on_board


async def test_state_folded_from_scratch_equals_the_live_state(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    phone, _ = await open_phone(stack, workshop, group="administratie", name="Els")
    await set_phase(board, "collect")
    accepted = []
    for number in range(4):
        await send(phone, type="idea.submit", client_id=f"c{number}", text=f"Samenwerken {number}")
        accepted.append((await receive_until(phone, lambda f: f["type"] == "idea.accepted"))[-1]["event_id"])
    await send(board, type="idea.hide", idea_id=accepted[1])
    await send(board, type="timer.start", round_id="r1", seconds=90)
    await set_phase(board, "cluster")
    last = await set_phase(board, "collect", round_id="r2")

    _, live = await open_board(stack, workshop)
    assert live["last_event_id"] == last["id"]
    async with httpx.AsyncClient(timeout=5) as http:
        auth = {"Authorization": f"Bearer {workshop.token}"}
        from_scratch = (await http.get(f"{web}/api/workshops/{workshop.workshop_id}", headers=auth)).json()
    assert live["snapshot"] == from_scratch
    assert live["snapshot"]["current_round_id"] == "r2"
    assert live["snapshot"]["ideas"][accepted[1]]["hidden"] is True
