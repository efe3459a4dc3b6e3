"""The pure clustering pipeline the worker calls: no Redis, no model, no clock.

Embedding happens once per idea, before this module: `workers.embed.load_embedder(model)`
returns an Embedder whose `encode(texts)` glosses Dutch/French into English first when
the model is English-only; store its float32 rows and pass them back here as
`IdeaRecord.vector`.

    assign_new(ideas, new) -> dict[idea_id, theme_id | None]
        Fast path for just-posted ideas. `ideas` is the round's current state (with
        `theme_id` from the last result), `new` the ideas to place. Each new idea joins
        the theme whose centroid is most similar (cosine) if that similarity is at least
        the `JOIN_PERCENTILE`th percentile of the similarities of current members to their own
        theme's centroid; else it stays unassigned (None). Pinned themes take new ideas
        too (pinning freezes the members it has; it does not close the theme).

    recluster(ideas, themes, new_id, k=None, automatic=False, clusterer=None) -> Result
        Full re-clustering (number of themes found unless `k` forces it; `k` counts
        every theme of the result, held ones too, and a forced cluster of one idea stays
        a theme; the worker's `clusterer` finds at most `BOARD_THEMES`). The
        facilitator's hand wins:
        * an idea with `placed=True` stays in `theme_id` (None: stays unassigned); the
          fold marks merged ideas as placed, so merged themes stay merged;
        * a pinned theme keeps exactly its current members; they are not re-clustered;
          in an `automatic` re-clustering, and in one to `k` themes (the board's fewer /
          more), so does every touched theme (`ThemeRecord.touched`: renamed, pinned,
          merged into, split, moved into): only a plain re-clustering the facilitator
          asks for takes touched themes apart;
        * a theme holding a placed idea, and every held theme, is always in the result;
        * a renamed label (`ThemeRecord.label`) survives; keywords are still computed.
        New clusters inherit old ids by member overlap (Hungarian on Jaccard), so the
        board does not jump; others get `new_id()`. A cluster of one idea is not a
        theme: its idea is unassigned. An `automatic` re-clustering moves few of the
        ideas shown in untouched themes: see `workers.churn`.

    redescribe(ideas, themes) -> Result
        Labels, keywords and representatives anew, nobody moves: after a facilitator's
        move, hide, rename, pin, merge, approval or undo. An emptied theme goes, unless
        pinned or touched.

    split(ideas, themes, theme_id, new_id) -> Result
        Re-cluster one theme's members into ≥ 2 themes; the part holding its placed
        ideas (else the largest) keeps the id. Other themes are unchanged. To keep a
        split from being merged back by the next recluster, mark its ideas as placed.

`Result.themes` lists every theme with id, label, keywords, representative idea text
and member ids, in display order (the given themes first, in their order, new ones
after). Labels, keywords and representatives come from visible, approved ideas only:
`waiting` ideas (pre-moderated, not approved yet) are clustered and placed but give no
word; a theme of waiting ideas only has label "" and no representative. Ideas with a
`heading` are pulled together (`workers.headings`). `Result.unassigned` lists the ideas
in no theme; `Result.assignments()` the idea → theme map (the `assign` of a
`themes.updated` event).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from workers import churn
from workers.centroids import Centroids, centroids
from workers.cluster import AutoClusterer, Clusterer, centred
from workers.headings import hinted
from workers.label import NO_CONTEXT, LabelContext, describe
from workers.match import match_ids

# A new idea joins its nearest theme when it is at least as close as the 5 % least typical
# members are. Measured on 1,000-idea samples (800 clustered, 200 placed): from 10 to 5
# the share placed at once rose 85 -> 93 % (xSID nl), 71 -> 84 % (SIB-200 nl), 76 -> 86 %
# (BANKING77), 84 -> 94 % (CLINC150), and the share placed with its own kind fell by 1-2
# points; at 2 by up to 5 (benchmarks/fast_path.py). The next re-cluster corrects either way.
JOIN_PERCENTILE = 5.0

EXAMPLE_WEIGHT = 3.0
"""In the fast path an idea the facilitator placed counts this many times in its theme's
centroid: new ideas like it go where the facilitator put it."""

GROUP_FOLLOWS = 0.5
IDEA_FOLLOWS = 0.2
GROUP_PER_EXAMPLE = 2.5
"""How the facilitator's examples pull (cosines in the room's centred space; `_follow`):
a group follows whole when its centroid is this close to a theme's examples, nearer them
than any other group, and at most GROUP_PER_EXAMPLE times as many as the examples; an
idea alone when it is IDEA_FOLLOWS close. Chosen on benchmarks/corrections.py's 50
workshop samples of xSID nl and SIB-200 nl (docs/benchmarks.md): 0.8 was as good on them
but left the crafted lump of tests/workers/test_learning.py in place; 0.4 did worse."""

BOARD_THEMES = 12
"""A live round's re-clustering finds at most this many themes: a board (and a projector)
stays readable, and a tree cut this high merges neighbouring themes whole rather than
leaving ideas out (benchmarks/board_themes.py). The facilitator's fewer / more sets any
number (`k`), and files (`cocreatie cluster`) are not capped."""
BOARD_MOST_PER_THEME = 40
"""And at least one theme per this many ideas: silhouette alone cut a 303-idea Dutch round
in two themes of 179 and 124; with this floor it found 10, and scored better on every
300-idea benchmark round but SIB-200 en, level there (benchmarks/board_themes.py)."""
BOARD_MOST_ROWS = 1500
"""A live round of more ideas grows its trees on a sample of this many, the rest joining the
nearest sample cluster: the worker answers no new idea while it re-clusters, and 2,800
BANKING77 ideas took 1.80 s with every idea in the trees, 0.55 s with 1,500, at ARI 0.138
against 0.134 (12 themes either way)."""
BOARD_CLUSTERER = AutoClusterer(
    max_k=BOARD_THEMES, most_per_cluster=BOARD_MOST_PER_THEME, max_rows=BOARD_MOST_ROWS
)


@dataclass(frozen=True)
class IdeaRecord:
    id: str
    text: str
    vector: np.ndarray
    theme_id: str | None = None
    placed: bool = False
    waiting: bool = False
    """Not approved yet: clustered and placed, but no word of it in a label."""
    heading: str | None = None
    """The seeded heading (its theme id) the idea answers: a strong hint."""


@dataclass(frozen=True)
class ThemeRecord:
    id: str
    pinned: bool = False
    label: str | None = None
    """The facilitator's label after a rename; None while the label is computed."""
    touched: bool = False
    """The facilitator's hand was on it: automatic re-clustering keeps its members."""


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
    rows = hinted_rows([*members, *new])
    member_rows, new_rows = rows[: len(members)], rows[len(members) :]
    weights = np.array([EXAMPLE_WEIGHT if idea.placed else 1.0 for idea in members], dtype=np.float32)
    found, threshold = theme_centroids(members, member_rows, weights)
    similarity = new_rows @ found.rows.T
    nearest = similarity.argmax(axis=1)
    return {
        idea.id: found.theme_ids[best] if similarity[n, best] >= threshold else None
        for n, (idea, best) in enumerate(zip(new, nearest, strict=True))
    }


