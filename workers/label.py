"""Theme labels a consultant can show (DESIGN §7): distinctive keywords (class-based TF-IDF)
and the most representative idea.

Keywords come from the ideas' original text, never the gloss. c-TF-IDF as in BERTopic: a
theme's term frequency, scaled by log(1 + average words per theme / the term's frequency
over all themes), counted per lemma (regionaal and regionale are one word). A word never
becomes a keyword when it is a stop or filler word, a word of the round's prompt, or (in
a round of 40 ideas or more) in more than a quarter of the round's ideas; a theme with
ideas in the workshop's language takes its words from those only. Nouns outrank
adjectives and verbs. Each keyword is shown as the ideas spelled it (`lemmas.spelling`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import wordfreq

from cocreatie.models.state import keyword_label
from workers.language import Language
from workers.lemmas import fold, key, keys, language_of, spelling, tokens
from workers.parts_of_speech import parts_of_speech
from workers.stopwords import ALL as STOP_WORDS
from workers.stopwords import FILLERS

KEYWORDS = 5
BACKGROUND_FROM = 40
"""A round of this many ideas has a background: words in too many of its ideas."""
BACKGROUND_SHARE = 0.25
COMMON_SCALE = 4.0
_BANNED = frozenset(fold(word) for word in STOP_WORDS | FILLERS)


@dataclass(frozen=True)
class LabelContext:
    """What a round's labels answer to beyond its themes' own ideas (DESIGN §7): the
    workshop's language and the round's prompt."""

    language: Language = "nl"
    prompt: str = ""


NO_CONTEXT = LabelContext()
"""A Dutch workshop, no prompt: for files and tests."""


@dataclass(frozen=True)
class Description:
    keywords: tuple[str, ...]
    representative: int

    @property
    def label(self) -> str:
        return keyword_label(self.keywords)


def words(text: str) -> list[str]:
    """Lower-cased words of at least two letters that are not stop words."""
    return [word for word in tokens(text) if word not in STOP_WORDS]


def is_banned(word: str, language: Language) -> bool:
    """A stop or filler word, compared as written and as a lemma, without accents."""
    return fold(word) in _BANNED or key(word, language) in _BANNED


def background(round_texts: Sequence[str], language: Language) -> set[str]:
    """The words (folded lemmas) in more than a quarter of a round of 40 ideas or more."""
    if len(round_texts) < BACKGROUND_FROM:
        return set()
    found: Counter[str] = Counter()
    for text in round_texts:
        found.update(keys([text], language_of(text, language)))
    return {word for word, n in found.items() if n > BACKGROUND_SHARE * len(round_texts)}


@dataclass
class _Vocabulary:
    """The round's words by lemma: counts per theme and every spelling seen."""

    language: Language
    excluded: Collection[str]
    spellings: dict[str, Counter[str]]

    def count(self, theme: Sequence[str]) -> Counter[str]:
        found: Counter[str] = Counter()
        for text in _in_language(theme, self.language):
            spoken = language_of(text, self.language)
            for word in tokens(text):
                lemma_key = key(word, spoken)
                if lemma_key in self.excluded or is_banned(word, spoken):
                    continue
                found[lemma_key] += 1
                self.spellings.setdefault(lemma_key, Counter())[word] += 1
        return found


def describe(
    texts: Sequence[Sequence[str]], vectors: Sequence[np.ndarray],
    context: LabelContext = NO_CONTEXT, round_texts: Sequence[str] = (),
) -> list[Description]:
    """One Description per theme: `texts[i]` are theme i's ideas, `vectors[i]` their rows;
    `round_texts` every visible idea of the round (unassigned ones too; default: the
    themes' ideas)."""
    if len(texts) != len(vectors):
        raise ValueError("one list of texts and one matrix of vectors per theme")
    every = list(round_texts) or [text for theme in texts for text in theme]
    excluded = keys([context.prompt], context.language) | background(every, context.language)
    vocabulary = _Vocabulary(context.language, excluded, {})
    counts = [vocabulary.count(theme) for theme in texts]
    scores = _class_tf_idf(counts)
    return [
        Description(tuple(_top(score, vocabulary)), _representative(rows))
        for score, rows in zip(scores, vectors, strict=True)
    ]


def _in_language(theme: Sequence[str], language: Language) -> Sequence[str]:
    """The theme's ideas in the workshop's language, or all of them if it has none."""
    spoken = [text for text in theme if language_of(text, language) == language]
    return spoken or theme


def _class_tf_idf(counts: Sequence[Counter[str]]) -> list[dict[str, float]]:
    totals: Counter[str] = Counter()
    for theme in counts:
        totals.update(theme)
    average = sum(totals.values()) / max(len(counts), 1)
    scores = []
    for theme in counts:
        size = sum(theme.values()) or 1
        scores.append(
            {word: n / size * np.log(1 + average / totals[word]) for word, n in theme.items()}
        )
    return scores


def _top(score: dict[str, float], vocabulary: _Vocabulary) -> list[str]:
    """The best-scoring lemmas, nouns first, each in the spelling the ideas used most."""
    parts = parts_of_speech()
    shown = {word: spelling(vocabulary.spellings[word], vocabulary.language) for word in score}
    weighted = {
        word: value * parts.part(shown[word], vocabulary.language).value * _common(shown[word], vocabulary.language)
        for word, value in score.items()
    }
    ranked = sorted(weighted.items(), key=lambda item: (-item[1], item[0]))
    return [shown[word] for word, _ in ranked[:KEYWORDS]]


def _common(word: str, language: Language) -> float:
    """Between 1 and 2 by how common the word is in the language: among equally distinctive
    words the everyday one ("bomen") labels better than the rare one ("bloemenweides")."""
    return 1 + wordfreq.zipf_frequency(word, language) / COMMON_SCALE


def _representative(rows: np.ndarray) -> int:
    """The row nearest the theme's mean direction."""
    if len(rows) == 0:
        raise ValueError("a theme without ideas has no representative")
    centre = rows.mean(axis=0)
    return int(np.argmax(rows @ centre))
