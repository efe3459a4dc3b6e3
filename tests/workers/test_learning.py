"""The facilitator's hand teaches the clustering: ideas like the ones moved follow them at
the next automatic re-clustering, past the churn cap (DESIGN §7), and only those."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from workers.embed import Embedder
from workers.pipeline import IdeaRecord, ThemeRecord, assign_new, recluster

WATER = [
    "een waterbuffer tegen overstromingen", "regenwater opvangen bij elk huis", "de beek in het centrum openleggen",
    "overstromingsgebieden langs de rivier", "minder verharding zodat regen kan insijpelen",
    "grachten en beken beter onderhouden", "het grondwater op peil houden", "een regenwaterput verplicht maken",
    "de riolering scheiden van het regenwater", "droogte bestrijden met meer waterbekkens",
]
GREEN = [
    "meer bomen in de straten", "een groot park met veel groen", "bloemen en planten op de pleinen",
    "een stadsbos aanplanten", "geveltuinen in elke straat", "bomen langs de parking",
    "een moestuin voor de buurt", "meer groen op het kerkplein", "een bloemenweide in het park",
    "de oude bomen beschermen",
]
BIKES = [
    "meer fietspaden aanleggen", "veilige fietsroutes naar school", "een overdekte fietsenstalling aan het station",
    "fietsstraten in het centrum", "bredere fietspaden langs de steenweg", "een fietsbrug over de ring",
    "deelfietsen aan elk station", "fietsenrekken aan de scholen", "verlichting op de fietspaden",
    "fietsherstelpunten in elke wijk",
]
MOVED = ["water0", "water1", "water2"]


@pytest.fixture(scope="module")
def lumped(embedder: Embedder) -> list[IdeaRecord]:
    """Water lumped in with the green ideas (theme "nature"), bikes on their own: the
    board as an automatic clustering may leave it."""
    topics = {"water": WATER, "green": GREEN, "bikes": BIKES}
    texts = [(f"{topic}{n}", text, "bikes" if topic == "bikes" else "nature")
             for topic, texts in topics.items() for n, text in enumerate(texts)]
    vectors = embedder.encode([text for _, text, _ in texts])
    return [IdeaRecord(i, text, vectors[n], theme) for n, (i, text, theme) in enumerate(texts)]


def after_moves(ideas: list[IdeaRecord]) -> list[IdeaRecord]:
    """The facilitator moved three water ideas into a new theme of their own."""
    return [replace(idea, theme_id="water", placed=True) if idea.id in MOVED else idea for idea in ideas]


THEMES = [ThemeRecord("nature"), ThemeRecord("bikes"), ThemeRecord("water", label="Water", touched=True)]


def test_three_moved_water_ideas_bring_the_other_seven(lumped: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    result = recluster(after_moves(lumped), THEMES, new_id, automatic=True)
    found = result.assignments()
    assert [i for i in (f"water{n}" for n in range(10)) if found[i] != "water"] == []
    assert all(found[f"green{n}"] != "water" and found[f"bikes{n}"] != "water" for n in range(10))


def test_without_a_move_the_calm_board_keeps_the_lump(lumped: list[IdeaRecord], new_id: Callable[[], str]) -> None:
    """The control: the churn cap (one move of 30 shown ideas) holds the lump together."""
    found = recluster(lumped, THEMES[:2], new_id, automatic=True).assignments()
    assert sum(found[f"water{n}"] == found["green0"] for n in range(10)) >= 8


def test_a_new_idea_like_the_moved_ones_joins_them_on_the_fast_path(
    lumped: list[IdeaRecord], embedder: Embedder
) -> None:
    text = "een bufferbekken voor het regenwater"
    new = IdeaRecord("new", text, embedder.encode([text])[0])
    assert assign_new([*after_moves(lumped), new], [new]) == {"new": "water"}
