"""Clustering that finds the number of themes itself.

Measured on the shared datasets (benchmarks/clustering.py, docs/benchmarks.md): two
hierarchical trees (average linkage on cosine distance, Ward on the equivalent
Euclidean distance) over the room's mean-centred vectors, each cut at k = 2 … 1.5·√n;
the cut with the smallest k whose silhouette is within 0.005 of the best wins.
Average linkage alone was best in brainstorm-sized rooms, Ward on the 3,000–4,500-idea
sets; letting the silhouette choose between them was the best compromise. k-means over
the same range, one distance threshold and HDBSCAN did worse; centring helped every set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

Linkage = Literal["average", "complete", "single", "ward"]

_MIN_TO_SPLIT = 4
_MAX_CANDIDATES = 25


class Clusterer(Protocol):
    """Vectors (one row each) → a cluster number per row, 0..k-1."""

    def fit(self, vectors: np.ndarray, k: int | None = None) -> np.ndarray: ...


@dataclass(frozen=True)
class AutoClusterer:
    """Average-linkage and Ward trees; the cut (and k, unless given) chosen by silhouette."""

    max_k_factor: float = 1.5
    max_k: int | None = None
    """At most this many clusters when k is found (a board's readable number); None: 1.5·√n only."""
    most_per_cluster: int | None = None
    """At least n / this many clusters when k is found (up to max_k): silhouette alone may cut
    a big, diffuse round in two; None: min_k only."""
    tolerance: float = 0.005
    silhouette_sample: int = 1000
    min_k: int = 2
    methods: tuple[Linkage, ...] = ("average", "ward")
    max_rows: int = 5000
    """Above this the trees grow on a fixed sample: their memory grows with n² (4.8 GB
    for a 16,800-idea round in the soak), and the rest join the nearest sample cluster."""

    def fit(self, vectors: np.ndarray, k: int | None = None) -> np.ndarray:
        n = len(vectors)
        if k is not None and k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        if n == 1 or (k is None and n < _MIN_TO_SPLIT):
            return np.zeros(n, dtype=np.int64)
        if n > self.max_rows:
            return self._fit_sample(vectors, k)
        distances = cosine_distances(centred(vectors))
        condensed = _condensed(distances)
        trees = [_tree(condensed, method) for method in self.methods]
        candidates = [min(k, n)] if k is not None else self._candidates(n)
        return self._best_cut(trees, distances, candidates)

    def _fit_sample(self, vectors: np.ndarray, k: int | None) -> np.ndarray:
        sample = _sample(len(vectors), self.max_rows)
        sample_labels = self.fit(vectors[sample], k)
        shifted = vectors - vectors[sample].mean(axis=0)  # the space the sample was clustered in
        onehot = np.zeros((len(sample), sample_labels.max() + 1), dtype=np.float32)
        onehot[np.arange(len(sample)), sample_labels] = 1.0
        centres = onehot.T @ shifted[sample]
        centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
        labels: np.ndarray = (shifted @ centres.T).argmax(axis=1).astype(np.int64)
        labels[sample] = sample_labels
        return labels

    def _best_cut(
        self, trees: list[np.ndarray], distances: np.ndarray, candidates: list[int]
    ) -> np.ndarray:
        n = len(distances)
        sample = _sample(n, self.silhouette_sample)
        sub = distances[np.ix_(sample, sample)]
        scored: list[tuple[int, float, np.ndarray]] = []
        for k in candidates:
            for tree in trees:
                labels = _cut(tree, k)
                if len(np.unique(labels[sample])) < 2:
                    continue
                score = silhouette(sub, labels[sample])
                scored.append((k, score, labels))
        if not scored:
            return _cut(trees[0], candidates[0])
        best = max(score for _, score, _ in scored)
        return next(labels for _, score, labels in scored if score >= best - self.tolerance)

    def _candidates(self, n: int) -> list[int]:
        high = min(n - 1, round(self.max_k_factor * float(np.sqrt(n))), self.max_k or n)
        low = min(high, max(self.min_k, -(-n // self.most_per_cluster))) if self.most_per_cluster else self.min_k
        high = max(low, high)
        ks = range(low, high + 1)
        if len(ks) <= _MAX_CANDIDATES:
            return list(ks)
        grid = np.geomspace(low, high, _MAX_CANDIDATES)
        return sorted({round(float(k)) for k in grid})


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette for a square distance matrix (sklearn's definition, in one product)."""
    _, labels = np.unique(labels, return_inverse=True)
    clusters = labels.max() + 1
    onehot = np.zeros((len(labels), clusters), dtype=distances.dtype)
    onehot[np.arange(len(labels)), labels] = 1
    sizes = onehot.sum(axis=0)
    totals = distances @ onehot
    rows = np.arange(len(labels))
    own = sizes[labels] - 1
    inside = totals[rows, labels] / np.maximum(own, 1)
    totals[rows, labels] = np.inf
    nearest = (totals / sizes).min(axis=1)
    scores = (nearest - inside) / np.maximum(np.maximum(inside, nearest), 1e-12)
    return float(np.where(own > 0, scores, 0.0).mean())


def centred(vectors: np.ndarray) -> np.ndarray:
    """Subtract the room's mean vector and re-normalise: spreads MiniLM's narrow cone."""
    shifted = vectors - vectors.mean(axis=0)
    norms = np.linalg.norm(shifted, axis=1, keepdims=True)
    unit: np.ndarray = shifted / np.where(norms == 0, 1.0, norms)
    return unit


def cosine_distances(vectors: np.ndarray) -> np.ndarray:
    rows = np.ascontiguousarray(vectors, dtype=np.float32)
    distances = 1.0 - rows @ rows.T
    np.clip(distances, 0.0, 2.0, out=distances)
    np.fill_diagonal(distances, 0.0)
    return distances


def _condensed(distances: np.ndarray) -> np.ndarray:
    condensed: np.ndarray = squareform(distances, checks=False)
    return condensed.astype(np.float64)


def _tree(condensed: np.ndarray, method: Linkage) -> np.ndarray:
    if method == "ward":
        return linkage(np.sqrt(2.0 * condensed), method="ward")
    return linkage(condensed, method=method)


def _cut(tree: np.ndarray, k: int) -> np.ndarray:
    labels = fcluster(tree, k, criterion="maxclust")
    _, renumbered = np.unique(labels, return_inverse=True)
    return renumbered.astype(np.int64)


def _sample(n: int, size: int) -> np.ndarray:
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(0).choice(n, size=size, replace=False))
