"""A calm board in the pure pipeline: touched themes keep their members, an automatic
re-clustering moves few shown ideas, waiting and hidden ideas give no word, headings hold."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from tests.workers.ideas import TOPICS, texts
from workers.churn import budget
from workers.embed import Embedder
from workers.label import words
from workers.pipeline import IdeaRecord, Result, ThemeRecord, recluster, redescribe


@pytest.fixture(scope="module")
def room(embedder: Embedder) -> list[IdeaRecord]:
    return _records("i", texts(12), embedder)


def _records(prefix: str, found: list[str], embedder: Embedder, waiting: bool = False) -> list[IdeaRecord]:
    pairs = enumerate(zip(found, embedder.encode(found), strict=True))
    return [IdeaRecord(f"{prefix}{n}", text, row, waiting=waiting) for n, (text, row) in pairs]


def _after(ideas: list[IdeaRecord], result: Result) -> list[IdeaRecord]:
    found = result.assignments()
    return [replace(idea, theme_id=found.get(idea.id)) for idea in ideas]


def _shown(ideas: list[IdeaRecord]) -> int:
    return sum(1 for idea in ideas if idea.theme_id is not None)


def _shuffled(ideas: list[IdeaRecord], themes: int) -> list[IdeaRecord]:
    """A board that got it all wrong: every idea in a random one of `themes` themes."""
    pick = random.Random(7)
    return [replace(idea, theme_id=f"t{pick.randrange(themes)}") for idea in ideas]


def _moved(before: list[IdeaRecord], result: Result) -> set[str]:
    """Ideas shown in a theme that are elsewhere now (unassigned ideas join freely)."""
    after = result.assignments()
    return {idea.id for idea in before if idea.theme_id is not None and after.get(idea.id) != idea.theme_id}


def test_an_automatic_recluster_moves_at_most_the_cap(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    wrong = _shuffled(room, 4)
    assert len(_moved(wrong, recluster(wrong, [], new_id))) > 10  # asked for, it sorts the board
    calm = recluster(wrong, [], new_id, automatic=True)
    assert 1 <= len(_moved(wrong, calm)) <= budget(len(wrong)) == 2


def test_a_calm_board_still_sorts_itself_over_many_reclusterings(
    room: list[IdeaRecord], new_id: Callable[[], str]
) -> None:
    board = _shuffled(room, 4)
    for _ in range(40):
        result = recluster(board, [], new_id, automatic=True)
        assert len(_moved(board, result)) <= budget(_shown(board))
        board = _after(board, result)
    assert len(_moved(board, recluster(board, [], new_id))) < len(_moved(_shuffled(room, 4), recluster(
        _shuffled(room, 4), [], new_id)))


def test_unassigned_ideas_join_themes_freely(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    result = recluster(room, [], new_id, automatic=True)
    assert len(result.themes) >= 3
    assert len(result.unassigned) < len(room) // 4


@pytest.mark.parametrize("automatic", [True, False])
def test_a_touched_theme_keeps_its_members_in_an_automatic_recluster(
    room: list[IdeaRecord], new_id: Callable[[], str], automatic: bool
) -> None:
    odd = {"i0", "i1", "i6", "i11"}  # two about bikes, one about taxes, one about the counter
    board = [replace(idea, theme_id="mine" if idea.id in odd else None) for idea in room]
    result = recluster(board, [ThemeRecord("mine", touched=True)], new_id, automatic=automatic)
    kept = {theme.id: set(theme.members) for theme in result.themes}.get("mine")
    assert (kept == odd) is automatic  # a recluster the facilitator asks for may re-sort it


def test_a_forced_number_of_themes_is_honoured(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    for k in (2, 4, 6):
        assert len(recluster(room, [], new_id, k=k).themes) == k


def test_waiting_and_hidden_ideas_give_no_word_and_no_representative(
    room: list[IdeaRecord], embedder: Embedder, new_id: Callable[[], str]
) -> None:
    pool = ["een zwembad in de gemeente", "een overdekt zwembad", "het zwembad langer open", "zwemlessen in zee"]
    waiting = _records("w", pool, embedder, waiting=True)
    result = recluster([*room, *waiting], [], new_id)
    pools = [theme for theme in result.themes if set(theme.members) & {idea.id for idea in waiting}]
    assert pools
    for theme in result.themes:
        spoken = {w for text in (theme.label, *theme.keywords) for w in words(text)}
        assert not spoken & {"zwembad", "zwemlessen", "overdekt"}
        assert theme.representative not in pool
    only_waiting = [theme for theme in pools if set(theme.members) <= {idea.id for idea in waiting}]
    assert all(theme.label == "" and theme.representative is None for theme in only_waiting)


def test_redescribe_moves_nobody(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    board = _after(room, recluster(room, [], new_id))
    gone = board[0]
    after = redescribe(board[1:], [])
    assert after.assignments() == {idea.id: idea.theme_id for idea in board[1:]}
    assert all(theme.representative != gone.text for theme in after.themes)


def test_themes_keep_their_display_order(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    board = _after(room, recluster(room, [], new_id))
    order = [theme.id for theme in recluster(board, [], new_id).themes]
    backwards = [ThemeRecord(theme_id) for theme_id in reversed(order)]
    assert [theme.id for theme in recluster(board, backwards, new_id, automatic=True).themes] == order[::-1]


def test_ideas_under_one_heading_land_together(embedder: Embedder, new_id: Callable[[], str]) -> None:
    # a heading "mobility" answered with bike ideas and with counter ideas: one theme
    mixed = [*TOPICS["bikes"][:6], *TOPICS["counter"][:6], *TOPICS["trees"][:6]]
    ideas = [replace(idea, heading="h" if n < 12 else None) for n, idea in enumerate(_records("i", mixed, embedder))]
    found = recluster(ideas, [], new_id).assignments()
    assert len({found[f"i{n}"] for n in range(12)}) == 1
    assert found["i0"] is not None and found["i0"] != found["i12"]
    plain = recluster([replace(idea, heading=None) for idea in ideas], [], new_id).assignments()
    assert len({plain[f"i{n}"] for n in range(12)}) > 1  # without the hint they part


def test_hinted_rows_are_unit_vectors() -> None:
    from workers.headings import hinted

    rows = hinted(np.array([[3.0, 0.0], [0.0, 2.0], [1.0, 1.0]]), ["a", "a", None])
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0)
    assert rows[0] @ rows[1] > 0.5