def recluster(
    ideas: Sequence[IdeaRecord],
    themes: Sequence[ThemeRecord],
    new_id: Callable[[], str],
    k: int | None = None,
    clusterer: Clusterer | None = None,
    automatic: bool = False,
    context: LabelContext = NO_CONTEXT,
) -> Result:
    """Re-cluster the round; see the module docstring for the constraints kept."""
    calm = automatic or k is not None
    held = {theme.id for theme in themes if theme.pinned or (calm and theme.touched)}
    fixed = {i.id: i.theme_id for i in ideas if i.placed or i.theme_id in held}
    rows = hinted_rows(ideas)  # the heading hint mixed in once, for the clustering, learning and churn
    chosen = [n for n, idea in enumerate(ideas) if _clustered(idea, fixed, held)]
    clustered = [ideas[n] for n in chosen]
    labels = (clusterer or AutoClusterer()).fit(rows[chosen], None if k is None else max(1, k - len(held)))
    seeds = [idea for idea in ideas if idea.placed and idea.theme_id in held]
    followed = _follow(_groups(clustered, labels), seeds, ideas, rows)
    free = [idea for idea in clustered if idea.id not in followed]
    smallest = 1 if k else 2
    groups = [group for group in _groups(free, labels, clustered) if len(group) >= smallest]
    previous = _members(i for i in ideas if i.theme_id not in held)
    assigned: dict[str, str | None] = dict.fromkeys(i.id for i in ideas)
    for group, theme_id in zip(groups, match_ids(groups, previous, new_id), strict=True):
        assigned.update(dict.fromkeys(group, theme_id))
    assigned.update(followed)
    assigned.update(fixed)
    keep = held | {theme_id for theme_id in fixed.values() if theme_id}
    if automatic:
        shown = [i.id for i in ideas if i.id not in fixed and i.id not in followed and i.theme_id is not None]
        assigned = churn.calm(_board(ideas, rows), assigned, shown, keep)
    return _result(ideas, assigned, themes, keep, context)


