"""Phones streaming into a room: the snapshot is not rebuilt for every join, and what a
late phone is given still adds up to the room as it is."""

from __future__ import annotations

from contextlib import AsyncExitStack

from websockets.asyncio.client import ClientConnection

from cocreatie.stream.ids import stream_id_key
from tests.clients import Frame, create_workshop, is_event, open_board, open_phone, receive_until, set_phase


async def _joined(board: ClientConnection, participant_id: str) -> str:
    """The id of this participant's join, as the board hears it."""
    frames = await receive_until(
        board, lambda f: is_event("participant.joined")(f) and f["data"]["participant_id"] == participant_id
    )
    return str(frames[-1]["id"])


async def _partners_seen(phone: ClientConnection, welcome: Frame, up_to: str) -> int:
    """Partners present by the phone's own fold: its snapshot plus the joins after it."""
    after_snapshot = stream_id_key(up_to) > stream_id_key(welcome["last_event_id"])
    frames = await receive_until(phone, lambda f: f.get("id") == up_to) if after_snapshot else []
    joins = [f for f in frames if is_event("participant.joined")(f) and f["data"]["group"] == "partner"]
    return int(welcome["snapshot"]["present"]["partner"]) + len(joins)


async def test_joins_in_a_row_reuse_the_snapshot_and_follow_the_welcome(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    _, first = await open_phone(stack, workshop, group="partner")
    for _ in range(3):
        _, welcome = await open_phone(stack, workshop, group="partner")
    await _joined(board, welcome["participant_id"])

    late, welcome = await open_phone(stack, workshop, group="partner")
    own_join = await _joined(board, welcome["participant_id"])
    assert welcome["resumed"] is False
    assert welcome["last_event_id"] == welcome["snapshot"]["last_event_id"] == first["last_event_id"]
    assert await _partners_seen(late, welcome, own_join) == 5


async def test_any_other_event_makes_the_next_snapshot_fresh(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    await open_phone(stack, workshop, group="partner")
    changed = await set_phase(board, "collect")

    late, welcome = await open_phone(stack, workshop, group="partner")
    own_join = await _joined(board, welcome["participant_id"])
    assert welcome["snapshot"]["rounds"][0]["phase"] == "collect"
    assert welcome["last_event_id"] == welcome["snapshot"]["last_event_id"]
    assert stream_id_key(welcome["last_event_id"]) >= stream_id_key(changed["id"])
    assert await _partners_seen(late, welcome, own_join) == 2
