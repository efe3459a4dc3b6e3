"""The pure clustering pipeline the worker calls: no Redis, no model, no clock.

Embedding happens once per idea, before this module: `workers.embed.load_embedder(model)`
returns an Embedder whose `encode(texts)` glosses Dutch/French into English first when
the model is English-only; store its float32 rows and pass them back here as
`IdeaRecord.vector`.

    assign_new(ideas, new) -> dict[idea_id, theme_id | None]
        Fast path for just-posted ideas. `ideas` is the round's current state (with
        `theme_id` from the last result), `new` the ideas to place. Each new idea joins
        the theme whose centroid is most similar (cosine) if that similarity is at least
        the 10th percentile of the similarities of current members to their own
        theme's centroid; else it stays unassigned (None). Pinned themes take new ideas
        too (pinning freezes the members it has; it does not close the theme).

    recluster(ideas, themes, new_id, k=None) -> Result
        Full re-clustering (number of themes found unless `k` forces it; `k` counts
        the clustered themes, not pinned ones). The facilitator's hand wins:
        * an idea with `placed=True` stays in `theme_id` (None: stays unassigned); the
          fold marks merged ideas as placed, so merged themes stay merged;
        * a pinned theme keeps exactly its current members; they are not re-clustered;
        * a theme holding a placed idea, and every pinned theme, is always in the result;
        * a renamed label (`ThemeRecord.label`) survives; keywords are still computed.
        New clusters inherit old ids by member overlap (Hungarian on Jaccard), so the
        board does not jump; others get `new_id()`. A cluster of one idea is not a
        theme: its idea is unassigned.

    split(ideas, themes, theme_id, new_id) -> Result
        Re-cluster one theme's members into ≥ 2 themes; the part holding its placed
        ideas (else the largest) keeps the id. Other themes are unchanged. To keep a
        split from being merged back by the next recluster, mark its ideas as placed.

`Result.themes` lists every theme with id, label, keywords, representative idea text
and member ids; `Result.unassigned` the ideas in no theme; `Result.assignments()` the
idea → theme map (the `assign` of a `themes.updated` event).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from workers.cluster import AutoClusterer, Clusterer
from workers.label import describe
from workers.match import match_ids

# A new idea joins its nearest theme when it is at least as close as the 5 % least typical
# members are. Measured on 1,000-idea samples (800 clustered, 200 placed): from 10 to 5
# the share placed at once rose 85 -> 93 % (xSID nl), 71 -> 84 % (SIB-200 nl), 76 -> 86 %
# (BANKING77), 84 -> 94 % (CLINC150), and the share placed with its own kind fell by 1-2
# points; at 2 by up to 5 (benchmarks/fast_path.py). The next re-cluster corrects either way.
JOIN_PERCENTILE = 5.0


@dataclass(frozen=True)
class IdeaRecord:
    id: str
    text: str
    vector: np.ndarray
    theme_id: str | None = None
    placed: bool = False


@dataclass(frozen=True)
class ThemeRecord:
    id: str
    pinned: bool = False
    label: str | None = None
    """The facilitator's label after a rename; None while the label is computed."""


@dataclass(frozen=True)
class ThemeResult:
    id: str
    label: str
    keywords: tuple[str, ...]
    representative: str | None
    members: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    themes: tuple[ThemeResult, ...]
    unassigned: tuple[str, ...] = field(default=())

    def assignments(self) -> dict[str, str | None]:
        found: dict[str, str | None] = dict.fromkeys(self.unassigned)
        for theme in self.themes:
            found.update(dict.fromkeys(theme.members, theme.id))
        return found


def assign_new(ideas: Sequence[IdeaRecord], new: Sequence[IdeaRecord]) -> dict[str, str | None]:
    """The fast path: nearest theme centroid if close enough, else None."""
    new_ids = {idea.id for idea in new}
    members = [i for i in ideas if i.theme_id is not None and i.id not in new_ids]
    if not members or not new:
        return dict.fromkeys(new_ids)
    theme_ids = sorted({idea.theme_id for idea in members if idea.theme_id is not None})
    index = {theme_id: n for n, theme_id in enumerate(theme_ids)}
    rows = _vectors(members)
    own = np.array([index[idea.theme_id] for idea in members if idea.theme_id is not None])
    onehot = np.zeros((len(theme_ids), len(members)), dtype=np.float32)
    onehot[own, np.arange(len(members))] = 1.0
    centroids = onehot @ rows
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    threshold = np.percentile(np.sum(rows * centroids[own], axis=1), JOIN_PERCENTILE)
    similarity = np.stack([idea.vector for idea in new]) @ centroids.T
    nearest = similarity.argmax(axis=1)
    return {
        idea.id: theme_ids[best] if similarity[n, best] >= threshold else None
        for n, (idea, best) in enumerate(zip(new, nearest, strict=True))
    }


