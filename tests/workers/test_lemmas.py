from __future__ import annotations

from collections import Counter

import pytest

from workers.lemmas import fold, key, spelling


def test_rules_compare_lemmas_without_case_or_accents() -> None:
    assert key("Regionale", "nl") == key("regionaal", "nl")
    assert fold("Één") == fold("eén") == "een"
    assert key("deelgemeenten", "nl") == "deelgemeente"


@pytest.mark.parametrize(
    ("forms", "shown"),
    [
        ({"eén": 3}, "één"),
        ({"ideeen": 2, "ideeën": 1}, "ideeën"),
        ({"regionale": 2, "regionaal": 1}, "regionale"),
    ],
)
def test_the_spelling_shown_keeps_accents(forms: dict[str, int], shown: str) -> None:
    assert spelling(Counter(forms), "nl") == shown
