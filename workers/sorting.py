"""Sorting the ideas the fast path left unsorted, between two calm re-clusterings.

The fast path places a new idea only when it is as close to a theme as the 5 % least
typical of that theme's members are; the others wait in "unassigned", until now for the
next re-clustering (every ≈ 5 s while ideas pour in). A sorting pass, a moment later,
looks at all of them together, and nothing shown moves:

1. the unsorted ideas are clustered among themselves (small: only they); a group of at
   least NEW_THEME that holds together as well as the room's themes do (each idea against
   the others of its group, as the 5 % least typical members of a theme do against theirs)
   and better than it fits any theme becomes a new theme;
2. each other unsorted idea joins its nearest theme when it is at least as close as the
   least typical member (`SORT_PERCENTILE`): measured with benchmarks/fast_path.py, that
   places 98–100 % of new ideas at once and 1–4 points fewer of them with their own kind
   than the fast path's 5th percentile;
3. the rest stay unassigned, as they were told; the next re-clustering sorts them.

Existing themes keep their labels until the next re-clustering describes them anew.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from workers.cluster import Clusterer
from workers.label import NO_CONTEXT, LabelContext, describe
from workers.pipeline import BOARD_THEMES, JOIN_PERCENTILE, IdeaRecord, ThemeResult, hinted_rows, theme_centroids

SORT_PERCENTILE = 0.0
NEW_THEME = 3
"""Unsorted ideas a group needs to become a theme: two read as a coincidence on a projector."""


@dataclass(frozen=True)
class Sorting:
    assign: dict[str, str]
    """Unsorted idea -> the theme it now belongs to (the others stay unassigned)."""
    new_themes: tuple[ThemeResult, ...] = ()
    """Themes formed by unsorted ideas only, described (label, keywords, representative)."""


def unsorted(ideas: Sequence[IdeaRecord]) -> list[IdeaRecord]:
    """Ideas in no theme that the facilitator did not put aside by hand."""
    return [idea for idea in ideas if idea.theme_id is None and not idea.placed]


def sort_unsorted(
    ideas: Sequence[IdeaRecord],
    new_id: Callable[[], str],
    clusterer: Clusterer,
    context: LabelContext = NO_CONTEXT,
    most_themes: int = BOARD_THEMES,
) -> Sorting:
    """A place for the round's unsorted ideas, in a round that has themes (a round without
    any is re-clustered instead); none shown moves. New themes only up to `most_themes`
    on the board, the largest first."""
    pool = unsorted(ideas)
    members = [idea for idea in ideas if idea.theme_id is not None]
    if not pool or not members:
        return Sorting({})
    rows, member_rows = hinted_rows(pool), hinted_rows(members)
    found, least = theme_centroids(members, member_rows, percentile=SORT_PERCENTILE)
    cohesion = _cohesion(member_rows, found.own)
    nearest = rows @ found.rows.T
    room = max(0, most_themes - len(found.theme_ids))
    groups = _new_groups(pool, rows, nearest.max(axis=1), cohesion, clusterer)[:room]
    new_themes = _described(groups, new_id, context, [idea.text for idea in ideas if not idea.waiting])
    assign = {idea_id: theme.id for theme in new_themes for idea_id in theme.members}
    for n, idea in enumerate(pool):
        best = int(nearest[n].argmax())
        if idea.id not in assign and nearest[n, best] >= least:
            assign[idea.id] = found.theme_ids[best]
    return Sorting(assign, new_themes)


def _new_groups(
    pool: Sequence[IdeaRecord], rows: np.ndarray, to_themes: np.ndarray, cohesion: float, clusterer: Clusterer
) -> list[list[IdeaRecord]]:
    """Groups of unsorted ideas that hold together as a theme's members do and better than
    they fit a theme, the largest first."""
    if len(pool) < NEW_THEME:
        return []
    labels = clusterer.fit(rows)
    formed = []
    for label in set(labels.tolist()):
        inside = np.flatnonzero(labels == label)
        if len(inside) < NEW_THEME:
            continue
        together = _with_the_others(rows[inside])
        if together.mean() >= cohesion and together.mean() > to_themes[inside].mean():
            formed.append([pool[int(n)] for n in inside])
    return sorted(formed, key=len, reverse=True)


def _cohesion(rows: np.ndarray, own: np.ndarray) -> float:
    """How well the room's themes hold together: the JOIN_PERCENTILE-th percentile of their
    members' cosine with the other members of their theme (a theme of one counts none)."""
    onehot = np.zeros((int(own.max()) + 1, len(own)), dtype=np.float32)
    onehot[own, np.arange(len(own))] = 1.0
    sums = onehot @ rows
    alone = np.bincount(own)[own] < 2
    found = _with_the_others(rows, sums[own])[~alone]
    return float(np.percentile(found, JOIN_PERCENTILE)) if len(found) else 1.0


def _with_the_others(rows: np.ndarray, totals: np.ndarray | None = None) -> np.ndarray:
    """Each row's cosine with the mean of the other rows of its group (whose sum of rows,
    itself included, is `totals`; default: all rows are one group)."""
    others = (rows.sum(axis=0, keepdims=True) if totals is None else totals) - rows
    found: np.ndarray = np.sum(rows * others, axis=1) / np.maximum(np.linalg.norm(others, axis=1), 1e-12)
    return found


def _described(
    groups: Sequence[Sequence[IdeaRecord]], new_id: Callable[[], str], context: LabelContext, round_texts: list[str]
) -> tuple[ThemeResult, ...]:
    """New themes of these groups; only approved ideas give words (as `pipeline` labels)."""
    spoken = [[idea for idea in group if not idea.waiting] for group in groups]
    said = [members for members in spoken if members]
    found = iter(describe(
        [[idea.text for idea in members] for members in said],
        [np.stack([idea.vector for idea in members]) for members in said], context, round_texts,
    ) if said else [])
    themes = []
    for group, members in zip(groups, spoken, strict=True):
        description = next(found) if members else None
        representative = members[description.representative].text if description else None
        themes.append(ThemeResult(
            id=new_id(), label=(description.label if description else "") or representative or "",
            keywords=description.keywords if description else (), representative=representative,
            members=tuple(idea.id for idea in group),
        ))
    return tuple(themes)
