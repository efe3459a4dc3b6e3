from __future__ import annotations

import numpy as np
import pytest

from workers.label import describe, words


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
