from __future__ import annotations

import numpy as np
import pytest

from workers.label import NO_CONTEXT, LabelContext, describe, words
from workers.lemmas import tokens


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
    assert bikes.label == "Fietspaden"


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


def _shown(
    themes: list[list[str]], context: LabelContext = NO_CONTEXT, round_texts: tuple[str, ...] = ()
) -> list[set[str]]:
    """Per theme the words of its label and its keywords (the board shows both)."""
    vectors = [np.ones((len(theme), 1), dtype=np.float32) for theme in themes]
    found = describe(themes, vectors, context, round_texts)
    return [set(tokens(one.label)) | set(one.keywords) for one in found]


SPORT = ["een nieuwe sporthal", "de sporthal renoveren", "zwembad en sporthal"]
TAXES = ["lagere belastingen", "belastingen verlagen", "geen nieuwe taksen"]


def test_a_word_of_the_prompt_never_labels() -> None:
    context = LabelContext("nl", "Wat wil je voor de sporthal?")
    sport, _ = _shown([SPORT, TAXES], context)
    assert "sporthal" not in sport
    assert "zwembad" in sport


def test_a_background_word_never_labels_from_forty_ideas_on() -> None:
    themes = [[*SPORT[:2], "de gemeente en de sporthal"], ["gemeente belastingen", *TAXES[:2]]]
    others = [f"cultuur in de gemeente {n}" for n in range(10)] + [f"cultuur {n}" for n in range(24)]
    room = (*others, *(text for theme in themes for text in theme))
    assert len(room) == 40  # "gemeente" in 12 of them: over a quarter
    assert all("gemeente" not in shown for shown in _shown(themes, NO_CONTEXT, room))
    assert any("gemeente" in shown for shown in _shown(themes))  # a small round has no background


def test_a_french_idea_never_labels_a_theme_with_dutch_ideas() -> None:
    (shown,) = _shown([["meer fietspaden naar school", "veilige fietspaden", "nous voulons des pistes cyclables"]])
    assert shown == {"fietspaden", "school", "veilige"}


def test_a_theme_without_ideas_in_the_workshop_language_is_labelled_from_its_own() -> None:
    (label,) = _labels([["des pistes cyclables sûres", "plus de pistes cyclables"]])
    assert "pistes" in label.casefold()


@pytest.mark.parametrize("filler", ["mee", "eigen", "hele", "alle", "dezelfde"])
def test_a_filler_word_never_labels(filler: str) -> None:
    theme = [f"{filler} kinderopvang", f"{filler} opvang voor baby's", f"kinderopvang {filler}"]
    assert filler not in _shown([theme, TAXES])[0]


def test_accents_are_kept_as_the_lemmatiser_spells_them() -> None:
    (label, _) = _labels([["een café in het dorp", "het cafe blijft open", "café en terras"], TAXES])
    assert label == "Café"


def test_forms_of_one_lemma_are_one_keyword() -> None:
    (found, _) = describe(
        [["regionaal busvervoer", "regionale samenwerking", "een regionale bus"], TAXES],
        [np.ones((3, 1)), np.ones((3, 1))],
    )
    assert [k for k in found.keywords if k.startswith("regiona")] == ["regionale"]


def test_nouns_come_before_adjectives_and_verbs() -> None:
    (found, _) = describe(
        [["projecten bundelen", "gezamenlijk project", "projecten samen bundelen"], TAXES],
        [np.ones((3, 1)), np.ones((3, 1))],
    )
    assert found.label == "Projecten"
    assert found.keywords.index("projecten") < found.keywords.index("gezamenlijk")


def test_an_adjective_and_noun_written_together_label_as_one_phrase() -> None:
    (label, _) = _labels([["meer openbaar vervoer", "openbaar vervoer naar de stad", "vervoer voor senioren"], TAXES])
    assert label == "Openbaar vervoer"


def test_a_phrase_written_once_is_no_label() -> None:
    (label, _) = _labels([["meer openbaar vervoer", "vervoer naar de stad", "vervoer voor senioren"], TAXES])
    assert label == "Vervoer"


def test_a_phrase_never_holds_a_word_of_the_prompt() -> None:
    context = LabelContext("nl", "Hoe wordt onze gemeente digitaal?")
    ideas = ["digitale hulp voor senioren", "digitale hulp in de bib", "hulp bij formulieren"]
    (label, _) = _labels([ideas, TAXES], context)
    assert label == "Hulp"
