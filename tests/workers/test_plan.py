"""What events ask of the worker: only new ideas, a recluster asked for and the phase
`cluster` re-cluster; the facilitator's other corrections only describe anew."""

from __future__ import annotations

import pytest

from cocreatie.models import events as ev
from cocreatie.models.state import Idea, RoomState, RoundState, Theme
from cocreatie.models.workshop import Phase, RoundKind
from workers.plan import RoundWork, plan


@pytest.fixture
def state() -> RoomState:
    room = RoomState(workshop_id="w", rounds=[RoundState(id="r1", prompt="?", kind=RoundKind.free, dots=3,
                                                         max_per_theme=2, themes={"t1": Theme(id="t1", label="a")})])
    room.ideas["1-0"] = Idea(id="1-0", round_id="r1", participant_id="p", client_id="c", group="g", text="x", at=0.0,
                             theme_id="t1")
    return room


@pytest.mark.parametrize("event", [
    ev.IdeaMoved(idea_id="1-0", theme_id=None), ev.IdeaHidden(idea_id="1-0"), ev.IdeaApproved(idea_id="1-0"),
    ev.ThemesMerged(theme_ids=["t1"], into="t1"), ev.CommandUndone(undone="9-0", command="idea.move", round_id="r1"),
])
def test_a_correction_only_describes_the_round_anew(state: RoomState, event: ev.Event) -> None:
    assert plan(state, [("5-0", event)]) == {"r1": RoundWork(describe=True)}


@pytest.mark.parametrize(
    "event", [ev.ThemeRenamed(theme_id="t1", label="b"), ev.ThemePinned(theme_id="t1", pinned=True)]
)
def test_a_rename_or_pin_asks_nothing(state: RoomState, event: ev.Event) -> None:
    assert plan(state, [("5-0", event)]) == {}


def test_new_ideas_recluster_soon_and_a_recluster_asked_carries_its_number(state: RoomState) -> None:
    added = ev.IdeaAdded(round_id="r1", participant_id="p", client_id="c2", text="y", at=0.0)
    assert plan(state, [("5-0", added)]) == {"r1": RoundWork(new_ideas=["5-0"], recluster_soon=True)}
    assert plan(state, [("6-0", ev.ReclusterRequested(round_id="r1", themes=4))]) == {
        "r1": RoundWork(asked=True, themes=4)
    }
    assert plan(state, [("7-0", ev.PhaseChanged(round_id="r1", phase=Phase.cluster))]) == {"r1": RoundWork(asked=True)}
