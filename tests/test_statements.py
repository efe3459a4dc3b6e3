"""Statements over real sockets (DESIGN §8, issue 14): the board drafts, orders and edits them,
twelve phones in four groups answer by script, and the JSON export holds exactly their counts."""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection

from cocreatie.models import events as ev
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from tests.clients import (
    Frame,
    Workshop,
    create_workshop,
    is_event,
    open_board,
    open_phone,
    post_idea,
    receive_until,
    send,
    set_phase,
)
from tests.statement_workshop import ANSWERS, GROUP_OF, STATEMENTS, expected_counts

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)

THEMES = [ev.ThemeView(id="t-dienst", label="Dienstverlening"), ev.ThemeView(id="t-groen", label="Groen")]
LIVE = ("dienst", "groen")
"""The script's statements that the phones answer here (its answers that count; b1 first
agrees with dienst, then changes its mind)."""


def answered(frame: Frame) -> bool:
    return frame["type"] in ("answer.accepted", "error")


def refused(frame: Frame) -> bool:
    return frame["type"] == "error"


async def answer(phone: ClientConnection, statement_id: str, choice: str) -> Frame:
    await send(phone, type="statement.answer", statement_id=statement_id, answer=choice)
    return (await receive_until(phone, answered))[-1]


async def add_statement(board: ClientConnection, text: str, theme_ids: list[str]) -> str:
    await send(board, type="statement.add", round_id="r1", text=text, theme_ids=theme_ids)
    return str((await receive_until(board, is_event("statement.added")))[-1]["id"])


async def board_refuses(board: ClientConnection, **command: Any) -> Frame:
    await send(board, **command)
    return (await receive_until(board, refused))[-1]


@dataclass(frozen=True)
class Room:
    workshop: Workshop
    board: ClientConnection
    phones: dict[str, ClientConnection]
    tokens: dict[str, str]


async def clustering_room(stack: AsyncExitStack, web: str, redis_url: str) -> Room:
    """Twelve phones in four groups; the first round has an idea and the worker's two themes,
    and clusters."""
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    phones: dict[str, ClientConnection] = {}
    tokens: dict[str, str] = {}
    for pid, group in GROUP_OF.items():
        phones[pid], welcome = await open_phone(stack, workshop, group=group)
        tokens[pid] = welcome["participant_token"]
    await set_phase(board, "collect")
    idea = await post_idea(phones["p1"], "c1", "Een loket in elke deelgemeente")
    async with connect(redis_url) as client:  # what a worker would have written
        await RedisEventStore(client).append(
            workshop.workshop_id, ev.ThemesUpdated(round_id="r1", themes=THEMES, assign={idea: "t-dienst"})
        )
    await set_phase(board, "cluster")
    return Room(workshop, board, phones, tokens)


