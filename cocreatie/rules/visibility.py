"""What the room may see of a workshop (phones, projector) and what only the facilitator sees."""

from __future__ import annotations

from cocreatie.models.state import RoomState, RoundState
from cocreatie.rules.votes import results_revealed, tally, voter_count

PRIVATE_IDEA_FIELDS = frozenset({"participant_id", "group"})
"""A stakeholder group of one would name the author: the room sees neither."""


def public_view(state: RoomState) -> dict[str, object]:
    """What participants and the projector may see: no hidden ideas, no names, no ballots;
    the tally only once results may be shown (null before)."""
    data = state.model_dump(mode="json", exclude={"participants"})
    data["ideas"] = {
        idea_id: {key: value for key, value in idea.items() if key not in PRIVATE_IDEA_FIELDS}
        for idea_id, idea in data["ideas"].items()
        if not idea["hidden"]
    }
    for round_state, round_data in zip(state.rounds, data["rounds"], strict=True):
        del round_data["votes"]
        round_data["voters"] = voter_count(round_state)
        round_data["tally"] = public_tally(round_state)
    data["present"] = state.group_counts()
    return data


def public_tally(round_state: RoundState) -> dict[str, int] | None:
    """Dots per theme as the room may see them: None until results are revealed."""
    return tally(round_state) if results_revealed(round_state) else None


def facilitator_view(state: RoomState) -> dict[str, object]:
    """Everything, with each round's tally."""
    data = state.model_dump(mode="json")
    data["present"] = state.group_counts()
    for round_state, round_data in zip(state.rounds, data["rounds"], strict=True):
        round_data["tally"] = tally(round_state)
    return data
