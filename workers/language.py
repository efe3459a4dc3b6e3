"""Which language an idea is written in: Dutch, French or English (simplemma's detector)."""

from __future__ import annotations

from typing import Literal

import simplemma

Language = Literal["nl", "fr", "en"]
LANGUAGES: tuple[Language, ...] = ("nl", "fr", "en")


def detect_language(text: str, default: Language = "nl") -> Language:
    """The most likely of nl/fr/en; `default` when no word is recognised or it is a tie."""
    scores = simplemma.langdetect(text, lang=LANGUAGES)
    ranked = [(score, lang) for lang, score in scores if lang in LANGUAGES]
    if not ranked:
        return default
    ranked.sort(reverse=True)
    best_score, best = ranked[0]
    tied = {lang for score, lang in ranked if score == best_score}
    if best_score <= 0 or default in tied:
        return default
    return best
