"""The facilitator's new commands over a real socket (DESIGN §7): pre-moderation, what the
room sees, undo, moving several ideas at once, frozen themes, the set-up edited; and bad
input — a clear error, nothing changed."""

from __future__ import annotations

from contextlib import AsyncExitStack
from typing import Any

from websockets.asyncio.client import ClientConnection

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


async def _error(board: ClientConnection, **command: Any) -> dict[str, Any]:
    await send(board, **command)
    return (await receive_until(board, lambda f: f["type"] == "error"))[-1]


async def _event(board: ClientConnection, name: str, **command: Any) -> dict[str, Any]:
    await send(board, **command)
    return (await receive_until(board, is_event(name)))[-1]


async def test_pre_moderation_holds_an_idea_until_it_is_approved(web: str, stack: AsyncExitStack) -> None:
    room = await collecting_room(stack, web)
    await _event(room.board, "moderation.set", type="moderation.set", round_id="r1", mode="pre")
    other, _ = await open_phone(stack, room.workshop, group="burger")
    await send(room.phone, type="idea.submit", client_id="w-1", text="STOP MET DE FUSIE!!!")
    accepted = (await receive_until(room.phone, lambda f: f["type"] == "idea.accepted"))[-1]
    assert accepted["waiting"] is True
    withheld = (await receive_until(other, is_event("idea.added")))[-1]
    assert withheld["data"] == {"round_id": "r1", "withheld": True}
    on_board = (await receive_until(room.board, is_event("idea.added")))[-1]
    assert on_board["data"]["text"] == "STOP MET DE FUSIE!!!"
    _, again = await open_phone(stack, room.workshop, participant_token=room.phone_token)
    assert [w["client_id"] for w in again["own_waiting"]] == ["w-1"]
    assert "STOP" not in str(again["snapshot"])

    approved = await _event(room.board, "idea.approved", type="idea.approve", idea_id=accepted["event_id"])
    assert approved["data"]["idea_id"] == accepted["event_id"]
    seen = (await receive_until(other, is_event("idea.approved")))[-1]
    assert seen["data"]["idea"]["text"] == "STOP MET DE FUSIE!!!"
    refused = await _error(room.board, type="idea.approve", idea_id=accepted["event_id"])
    assert refused["code"] == "forbidden"


async def test_silent_writing_shows_the_room_the_prompt_only(web: str, stack: AsyncExitStack) -> None:
    room = await collecting_room(stack, web)
    await _event(room.board, "screen.shown", type="screen.show", round_id="r1", view="prompt")
    await post_idea(room.phone, "s-1", "Een zwembad voor de hele regio")
    _, fresh = await open_phone(stack, room.workshop)
    assert fresh["snapshot"]["ideas"] == {}
    shown = await _event(room.board, "screen.shown", type="screen.show", round_id="r1", view="ideas")
    assert shown["data"] == {"round_id": "r1", "view": "ideas"}  # the board's frame: the command itself
    public = (await receive_until(room.phone, is_event("screen.shown")))[-1]
    texts = [idea["text"] for idea in public["data"]["rounds_seen"]["r1"]["ideas"].values()]
    assert texts == ["Een zwembad voor de hele regio"]


async def test_undo_reverses_the_latest_command_from_any_board_tab(web: str, stack: AsyncExitStack) -> None:
    room = await collecting_room(stack, web)
    second_tab, _ = await open_board(stack, room.workshop)
    first = await post_idea(room.phone, "u-1", "Meer fietspaden")
    second = await post_idea(room.phone, "u-2", "Veilige schoolroutes")
    await _event(room.board, "idea.hidden", type="idea.hide", idea_id=first)
    await _event(room.board, "idea.moved", type="idea.move", idea_ids=[first, second], theme_id=None)
    undone = await _event(second_tab, "command.undone", type="undo")
    assert undone["data"]["command"] == "idea.moved"
    undone = await _event(second_tab, "command.undone", type="undo")
    assert undone["data"]["command"] == "idea.hidden" and undone["data"]["ideas"][first]["hidden"] is False
    undoes_hide = lambda f: is_event("command.undone")(f) and f["data"]["command"] == "idea.hidden"  # noqa: E731
    back = (await receive_until(room.phone, undoes_hide))[-1]
    assert "Meer fietspaden" in str(back["data"]["rounds_seen"])
    assert (await _error(room.board, type="undo"))["code"] == "nothing_to_undo"


