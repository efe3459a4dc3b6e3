"""Time and peak memory of one full re-cluster of a big round, with and without the row
cap of `workers.cluster.AutoClusterer` (synthetic 384-d vectors in 40 groups, as MiniLM's).

    .venv/bin/python benchmarks/cluster_memory.py [--ideas 16800] [--cap 5000]

Each case runs in its own process, so that each peak RSS is its own.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time

import numpy as np

from workers.cluster import AutoClusterer

NO_CAP = 10**9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=16_800)
    parser.add_argument("--cap", type=int, default=AutoClusterer().max_rows)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(_measure(args.ideas, args.one))
        return
    for cap in (args.cap, NO_CAP):
        one = [sys.executable, __file__, "--ideas", str(args.ideas), "--one", str(cap)]
        print(subprocess.run(one, capture_output=True, text=True, check=True).stdout.strip())
    print(f"\nRepeat: .venv/bin/python benchmarks/cluster_memory.py --ideas {args.ideas} --cap {args.cap}")


def _measure(ideas: int, cap: int) -> str:
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(40, 384))[rng.integers(0, 40, ideas)] + 0.9 * rng.normal(size=(ideas, 384))
    rows = (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    labels = AutoClusterer(max_rows=cap).fit(rows)
    grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    cap_text = "no cap" if cap == NO_CAP else f"cap {cap}"
    return (f"{ideas} ideas, {cap_text}: {time.perf_counter() - started:.1f} s, {len(set(labels))} themes, "
            f"peak RSS +{grew:.0f} MB")


if __name__ == "__main__":
    main()