def _follow(
    groups: Sequence[frozenset[str]], seeds: Sequence[IdeaRecord], ideas: Sequence[IdeaRecord], rows: np.ndarray
) -> dict[str, str]:
    """The facilitator's hand as labelled examples: the ideas a facilitator placed in a
    held theme (a move, merge or split) stand for it. In the room's centred space (where
    the clustering sees it), a group of the clustering follows the nearest such theme
    whole when its centroid is within GROUP_FOLLOWS of the theme's examples, nearer them
    than any other group and not too many for them; of the other groups, an idea follows alone when it is
    within IDEA_FOLLOWS of the examples and nearer them than the rest of its group.
    Returns idea -> theme for the ideas that follow (free ideas only: placed ones stay)."""
    seeded = [seed for seed in seeds if seed.theme_id is not None]
    if not seeded or not groups:
        return {}
    space = dict(zip((idea.id for idea in ideas), centred(rows), strict=True))
    examples = centroids([seed.theme_id for seed in seeded if seed.theme_id], np.stack([space[s.id] for s in seeded]))
    theme_ids, prototypes, sizes = examples.theme_ids, examples.rows, examples.sizes
    members = [sorted(group) for group in groups]
    totals = np.stack([np.sum([space[idea_id] for idea_id in group], axis=0) for group in members])
    middles = totals / np.maximum(np.linalg.norm(totals, axis=1, keepdims=True), 1e-12)
    others = middles @ middles.T
    np.fill_diagonal(others, -1.0)
    followed: dict[str, str] = {}
    for n, group in enumerate(members):
        near = middles[n] @ prototypes.T
        best = int(near.argmax())
        few_enough = len(group) <= GROUP_PER_EXAMPLE * sizes[best]
        if near[best] >= GROUP_FOLLOWS and near[best] > others[n].max() and few_enough:
            followed.update(dict.fromkeys(group, theme_ids[best]))
            continue
        for idea_id in group:
            row = space[idea_id]
            to_examples = row @ prototypes.T
            best = int(to_examples.argmax())
            rest = float(row @ _unit(totals[n] - row)) if len(group) > 1 else -1.0
            if to_examples[best] >= max(IDEA_FOLLOWS, rest):
                followed[idea_id] = theme_ids[best]
    return followed


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def redescribe(
    ideas: Sequence[IdeaRecord], themes: Sequence[ThemeRecord], context: LabelContext = NO_CONTEXT
) -> Result:
    """Every idea where it is; labels, keywords and representatives anew."""
    keep = {theme.id for theme in themes if theme.pinned or theme.touched}
    return _result(ideas, {idea.id: idea.theme_id for idea in ideas}, themes, keep, context)


def split(
    ideas: Sequence[IdeaRecord],
    themes: Sequence[ThemeRecord],
    theme_id: str,
    new_id: Callable[[], str],
    clusterer: Clusterer | None = None,
    context: LabelContext = NO_CONTEXT,
) -> Result:
    """Divide one theme into at least two; the rest of the board is untouched."""
    inside = [idea for idea in ideas if idea.theme_id == theme_id]
    if len(inside) < 2:
        raise ValueError(f"theme {theme_id!r} has {len(inside)} idea(s); splitting needs two")
    cluster = clusterer or AutoClusterer()
    labels = cluster.fit(hinted_rows(inside))
    if labels.max(initial=0) < 1:
        labels = cluster.fit(hinted_rows(inside), 2)
    groups = _groups(inside, labels)
    placed = {idea.id for idea in inside if idea.placed}
    keeper = max(range(len(groups)), key=lambda n: (len(groups[n] & placed), len(groups[n])))
    assigned: dict[str, str | None] = {i.id: i.theme_id for i in ideas}
    for n, group in enumerate(groups):
        target = theme_id if n == keeper else new_id()
        assigned.update(dict.fromkeys(group - placed, target))
    keep = {theme.id for theme in themes if theme.pinned} | {theme_id}
    return _result(ideas, assigned, themes, keep, context)


