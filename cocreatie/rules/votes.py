"""Dot votes: checking a participant's dots against a round, and counting them.

A ballot maps theme ids to dots. A new ballot replaces the participant's previous one
in that round (the `vote.cast` event carries the whole ballot), so checking a ballot
never needs the old one.
"""

from __future__ import annotations

from collections.abc import Mapping

from cocreatie.errors import InvalidVote, WrongPhase
from cocreatie.models.state import RoundState
from cocreatie.models.workshop import Phase


def check_ballot(round_state: RoundState, dots: Mapping[str, int]) -> dict[str, int]:
    """The ballot as it may be stored, or `InvalidVote` / `WrongPhase` saying what is wrong.

    Themes given zero dots are dropped; an empty ballot withdraws the participant's vote.
    """
    if round_state.phase is not Phase.vote:
        raise WrongPhase(f"voting is closed: the round is in phase {round_state.phase.value}")
    ballot = {theme_id: count for theme_id, count in dots.items() if count != 0}
    for theme_id, count in ballot.items():
        if theme_id not in round_state.themes:
            raise InvalidVote(f"no theme {theme_id!r} in this round")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidVote(f"dots must be whole numbers of at least 0, not {count!r}")
        if count > round_state.max_per_theme:
            raise InvalidVote(
                f"at most {round_state.max_per_theme} dots on one theme, not {count}"
            )
    spent = sum(ballot.values())
    if spent > round_state.dots:
        raise InvalidVote(f"{spent} dots given, but each participant has {round_state.dots}")
    return ballot


def voting_or_after(round_state: RoundState) -> bool:
    """The round votes or has voted: its themes are frozen, the room sees its statements, and
    its dots count."""
    return round_state.phase in (Phase.vote, Phase.closed)


def results_revealed(round_state: RoundState) -> bool:
    """May participants and the projector see the tally? The facilitator always may."""
    return round_state.revealed or round_state.phase is Phase.closed


def counted_ballots(round_state: RoundState) -> dict[str, dict[str, int]]:
    """Each voter's dots on the round's current themes.

    Dots on a theme that has since disappeared (merged away, re-clustered) no longer
    count; a participant left with no dots on a current theme is not a voter.
    """
    ballots: dict[str, dict[str, int]] = {}
    for participant_id, dots in round_state.votes.items():
        ballot = {t: n for t, n in dots.items() if n > 0 and t in round_state.themes}
        if ballot:
            ballots[participant_id] = ballot
    return ballots


def voter_count(round_state: RoundState) -> int:
    """Participants whose ballot counts (a withdrawn, empty ballot does not)."""
    return len(counted_ballots(round_state))


def tally(round_state: RoundState) -> dict[str, int]:
    """Dots per theme of the round, every theme present (zero if nobody chose it)."""
    totals = dict.fromkeys(round_state.themes, 0)
    for ballot in counted_ballots(round_state).values():
        for theme_id, count in ballot.items():
            totals[theme_id] += count
    return totals
