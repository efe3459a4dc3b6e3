"""The gloss: Dutch and French ideas rewritten word by word into English for an English model.

For each word: a hand-written local-government term, else the dictionary entry, else the
lemma's entry (simplemma), else a greedy split of a Dutch compound (fietspaden → fiets +
paden). Among a word's translations the one most common in English wins (wordfreq):
the dictionaries' first sense is often archaic (woning → "abode"); preferring a
translation spelled like the word itself (station → "station") measured worse. Stop
words are dropped; unknown words (names, numbers) are kept as written. English passes
unchanged.
The original text stays the idea's text; only the embedding sees the gloss.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import simplemma
import wordfreq
from wordfreq.tokens import tokenize

from workers.dictionary import Dictionary, load_dictionary
from workers.language import Language, detect_language
from workers.stopwords import BY_LANGUAGE as STOP_WORDS
from workers.terms import BY_LANGUAGE as TERMS

_MIN_PART = 3
_LINKS = ("", "s", "e", "en")


class Gloss:
    """Rewrite ideas into English glosses; English ideas are returned as they are."""

    def __init__(self, dictionaries: Mapping[str, Dictionary], default: Language = "nl") -> None:
        self._dictionaries = dict(dictionaries)
        self._default = default
        self._word = lru_cache(maxsize=200_000)(self._gloss_word)

    @classmethod
    def load(cls, default: Language = "nl") -> Gloss:
        """Read the installed FreeDict dictionaries (about a quarter of a second)."""
        return cls({lang: load_dictionary(lang) for lang in ("nl", "fr")}, default)

    def __call__(self, text: str) -> str:
        language = detect_language(text, self._default)
        if language not in self._dictionaries:
            return text
        words = [self._word(language, token) for token in tokenize(text, language)]
        glossed = " ".join(word for word in words if word)
        return glossed or text

    def many(self, texts: Sequence[str]) -> list[str]:
        return [self(text) for text in texts]

    def _gloss_word(self, language: str, word: str) -> str:
        if word in STOP_WORDS[language]:
            return ""
        parts = self._parts(language, word)
        if parts is None:
            return word
        return " ".join(self._best_sense(language, part) for part in parts)

    def _parts(self, language: str, word: str) -> list[str] | None:
        """The dictionary headwords that spell this word, or None if it is unknown."""
        known = self._known(language, word)
        if known:
            return [known]
        if language != "nl":
            return None
        return self._split(language, word)

    def _known(self, language: str, word: str) -> str | None:
        dictionary = self._dictionaries[language]
        if word in TERMS[language] or word in dictionary:
            return word
        lemma = simplemma.lemmatize(word, lang=language).lower()
        if lemma in TERMS[language] or lemma in dictionary:
            return lemma
        return None

    def _split(self, language: str, word: str) -> list[str] | None:
        """Greedy compound split: the longest known head, then the rest recursively."""
        for end in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
            head = self._known(language, word[:end])
            if head is None:
                continue
            for link in _LINKS:
                rest = word[end:]
                if not rest.startswith(link) or len(rest) - len(link) < _MIN_PART:
                    continue
                tail = self._parts(language, rest[len(link) :])
                if tail is not None:
                    return [head, *tail]
        return None

    def _best_sense(self, language: str, headword: str) -> str:
        term = TERMS[language].get(headword)
        if term is not None:
            return term
        senses = self._dictionaries[language].translations(headword)
        return max(senses, key=_english_frequency)


def _english_frequency(sense: str) -> float:
    return wordfreq.zipf_frequency(sense, "en")
