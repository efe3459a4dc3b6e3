"""Draagvlak: how broadly each theme of a round is supported across stakeholder groups.

See docs/draagvlak.md for the definitions and why they were chosen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from cocreatie.models.state import RoomState, RoundState
from cocreatie.rules.votes import counted_ballots, tally


class Rules(BaseModel):
    """The thresholds behind the flags; printed in the report's method appendix."""

    model_config = ConfigDict(frozen=True)

    min_voters: int = Field(default=3, ge=1)
    carried: float = Field(default=0.5, ge=0, le=1)
    weak: float = Field(default=0.2, ge=0, le=1)


class GroupSupport(BaseModel):
    """One stakeholder group's support for one theme."""

    group: str
    voters: int
    supporters: int
    share: float | None
    ideas: int
    qualifies: bool


class ThemeSupport(BaseModel):
    theme_id: str
    label: str
    dots: int
    supporters: int
    groups: list[GroupSupport]
    breadth: float | None
    common_ground: bool
    dividing: bool


class RoundDraagvlak(BaseModel):
    round_id: str
    voters: int
    group_voters: dict[str, int]
    qualifying: list[str]
    themes: list[ThemeSupport]
    rules: Rules


DEFAULT_RULES = Rules()


def round_draagvlak(
    state: RoomState,
    round_state: RoundState,
    *,
    include_hidden: bool = False,
    rules: Rules = DEFAULT_RULES,
) -> RoundDraagvlak:
    """Support per theme and group; themes ordered by dots, then breadth, then label."""
    ballots = counted_ballots(round_state)
    group_of = {pid: _group(state, pid) for pid in ballots}
    groups = _groups(state, round_state, group_of.values(), include_hidden)
    voters = Counter(group_of.values())
    group_voters = {group: voters[group] for group in groups}
    qualifying = [g for g in groups if group_voters[g] >= rules.min_voters]
    ideas = _ideas_per_theme_and_group(state, round_state, include_hidden)
    dots = tally(round_state)
    themes = []
    for theme_id, theme in round_state.themes.items():
        backers = Counter(group_of[pid] for pid, ballot in ballots.items() if theme_id in ballot)
        rows = [
            GroupSupport(
                group=group,
                voters=group_voters[group],
                supporters=backers[group],
                share=backers[group] / group_voters[group] if group_voters[group] else None,
                ideas=ideas[theme_id, group],
                qualifies=group in qualifying,
            )
            for group in groups
        ]
        themes.append(_theme_support(theme_id, theme.label, dots[theme_id], rows, rules))
    themes.sort(key=lambda t: (-t.dots, -(t.breadth or 0.0), t.label.casefold()))
    return RoundDraagvlak(
        round_id=round_state.id,
        voters=len(ballots),
        group_voters=group_voters,
        qualifying=qualifying,
        themes=themes,
        rules=rules,
    )


def breadth(shares: list[float]) -> float | None:
    """Harmonic mean of the qualifying groups' shares: 0 if any group gives nothing."""
    if not shares:
        return None
    if min(shares) == 0:
        return 0.0
    return len(shares) / sum(1 / share for share in shares)


def _theme_support(
    theme_id: str, label: str, dots: int, rows: list[GroupSupport], rules: Rules
) -> ThemeSupport:
    shares = [row.share for row in rows if row.qualifies and row.share is not None]
    broad = len(shares) >= 2
    return ThemeSupport(
        theme_id=theme_id,
        label=label,
        dots=dots,
        supporters=sum(row.supporters for row in rows),
        groups=rows,
        breadth=breadth(shares),
        common_ground=broad and min(shares) >= rules.carried,
        dividing=broad and max(shares) >= rules.carried and min(shares) < rules.weak,
    )


def _group(state: RoomState, participant_id: str) -> str:
    participant = state.participants.get(participant_id)
    return participant.group if participant else ""


def _groups(
    state: RoomState, round_state: RoundState, voter_groups: Iterable[str], include_hidden: bool
) -> list[str]:
    """The workshop's groups, then any other group a voter or an idea of the round has."""
    seen = dict.fromkeys(state.groups)
    seen.update(dict.fromkeys(voter_groups))
    seen.update(
        dict.fromkeys(
            idea.group
            for idea in state.ideas.values()
            if idea.round_id == round_state.id and (include_hidden or not idea.hidden)
        )
    )
    return list(seen)


def _ideas_per_theme_and_group(
    state: RoomState, round_state: RoundState, include_hidden: bool
) -> Counter[tuple[str | None, str]]:
    return Counter(
        (idea.theme_id, idea.group)
        for idea in state.ideas.values()
        if idea.round_id == round_state.id and (include_hidden or not idea.hidden)
    )
