from __future__ import annotations

import numpy as np
import pytest

from workers.label import NO_CONTEXT, LabelContext, describe, words


def test_stop_words_of_all_three_languages_are_dropped() -> None:
    assert words("Meer fietspaden voor de school, plus de pistes pour the kids") == [
        "fietspaden", "school", "pistes", "kids"
    ]


def test_keywords_are_distinctive_for_their_theme() -> None:
    themes = [
        ["fietspaden aanleggen", "veilige fietspaden", "fietspaden aan school"],
        ["lagere belastingen", "belastingen verlagen", "school belastingen"],
    ]
    vectors = [np.eye(3, dtype=np.float32), np.eye(3, dtype=np.float32)]
    bikes, taxes = describe(themes, vectors)
    assert bikes.keywords[0] == "fietspaden"
    assert taxes.keywords[0] == "belastingen"
    assert bikes.label.startswith("fietspaden · ")


def test_the_representative_is_nearest_the_centre() -> None:
    rows = np.array([[1, 0], [0.8, 0.6], [0.6, 0.8]], dtype=np.float32)
    (found,) = describe([["a b", "c d", "e f"]], [rows])
    assert found.representative == 1


def test_mismatched_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="one list of texts"):
        describe([["a"]], [])


def _labels(
    themes: list[list[str]], context: LabelContext = NO_CONTEXT, round_texts: tuple[str, ...] = ()
) -> list[str]:
    vectors = [np.ones((len(theme), 1), dtype=np.float32) for theme in themes]
    return [found.label for found in describe(themes, vectors, context, round_texts)]


def _label_words(label: str) -> set[str]:
    return set(label.split(" · "))


SPORT = ["een nieuwe sporthal", "de sporthal renoveren", "zwembad en sporthal"]
TAXES = ["lagere belastingen", "belastingen verlagen", "geen nieuwe taksen"]


def test_a_word_of_the_prompt_never_labels() -> None:
    context = LabelContext("nl", "Wat wil je voor de sporthal?")
    sport, _ = _labels([SPORT, TAXES], context)
    assert "sporthal" not in _label_words(sport)
    assert "zwembad" in _label_words(sport)


def test_a_background_word_never_labels_from_forty_ideas_on() -> None:
    themes = [[*SPORT[:2], "de gemeente en de sporthal"], ["gemeente belastingen", *TAXES[:2]]]
    others = [f"cultuur in de gemeente {n}" for n in range(10)] + [f"cultuur {n}" for n in range(24)]
    room = (*others, *(text for theme in themes for text in theme))
    assert len(room) == 40  # "gemeente" in 12 of them: over a quarter
    labels = _labels(themes, NO_CONTEXT, room)
    assert all("gemeente" not in _label_words(label) for label in labels)
    assert "gemeente" in " ".join(_labels(themes))  # a small round has no background


def test_a_french_idea_never_labels_a_theme_with_dutch_ideas() -> None:
    (label,) = _labels([["meer fietspaden naar school", "veilige fietspaden", "nous voulons des pistes cyclables"]])
    assert _label_words(label) == {"fietspaden", "school", "veilige"}


def test_a_theme_without_ideas_in_the_workshop_language_is_labelled_from_its_own() -> None:
    (label,) = _labels([["des pistes cyclables sûres", "plus de pistes cyclables"]])
    assert "pistes" in _label_words(label)


@pytest.mark.parametrize("filler", ["mee", "eigen", "hele", "alle", "dezelfde"])
def test_a_filler_word_never_labels(filler: str) -> None:
    theme = [f"{filler} kinderopvang", f"{filler} opvang voor baby's", f"kinderopvang {filler}"]
    labels = _labels([theme, TAXES])
    assert filler not in _label_words(labels[0])


def test_accents_are_kept_as_the_lemmatiser_spells_them() -> None:
    (label, _) = _labels([["een café in het dorp", "het cafe blijft open", "café en terras"], TAXES])
    assert label.startswith("café")


def test_forms_of_one_lemma_are_one_keyword() -> None:
    (found, _) = describe(
        [["regionaal busvervoer", "regionale samenwerking", "een regionale bus"], TAXES],
        [np.ones((3, 1)), np.ones((3, 1))],
    )
    assert [k for k in found.keywords if k.startswith("regiona")] == ["regionale"]


def test_nouns_come_before_adjectives_and_verbs() -> None:
    (label, _) = _labels([["gezamenlijke projecten bundelen", "gezamenlijk project", "projecten bundelen"], TAXES])
    assert label.startswith("projecten")