async def test_twelve_phones_answer_statements_and_the_export_counts_them(
    web: str, redis_url: str, stack: AsyncExitStack
) -> None:
    room = await clustering_room(stack, web, redis_url)
    workshop, board, phones = room.workshop, room.board, room.phones
    ids = {key: await add_statement(board, *STATEMENTS[key]) for key in LIVE}
    mine = await add_statement(board, "Elke deelgemeente houdt haar feesten", [])

    assert (await board_refuses(board, type="statement.add", round_id="r1", text="x", theme_ids=["t-nope"]))[
        "code"] == "not_found"
    too_long = await board_refuses(board, type="statement.add", round_id="r1", text="a" * 281)
    assert (too_long["code"], too_long["message"]) == (
        "invalid_message", "statement.add.text: the statement is longer than 280 characters"
    )
    for unknown in ({"type": "statement.order", "round_id": "r1", "statement_ids": [ids["groen"], "1-1"]},
                    {"type": "statement.remove", "statement_id": "1-1"},
                    {"type": "text.set", "round_id": "r1", "sentences": [{"text": "Zo.", "statement_ids": ["1-1"]}]}):
        refusal = await board_refuses(board, **unknown)
        assert (refusal["code"], refusal["message"].startswith("no statement '1-1' in")) == ("not_found", True)
    await send(board, type="statement.order", round_id="r1", statement_ids=[ids["groen"], mine, ids["dienst"]])
    ordered = (await receive_until(board, is_event("statements.ordered")))[-1]
    assert ordered["data"]["statement_ids"] == [ids["groen"], mine, ids["dienst"]]
    await send(board, type="statement.remove", statement_id=mine)
    await receive_until(board, is_event("statement.removed"))

    early = await answer(phones["b1"], ids["dienst"], "agree")  # not yet: the round is clustering
    assert (early["code"], early["statement_id"]) == ("wrong_phase", ids["dienst"])
    assert "in phase cluster" in early["message"]

    await set_phase(board, "vote")
    voting = await receive_until(phones["q3"], lambda f: is_event("phase.changed")(f) and f["data"]["phase"] == "vote")
    seen = voting[-1]["data"]["statements_seen"]["r1"]
    assert [s["id"] for s in seen["statements"]] == [ids["groen"], ids["dienst"]]
    assert seen["support"] is None
    first = await answer(phones["b1"], ids["dienst"], "agree")  # the same socket, still open
    assert (first["type"], first["answer"]) == ("answer.accepted", "agree")
    for key in LIVE:
        for pid, choice in ANSWERS[key].items():
            accepted = await answer(phones[pid], ids[key], choice)
            assert (accepted["type"], accepted["statement_id"], accepted["answer"]) == (
                "answer.accepted", ids[key], choice
            )
    public = (await receive_until(phones["q3"], is_event("statement.answered")))[-1]["data"]
    assert "participant_id" not in public and "answer" not in public

    edited = await board_refuses(board, type="statement.edit", statement_id=ids["dienst"], text="Anders")
    assert edited["code"] == "forbidden"
    await send(board, type="votes.reveal", round_id="r1")
    revealed = (await receive_until(phones["q3"], is_event("votes.revealed")))[-1]["data"]["statements_seen"]["r1"]
    assert revealed["support"][ids["dienst"]]["answers"] == expected_counts("dienst")
    assert revealed["answerers"] == len(GROUP_OF) - 1  # q3 did not answer
    sentences = [{"text": "Onze gemeente blijft dichtbij en groen.", "statement_ids": [ids["dienst"], ids["groen"]]}]
    await send(board, type="text.set", round_id="r1", sentences=sentences)
    await receive_until(board, is_event("final_text.set"))

    _, back = await open_phone(stack, workshop, group=None, participant_token=room.tokens["b1"])
    assert back["answers"] == {"r1": {ids["dienst"]: "disagree", ids["groen"]: "agree"}}

    await set_phase(board, "closed")
    late = await answer(phones["q3"], ids["dienst"], "agree")  # too late: not counted
    assert (late["code"], late["statement_id"]) == ("wrong_phase", ids["dienst"])

    async with httpx.AsyncClient(timeout=10) as http:
        export = await http.get(
            f"{web}/api/workshops/{workshop.workshop_id}/export", params={"format": "json"},
            headers={"Authorization": f"Bearer {workshop.token}"},
        )
    exported = export.json()["state"]["rounds"][0]
    by_id = {s["id"]: s for s in exported["statements"]}
    assert list(by_id) == [ids["groen"], ids["dienst"]]
    for key in LIVE:
        assert by_id[ids[key]]["answers"] == expected_counts(key), key
    assert by_id[ids["dienst"]]["dividing"] is True  # burger against the rest
    assert by_id[ids["groen"]]["dividing"] is False  # partner's two disagrees take no part
    assert by_id[ids["groen"]]["consensus"]["weakest_group"] == "partner"  # but count in the consensus
    assert by_id[ids["dienst"]]["theme_ids"] == ["t-dienst"] and len(by_id[ids["dienst"]]["idea_ids"]) == 1
    assert exported["final_text"] == sentences


async def test_a_statement_of_a_later_round_names_the_statements_it_serves(web: str, stack: AsyncExitStack) -> None:
    workshop = create_workshop(web)
    board, _ = await open_board(stack, workshop)
    vision = await add_statement(board, "Dichtbij de inwoners", [])
    await send(board, type="statement.add", round_id="r2", text="Een loket per deelgemeente", serves=[vision])
    strategy = str((await receive_until(board, is_event("statement.added")))[-1]["id"])

    backwards = await board_refuses(board, type="statement.add", round_id="r1", text="Terug", serves=[strategy])
    assert backwards["code"] == "not_found"
    assert backwards["message"] == f"no statement {strategy!r} in a round before 'r1'"

    async with httpx.AsyncClient(timeout=10) as http:
        export = await http.get(
            f"{web}/api/workshops/{workshop.workshop_id}/export", params={"format": "json"},
            headers={"Authorization": f"Bearer {workshop.token}"},
        )
    rounds = export.json()["state"]["rounds"]
    assert [s["serves"] for s in rounds[1]["statements"]] == [[vision]]

    await send(board, type="statement.remove", statement_id=vision)
    await receive_until(board, is_event("statement.removed"))
    _, welcome = await open_board(stack, workshop)
    assert welcome["snapshot"]["rounds"][1]["statements"][0]["serves"] == []
