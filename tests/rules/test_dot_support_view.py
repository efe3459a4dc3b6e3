"""The dots' support per group (DESIGN §8's treatment of a dot vote) as each audience sees it:
the board always, the room only once results are revealed, in every frame that changes it."""

from __future__ import annotations

import json

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.rooms.audience import Audience, render_event
from cocreatie.rules.visibility import facilitator_view, public_view
from cocreatie.stream.fold import apply
from tests.dot_workshop import dot_workshop

BALLOTS = {"politiek": [[0], [0], [0, 1]], "burger": [[1], [1], [1]], "partner": [[0]]}


def test_the_board_sees_each_themes_voters_per_group_and_the_room_only_after_the_reveal() -> None:
    state = dot_workshop(2, BALLOTS)
    board = facilitator_view(state)["rounds"][0]["dot_support"]
    assert board["t0"]["answers"] == {
        "politiek": {"agree": 3, "disagree": 0, "pass": 0},
        "burger": {"agree": 0, "disagree": 3, "pass": 0},
        "partner": {"agree": 1, "disagree": 0, "pass": 0},
    }
    assert board["t0"]["dividing"] is True  # burger against the rest; partner (one voter) takes no part
    assert board["t1"]["consensus"]["weakest_group"] == "partner"
    assert public_view(state)["rounds"][0]["dot_support"] is None

    revealed = json.loads(render_event("1795000009000-0", ev.VotesRevealed(round_id="r1"), Audience.public,
                                       _revealed(state)))
    assert revealed["data"]["dot_support"] == {"r1": board}


def test_a_vote_after_the_reveal_reaches_the_room_with_the_new_support() -> None:
    state = _revealed(dot_workshop(2, BALLOTS))
    vote = ev.VoteCast(round_id="r1", participant_id="burger-0", dots={"t0": 1})
    apply(state, "1795000009001-0", vote)
    frame = json.loads(render_event("1795000009001-0", vote, Audience.public, state))
    assert frame["data"]["dot_support"]["r1"]["t0"]["answers"]["burger"] == {"agree": 1, "disagree": 2, "pass": 0}
    assert frame["data"]["dot_support"] == {"r1": public_view(state)["rounds"][0]["dot_support"]}
    board = json.loads(render_event("1795000009001-0", vote, Audience.facilitator, state))
    assert board["data"]["dot_support"] == {"r1": facilitator_view(state)["rounds"][0]["dot_support"]}


def _revealed(state: RoomState) -> RoomState:
    apply(state, "1795000009000-0", ev.VotesRevealed(round_id="r1"))
    return state