def _clustered(idea: IdeaRecord, fixed: Mapping[str, str | None], held: set[str]) -> bool:
    """Free ideas, and placed ideas in themes not held: they pull their theme's id along."""
    if idea.id not in fixed:
        return True
    theme_id = fixed[idea.id]
    return theme_id is not None and theme_id not in held


def hinted_rows(ideas: Sequence[IdeaRecord]) -> np.ndarray:
    """Unit rows, with the heading hint mixed in."""
    if not ideas:
        return np.zeros((0, 0), dtype=np.float32)
    return hinted(np.stack([idea.vector for idea in ideas]), [idea.heading for idea in ideas])


def theme_centroids(
    members: Sequence[IdeaRecord], rows: np.ndarray, weights: np.ndarray | None = None,
    percentile: float | None = None,
) -> tuple[Centroids, float]:
    """The members' theme centroids (each member counting its weight, default 1) and a
    joining threshold: as close as the `percentile`th percentile (default JOIN_PERCENTILE,
    the fast path's) of members are to their own theme's centroid."""
    found = centroids([idea.theme_id for idea in members if idea.theme_id is not None], rows, weights)
    share = JOIN_PERCENTILE if percentile is None else percentile
    threshold = float(np.percentile(np.sum(rows * found.rows[found.own], axis=1), share))
    return found, threshold


def _board(ideas: Sequence[IdeaRecord], rows: np.ndarray) -> churn.Board:
    """The room as it was, for the churn cap (in the space the clustering saw: `rows`)."""
    members = [n for n, idea in enumerate(ideas) if idea.theme_id is not None]
    threshold = theme_centroids([ideas[n] for n in members], rows[members])[1] if members else 0.0
    return churn.Board(
        before={idea.id: idea.theme_id for idea in ideas},
        vectors={idea.id: row for idea, row in zip(ideas, rows, strict=True)},
        unassigned_similarity=threshold,
    )


def _groups(
    ideas: Sequence[IdeaRecord], labels: np.ndarray, labelled: Sequence[IdeaRecord] | None = None
) -> list[frozenset[str]]:
    """The ideas by cluster; `labels` are those of `labelled` (default: `ideas`) in order."""
    label_of = {idea.id: int(label) for idea, label in zip(labelled or ideas, labels, strict=True)}
    grouped: dict[int, set[str]] = {}
    for idea in ideas:
        grouped.setdefault(label_of[idea.id], set()).add(idea.id)
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
    context: LabelContext,
) -> Result:
    by_theme = _in_display_order(ideas, assigned, themes, keep)
    renamed = {theme.id: theme.label for theme in themes if theme.label}
    spoken = {theme_id: [i for i in members if not i.waiting] for theme_id, members in by_theme.items()}
    described = [theme_id for theme_id, members in spoken.items() if members]
    descriptions = dict(zip(described, describe(
        [[idea.text for idea in spoken[theme_id]] for theme_id in described],
        [np.stack([idea.vector for idea in spoken[theme_id]]) for theme_id in described],
        context, [idea.text for idea in ideas if not idea.waiting],
    ), strict=True))
    results = []
    for theme_id, members in by_theme.items():
        found = descriptions.get(theme_id)
        representative = spoken[theme_id][found.representative].text if found else None
        results.append(ThemeResult(
            id=theme_id,
            label=renamed.get(theme_id) or (found.label if found else "") or representative or "",
            keywords=found.keywords if found else (),
            representative=representative,
            members=tuple(idea.id for idea in members),
        ))
    unassigned = tuple(idea.id for idea in ideas if assigned.get(idea.id) is None)
    return Result(tuple(results), unassigned)


def _in_display_order(
    ideas: Sequence[IdeaRecord], assigned: Mapping[str, str | None], themes: Sequence[ThemeRecord], keep: set[str]
) -> dict[str, list[IdeaRecord]]:
    """Theme id -> members: the given themes in their order, then new ones as their ideas
    come; a theme without members only if kept."""
    by_theme: dict[str, list[IdeaRecord]] = {theme.id: [] for theme in themes}
    for idea in ideas:
        theme_id = assigned.get(idea.id)
        if theme_id is not None:
            by_theme.setdefault(theme_id, []).append(idea)
    for theme_id in sorted(keep - by_theme.keys()):
        by_theme[theme_id] = []
    return {theme_id: members for theme_id, members in by_theme.items() if members or theme_id in keep}
