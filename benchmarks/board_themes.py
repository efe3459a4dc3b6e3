"""How many themes a live round shows: found freely, capped by merging, capped with a floor
of one theme per so many ideas (the worker's choice), or the largest few with the rest
left unassigned — on big-round samples.

    .venv/bin/python benchmarks/board_themes.py [--datasets ../shared/datasets] [--samples 20] [--ideas 300]

Each sample is a round of `--ideas` ideas from 8–30 classes of the set (seed 0). Per
set, the median over samples of: the number of themes, NMI and ARI against the labels
(an unassigned idea counts as a theme of its own), and the share of ideas unassigned.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from benchmarks.clustering import Dataset, load_datasets, theme_ids
from workers.cluster import AutoClusterer
from workers.embed import DEFAULT_MODEL
from workers.pipeline import BOARD_MOST_PER_THEME, BOARD_THEMES, IdeaRecord, recluster

Choice = Callable[[list[IdeaRecord]], dict[str, str | None]]


def found(ideas: list[IdeaRecord]) -> dict[str, str | None]:
    return recluster(ideas, [], theme_ids()).assignments()


def capped(most: int | None) -> Choice:
    """The trees cut at no more than BOARD_THEMES, and (with `most`) at least one theme per
    `most` ideas."""
    clusterer = AutoClusterer(max_k=BOARD_THEMES, most_per_cluster=most)
    return lambda ideas: recluster(ideas, [], theme_ids(), clusterer=clusterer).assignments()


def largest(ideas: list[IdeaRecord]) -> dict[str, str | None]:
    """Found freely; the BOARD_THEMES largest themes kept, the rest unassigned."""
    result = recluster(ideas, [], theme_ids())
    kept = sorted(result.themes, key=lambda theme: -len(theme.members))[:BOARD_THEMES]
    assigned: dict[str, str | None] = {idea.id: None for idea in ideas}
    for theme in kept:
        assigned.update(dict.fromkeys(theme.members, theme.id))
    return assigned


CHOICES: dict[str, Choice] = {
    "found": found,
    f"≤ {BOARD_THEMES} (stop 21)": capped(None),
    f"≤ {BOARD_THEMES}, ≥ n/25": capped(25),
    f"≤ {BOARD_THEMES}, ≥ n/{BOARD_MOST_PER_THEME} (the worker's)": capped(BOARD_MOST_PER_THEME),
    f"largest {BOARD_THEMES}": largest,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--ideas", type=int, default=300)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    print(f"## Themes of a {args.ideas}-idea round (median of {args.samples} samples)\n")
    print("| set | true k | " + " | ".join(f"{name}: themes · NMI · ARI · unassigned" for name in CHOICES) + " |")
    print("|---|---|" + "---|" * len(CHOICES))
    for dataset in load_datasets(args.datasets, args.model):
        _report(dataset, round_samples(dataset.labels, args.samples, args.ideas))
    print(
        f"\nRepeat: .venv/bin/python benchmarks/board_themes.py --datasets {args.datasets}"
        f" --samples {args.samples} --ideas {args.ideas}"
    )


def round_samples(labels: np.ndarray, count: int, ideas: int, seed: int = 0) -> list[np.ndarray]:
    """`count` rounds of `ideas` ideas drawn from 8–30 of the set's classes."""
    rng = np.random.default_rng(seed)
    classes = np.unique(labels)
    found_rows: list[np.ndarray] = []
    while len(found_rows) < count:
        chosen = rng.choice(classes, size=min(len(classes), int(rng.integers(8, 31))), replace=False)
        pool = np.flatnonzero(np.isin(labels, chosen))
        if len(pool) >= ideas:
            found_rows.append(np.sort(rng.choice(pool, size=ideas, replace=False)))
    return found_rows


def _report(dataset: Dataset, rounds: list[np.ndarray]) -> None:
    cells = []
    for choose in CHOICES.values():
        runs = np.array([_run(dataset, rows, choose) for rows in rounds])
        themes, nmi, ari, unassigned = np.median(runs, axis=0)
        cells.append(f"{themes:.0f} · {nmi:.2f} · {ari:.2f} · {unassigned:.0%}")
    true_k = np.median([len(np.unique(dataset.labels[rows])) for rows in rounds])
    print(f"| {dataset.name} | {true_k:.0f} | " + " | ".join(cells) + " |", flush=True)


def _run(dataset: Dataset, rows: np.ndarray, choose: Choice) -> tuple[float, float, float, float]:
    ideas = [IdeaRecord(str(row), dataset.texts[row], dataset.ours[row]) for row in rows]
    assigned = choose(ideas)
    labels = [assigned[idea.id] or f"alone-{idea.id}" for idea in ideas]
    truth = dataset.labels[rows]
    themes = len({theme for theme in assigned.values() if theme})
    unassigned = sum(theme is None for theme in assigned.values()) / len(ideas)
    return themes, normalized_mutual_info_score(truth, labels), adjusted_rand_score(truth, labels), unassigned


if __name__ == "__main__":
    main()
