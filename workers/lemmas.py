"""Words as the label rules compare them: lemmas, ignoring case and accents (DESIGN §7).

simplemma gives the lemma (regionale → regionaal, loketten → loket); `fold` drops case,
accents and simplemma's compound marks (deel_gemeente → deelgemeente), so "eén", "één"
and "een" are one word to the rules. What a board shows is a form as the ideas wrote it:
`spelling` picks it, trusting accents a lemmatiser or the ideas agree on.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import simplemma

from workers.language import Language, detect_language

_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]{2,}", re.UNICODE)


def tokens(text: str) -> list[str]:
    """The lower-cased words of at least two letters, as written."""
    return [match.lower() for match in _WORD.findall(text)]


def fold(word: str) -> str:
    """Lower case, no accents, no compound marks: the form rules compare."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("_", ""))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=200_000)
def lemma(word: str, language: Language) -> str:
    """simplemma's lemma, lower case, its compound marks removed."""
    return simplemma.lemmatize(word, lang=language).lower().replace("_", "")


def key(word: str, language: Language) -> str:
    """The word as the label rules see it: its folded lemma."""
    return fold(lemma(word, language))


@lru_cache(maxsize=50_000)
def language_of(text: str, default: Language) -> Language:
    """An idea's language; cached because every re-description reads the whole round."""
    return detect_language(text, default)


def keys(texts: Iterable[str], language: Language) -> set[str]:
    """Every folded lemma of some texts, each word also folded as written (a prompt's
    "fusies" bans "fusie" and "fusies")."""
    found: set[str] = set()
    for text in texts:
        for word in tokens(text):
            found |= {key(word, language), fold(word)}
    return found


def _accents(word: str) -> int:
    return sum(1 for char in unicodedata.normalize("NFKD", word) if unicodedata.combining(char))


def spelling(forms: Counter[str], language: Language) -> str:
    """The form to show for one lemma's surface forms.

    The most frequent spelling (accents aside) wins; among its accent variants the
    lemmatiser's accented spelling (eén → één), else the one with the most accents, then
    the most frequent: a missing accent is a likelier slip than an extra one.
    """
    if not forms:
        raise ValueError("a word without forms has no spelling")
    variants: dict[str, Counter[str]] = {}
    for form, count in forms.items():
        variants.setdefault(fold(form), Counter())[form] += count
    folded, chosen = max(variants.items(), key=lambda item: (item[1].total(), item[0]))
    trusted = {lemma(form, language) for form in chosen} - {folded}
    trusted = {form for form in trusted if fold(form) == folded}
    if trusted:
        return max(trusted, key=lambda form: (chosen[form], _accents(form), form))
    return max(chosen, key=lambda form: (_accents(form), chosen[form], form))
