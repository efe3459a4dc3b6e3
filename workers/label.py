"""Theme labels: distinctive keywords (class-based TF-IDF) and the most representative idea.

Keywords come from the ideas' original text, never the gloss, with Dutch, French and
English stop words removed. c-TF-IDF as in BERTopic: a theme's term frequency, scaled
by log(1 + average words per theme / the term's frequency over all themes).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cocreatie.models.state import keyword_label
from workers.language import Language
from workers.stopwords import ALL as STOP_WORDS

KEYWORDS = 5
_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W_]|[^\W\d_]{2,}", re.UNICODE)


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
    found = (match.lower() for match in _WORD.findall(text))
    return [word for word in found if len(word) > 1 and word not in STOP_WORDS]


def describe(
    texts: Sequence[Sequence[str]], vectors: Sequence[np.ndarray],
    context: LabelContext = NO_CONTEXT, round_texts: Sequence[str] = (),
) -> list[Description]:
    """One Description per theme: `texts[i]` are theme i's ideas, `vectors[i]` their rows;
    `round_texts` every visible idea of the round (unassigned ones too)."""
    if len(texts) != len(vectors):
        raise ValueError("one list of texts and one matrix of vectors per theme")
    counts = [Counter(word for text in theme for word in words(text)) for theme in texts]
    scores = _class_tf_idf(counts)
    return [
        Description(tuple(_top(score)), _representative(rows))
        for score, rows in zip(scores, vectors, strict=True)
    ]


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


def _top(score: dict[str, float]) -> list[str]:
    ranked = sorted(score.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:KEYWORDS]]


def _representative(rows: np.ndarray) -> int:
    """The row nearest the theme's mean direction."""
    if len(rows) == 0:
        raise ValueError("a theme without ideas has no representative")
    centre = rows.mean(axis=0)
    return int(np.argmax(rows @ centre))
