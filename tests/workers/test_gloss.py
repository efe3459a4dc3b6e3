from __future__ import annotations

import pytest

from tests.workers.conftest import cosine
from workers.embed import Embedder
from workers.gloss import Gloss


def test_dutch_bike_paths_end_nearer_safe_cycle_routes_than_taxes(embedder: Embedder) -> None:
    bikes, routes, taxes = embedder.encode(
        ["meer fietspaden aanleggen", "veilige fietsroutes naar school", "belastingen verlagen voor bedrijven"]
    )
    assert cosine(bikes, routes) > cosine(bikes, taxes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gaat het regenen vandaag?", "rain"),
        ("meer fietspaden aanleggen", "bike"),
        ("Plus de pistes cyclables près des écoles", "school"),
        ("Het OCMW moet betaalbare woningen bouwen", "social welfare"),
    ],
)
def test_dutch_and_french_words_become_english(gloss: Gloss, text: str, expected: str) -> None:
    assert expected in gloss(text)


def test_the_most_common_english_sense_wins_over_the_first(gloss: Gloss) -> None:
    assert gloss("een nieuwe woning") == "new housing"


@pytest.mark.parametrize("text", ["More bike lanes near the school, please", "Lower taxes for small shops"])
def test_english_is_left_alone(gloss: Gloss, text: str) -> None:
    assert gloss(text) == text


def test_unknown_words_and_names_are_kept(gloss: Gloss) -> None:
    assert "zwijnaarde" in gloss("een fietsbrug in Zwijnaarde")


def test_a_mixed_room_clusters_by_meaning_not_language(embedder: Embedder) -> None:
    texts = ["veilige fietspaden naar school", "des pistes cyclables sûres vers l'école",
             "lagere belastingen voor bedrijven"]
    dutch_bikes, french_bikes, dutch_taxes = embedder.encode(texts)
    assert cosine(dutch_bikes, french_bikes) > cosine(dutch_bikes, dutch_taxes)
