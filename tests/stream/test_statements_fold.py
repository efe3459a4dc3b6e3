"""Statements in the fold and in what each audience hears: the board everything, the room the
statements from the vote on, their support once revealed, and never who answered what."""

from __future__ import annotations

import json
from typing import Any

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState, RoundState
from cocreatie.models.workshop import Phase
from cocreatie.rooms.audience import Audience, render_event
from cocreatie.rules.visibility import facilitator_view, public_view
from cocreatie.stream.fold import apply, fold
from tests.statement_workshop import (
    ANSWERS,
    EDITED,
    FINAL_TEXT,
    ORDER,
    RENAMED,
    STATEMENTS,
    expected_counts,
    renamed,
    statement_round,
)


def test_the_round_keeps_its_statements_in_the_facilitators_order_and_words() -> None:
    stream = statement_round()
    round_state = fold("ws", stream.entries).rounds[0]
    assert [s.id for s in round_state.statements] == [stream.statement_ids[key] for key in ORDER]
    texts = {key: EDITED.get(key, STATEMENTS[key][0]) for key in ORDER}
    assert [s.text for s in round_state.statements] == [texts[key] for key in ORDER]
    assert [s.theme_ids for s in round_state.statements] == [STATEMENTS[key][1] for key in ORDER]
    assert [(s.text, s.statement_ids) for s in round_state.final_text] == [
        (text, [stream.statement_ids[key] for key in keys]) for text, keys in FINAL_TEXT
    ]


def test_a_new_answer_replaces_the_earlier_one_and_a_removed_statement_takes_its_answers() -> None:
    stream = statement_round()
    round_state = fold("ws", stream.entries).rounds[0]
    assert round_state.answers["b1"][stream.statement_ids["dienst"]] == ANSWERS["dienst"]["b1"] == "disagree"
    assert all(stream.statement_ids["weg"] not in answers for answers in round_state.answers.values())
    assert round_state.answers["q1"] == {
        stream.statement_ids[key]: ANSWERS[key]["q1"] for key in ("dienst", "groen")
    }


def test_removing_a_statement_takes_it_out_of_the_final_text() -> None:
    stream = statement_round()
    state = fold("ws", stream.entries)
    apply(state, "1797000001000-0", ev.StatementRemoved(round_id="r1", statement_id=stream.statement_ids["groen"]))
    assert [s.statement_ids for s in state.rounds[0].final_text] == [
        [stream.statement_ids["dienst"]], [stream.statement_ids["eigen"]]
    ]


def test_a_phone_gets_back_its_own_answers_per_round() -> None:
    stream = statement_round()
    state = fold("ws", stream.entries)
    assert state.answers_of("q3") == {"r1": {stream.statement_ids["eigen"]: "disagree"}}
    own = {stream.statement_ids[key]: ANSWERS[key]["a2"] for key in ("dienst", "groen")}
    assert state.answers_of("a2") == {"r1": own}
    assert state.answers_of("nobody") == {}


def test_a_renamed_group_takes_its_answers_along() -> None:
    stream = renamed(statement_round())
    support = facilitator_view(fold("ws", stream.entries))["rounds"][0]["support"]  # type: ignore[index]
    dienst = support[stream.statement_ids["dienst"]]["answers"]
    assert set(dienst) == {RENAMED.get(group, group) for group in expected_counts("dienst")}
    assert dienst["partners"] == expected_counts("dienst")["partner"]


def _frames(audience: Audience) -> list[tuple[ev.Event, dict[str, Any], RoundState]]:
    """Each entry, its frame's data for the audience, and the first round right after it."""
    state, frames = RoomState(workshop_id="ws"), []
    for event_id, event in statement_round().entries:
        apply(state, event_id, event)
        data = json.loads(render_event(event_id, event, audience, state))["data"]
        frames.append((event, data, state.rounds[0].model_copy(deep=True)))
    return frames


def test_the_room_never_hears_who_answered_what() -> None:
    for event, data, _ in _frames(Audience.public):
        if isinstance(event, ev.StatementAnswered):
            assert "participant_id" not in data and "answer" not in data
            assert isinstance(data["answerers"], int)
    board = [data for event, data, _ in _frames(Audience.facilitator) if isinstance(event, ev.StatementAnswered)]
    assert all({"participant_id", "answer", "statement_support"} <= set(data) for data in board)


def test_the_room_hears_no_draft_and_no_support_before_the_reveal() -> None:
    drafts = {text for text, _ in STATEMENTS.values()} | set(EDITED.values())
    heard = {"draft": False, "support": False}
    for _, data, round_state in _frames(Audience.public):
        said = json.dumps(data, ensure_ascii=False)
        if round_state.phase not in (Phase.vote, Phase.closed):
            assert not any(text in said for text in drafts)
        heard["draft"] = heard["draft"] or any(text in said for text in drafts)
        shown = "statement_support" in data or '"support":{' in said.replace(" ", "")
        if not round_state.revealed:
            assert not shown and '"final_text":[{' not in said.replace(" ", "")
        heard["support"] = heard["support"] or shown
    assert heard == {"draft": True, "support": True}  # the room does hear them, in time


def test_the_rooms_snapshot_holds_statements_counts_and_support_but_no_answers() -> None:
    stream = statement_round()
    voting = next(n for n, (_, event) in enumerate(stream.entries) if getattr(event, "phase", None) == "vote")
    drafting = public_view(fold("ws", stream.entries[:voting]))["rounds"][0]  # type: ignore[index]
    assert (drafting["statements"], drafting["support"], drafting["answerers"]) == ([], None, 0)
    closed = public_view(fold("ws", stream.entries))["rounds"][0]  # type: ignore[index]
    assert "answers" not in closed and closed["answerers"] == 12
    assert [s["id"] for s in closed["statements"]] == [stream.statement_ids[key] for key in ORDER]
    for key in ORDER:
        assert closed["support"][stream.statement_ids[key]]["answers"] == expected_counts(key)
