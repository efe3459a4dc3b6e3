from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from workers.embed import Embedder
from workers.pipeline import (
    IdeaRecord,
    Result,
    ThemeRecord,
    assign_new,
    recluster,
    split,
)

TOPICS = {
    "bikes": [
        "meer fietspaden aanleggen",
        "veilige fietsroutes naar school",
        "een overdekte fietsenstalling aan het station",
        "fietsstraten in het centrum",
        "more bike lanes near the school",
    ],
    "taxes": [
        "belastingen verlagen voor bedrijven",
        "lagere gemeentebelasting voor gezinnen",
        "minder taksen voor kleine handelaars",
        "moins d'impôts pour les entreprises",
        "de belastingen eerlijker verdelen",
    ],
    "trees": [
        "meer bomen in de straten",
        "een groot park met veel groen",
        "bloemen en planten op de pleinen",
        "plus d'arbres et d'espaces verts",
        "een stadsbos aanplanten",
    ],
}


@pytest.fixture(scope="module")
def room(embedder: Embedder) -> list[IdeaRecord]:
    texts = [(topic, text) for topic, texts in TOPICS.items() for text in texts]
    vectors = embedder.encode([text for _, text in texts])
    return [IdeaRecord(f"{topic}{n}", text, vectors[n]) for n, (topic, text) in enumerate(texts)]


def _with(ideas: list[IdeaRecord], result: Result, **placed: str | None) -> list[IdeaRecord]:
    """The room after a result, as the fold hands it back; `placed` marks facilitator moves."""
    found = result.assignments()
    return [
        replace(idea, theme_id=placed.get(idea.id, found.get(idea.id)), placed=idea.id in placed)
        for idea in ideas
    ]


def _theme_of(result: Result, idea_id: str) -> str | None:
    return result.assignments()[idea_id]


