"""An idea from a phone reaches every socket of the room, once, after Redis has it."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from cocreatie.stream import keys
from tests.clients import (
    collecting_room,
    create_workshop,
    is_event,
    open_board,
    open_phone,
    post_idea,
    receive_until,
    send,
    set_phase,
)
from tests.processes import web_process
from tests.redis_clients import sync_client

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)


async def test_idea_is_accepted_then_seen_by_every_socket(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, welcome = await open_board(stack, workshop)
    assert welcome["type"] == "welcome" and welcome["snapshot"]["title"] == "Fusie test"
    phone, phone_welcome = await open_phone(stack, workshop, group="politiek", name="An")
    other, _ = await open_phone(stack, workshop, group="burger")
    assert phone_welcome["participant_token"] and "name" not in str(phone_welcome["snapshot"]["ideas"])
    await set_phase(board, "collect")
    await receive_until(phone, is_event("phase.changed"))

    await send(phone, type="idea.submit", client_id="c-1", text="  Meer fietspaden naar school  ")
    frames = await receive_until(phone, lambda f: f["type"] == "idea.accepted")
    accepted = frames[-1]
    assert accepted["client_id"] == "c-1"

    idea_added = is_event("idea.added")
    seen_by_phone = [f for f in frames if idea_added(f)] or await receive_until(phone, idea_added)
    for added in (seen_by_phone[-1], *[(await receive_until(s, idea_added))[-1] for s in (board, other)]):
        assert added["id"] == accepted["event_id"]
        assert added["data"]["text"] == "Meer fietspaden naar school"


async def test_participants_do_not_see_who_wrote_what(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    phone, _ = await open_phone(stack, workshop, name="Burgemeester X")
    await set_phase(board, "collect")
    await send(phone, type="idea.submit", client_id="c-1", text="Eén loket voor alle diensten")
    public = (await receive_until(phone, is_event("idea.added")))[-1]
    private = (await receive_until(board, is_event("idea.added")))[-1]
    assert "participant_id" not in public["data"] and "participant_id" in private["data"]
    _, fresh = await open_phone(stack, workshop)
    assert "Burgemeester X" not in str(fresh["snapshot"])


async def test_a_retry_with_the_same_client_id_gives_one_idea_and_the_same_answer(
    web: str, stack: AsyncExitStack
) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    phone, _ = await open_phone(stack, workshop)
    await set_phase(board, "collect")
    answers = []
    for _ in range(3):
        await send(phone, type="idea.submit", client_id="same", text="Samen sterker")
        answers.append((await receive_until(phone, lambda f: f["type"] == "idea.accepted"))[-1])
    assert len({answer["event_id"] for answer in answers}) == 1
    await send(phone, type="idea.submit", client_id="next", text="Nog een idee")
    await receive_until(phone, lambda f: f["type"] == "idea.accepted")
    _, fresh = await open_board(stack, workshop)
    texts = [idea["text"] for idea in fresh["snapshot"]["ideas"].values()]
    assert sorted(texts) == ["Nog een idee", "Samen sterker"]


async def test_a_returning_phone_is_the_same_participant(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    phone, first = await open_phone(stack, workshop, group="partner")
    await phone.close()
    _, second = await open_phone(stack, workshop, group=None, participant_token=first["participant_token"])
    assert second["participant_id"] == first["participant_id"]
    assert "participant_token" not in second


async def test_facilitator_commands_become_events(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    phone, _ = await open_phone(stack, workshop)
    await set_phase(board, "collect")
    await send(phone, type="idea.submit", client_id="x", text="Verberg mij")
    idea_id = (await receive_until(phone, lambda f: f["type"] == "idea.accepted"))[-1]["event_id"]
    await send(board, type="idea.hide", idea_id=idea_id)
    await send(board, type="timer.start", round_id="r1", seconds=300)
    hidden = (await receive_until(phone, is_event("idea.hidden")))[-1]
    timer = (await receive_until(phone, is_event("timer.started")))[-1]
    assert hidden["data"]["idea_id"] == idea_id and hidden["data"]["gone"] == [idea_id]
    assert "Verberg" not in str(hidden)
    assert timer["data"]["seconds"] == 300
    _, fresh = await open_phone(stack, workshop)
    assert idea_id not in fresh["snapshot"]["ideas"]


async def test_the_report_downloads_with_the_token_only(web: str, stack: AsyncExitStack) -> None:
    workshop = (room := await collecting_room(stack, web, title="Fusie Kempen")).workshop
    await post_idea(room.phone, "r", "Samen één sterke gemeente")
    url = f"{web}/api/workshops/{workshop.workshop_id}/export"
    http = await stack.enter_async_context(httpx.AsyncClient(timeout=60))
    assert (await http.get(url, params={"format": "md"})).status_code == 401
    auth = {"Authorization": f"Bearer {workshop.token}"}
    formats = (("md", b"Samen \xc3\xa9\xc3\xa9n sterke gemeente"), ("csv", b"Samen"), ("json", b"Samen"),
               ("docx", b"PK"))
    for fmt, needle in formats:
        answer = await http.get(url, params={"format": fmt}, headers=auth)
        assert answer.status_code == 200 and needle in answer.content
        assert answer.headers["content-disposition"] == (
            f"attachment; filename=\"fusie-kempen.{fmt}\"; filename*=UTF-8''fusie-kempen.{fmt}"
        )
    refused = await http.get(url, params={"format": "pdf"}, headers=auth)
    assert refused.json()["error"]["code"] == "invalid_message"


async def test_unknown_join_code_closes_with_4004(web: str) -> None:
    async with connect(web.replace("http", "ws") + "/ws/join/QQQQQQ") as socket:
        with pytest.raises(ConnectionClosed) as closed:
            await socket.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4004


async def test_a_socket_that_never_says_hello_is_closed(redis_url: str, tmp_path: Path) -> None:
    with web_process(redis_url, tmp_path / "web.log", env={"COCREATIE_HELLO_SECONDS": "0.3"}) as base:
        workshop = create_workshop(base)
        async with connect(workshop.ws(f"/ws/join/{workshop.join_code}")) as socket:
            with pytest.raises(ConnectionClosed) as closed:
                await socket.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4002


def test_a_deleted_workshop_is_gone(web: str) -> None:
    workshop = create_workshop(web)
    auth = {"Authorization": f"Bearer {workshop.token}"}
    url = f"{web}/api/workshops/{workshop.workshop_id}"
    assert httpx.delete(url, timeout=5).status_code == 401
    assert httpx.delete(url, headers=auth, timeout=5).status_code == 204
    assert httpx.get(url, headers=auth, timeout=5).status_code == 401
    assert httpx.get(f"{web}/api/join/{workshop.join_code}", timeout=5).status_code == 404


async def test_every_room_key_expires_after_the_retention_period(
    redis_url: str, web: str, stack: AsyncExitStack
) -> None:
    workshop = (room := await collecting_room(stack, web)).workshop
    await post_idea(room.phone, "x", "Tijdelijk")
    with sync_client(redis_url) as client:
        ttls = {key: client.ttl(key) for key in keys.retained_keys(workshop.workshop_id) if client.exists(key)}
    assert len(ttls) >= 4
    assert all(89 * 86400 < ttl <= 90 * 86400 for ttl in ttls.values())
