"""Theme labels a consultant can show (DESIGN §7): one noun phrase of one or two words, the
distinctive keywords beyond it (class-based TF-IDF) and the most representative idea.

Keywords come from the ideas' original text, never the gloss. c-TF-IDF as in BERTopic: a
theme's term frequency, scaled by log(1 + average words per theme / the term's frequency
over all themes), counted per lemma (regionaal and regionale are one word). A word never
becomes a keyword when it is a stop or filler word, a word of the round's prompt, or (in
a round of 40 ideas or more) in more than a quarter of the round's ideas; a theme with
ideas in the workshop's language takes its words from those only. Nouns outrank
adjectives and verbs. Each keyword is shown as the ideas spelled it (`lemmas.spelling`).

The label is the best keyword, or the adjective and noun ("openbaar vervoer", "digitale
hulp") that at least half the ideas holding that keyword write it in, both words allowed
as keywords are; its first letter capitalised.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import wordfreq

from cocreatie.models.state import capitalised
from workers.language import Language
from workers.lemmas import fold, key, keys, language_of, spelling, tokens
from workers.parts_of_speech import Part, parts_of_speech
from workers.stopwords import ALL as STOP_WORDS
from workers.stopwords import FILLERS

KEYWORDS = 5
BACKGROUND_FROM = 40
"""A round of this many ideas has a background: words in too many of its ideas."""
BACKGROUND_SHARE = 0.25
COMMON_SCALE = 4.0
PHRASE_SHARE = 0.5
"""An adjective and noun label the theme when this share of the ideas holding the best
keyword (and at least two) write them together."""
LABEL_NOUN_SHARE = 0.5
"""A label is built on the best noun among the keywords scoring at least this share of the
best one ("speelpleinen" before "spelen")."""
_BANNED = frozenset(fold(word) for word in STOP_WORDS | FILLERS)
_CLAUSE = re.compile(r"[.,;:!?()\[\]/\n]+")
_NOMINAL = (Part.NOUN, Part.INFINITIVE)


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
    label: str
    keywords: tuple[str, ...]
    representative: int


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

    def allowed(self, word: str, language: Language) -> bool:
        return key(word, language) not in self.excluded and not is_banned(word, language)

    def count(self, theme: Sequence[str]) -> Counter[str]:
        found: Counter[str] = Counter()
        for text in _in_language(theme, self.language):
            spoken = language_of(text, self.language)
            for word in tokens(text):
                if self.allowed(word, spoken):
                    lemma_key = key(word, spoken)
                    found[lemma_key] += 1
                    self.spellings.setdefault(lemma_key, Counter())[word] += 1
        return found

    def phrase(self, theme: Sequence[str], head: str) -> str | None:
        """The adjective-noun pair around the lemma `head` that at least PHRASE_SHARE of
        the ideas holding `head` write, as they spelled it most; None if there is none."""
        holding, forms = 0, dict[tuple[str, str], Counter[str]]()
        for text in _in_language(theme, self.language):
            spoken = language_of(text, self.language)
            if head not in keys([text], spoken):
                continue
            holding += 1
            for pair, form in dict(self._pairs(text, spoken, head)).items():
                forms.setdefault(pair, Counter())[form] += 1
        best = max(forms.values(), key=lambda written: (written.total(), min(written)), default=None)
        if best is None or best.total() < max(2, PHRASE_SHARE * holding):
            return None
        return best.most_common(1)[0][0]

    def _pairs(self, text: str, language: Language, head: str) -> Iterator[tuple[tuple[str, str], str]]:
        """(lemma pair, as written) of the text's adjective-noun pairs holding `head`."""
        for clause in _CLAUSE.split(text):
            words = tokens(clause)
            for first, second in itertools.pairwise(words):
                pair = (key(first, language), key(second, language))
                if head in pair and pair[0] != pair[1] and self._noun_phrase(first, second, language):
                    yield pair, f"{first} {second}"

    def _noun_phrase(self, adjective: str, noun: str, language: Language) -> bool:
        parts = parts_of_speech()
        return (parts.part(adjective, language) is Part.ADJECTIVE and parts.part(noun, language) in _NOMINAL
                and self.allowed(adjective, language) and self.allowed(noun, language))


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
        _description(theme, _top(score, vocabulary), rows, vocabulary)
        for theme, score, rows in zip(texts, scores, vectors, strict=True)
    ]


@dataclass(frozen=True)
class _Keyword:
    lemma: str
    shown: str
    score: float
    noun: bool


def _description(
    theme: Sequence[str], ranked: list[_Keyword], rows: np.ndarray, vocabulary: _Vocabulary,
) -> Description:
    """`ranked`: the theme's best keywords, best first."""
    head = _head(ranked, _holding(theme, vocabulary.language))
    label = (vocabulary.phrase(theme, head.lemma) or head.shown) if head else ""
    return Description(capitalised(label), tuple(word.shown for word in ranked), _representative(rows))


def _head(ranked: list[_Keyword], holding: Counter[str]) -> _Keyword | None:
    """The word a label is built on: of the nouns scoring at least LABEL_NOUN_SHARE of the
    best keyword, the one most of the theme's ideas hold (the best keyword if none is a noun)."""
    if not ranked:
        return None
    nouns = [word for word in ranked if word.noun and word.score >= LABEL_NOUN_SHARE * ranked[0].score]
    return max(nouns, key=lambda word: (holding[word.lemma], word.score)) if nouns else ranked[0]


def _holding(theme: Sequence[str], language: Language) -> Counter[str]:
    """Per lemma the number of the theme's ideas holding it."""
    found: Counter[str] = Counter()
    for text in _in_language(theme, language):
        found.update(keys([text], language_of(text, language)))
    return found


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


def _top(score: dict[str, float], vocabulary: _Vocabulary) -> list[_Keyword]:
    """The best-scoring lemmas, nouns first, each with the spelling the ideas used most."""
    parts = parts_of_speech()
    language = vocabulary.language
    found = []
    for word, value in score.items():
        shown = spelling(vocabulary.spellings[word], language)
        part = parts.part(shown, language)
        found.append(_Keyword(word, shown, value * part.value * _common(shown, language), part is Part.NOUN))
    return sorted(found, key=lambda keyword: (-keyword.score, keyword.lemma))[:KEYWORDS]


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
