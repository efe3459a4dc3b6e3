"""The board's hints in the fold: a full update brings all of them, the fast path adds, and a
hint goes once it no longer holds (its idea placed, put aside or hidden; a theme it names gone).
They never reach the room: not in its frames, not in its snapshots."""

from __future__ import annotations

import json

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.rooms.audience import Audience, render_event
from cocreatie.rules.visibility import public_view
from cocreatie.stream.fold import apply, fold
from tests.hinted_workshop import hinted, idea_id

FULL = {idea_id(4): "t-water", idea_id(5): "t-fiets", idea_id(6): "t-drink"}
PAIRS = [("t-water", "t-drink"), ("t-fiets", "t-bus")]
AFTER = [  # the round's (suggest, alike) after each entry from the full update on
    (FULL, PAIRS),
    (FULL | {idea_id(7): "t-bus"}, PAIRS),
    ({idea_id(5): "t-fiets", idea_id(6): "t-drink", idea_id(7): "t-bus"}, PAIRS),
    ({idea_id(6): "t-drink", idea_id(7): "t-bus"}, PAIRS),
    ({idea_id(7): "t-bus"}, [("t-fiets", "t-bus")]),
    ({}, [("t-fiets", "t-bus")]),
]


def test_hints_come_with_the_themes_and_go_when_they_no_longer_hold() -> None:
    entries = hinted()
    first = next(n for n, (_, event) in enumerate(entries) if isinstance(event, ev.ThemesUpdated))
    for n, expected in enumerate(AFTER):
        round_state = fold("ws-h", entries[: first + n + 1]).rounds[0]
        assert (round_state.suggest, round_state.alike) == expected, entries[first + n][1].event


def test_a_full_update_replaces_the_hints() -> None:
    state = fold("ws-h", hinted())
    apply(state, "1796000000100-0", ev.ThemesUpdated(
        round_id="r1", themes=[ev.ThemeView(id="t-water", label="Water"), ev.ThemeView(id="t-fiets", label="Fietsen")],
        suggest={idea_id(6): "t-fiets"}, full=True,
    ))
    assert (state.rounds[0].suggest, state.rounds[0].alike) == ({idea_id(6): "t-fiets"}, [])


def test_a_suggestion_for_a_theme_the_update_does_not_have_is_not_kept() -> None:
    state = fold("ws-h", hinted()[:11])  # up to the ideas, before any theme
    apply(state, "1796000000100-0", ev.ThemesUpdated(round_id="r1", suggest={idea_id(6): "t-nowhere"}))
    assert state.rounds[0].suggest == {}


def test_the_room_hears_no_hint_in_any_frame() -> None:
    state = RoomState(workshop_id="ws-h")
    for event_id, event in hinted():
        apply(state, event_id, event)
        if isinstance(event, ev.ThemesUpdated):
            public = json.loads(render_event(event_id, event, Audience.public, state))["data"]
            board = json.loads(render_event(event_id, event, Audience.facilitator, state))["data"]
            assert "suggest" not in public and "alike" not in public
            assert board["suggest"] == event.model_dump(mode="json")["suggest"]


def test_the_room_sees_no_hint_in_a_snapshot() -> None:
    rounds = public_view(fold("ws-h", hinted()[:13]))["rounds"]
    assert isinstance(rounds, list)
    assert all("suggest" not in r and "alike" not in r for r in rounds)
