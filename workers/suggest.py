"""Hints for the facilitator's board, sent with every `themes.updated`: where an unassigned
idea probably belongs, and which themes read as one. Pure: no Redis, no model, no clock.

    suggestions(ideas, assigned) -> {idea_id: theme_id}
        For each unassigned idea (`assigned` says None, and the facilitator did not put it
        there by hand) the theme whose centroid is nearest, if its cosine is at least
        `SUGGEST_MIN`. The fast path has already refused to place these ideas; a
        suggestion is one click for the facilitator, not a move.

    alike(ideas, assigned) -> [(theme_id, theme_id), ...]
        At most `MAX_ALIKE` pairs of themes whose centroids are at least `ALIKE_MIN`
        alike, the most alike first, each theme in one pair at most; the larger theme
        first (a merge keeps the first theme's id).

`assigned` is the idea → theme map after the update (`Result.assignments()`); an idea
it does not name keeps its record's `theme_id`. Centroids are the unit mean of the
members' vectors (unit rows), as `workers.pipeline` computes them for the fast path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from workers.centroids import Centroids, centroids
from workers.pipeline import IdeaRecord

# Measured with benchmarks/suggestions.py (30 brainstorm-sized samples per shared set, clustered
# by the pipeline; unassigned = left out by the re-clustering or held back by the fast path),
# share of unassigned ideas that get one / share of those whose theme's majority is their class:
#   >= 0.40: 29 % / 72 %   (xSID nl 40 % / 80 %, BANKING77 86 % / 63 %, SIB-200 nl 15 % / 44 %)
#   >= 0.45: 20 % / 77 %   (xSID nl 20 % / 92 %, BANKING77 80 % / 65 %, CLINC150 63 % / 95 %)
#   >= 0.50: 14 % / 81 %   (xSID nl  7 % / 100 %, SIB-200: none)
# A suggestion is one click the facilitator may ignore: three in four right, one idea in five.
SUGGEST_MIN = 0.45

# Gold classes split in two (half the classes of each sample, those of 6 ideas or more): at
# 0.80 every offered pair on every set was two halves of one class, and 39-82 % of the split
# classes were offered (none on SIB-200, whose long sentences never come that close); at 0.75
# precision was 97-100 % but on the pipeline's own themes only 8 of 14 offered pairs shared a
# majority class (0.80: 3 of 4). A wrong offer costs the facilitator a glance: few and right.
ALIKE_MIN = 0.80
MAX_ALIKE = 3
"""A board offers at most this many merges at once: an offer, not a to-do list."""


def suggestions(
    ideas: Sequence[IdeaRecord], assigned: Mapping[str, str | None], minimum: float = SUGGEST_MIN
) -> dict[str, str]:
    """The likely theme of each unassigned idea that is close enough to one (`minimum`: the
    benchmark tries others)."""
    found = _centroids(ideas, assigned)
    theme_ids, centres = found.theme_ids, found.rows
    loose = [idea for idea in ideas if _theme(idea, assigned) is None and not idea.placed]
    if not theme_ids or not loose:
        return {}
    similarity = np.stack([idea.vector for idea in loose]) @ centres.T
    nearest = similarity.argmax(axis=1)
    return {
        idea.id: theme_ids[best]
        for row, (idea, best) in enumerate(zip(loose, nearest, strict=True))
        if similarity[row, best] >= minimum
    }


def alike(
    ideas: Sequence[IdeaRecord], assigned: Mapping[str, str | None], minimum: float = ALIKE_MIN
) -> list[tuple[str, str]]:
    """Pairs of themes that read as one, most alike first, each theme in one pair at most."""
    found = _centroids(ideas, assigned)
    theme_ids, centres, sizes = found.theme_ids, found.rows, found.sizes
    similarity = centres @ centres.T
    first, second = np.triu_indices(len(theme_ids), k=1)
    close = similarity[first, second] >= minimum
    ranked = sorted(zip(similarity[first, second][close], first[close], second[close], strict=True), reverse=True)
    pairs: list[tuple[str, str]] = []
    taken: set[int] = set()
    for _, a, b in ranked:
        if len(pairs) == MAX_ALIKE:
            break
        if a in taken or b in taken:
            continue
        taken |= {a, b}
        bigger, smaller = (a, b) if sizes[a] >= sizes[b] else (b, a)
        pairs.append((theme_ids[bigger], theme_ids[smaller]))
    return pairs


def _centroids(ideas: Sequence[IdeaRecord], assigned: Mapping[str, str | None]) -> Centroids:
    members = [(idea, theme_id) for idea in ideas if (theme_id := _theme(idea, assigned)) is not None]
    vectors = np.stack([idea.vector for idea, _ in members]) if members else np.zeros((0, 0), dtype=np.float32)
    return centroids([theme_id for _, theme_id in members], vectors)


def _theme(idea: IdeaRecord, assigned: Mapping[str, str | None]) -> str | None:
    return assigned.get(idea.id, idea.theme_id)
