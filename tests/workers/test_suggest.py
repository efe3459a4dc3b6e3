"""The board's hints: where an unassigned idea probably belongs, which themes read as one."""

from __future__ import annotations

import numpy as np
import pytest

from workers import suggest
from workers.embed import Embedder
from workers.pipeline import IdeaRecord

WATER = ["Meer drinkwaterfonteinen in het park", "Schoon water in de rivier", "Gratis kraanwater op elke school"]
BIKES = [
    "Veiligere fietspaden naar school", "Meer fietsenstallingen bij het station", "Fietspaden gescheiden van auto's",
]
WATER_EN = [
    "More drinking water fountains in the park", "Clean water in the river", "Free tap water at every school",
    "Refill points for water bottles in the city centre",
]
MORE_WATER_EN = [
    "Drinking fountains at the station", "Tap water instead of bottled water", "Water points along the cycle routes",
]
BIKES_EN = ["Safer bicycle lanes to school", "More bike parking at the station", "Cycle paths separated from cars"]


def room(
    embedder: Embedder, themes: dict[str, list[str]], loose: list[str]
) -> tuple[list[IdeaRecord], dict[str, str | None]]:
    """Ideas in the given themes, and unassigned ones; ids are the texts."""
    texts = [text for members in themes.values() for text in members] + loose
    vectors = embedder.encode(texts)
    ideas = [IdeaRecord(text, text, vector) for text, vector in zip(texts, vectors, strict=True)]
    assigned: dict[str, str | None] = {text: theme for theme, members in themes.items() for text in members}
    return ideas, assigned | dict.fromkeys(loose)


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_an_unassigned_water_idea_is_suggested_the_water_theme(embedder: Embedder) -> None:
    ideas, assigned = room(embedder, {"water": WATER, "fiets": BIKES}, ["Een waterfontein bij de speeltuin"])
    assert suggest.suggestions(ideas, assigned) == {"Een waterfontein bij de speeltuin": "water"}


def test_a_nonsense_idea_gets_no_suggestion(embedder: Embedder) -> None:
    ideas, assigned = room(embedder, {"water": WATER, "fiets": BIKES}, ["zxq blorp fnargle"])
    assert suggest.suggestions(ideas, assigned) == {}


def test_two_themes_of_one_topic_are_offered_as_alike_two_others_not(embedder: Embedder) -> None:
    ideas, assigned = room(embedder, {"water": WATER_EN, "more water": MORE_WATER_EN, "bikes": BIKES_EN}, [])
    assert suggest.alike(ideas, assigned) == [("water", "more water")]


def test_an_idea_put_aside_by_hand_gets_no_suggestion() -> None:
    ideas = [
        IdeaRecord("a", "", unit(1, 0), theme_id="t"),
        IdeaRecord("b", "", unit(1, 0.1), placed=True),
        IdeaRecord("c", "", unit(1, 0.1)),
    ]
    assert suggest.suggestions(ideas, {}) == {"c": "t"}


def test_ideas_the_map_does_not_name_keep_their_theme() -> None:
    ideas = [IdeaRecord("a", "", unit(1, 0), theme_id="t"), IdeaRecord("b", "", unit(1, 0), theme_id="t")]
    assert suggest.suggestions(ideas, {"b": None}) == {"b": "t"}


def test_no_theme_no_suggestion_and_no_pair() -> None:
    ideas = [IdeaRecord("a", "", unit(1, 0))]
    assert suggest.suggestions(ideas, {}) == {}
    assert suggest.alike(ideas, {}) == []


@pytest.mark.parametrize("themes", [2, 3, 8])
def test_alike_offers_each_theme_once_best_first_larger_theme_first(themes: int) -> None:
    """Themes 0 and 1 nearly one, 1 and 2 a little less, every other pair near too: at most
    MAX_ALIKE pairs, no theme twice, the closest pair first, its larger theme first."""
    ideas = [IdeaRecord("big0", "", unit(1, 0, 0)), IdeaRecord("big1", "", unit(1, 0, 0))]
    ideas += [IdeaRecord(f"i{n}", "", unit(1, 0.02 * n, 0.001 * n * n)) for n in range(1, themes)]
    assigned: dict[str, str | None] = {"big0": "t0", "big1": "t0"}
    assigned |= {f"i{n}": f"t{n}" for n in range(1, themes)}
    pairs = suggest.alike(ideas, assigned)
    named = [theme for pair in pairs for theme in pair]
    assert pairs[0] == ("t0", "t1")
    assert len(named) == len(set(named))
    assert len(pairs) == min(suggest.MAX_ALIKE, themes // 2)


def test_themes_far_apart_are_not_alike() -> None:
    ideas = [IdeaRecord("a", "", unit(1, 0)), IdeaRecord("b", "", unit(0, 1))]
    assert suggest.alike(ideas, {"a": "x", "b": "y"}) == []