async def test_themes_are_frozen_once_the_vote_begins(web: str, stack: AsyncExitStack) -> None:
    room = await collecting_room(stack, web)
    idea = await post_idea(room.phone, "f-1", "Een bib in elke deelgemeente")
    await set_phase(room.board, "vote")
    for command in ({"type": "idea.move", "idea_id": idea, "theme_id": None},
                    {"type": "recluster", "round_id": "r1", "themes": 4}):
        assert (await _error(room.board, **command))["code"] == "wrong_phase"
    await _event(room.board, "idea.hidden", type="idea.hide", idea_id=idea)  # hiding is always possible


async def test_the_set_up_is_edited_and_what_people_did_is_kept(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web, groups=["politiek", "burger"], rounds=[{"prompt": "Missie?"}, {"prompt": "Visie?"}])
    board, _ = await open_board(stack, workshop)
    phone, _ = await open_phone(stack, workshop, group="burger")
    await set_phase(board, "collect")
    await post_idea(phone, "e-1", "Samen sterker")
    refusals = [
        {"groups": [{"name": "politiek"}]},
        {"rounds": [{"id": "r2", "prompt": "Visie?"}]},
        {"rounds": [{"id": "r1", "prompt": "Missie?", "dots": 2}, {"id": "r2", "prompt": "Visie?"}]},
        {"rounds": [{"id": "r1", "prompt": "Missie?"}, {"id": "r9", "prompt": "?"}]},
    ]
    codes = [(await _error(board, type="workshop.edit", **edit))["code"] for edit in refusals]
    assert codes == ["forbidden", "forbidden", "forbidden", "not_found"]
    edited = await _event(
        board, "workshop.edited", type="workshop.edit", title="Fusie Leiedal",
        groups=[{"name": "politiek"}, {"name": "inwoner", "was": "burger"}, {"name": "partner"}],
        rounds=[{"id": "r2", "prompt": "Visie?"}, {"id": "r1", "prompt": "Wat is onze missie?", "dots": 5},
                {"prompt": "Strategie?", "kind": "strategy", "timer_seconds": 600}],
    )
    assert [r["id"] for r in edited["data"]["rounds"]] == ["r2", "r1", "r3"]
    seen = (await receive_until(phone, is_event("workshop.edited")))[-1]
    assert seen["data"]["title"] == "Fusie Leiedal" and seen["data"]["renamed_groups"] == {"burger": "inwoner"}
    _, fresh_board = await open_board(stack, workshop)
    snapshot = fresh_board["snapshot"]
    assert snapshot["present"] == {"politiek": 0, "inwoner": 1, "partner": 0}
    assert [r["prompt"] for r in snapshot["rounds"]] == ["Visie?", "Wat is onze missie?", "Strategie?"]


async def test_bad_commands_get_a_clear_error_and_change_nothing(web: str, stack: AsyncExitStack) -> None:
    room = await collecting_room(stack, web)
    cases = [
        ({"type": "idea.approve", "idea_id": "1-0"}, "not_found"),
        ({"type": "undo"}, "nothing_to_undo"),
        ({"type": "screen.show", "round_id": "r1", "view": "everything"}, "invalid_message"),
        ({"type": "moderation.set", "round_id": "r7", "mode": "pre"}, "not_found"),
        ({"type": "idea.move", "theme_id": None}, "invalid_message"),
        ({"type": "recluster", "round_id": "r1", "themes": 0}, "invalid_message"),
    ]
    for command, code in cases:
        error = await _error(room.board, **command)
        assert error["code"] == code, (command, error)
    _, welcome = await open_board(stack, room.workshop)
    assert welcome["snapshot"]["undo"] is None and welcome["snapshot"]["rounds"][0]["screen"] == "themes"
