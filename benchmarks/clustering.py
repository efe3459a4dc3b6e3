"""Clustering quality and speed on the shared labelled datasets, in one run.

    .venv/bin/python benchmarks/clustering.py [--datasets ../shared/datasets] [--samples 50]

For every CSV in the datasets folder (CLINC150's val.csv is for tuning and is skipped),
whole and as brainstorm-sized samples (seed 0; 5–12 classes, 4–15 ideas each, 40–90
ideas), side by side: our pipeline with the number of themes found by itself
(`workers.pipeline.recluster`, ideas unassigned by it count as singletons); k-means
given the true number on the plain MiniLM embeddings and on our (glossed) embeddings;
TF-IDF k-means given the true number. Then embedding throughput, fast-path latency
at 2,000 ideas and full re-cluster time. Vectors are cached per text in $TMPDIR.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import torch
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from workers.embed import (
    DEFAULT_MODEL,
    Embedder,
    is_english_only,
    load_embedder,
    load_model,
)
from workers.gloss import Gloss
from workers.pipeline import IdeaRecord, assign_new, recluster

CACHE = Path(tempfile.gettempdir()) / "cocreatie-bench"
METHODS = ("ours", "km_plain", "km_ours", "tfidf")


@dataclass(frozen=True)
class Dataset:
    name: str
    texts: list[str]
    labels: np.ndarray
    plain: np.ndarray
    ours: np.ndarray


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    args = parser.parse_args()
    sets = load_datasets(args.datasets, args.model)
    print("## Quality (NMI / ARI; k = themes found / true number)\n")
    print("| set | ideas | true k | ours | k found | k-means plain | k-means ours | TF-IDF k-means |")
    print("|---|---|---|---|---|---|---|---|")
    for dataset in sets:
        _whole(dataset)
    print("\n## Samples (median of", args.samples, "samples; k ratio = found / true)\n")
    print(
        "| set | ours | k ratio (share in ½–2×) | k-means plain | k-means ours | TF-IDF k-means"
        " | ours / k-means plain |"
    )
    print("|---|---|---|---|---|---|---|")
    for dataset in sets:
        _samples(dataset, args.samples)
    _speed(sets, args.model)
    print(f"\nRepeat: .venv/bin/python benchmarks/clustering.py --datasets {args.datasets}")


def load_datasets(root: Path, model: str) -> list[Dataset]:
    """Every shared set under `root` but CLINC150's val.csv (kept for tuning), embedded by `model`."""
    vectors = VectorCache(load_model(model))
    gloss = Gloss.load() if is_english_only(model) else None
    paths = sorted(path for path in root.glob("*/*.csv") if path.name != "val.csv")
    return [load_dataset(path, root, vectors, gloss) for path in paths]


def load_dataset(path: Path, root: Path, vectors: VectorCache, gloss: Gloss | None) -> Dataset:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [row["text"] for row in rows]
    labels = np.array([row["label"] for row in rows])
    name = str(path.relative_to(root).with_suffix(""))
    ours = vectors.encode(gloss.many(texts)) if gloss else vectors.encode(texts)
    return Dataset(name, texts, labels, vectors.encode(texts), ours)


