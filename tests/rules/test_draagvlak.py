from __future__ import annotations

import math

import pytest

from cocreatie.models.state import RoomState, RoundState
from cocreatie.rules.draagvlak import RoundDraagvlak, ThemeSupport, round_draagvlak
from tests.dot_workshop import dot_workshop, theme_label
from tests.scripted_workshop import GROUPS, expected_support, scripted, theme_id


def _round(state: RoomState, round_id: str) -> RoundState:
    round_state = state.round(round_id)
    assert round_state is not None
    return round_state


def _theme(result: RoundDraagvlak, label: str) -> ThemeSupport:
    return next(theme for theme in result.themes if theme.label == label)


@pytest.mark.parametrize("round_id", ["r1", "r2"])
def test_every_number_matches_a_count_from_the_script(round_id: str) -> None:
    state = scripted().state
    result = round_draagvlak(state, _round(state, round_id))
    expected = expected_support()[round_id]
    assert {theme.theme_id for theme in result.themes} == set(expected)
    for theme in result.themes:
        truth = expected[theme.theme_id]
        assert (theme.label, theme.dots) == (truth.label, truth.dots)
        assert [row.group for row in theme.groups] == list(GROUPS)
        estimates = {}
        for row in theme.groups:
            voters, supporters = truth.voters[row.group], truth.supporters[row.group]
            assert (row.voters, row.supporters) == (voters, supporters)
            assert row.too_small is (0 < voters < 3)
            if voters:
                estimates[row.group] = (supporters + 1) / (voters + 2)
                assert row.support == pytest.approx(estimates[row.group])
            else:
                assert row.support is None
        assert theme.consensus is not None
        assert theme.consensus.product == pytest.approx(math.prod(estimates.values()))
        assert theme.consensus.geometric_mean == pytest.approx(
            math.prod(estimates.values()) ** (1 / len(estimates)))
        assert theme.consensus.weakest_group == min(sorted(estimates), key=estimates.__getitem__)


def test_the_scripted_vision_round_reads_as_designed() -> None:
    state = scripted().state
    result = round_draagvlak(state, _round(state, "r1"))
    themes = {theme.theme_id: theme for theme in result.themes}
    assert result.group_voters == {"politiek": 4, "administratie": 5, "burger": 6, "partner": 2}
    assert result.too_small == ["partner"]
    assert themes[theme_id("mob")].dividing and themes[theme_id("cult")].dividing
    assert not themes[theme_id("dienst")].dividing and not themes[theme_id("groen")].dividing
    mobility = themes[theme_id("mob")].consensus
    assert mobility is not None and mobility.weakest_group == "politiek"
    assert [t.theme_id for t in result.themes][:2] == [theme_id("dienst"), theme_id("mob")]


def test_a_group_without_voters_is_empty_not_too_small() -> None:
    state = scripted().state
    result = round_draagvlak(state, _round(state, "r2"))
    assert result.group_voters["partner"] == 0
    assert result.too_small == ["administratie"]
    for theme in result.themes:
        partner = next(row for row in theme.groups if row.group == "partner")
        assert (partner.support, partner.too_small) == (None, False)


def test_two_voters_per_group_still_give_support_and_a_consensus() -> None:
    state = dot_workshop(2, {"politiek": [[0], [0, 1]], "burger": [[0], [1]], "partner": [[1], [1]]})
    result = round_draagvlak(state, state.rounds[0])
    assert result.too_small == ["politiek", "burger", "partner"]
    first = _theme(result, theme_label(0))
    assert [(row.supporters, row.voters, row.support) for row in first.groups] == [
        (2, 2, 0.75), (1, 2, 0.5), (0, 2, 0.25)]
    assert all(row.too_small for row in first.groups)
    assert first.consensus is not None
    assert first.consensus.product == pytest.approx(0.75 * 0.5 * 0.25)
    assert first.consensus.weakest_group == "partner"
    assert not first.dividing


def test_a_theme_one_group_carries_and_another_does_not_is_dividing() -> None:
    everyone = [[0, 1]] * 5
    state = dot_workshop(2, {"politiek": [[1]] * 5, "burger": everyone, "partner": everyone})
    result = round_draagvlak(state, state.rounds[0])
    assert _theme(result, theme_label(0)).dividing
    assert not _theme(result, theme_label(1)).dividing


def test_a_small_group_takes_no_part_in_the_dividing_test() -> None:
    """Politiek gives theme 1 nothing, but with two voters it cannot make the theme dividing."""
    everyone = [[0, 1]] * 5
    state = dot_workshop(2, {"politiek": [[1], [1]], "burger": everyone, "partner": everyone})
    result = round_draagvlak(state, state.rounds[0])
    first = _theme(result, theme_label(0))
    assert not first.dividing
    assert first.consensus is not None and first.consensus.weakest_group == "politiek"


def test_no_votes_no_consensus() -> None:
    state = dot_workshop(2, {"politiek": [], "burger": []})
    result = round_draagvlak(state, state.rounds[0])
    assert result.voters == 0 and result.too_small == []
    assert all(theme.consensus is None and not theme.dividing for theme in result.themes)


def test_themes_are_ordered_by_dots_then_consensus() -> None:
    state = dot_workshop(3, {"politiek": [[0, 1], [0, 1], [2]], "burger": [[1], [1], [0, 2]]})
    result = round_draagvlak(state, state.rounds[0])
    assert [theme.label for theme in result.themes] == [theme_label(1), theme_label(0), theme_label(2)]
