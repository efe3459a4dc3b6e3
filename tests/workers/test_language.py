from __future__ import annotations

import pytest

from workers.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("meer fietspaden aanleggen in de gemeente", "nl"),
        ("plus de pistes cyclables dans la commune", "fr"),
        ("more bike lanes in the town centre", "en"),
        ("we need a new playground near the school", "en"),
    ],
)
def test_detects_dutch_french_and_english(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize("text", ["", "123 456", "!!!"])
def test_text_without_words_gets_the_default(text: str) -> None:
    assert detect_language(text, default="fr") == "fr"