class VectorCache:
    """One model's vectors of exact input texts, kept in $TMPDIR between runs.

    Our pipeline's vectors are the model's vectors of the glossed texts (what
    `workers.embed.GlossedEmbedder` computes), so one cache serves both columns.
    """

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._folder = CACHE / hashlib.sha256(embedder.name.encode()).hexdigest()[:16]
        self._known: dict[str, np.ndarray] = {}
        if (self._folder / "texts.json").exists():
            texts = json.loads((self._folder / "texts.json").read_text(encoding="utf-8"))
            self._known = dict(zip(texts, np.load(self._folder / "vectors.npy"), strict=True))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = sorted(set(texts) - self._known.keys())
        if missing:
            self._known.update(zip(missing, self._embedder.encode(missing), strict=True))
            self._save()
        return np.stack([self._known[text] for text in texts])

    def _save(self) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        texts = list(self._known)
        (self._folder / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
        np.save(self._folder / "vectors.npy", np.stack([self._known[text] for text in texts]))


def _score(labels: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    return normalized_mutual_info_score(truth, labels), adjusted_rand_score(truth, labels)


def _ours(texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
    ideas = [IdeaRecord(str(n), text, vectors[n]) for n, text in enumerate(texts)]
    result = recluster(ideas, [], theme_ids())
    found = result.assignments()
    singles = {idea: f"single-{idea}" for idea, theme in found.items() if theme is None}
    return np.array([found[idea.id] or singles[idea.id] for idea in ideas])


def _kmeans(vectors: np.ndarray, k: int) -> np.ndarray:
    return KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(vectors)


def _tfidf(texts: Sequence[str], k: int) -> np.ndarray:
    matrix = TfidfVectorizer(sublinear_tf=True, min_df=1).fit_transform(texts)
    return _kmeans(matrix, k)


def _all(texts: Sequence[str], plain: np.ndarray, ours: np.ndarray, truth: np.ndarray) -> dict:
    k = len(np.unique(truth))
    found = _ours(texts, ours)
    runs = {
        "ours": found,
        "km_plain": _kmeans(plain, k),
        "km_ours": _kmeans(ours, k),
        "tfidf": _tfidf(texts, k),
    }
    scores = {method: _score(labels, truth) for method, labels in runs.items()}
    themes = len({label for label in found if not str(label).startswith("single-")})
    return {"scores": scores, "k": k, "found": themes}


def _pair(score: Sequence[float]) -> str:
    return f"{score[0]:.3f} / {score[1]:.3f}"


def _whole(dataset: Dataset) -> None:
    run = _all(dataset.texts, dataset.plain, dataset.ours, dataset.labels)
    s = run["scores"]
    print(
        f"| {dataset.name} | {len(dataset.texts)} | {run['k']} | {_pair(s['ours'])} | {run['found']} "
        f"| {_pair(s['km_plain'])} | {_pair(s['km_ours'])} | {_pair(s['tfidf'])} |",
        flush=True,
    )


def samples(labels: np.ndarray, count: int, seed: int = 0) -> list[np.ndarray]:
    """Brainstorm-sized samples: 5–12 classes of 4–15 items each, 40–90 items in all."""
    rng = np.random.default_rng(seed)
    classes, sizes = np.unique(labels, return_counts=True)
    eligible = classes[sizes >= 4]
    found: list[np.ndarray] = []
    while len(found) < count:
        chosen = rng.choice(eligible, size=rng.integers(5, min(12, len(eligible)) + 1), replace=False)
        rows: list[int] = []
        for label in chosen:
            members = np.flatnonzero(labels == label)
            rows += list(rng.choice(members, size=rng.integers(4, min(15, len(members)) + 1), replace=False))
        if 40 <= len(rows) <= 90:
            found.append(np.array(rows))
    return found


def _samples(dataset: Dataset, count: int) -> None:
    runs = []
    for rows in samples(dataset.labels, count):
        texts = [dataset.texts[row] for row in rows]
        runs.append(_all(texts, dataset.plain[rows], dataset.ours[rows], dataset.labels[rows]))
    median = {m: np.median([run["scores"][m] for run in runs], axis=0) for m in METHODS}
    ratios = np.array([run["found"] / run["k"] for run in runs])
    inside = np.mean((ratios >= 0.5) & (ratios <= 2))
    versus = median["ours"] / median["km_plain"]
    print(
        f"| {dataset.name} | {_pair(median['ours'])} | {np.median(ratios):.2f} ({inside:.0%}) "
        f"| {_pair(median['km_plain'])} | {_pair(median['km_ours'])} | {_pair(median['tfidf'])} "
        f"| {_pair(versus)} |",
        flush=True,
    )


def _speed(sets: Sequence[Dataset], model: str) -> None:
    texts = [text for dataset in sets for text in dataset.texts]
    vectors = np.vstack([dataset.ours for dataset in sets])
    print("\n## Speed\n")
    for threads in (2, 1):
        embedder = load_embedder(model, threads=threads)
        batch = texts[:: max(1, len(texts) // 2000)][:2000]
        embedder.encode(batch[:64])
        started = time.perf_counter()
        embedder.encode(batch)
        rate = len(batch) / (time.perf_counter() - started)
        print(f"- embedding (gloss included), batch 32, {threads} thread(s): {rate:.0f} ideas/s")
    _fast_path(texts, vectors, embedder)  # the default: one thread
    for size in (200, 1000, 5000):
        ideas = [IdeaRecord(str(n), texts[n], vectors[n]) for n in range(size)]
        started = time.perf_counter()
        recluster(ideas, [], theme_ids())
        print(f"- full re-cluster of {size:,} stored embeddings: {time.perf_counter() - started:.2f} s")


def _fast_path(texts: Sequence[str], vectors: np.ndarray, embedder: Embedder) -> None:
    rng = np.random.default_rng(0)
    rows = rng.choice(len(texts), size=2200, replace=False)
    room = [IdeaRecord(str(n), texts[n], vectors[n]) for n in rows[:2000]]
    themes = recluster(room, [], theme_ids()).assignments()
    room = [IdeaRecord(i.id, i.text, i.vector, themes[i.id]) for i in room]
    bare, full = [], []
    for n in rows[2000:]:
        bare.append(_timed(partial(assign_new, room, [IdeaRecord(str(n), texts[n], vectors[n])])))
        full.append(_timed(partial(_arrive, room, str(n), texts[n], embedder)))
    for name, times in (("without", bare), ("with", full)):
        p50, p95 = np.percentile(np.array(times) * 1000, [50, 95])
        print(f"- fast path at 2,000 ideas, {name} embedding: p50 {p50:.1f} ms, p95 {p95:.1f} ms")


def _arrive(room: list[IdeaRecord], idea_id: str, text: str, embedder: Embedder) -> None:
    """One idea reaching the fast path, embedded first."""
    assign_new(room, [IdeaRecord(idea_id, text, embedder.encode([text])[0])])


def theme_ids() -> Callable[[], str]:
    numbers = itertools.count()
    return lambda: f"t{next(numbers)}"


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    torch.set_num_threads(2)
    main()
