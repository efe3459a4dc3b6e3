from __future__ import annotations

import pytest

from cocreatie.errors import InvalidVote, WrongPhase
from cocreatie.models.state import RoundState, Theme
from cocreatie.models.workshop import Phase, RoundKind
from cocreatie.rules.votes import check_ballot, counted_ballots, results_revealed, tally
from tests.scripted_workshop import BALLOTS, scripted, theme_id


def voting_round(phase: Phase = Phase.vote, dots: int = 3, max_per_theme: int = 2) -> RoundState:
    return RoundState(
        id="r", prompt="Wat?", kind=RoundKind.vision, dots=dots, max_per_theme=max_per_theme,
        phase=phase, themes={key: Theme(id=key, label=key.upper()) for key in ("a", "b", "c")},
    )


@pytest.mark.parametrize(
    ("dots", "ballot"),
    [
        ({"a": 2, "b": 1}, {"a": 2, "b": 1}),
        ({"a": 1, "b": 1, "c": 1}, {"a": 1, "b": 1, "c": 1}),
        ({"a": 1, "b": 0}, {"a": 1}),
        ({}, {}),
    ],
)
def test_a_valid_ballot_is_kept_without_zeros(dots: dict[str, int], ballot: dict[str, int]) -> None:
    assert check_ballot(voting_round(), dots) == ballot


@pytest.mark.parametrize(
    ("dots", "complaint"),
    [
        ({"a": 3}, "at most 2 dots on one theme"),
        ({"a": 2, "b": 2}, "4 dots given, but each participant has 3"),
        ({"zz": 1}, "no theme 'zz'"),
        ({"a": -1}, "whole numbers"),
        ({"a": True}, "whole numbers"),
        ({"a": 1.5}, "whole numbers"),
    ],
)
def test_a_ballot_that_breaks_a_rule_is_refused_with_the_rule(
    dots: dict[str, int], complaint: str
) -> None:
    with pytest.raises(InvalidVote, match=complaint) as caught:
        check_ballot(voting_round(), dots)
    assert caught.value.code == "invalid_vote"


def test_the_rules_are_per_round() -> None:
    generous = voting_round(dots=5, max_per_theme=3)
    assert check_ballot(generous, {"a": 3, "b": 2}) == {"a": 3, "b": 2}


@pytest.mark.parametrize("phase", [Phase.draft, Phase.collect, Phase.cluster, Phase.closed])
def test_votes_are_only_taken_in_the_vote_phase(phase: Phase) -> None:
    with pytest.raises(WrongPhase):
        check_ballot(voting_round(phase), {"a": 1})


def test_the_tally_of_the_scripted_workshop_counts_the_last_ballot_of_each_voter() -> None:
    state = scripted().state
    for round_id, ballots in BALLOTS.items():
        round_state = state.round(round_id)
        assert round_state is not None
        expected = {theme_id(k): 0 for k in {k for b in ballots.values() for k in b}}
        for ballot in ballots.values():
            for key, count in ballot.items():
                expected[theme_id(key)] += count
        assert tally(round_state) == expected


def test_dots_on_a_theme_that_is_gone_do_not_count() -> None:
    round_state = voting_round()
    round_state.votes = {"p": {"gone": 2}, "q": {"a": 1, "gone": 1}, "r": {"a": 0}}
    assert counted_ballots(round_state) == {"q": {"a": 1}}
    assert tally(round_state) == {"a": 1, "b": 0, "c": 0}


@pytest.mark.parametrize(("phase", "revealed"), [(Phase.vote, False), (Phase.closed, True)])
def test_results_show_to_participants_once_the_round_closes(phase: Phase, revealed: bool) -> None:
    assert results_revealed(voting_round(phase)) is revealed


def test_the_facilitator_can_reveal_results_during_the_vote() -> None:
    round_state = voting_round(Phase.vote)
    round_state.revealed = True
    assert results_revealed(round_state)