def test_recluster_finds_the_topics_without_being_told(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    result = recluster(room, [], new_id)
    assert len(result.themes) == 3
    for topic in TOPICS:
        members = {idea.id for idea in room if idea.id.startswith(topic)}
        assert any(set(theme.members) == members for theme in result.themes)


def test_theme_ids_are_stable_across_reclusterings(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    first = recluster(room, [], new_id)
    second = recluster(_with(room, first), [], new_id)
    assert {t.id: set(t.members) for t in second.themes} == {t.id: set(t.members) for t in first.themes}


def test_a_placed_idea_stays_where_the_facilitator_put_it(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    first = recluster(room, [], new_id)
    trees = _theme_of(first, "trees10")
    moved = _with(room, first, bikes0=trees, taxes5=None)
    for _ in range(2):
        result = recluster(moved, [], new_id)
        assert _theme_of(result, "bikes0") == trees
        assert "taxes5" in result.unassigned
        moved = _with(moved, result, bikes0=trees, taxes5=None)


def test_a_theme_holding_a_placed_idea_is_kept_even_if_small(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    first = recluster(room, [], new_id)
    result = recluster(_with(room, first, bikes0="mine"), [], new_id)
    assert [theme.members for theme in result.themes if theme.id == "mine"] == [("bikes0",)]
    assert _theme_of(result, "bikes1") == _theme_of(first, "bikes1")


def test_a_pinned_theme_keeps_exactly_its_members(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    odd = {"bikes0", "taxes5", "trees10"}
    pinned = [replace(idea, theme_id="pin" if idea.id in odd else None) for idea in room]
    themes = [ThemeRecord("pin", pinned=True)]
    for _ in range(2):
        result = recluster(pinned, themes, new_id)
        assert {t.id: set(t.members) for t in result.themes}["pin"] == odd
        pinned = _with(pinned, result)


def test_a_renamed_label_survives_and_keywords_are_still_computed(
    room: list[IdeaRecord], new_id: Callable[[], str]
) -> None:
    first = recluster(room, [], new_id)
    bikes = _theme_of(first, "bikes0")
    assert bikes is not None
    result = recluster(_with(room, first), [ThemeRecord(bikes, label="Fietsen")], new_id)
    theme = next(theme for theme in result.themes if theme.id == bikes)
    assert theme.label == "Fietsen"
    assert theme.keywords


def test_labels_are_keywords_from_the_original_text(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    result = recluster(room, [], new_id)
    taxes = next(theme for theme in result.themes if "taxes5" in theme.members)
    assert "belastingen" in taxes.keywords
    assert taxes.label == "Belastingen"
    assert taxes.representative in TOPICS["taxes"]


def test_forced_number_of_themes(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    assert len(recluster(room, [], new_id, k=2).themes) == 2


def test_fewer_or_more_themes_count_the_whole_board_and_keep_touched_themes_whole(
    room: list[IdeaRecord], new_id: Callable[[], str]
) -> None:
    """The board's fewer / more: `k` is the number of themes the board shows afterwards, and
    a theme the facilitator touched keeps its members, as in an automatic run (a plain
    re-clustering would take this odd mix apart)."""
    first = recluster(room, [], new_id, k=3)
    mixed = {"taxes5", "trees10"}
    board = [replace(idea, theme_id="mix") if idea.id in mixed else idea for idea in _with(room, first)]
    touched = [ThemeRecord("mix", label="Gemengd", touched=True)]
    for k in (3, 4):
        result = recluster(board, touched, new_id, k=k)
        assert len(result.themes) == k
        assert {m for t in result.themes if t.id == "mix" for m in t.members} == mixed
    assert _theme_of(recluster(board, touched, new_id), "taxes5") != "mix"


def test_split_gives_two_themes_and_one_keeps_the_id(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    lumped = [replace(idea, theme_id="lump" if idea.id[0] == "b" else "other") for idea in room]
    result = split(lumped, [], "lump", new_id)
    bikes = {"bikes0", "bikes1", "bikes2", "bikes3", "bikes4"}
    parts = [theme for theme in result.themes if set(theme.members) & bikes]
    assert len(parts) >= 2
    assert "lump" in {theme.id for theme in parts}
    assert {t.id: set(t.members) for t in result.themes}["other"] == {i.id for i in room if i.id[0] == "t"}


def test_split_of_a_single_idea_is_refused(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    with pytest.raises(ValueError, match="needs two"):
        split([replace(room[0], theme_id="solo")], [], "solo", new_id)


def test_fast_path_joins_the_nearest_theme(
    room: list[IdeaRecord], embedder: Embedder, new_id: Callable[[], str]
) -> None:
    current = _with(room, recluster(room, [], new_id))
    bikes = next(idea.theme_id for idea in current if idea.id == "bikes0")
    (vector,) = embedder.encode(["een fietspad langs de schoolroute"])
    fresh = IdeaRecord("fresh", "een fietspad langs de schoolroute", vector)
    assert assign_new([*current, fresh], [fresh]) == {"fresh": bikes}


def test_fast_path_leaves_a_far_idea_unassigned(
    room: list[IdeaRecord], embedder: Embedder, new_id: Callable[[], str]
) -> None:
    current = _with(room, recluster(room, [], new_id))
    (vector,) = embedder.encode(["de wifi in het gemeentehuis werkt niet"])
    far = IdeaRecord("far", "de wifi in het gemeentehuis werkt niet", vector)
    assert assign_new(current, [far]) == {"far": None}


def test_fast_path_without_themes_leaves_ideas_unassigned(room: list[IdeaRecord]) -> None:
    assert assign_new(room[1:], [room[0]]) == {room[0].id: None}


def test_split_keeps_placed_ideas_under_the_old_id(room: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    lumped = [
        replace(idea, theme_id="lump", placed=idea.id == "taxes5") if idea.id[0] in "bt" else idea for idea in room[:10]
    ]
    result = split(lumped, [], "lump", new_id)
    assert _theme_of(result, "taxes5") == "lump"
    assert len({_theme_of(result, idea.id) for idea in lumped}) >= 2


def test_an_empty_round_has_no_themes(new_id: Callable[[], str]) -> None:
    assert recluster([], [], new_id) == Result(themes=(), unassigned=())
