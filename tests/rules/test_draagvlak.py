from __future__ import annotations

import pytest

from cocreatie.models.state import RoomState, RoundState
from cocreatie.rules.draagvlak import Rules, breadth, round_draagvlak
from tests.scripted_workshop import GROUPS, expected_support, scripted, theme_id


def _round(state: RoomState, round_id: str) -> RoundState:
    round_state = state.round(round_id)
    assert round_state is not None
    return round_state


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
        for row in theme.groups:
            assert row.voters == truth.voters[row.group]
            assert row.supporters == truth.supporters[row.group]
            assert row.share == pytest.approx(truth.share(row.group))
            assert row.ideas == truth.ideas[row.group]
            assert row.qualifies is (truth.voters[row.group] >= 3)
        assert theme.breadth == pytest.approx(truth.breadth())


def test_the_scripted_vision_round_reads_as_designed() -> None:
    state = scripted().state
    result = round_draagvlak(state, _round(state, "r1"))
    themes = {theme.theme_id: theme for theme in result.themes}
    assert result.group_voters == {"politiek": 4, "administratie": 5, "burger": 6, "partner": 2}
    assert result.qualifying == ["politiek", "administratie", "burger"]
    assert themes[theme_id("dienst")].common_ground
    assert themes[theme_id("mob")].dividing and themes[theme_id("mob")].breadth == 0.0
    assert themes[theme_id("cult")].dividing
    assert not themes[theme_id("groen")].common_ground and not themes[theme_id("groen")].dividing
    assert [t.theme_id for t in result.themes][:2] == [theme_id("dienst"), theme_id("mob")]


def test_hidden_ideas_count_only_when_asked() -> None:
    state = scripted().state
    round_state = _round(state, "r1")

    def burger_ideas(include_hidden: bool) -> int:
        result = round_draagvlak(state, round_state, include_hidden=include_hidden)
        theme = next(t for t in result.themes if t.theme_id == theme_id("dienst"))
        return next(row.ideas for row in theme.groups if row.group == "burger")

    assert (burger_ideas(False), burger_ideas(True)) == (1, 2)


def test_a_higher_minimum_leaves_fewer_groups_and_no_flags() -> None:
    state = scripted().state
    result = round_draagvlak(state, _round(state, "r1"), rules=Rules(min_voters=6))
    assert result.qualifying == ["burger"]
    assert not any(theme.common_ground or theme.dividing for theme in result.themes)


@pytest.mark.parametrize(
    ("shares", "value"),
    [
        ([], None),
        ([0.5], 0.5),
        ([0.8, 0.8, 0.8], 0.8),
        ([0.9, 0.9, 0.9, 0.1], 4 / (3 / 0.9 + 10)),
        ([0.9, 0.0, 0.7], 0.0),
    ],
)
def test_breadth_is_the_harmonic_mean_of_the_shares(
    shares: list[float], value: float | None
) -> None:
    assert breadth(shares) == pytest.approx(value)


def test_breadth_stays_low_when_one_group_lags() -> None:
    lagging = breadth([0.9, 0.9, 0.9, 0.1])
    assert lagging is not None and lagging < 0.35
