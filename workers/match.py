"""Stable theme ids: new clusters inherit the ids of the old themes they overlap most.

The assignment maximises the summed Jaccard overlap of members (Hungarian method), so a
theme that grew, shrank a little or lost a few ideas to a neighbour keeps its id and
the board does not jump. Clusters that overlap no old theme get a fresh id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment


def match_ids(
    clusters: Sequence[frozenset[str]],
    previous: Mapping[str, frozenset[str]],
    new_id: Callable[[], str],
) -> list[str]:
    """An id for each cluster: an old theme's id (each used once) or `new_id()`."""
    old_ids = [theme_id for theme_id, members in previous.items() if members]
    ids: list[str | None] = [None] * len(clusters)
    if clusters and old_ids:
        overlap = np.array(
            [[_jaccard(cluster, previous[old]) for old in old_ids] for cluster in clusters]
        )
        rows, cols = linear_sum_assignment(overlap, maximize=True)
        for row, col in zip(rows, cols, strict=True):
            if overlap[row, col] > 0:
                ids[row] = old_ids[col]
    return [theme_id if theme_id is not None else new_id() for theme_id in ids]


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0
