"""How many new ideas the fast path places at once, and how many of those it places with
their own kind, for several values of `workers.pipeline.JOIN_PERCENTILE`.

    .venv/bin/python benchmarks/fast_path.py [--datasets ../shared/datasets] [--ideas 1000]

Per labelled set: a shuffled sample (seed 1) of `--ideas` ideas; the first 80 % are
re-clustered as the worker would, the other 20 % are placed one by one by the fast path
(`workers.pipeline.assign_new`). "Right" = placed in a theme whose most common true label
is the idea's own.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import Counter
from itertools import count
from pathlib import Path

import numpy as np

from workers import pipeline
from workers.embed import load_embedder
from workers.pipeline import IdeaRecord

SETS = ("xsid/nl.csv", "sib200/nld_Latn.csv", "banking77_en/test.csv", "clinc150_en/test.csv")
PERCENTILES = (10.0, 5.0, 2.0, 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--ideas", type=int, default=1000)
    args = parser.parse_args()
    embedder = load_embedder()
    print("| set | percentile | placed at once | right among placed |\n|---|---|---|---|")
    for name in SETS:
        with (args.datasets / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        random.Random(1).shuffle(rows)
        rows = rows[: args.ideas]
        texts, labels = [r["text"] for r in rows], [r["label"] for r in rows]
        for percentile, (placed, right) in _placements(texts, labels, embedder.encode(texts)).items():
            print(f"| {name} | {percentile:g} | {placed:.0%} | {right:.0%} |")
    print(f"\nRepeat: .venv/bin/python benchmarks/fast_path.py --datasets {args.datasets} --ideas {args.ideas}")


def _placements(texts: list[str], labels: list[str], vectors: np.ndarray) -> dict[float, tuple[float, float]]:
    first = int(len(texts) * 0.8)
    numbers = count(1)
    result = pipeline.recluster([IdeaRecord(str(i), texts[i], vectors[i]) for i in range(first)], [],
                                lambda: f"t{next(numbers)}")
    assigned = result.assignments()
    themed = [IdeaRecord(str(i), texts[i], vectors[i], assigned.get(str(i))) for i in range(first)]
    members: dict[str, list[str]] = {}
    for i in range(first):
        if theme := assigned.get(str(i)):
            members.setdefault(theme, []).append(labels[i])
    kind = {theme: Counter(found).most_common(1)[0][0] for theme, found in members.items()}
    shares = {}
    for percentile in PERCENTILES:
        pipeline.JOIN_PERCENTILE = percentile
        placed = [(i, pipeline.assign_new([*themed, new], [new])[new.id])
                  for i in range(first, len(texts)) for new in [IdeaRecord(str(i), texts[i], vectors[i])]]
        hits = [i for i, theme in placed if theme is not None]
        right = sum(1 for i, theme in placed if theme is not None and kind[theme] == labels[i])
        shares[percentile] = (len(hits) / len(placed), right / max(1, len(hits)))
    return shares


if __name__ == "__main__":
    main()
