"""Theme centroids: each theme's unit mean direction over its members' vectors, the one
computation behind the fast path, the churn cap, suggestions and merge offers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Centroids:
    theme_ids: list[str]
    """Sorted."""
    rows: np.ndarray
    """One unit row per theme."""
    own: np.ndarray
    """Each member's index into `theme_ids`."""

    @property
    def sizes(self) -> np.ndarray:
        return np.bincount(self.own, minlength=len(self.theme_ids))

    def by_theme(self) -> dict[str, np.ndarray]:
        return dict(zip(self.theme_ids, self.rows, strict=True))


def centroids(theme_of: Sequence[str], vectors: np.ndarray, weights: np.ndarray | None = None) -> Centroids:
    """`theme_of[n]` is the theme of the member whose vector is `vectors[n]`; each member
    counts its weight (default 1)."""
    theme_ids = sorted(set(theme_of))
    index = {theme_id: n for n, theme_id in enumerate(theme_ids)}
    own = np.array([index[theme_id] for theme_id in theme_of], dtype=np.int64)
    onehot = np.zeros((len(theme_ids), len(theme_of)), dtype=np.float32)
    onehot[own, np.arange(len(theme_of))] = 1.0 if weights is None else weights
    rows = onehot @ vectors if len(theme_of) else np.zeros((0, 0), dtype=np.float32)
    rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    return Centroids(theme_ids, rows, own)
