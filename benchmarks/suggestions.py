"""How good the board's hints are (`workers.suggest`): "probably belongs to …" for
unassigned ideas, and "these two themes read as one", for several thresholds.

    nice -n 10 .venv/bin/python benchmarks/suggestions.py [--datasets ../shared/datasets] [--samples 30]

Per labelled set (CLINC150's val.csv skipped), brainstorm-sized samples as in
benchmarks/clustering.py (`samples()`, seed 0), in a shuffled order (seed 1):

* Suggestions: the first 80 % of a sample re-clustered by the pipeline, the rest placed by
  the fast path; the unassigned ideas are those the re-clustering left out and those the
  fast path held back. "Get one" = share of them with a suggestion; "right" = share of the
  suggestions naming a theme whose most common true class is the idea's own.
* Alike, on gold themes: half the classes of each sample (those of 6 ideas or more) split in
  two random halves, the others whole. "Precision" = share of the offered pairs (at most
  `MAX_ALIKE` a sample) that are two halves of one class; "found" = share of split classes
  offered.
* Alike, on the pipeline's own themes of the whole sample: an offered pair is "right" when
  both themes have the same most common true class.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from benchmarks.clustering import Dataset, load_datasets, samples, theme_ids
from workers import suggest
from workers.embed import DEFAULT_MODEL
from workers.pipeline import IdeaRecord, assign_new, recluster

SUGGEST_TRIES = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
ALIKE_TRIES = (0.65, 0.7, 0.75, 0.8, 0.85)
MIN_SPLIT = 6


@dataclass
class Tally:
    """Counts per threshold: (hits, out of)."""

    counts: dict[float, list[int]] = field(default_factory=dict)

    def add(self, threshold: float, hits: int, total: int) -> None:
        pair = self.counts.setdefault(threshold, [0, 0])
        pair[0] += hits
        pair[1] += total

    def share(self, threshold: float) -> str:
        hits, total = self.counts.get(threshold, [0, 0])
        return f"{hits / total:.0%} ({hits}/{total})" if total else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    sets = load_datasets(args.datasets, args.model)
    print("## Suggestions for unassigned ideas (get one / right among those)\n")
    print("| set | " + " | ".join(f"≥ {t:g}" for t in SUGGEST_TRIES) + " |")
    print("|---|" + "---|" * len(SUGGEST_TRIES))
    alike_rows = []
    for dataset in sets:
        got, right, gold, found, own = _measure(dataset, args.samples)
        cells = [f"{got.share(t)} / {right.share(t)}" for t in SUGGEST_TRIES]
        print(f"| {dataset.name} | " + " | ".join(cells) + " |", flush=True)
        alike_rows.append((dataset.name, gold, found, own))
    print("\n## Alike themes (gold halves: precision / split classes found; pipeline themes: right)\n")
    print("| set | " + " | ".join(f"≥ {t:g}" for t in ALIKE_TRIES) + " |")
    print("|---|" + "---|" * len(ALIKE_TRIES))
    for name, gold, found, own in alike_rows:
        cells = [f"{gold.share(t)} / {found.share(t)}; {own.share(t)}" for t in ALIKE_TRIES]
        print(f"| {name} | " + " | ".join(cells) + " |")
    _speed(sets)
    print(f"\nRepeat: nice -n 10 .venv/bin/python benchmarks/suggestions.py --datasets {args.datasets}"
          f" --samples {args.samples}")


def _measure(dataset: Dataset, count: int) -> tuple[Tally, Tally, Tally, Tally, Tally]:
    got, right, gold, found, own = Tally(), Tally(), Tally(), Tally(), Tally()
    rng = np.random.default_rng(1)
    for rows in samples(dataset.labels, count):
        rows = rng.permutation(rows)
        ideas = [IdeaRecord(str(row), dataset.texts[row], dataset.ours[row]) for row in rows]
        labels = {str(row): str(dataset.labels[row]) for row in rows}
        _suggested(ideas, labels, got, right)
        _gold_halves(ideas, labels, rng, gold, found)
        _pipeline_alike(ideas, labels, own)
    return got, right, gold, found, own


def _suggested(ideas: Sequence[IdeaRecord], labels: dict[str, str], got: Tally, right: Tally) -> None:
    first = int(len(ideas) * 0.8)
    assigned = recluster(ideas[:first], [], theme_ids()).assignments()
    themed = [IdeaRecord(i.id, i.text, i.vector, assigned.get(i.id)) for i in ideas[:first]]
    assigned |= assign_new([*themed, *ideas[first:]], ideas[first:])
    kinds = _kinds(assigned, labels)
    loose = [idea_id for idea_id, theme_id in assigned.items() if theme_id is None]
    for threshold in SUGGEST_TRIES:
        found = suggest.suggestions(ideas, assigned, minimum=threshold)
        got.add(threshold, len(found), len(loose))
        right.add(threshold, sum(1 for i, t in found.items() if kinds[t] == labels[i]), len(found))


def _gold_halves(
    ideas: Sequence[IdeaRecord], labels: dict[str, str], rng: np.random.Generator, gold: Tally, found: Tally
) -> None:
    classes = sorted(set(labels.values()))
    big = [c for c in classes if sum(1 for v in labels.values() if v == c) >= MIN_SPLIT]
    split = set(rng.choice(big, size=len(big) // 2, replace=False)) if big else set()
    assigned: dict[str, str | None] = {}
    for label in classes:
        members = [i.id for i in ideas if labels[i.id] == label]
        for n, idea_id in enumerate(rng.permutation(members)):
            assigned[str(idea_id)] = f"{label}/{n % 2}" if label in split else f"{label}/0"
    for threshold in ALIKE_TRIES:
        pairs = suggest.alike(ideas, assigned, minimum=threshold)
        hits = sum(1 for a, b in pairs if a.split("/")[0] == b.split("/")[0])
        gold.add(threshold, hits, len(pairs))
        found.add(threshold, hits, len(split))


def _pipeline_alike(ideas: Sequence[IdeaRecord], labels: dict[str, str], own: Tally) -> None:
    assigned = recluster(ideas, [], theme_ids()).assignments()
    kinds = _kinds(assigned, labels)
    for threshold in ALIKE_TRIES:
        pairs = suggest.alike(ideas, assigned, minimum=threshold)
        own.add(threshold, sum(1 for a, b in pairs if kinds[a] == kinds[b]), len(pairs))


def _kinds(assigned: dict[str, str | None], labels: dict[str, str]) -> dict[str, str]:
    """Each theme's most common true class."""
    members: dict[str, list[str]] = {}
    for idea_id, theme_id in assigned.items():
        if theme_id is not None:
            members.setdefault(theme_id, []).append(labels[idea_id])
    return {theme_id: Counter(found).most_common(1)[0][0] for theme_id, found in members.items()}


def _speed(sets: Sequence[Dataset]) -> None:
    """Both hints at 2,000 ideas in 12 themes with 200 unassigned: what a worker adds per update."""
    vectors = np.vstack([dataset.ours for dataset in sets])[:2000]
    ideas = [IdeaRecord(str(n), "", vectors[n]) for n in range(len(vectors))]
    assigned = {idea.id: (None if n < 200 else f"t{n % 12}") for n, idea in enumerate(ideas)}
    times = []
    for _ in range(20):
        started = time.perf_counter()
        suggest.suggestions(ideas, assigned)
        suggest.alike(ideas, assigned)
        times.append(time.perf_counter() - started)
    p50, p95 = np.percentile(np.array(times) * 1000, [50, 95])
    print(f"\n- both hints at 2,000 ideas (12 themes, 200 unassigned): p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    torch.set_num_threads(2)
    main()
