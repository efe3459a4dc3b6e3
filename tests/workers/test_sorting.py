"""Unsorted ideas are sorted without a re-clustering: they join the theme their kind is in,
or form a new theme of their own, and nothing shown moves."""

from __future__ import annotations

from itertools import count

import pytest

from tests.workers.ideas import TOPICS
from workers.embed import Embedder
from workers.pipeline import BOARD_CLUSTERER, IdeaRecord
from workers.sorting import sort_unsorted

THEMED = ("bikes", "taxes", "trees")
"""On the board: ten ideas of each; five more of each, and five of "counter", wait unsorted."""


@pytest.fixture(scope="module")
def board(embedder: Embedder) -> list[IdeaRecord]:
    rows = [(f"{topic}{n}", TOPICS[topic][n], topic if topic in THEMED and n < 10 else None)
            for topic in TOPICS for n in range(15 if topic in THEMED else 5)]
    vectors = embedder.encode([text for _, text, _ in rows])
    return [IdeaRecord(i, text, vectors[n], theme) for n, (i, text, theme) in enumerate(rows)]


def _sorted(ideas: list[IdeaRecord]) -> tuple[dict[str, str], list[str]]:
    numbers = count(1)
    found = sort_unsorted(ideas, lambda: f"new{next(numbers)}", BOARD_CLUSTERER)
    return found.assign, [theme.id for theme in found.new_themes]


def test_unsorted_ideas_join_their_kind_and_a_new_kind_forms_a_theme(board: list[IdeaRecord]) -> None:
    assign, new_themes = _sorted(board)
    assert set(assign) <= {idea.id for idea in board if idea.theme_id is None}  # nothing shown moves
    themed = {i: theme for i, theme in assign.items() if theme in THEMED}
    assert len(themed) >= 10 and all(theme == i.rstrip("0123456789") for i, theme in themed.items()), assign
    counters = [i for i in assign if i.startswith("counter")]
    assert len(new_themes) == 1 and len(counters) >= 3, (assign, new_themes)
    assert {assign[i] for i in counters} == set(new_themes), assign


def test_a_full_board_takes_no_new_theme(board: list[IdeaRecord]) -> None:
    numbers = count(1)
    found = sort_unsorted(board, lambda: f"new{next(numbers)}", BOARD_CLUSTERER, most_themes=3)
    assert found.new_themes == ()
    assert set(found.assign.values()) <= set(THEMED)


def test_ideas_put_aside_by_hand_stay_aside(board: list[IdeaRecord]) -> None:
    aside = [IdeaRecord(i.id, i.text, i.vector, i.theme_id, placed=i.theme_id is None) for i in board]
    assert _sorted(aside) == ({}, [])


def test_an_idea_far_from_every_theme_stays_unassigned(board: list[IdeaRecord]) -> None:
    assign, _ = _sorted([*[i for i in board if i.theme_id], *[i for i in board if i.id == "counter4"]])
    assert assign == {}
