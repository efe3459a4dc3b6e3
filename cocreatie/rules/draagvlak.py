"""Draagvlak: how broadly each theme of a round is supported across stakeholder groups.

A dot vote read as DESIGN §8 reads statements: a group's voters who put a dot on the theme
agree, its other voters disagree, nobody passes. See docs/draagvlak.md for why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel

from cocreatie.models.state import RoomState, RoundState
from cocreatie.rules.support import MIN_ANSWERS, Answers, Consensus, consensus, dividing, support
from cocreatie.rules.votes import counted_ballots, tally


class GroupSupport(BaseModel):
    """One stakeholder group's support for one theme."""

    group: str
    voters: int
    """S_g: the group's voters in the round, the number every share here rests on."""
    supporters: int
    """A_g: those of them who gave the theme at least one dot."""
    support: float | None
    """P_g = (A_g + 1) / (S_g + 2); none when the group has no voters."""
    too_small: bool
    """1 or 2 voters (fewer than MIN_ANSWERS): shown, counted in the consensus, not in the
    dividing test."""

    @property
    def answers(self) -> Answers:
        return dot_answers(self.voters, self.supporters)


class ThemeSupport(BaseModel):
    theme_id: str
    label: str
    dots: int
    supporters: int
    groups: list[GroupSupport]
    consensus: Consensus | None
    """Product and geometric mean of P_g over the groups with voters, and the weakest group."""
    dividing: bool


class RoundDraagvlak(BaseModel):
    round_id: str
    voters: int
    group_voters: dict[str, int]
    too_small: list[str]
    """The groups with voters but fewer than MIN_ANSWERS, marked too small to read."""
    themes: list[ThemeSupport]


def round_draagvlak(state: RoomState, round_state: RoundState) -> RoundDraagvlak:
    """Support per theme and group; themes ordered by dots, then consensus, then label."""
    ballots = counted_ballots(round_state)
    group_of = {pid: _group(state, pid) for pid in ballots}
    groups = _groups(state, group_of.values())
    voters = Counter(group_of.values())
    group_voters = {group: voters[group] for group in groups}
    dots = tally(round_state)
    themes = []
    for theme_id, theme in round_state.themes.items():
        backers = Counter(group_of[pid] for pid, ballot in ballots.items() if theme_id in ballot)
        rows = [_group_support(group, group_voters[group], backers[group]) for group in groups]
        themes.append(_theme_support(theme_id, theme.label, dots[theme_id], rows))
    themes.sort(key=lambda t: (-t.dots, -(t.consensus.geometric_mean if t.consensus else 0.0),
                               t.label.casefold()))
    return RoundDraagvlak(
        round_id=round_state.id,
        voters=len(ballots),
        group_voters=group_voters,
        too_small=[group for group, count in group_voters.items() if _too_small(count)],
        themes=themes,
    )


def dot_answers(voters: int, supporters: int) -> Answers:
    """A dot vote as answers: the group's voters with a dot on the theme agree, the others
    disagree, nobody passes."""
    return Answers(agree=supporters, disagree=voters - supporters)


def _group_support(group: str, voters: int, supporters: int) -> GroupSupport:
    return GroupSupport(
        group=group,
        voters=voters,
        supporters=supporters,
        support=support(dot_answers(voters, supporters)) if voters else None,
        too_small=_too_small(voters),
    )


def _too_small(voters: int) -> bool:
    """Voters, but fewer than MIN_ANSWERS; a group without voters is simply empty."""
    return 0 < voters < MIN_ANSWERS


def _theme_support(theme_id: str, label: str, dots: int, rows: list[GroupSupport]) -> ThemeSupport:
    answers = {row.group: row.answers for row in rows}
    return ThemeSupport(
        theme_id=theme_id,
        label=label,
        dots=dots,
        supporters=sum(row.supporters for row in rows),
        groups=rows,
        consensus=consensus(answers),
        dividing=dividing(answers),
    )


def _group(state: RoomState, participant_id: str) -> str:
    participant = state.participants.get(participant_id)
    return participant.group if participant else ""


def _groups(state: RoomState, voter_groups: Iterable[str]) -> list[str]:
    """The workshop's groups, then any other group a voter of the round has."""
    seen = dict.fromkeys(state.groups)
    seen.update(dict.fromkeys(voter_groups))
    return list(seen)
