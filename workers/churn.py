"""The churn cap of an automatic re-clustering: a calm board.

Of the n ideas shown in untouched themes, at most max(1, ⌊0.05·n⌋) change theme per
automatic re-clustering; a move out of a theme into "unassigned" counts. The moves kept
are the clearly better ones: the largest gain in cosine similarity to the new theme's
centroid over the old theme's ("unassigned" stands at the fast path's joining
threshold), and only gains above `MOVE_MARGIN`. Every other shown idea stays where it
was. Unassigned ideas go where the clustering put them, like ideas not placed yet:
joining a theme is the sorting the board waits for, and counting it would keep the first
re-clustering of a round (every idea unassigned) from forming any theme at all. A theme
left with fewer than two members (and not kept for the facilitator) dissolves; shown
ideas that leaves unassigned count as moves too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

from workers.centroids import centroids

CAP_SHARE = 0.05
MOVE_MARGIN = 0.02
"""A move must bring an idea at least this much closer (cosine) to be worth the jump."""

Assignment = Mapping[str, str | None]


@dataclass(frozen=True)
class Board:
    """What the room saw before the re-clustering."""

    before: Assignment
    vectors: Mapping[str, np.ndarray]
    unassigned_similarity: float
    """How close an idea is to "unassigned": the fast path's joining threshold."""


def budget(shown: int) -> int:
    """How many of `shown` ideas may change theme in one automatic re-clustering."""
    return max(1, int(CAP_SHARE * shown))


def calm(board: Board, proposed: Assignment, shown: Collection[str], keep: Collection[str]) -> dict[str, str | None]:
    """`proposed` with all but the clearly better moves of `shown` ideas taken back."""
    allowed = budget(len(shown))
    ranked = _ranked_moves(board, proposed, shown)
    accepted = ranked[:allowed]
    while True:
        settled = _settle(board, proposed, set(accepted), shown, keep)
        if not accepted or sum(settled.get(i) != board.before.get(i) for i in shown) <= allowed:
            return settled
        accepted.pop()


def _ranked_moves(board: Board, proposed: Assignment, shown: Collection[str]) -> list[str]:
    """Shown ideas the clustering moved, best gain first, only gains above the margin."""
    old = _centroids(board.before, board.vectors)
    new = _centroids(proposed, board.vectors)
    gains: list[tuple[float, str]] = []
    for idea_id in shown:
        before, after = board.before.get(idea_id), proposed.get(idea_id)
        if before == after:
            continue
        vector = board.vectors[idea_id]
        gain = _closeness(vector, new, after, board) - _closeness(vector, old, before, board)
        if gain > MOVE_MARGIN:
            gains.append((gain, idea_id))
    return [idea_id for _, idea_id in sorted(gains, key=lambda found: (-found[0], found[1]))]


def _settle(
    board: Board, proposed: Assignment, accepted: set[str], shown: Collection[str], keep: Collection[str]
) -> dict[str, str | None]:
    """Proposed places for the accepted and the unshown, old places for the other shown;
    then themes of fewer than two ideas dissolve, unless kept."""
    held = set(shown) - accepted
    settled = {i: board.before.get(i) if i in held else theme for i, theme in proposed.items()}
    sizes: dict[str, int] = {}
    for theme_id in settled.values():
        if theme_id is not None:
            sizes[theme_id] = sizes.get(theme_id, 0) + 1
    small = {theme_id for theme_id, size in sizes.items() if size < 2 and theme_id not in keep}
    return {i: None if theme in small else theme for i, theme in settled.items()}


def _centroids(assignment: Assignment, vectors: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    members = [(idea_id, theme_id) for idea_id, theme_id in assignment.items() if theme_id is not None]
    if not members:
        return {}
    return centroids([theme_id for _, theme_id in members], np.stack([vectors[i] for i, _ in members])).by_theme()


def _closeness(vector: np.ndarray, centroids: Mapping[str, np.ndarray], theme_id: str | None, board: Board) -> float:
    if theme_id is None:
        return board.unassigned_similarity
    return float(vector @ centroids[theme_id])