def recluster(
    ideas: Sequence[IdeaRecord],
    themes: Sequence[ThemeRecord],
    new_id: Callable[[], str],
    k: int | None = None,
    clusterer: Clusterer | None = None,
) -> Result:
    """Re-cluster the round; see the module docstring for the constraints kept."""
    pinned = {theme.id for theme in themes if theme.pinned}
    fixed = {i.id: i.theme_id for i in ideas if i.placed or i.theme_id in pinned}
    clustered = [idea for idea in ideas if _clustered(idea, fixed, pinned)]
    labels = (clusterer or AutoClusterer()).fit(_vectors(clustered), k)
    groups = [group for group in _groups(clustered, labels) if len(group) > 1]
    previous = _members(i for i in ideas if i.theme_id not in pinned)
    assigned: dict[str, str | None] = {}
    for group, theme_id in zip(groups, match_ids(groups, previous, new_id), strict=True):
        assigned.update(dict.fromkeys(group, theme_id))
    assigned.update(fixed)
    keep = pinned | {theme_id for theme_id in fixed.values() if theme_id}
    return _result(ideas, assigned, themes, keep)


def split(
    ideas: Sequence[IdeaRecord],
    themes: Sequence[ThemeRecord],
    theme_id: str,
    new_id: Callable[[], str],
    clusterer: Clusterer | None = None,
) -> Result:
    """Divide one theme into at least two; the rest of the board is untouched."""
    inside = [idea for idea in ideas if idea.theme_id == theme_id]
    if len(inside) < 2:
        raise ValueError(f"theme {theme_id!r} has {len(inside)} idea(s); splitting needs two")
    cluster = clusterer or AutoClusterer()
    labels = cluster.fit(_vectors(inside))
    if labels.max(initial=0) < 1:
        labels = cluster.fit(_vectors(inside), 2)
    groups = _groups(inside, labels)
    placed = {idea.id for idea in inside if idea.placed}
    keeper = max(range(len(groups)), key=lambda n: (len(groups[n] & placed), len(groups[n])))
    assigned: dict[str, str | None] = {i.id: i.theme_id for i in ideas}
    for n, group in enumerate(groups):
        target = theme_id if n == keeper else new_id()
        assigned.update(dict.fromkeys(group - placed, target))
    keep = {theme.id for theme in themes if theme.pinned} | {theme_id}
    return _result(ideas, assigned, themes, keep)


def _clustered(idea: IdeaRecord, fixed: Mapping[str, str | None], pinned: set[str]) -> bool:
    """Free ideas, and placed ideas in unpinned themes: they pull their theme's id along."""
    if idea.id not in fixed:
        return True
    theme_id = fixed[idea.id]
    return theme_id is not None and theme_id not in pinned


def _vectors(ideas: Sequence[IdeaRecord]) -> np.ndarray:
    if not ideas:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([idea.vector for idea in ideas]).astype(np.float32, copy=False)


def _groups(ideas: Sequence[IdeaRecord], labels: np.ndarray) -> list[frozenset[str]]:
    grouped: dict[int, set[str]] = {}
    for idea, label in zip(ideas, labels, strict=True):
        grouped.setdefault(int(label), set()).add(idea.id)
    return [frozenset(members) for _, members in sorted(grouped.items())]


def _members(ideas: Iterable[IdeaRecord]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for idea in ideas:
        if idea.theme_id is not None:
            found.setdefault(idea.theme_id, set()).add(idea.id)
    return {theme_id: frozenset(members) for theme_id, members in found.items()}


def _result(
    ideas: Sequence[IdeaRecord],
    assigned: Mapping[str, str | None],
    themes: Sequence[ThemeRecord],
    keep: set[str],
) -> Result:
    by_theme: dict[str, list[IdeaRecord]] = {theme_id: [] for theme_id in sorted(keep)}
    for idea in ideas:
        theme_id = assigned.get(idea.id)
        if theme_id is not None:
            by_theme.setdefault(theme_id, []).append(idea)
    filled = [(theme_id, members) for theme_id, members in by_theme.items() if members]
    descriptions = describe(
        [[idea.text for idea in members] for _, members in filled],
        [_vectors(members) for _, members in filled],
    )
    renamed = {theme.id: theme.label for theme in themes if theme.label}
    results = [
        ThemeResult(
            id=theme_id,
            label=renamed.get(theme_id) or found.label or members[found.representative].text,
            keywords=found.keywords,
            representative=members[found.representative].text,
            members=tuple(idea.id for idea in members),
        )
        for (theme_id, members), found in zip(filled, descriptions, strict=True)
    ]
    results += [
        ThemeResult(theme_id, renamed.get(theme_id, ""), (), None, ())
        for theme_id, members in by_theme.items()
        if not members
    ]
    unassigned = tuple(idea.id for idea in ideas if assigned.get(idea.id) is None)
    return Result(tuple(results), unassigned)
