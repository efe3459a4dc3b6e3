"""`cocreatie bench` with the workers on torch and then on ONNX Runtime, in one run, one after
the other: the same rooms, phones and pace, so the workers' CPU per idea compares.

    .venv/bin/python -m benchmarks.embedder_bench [--sockets 1000] [--seconds 30] [--rate 20]
        [--burst 100] [--burst-every 10] [--rooms 1] [--preload 0] [--workers 1]

Each run starts its own product (`cocreatie up`, embedded Redis, a temporary data dir) with
`--embedder torch` or `--embedder onnx` (COCREATIE_EMBEDDER); the ONNX run loads the exported
model from the user's model cache (or exports it first, before its workers are ready, outside
the measured window).
Prints both tables, then the ratio of the workers' CPU per accepted idea, onnx / torch (issue
16 asks for at most 0.5). The bare-broadcast reference is skipped: the embedder does not change it.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

COCREATIE = (sys.executable, "-m", "cocreatie")
EMBEDDERS = ("torch", "onnx")
CPU_PER_IDEA = re.compile(r"^CPU per idea +web (?P<web>[\d.]+) ms, workers (?P<workers>[\d.]+) ms", re.MULTILINE)
PASSED_ON = ("sockets", "seconds", "rate", "burst", "burst_every", "rooms", "preload", "workers")


def _options(argv: list[str]) -> argparse.Namespace:
    options = argparse.ArgumentParser(prog="python -m benchmarks.embedder_bench", description=__doc__.split("\n")[0])
    options.add_argument("--sockets", type=int, default=1000)
    options.add_argument("--seconds", type=float, default=30.0)
    options.add_argument("--rate", type=float, default=20.0)
    options.add_argument("--burst", type=float, default=100.0)
    options.add_argument("--burst-every", type=float, default=10.0)
    options.add_argument("--rooms", type=int, default=1)
    options.add_argument("--preload", type=int, default=0)
    options.add_argument("--workers", type=int, default=1)
    found = options.parse_args(argv)
    if found.workers < 1:
        options.error("--workers must be at least 1: the workers' CPU per idea is what this compares")
    return found


def _bench(options: argparse.Namespace, embedder: str) -> str:
    arguments = [f"--{name.replace('_', '-')}={getattr(options, name)}" for name in PASSED_ON]
    done = subprocess.run(
        [*COCREATIE, "bench", *arguments, "--embedder", embedder, "--no-reference"],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"cocreatie bench failed with --embedder {embedder}:\n{done.stderr}")
    return done.stdout


def cpu_per_idea(table: str) -> tuple[float, float]:
    """(web, workers) milliseconds of CPU per accepted idea, as the bench printed them."""
    found = CPU_PER_IDEA.search(table)
    if found is None:
        raise ValueError(f"no 'CPU per idea' row with workers in the bench's output:\n{table}")
    return float(found["web"]), float(found["workers"])


def summary(tables: dict[str, str]) -> str:
    (torch_web, torch_workers), (onnx_web, onnx_workers) = (cpu_per_idea(tables[name]) for name in EMBEDDERS)
    ratio = onnx_workers / torch_workers if torch_workers else float("nan")
    return (
        f"worker CPU per idea: torch {torch_workers:.1f} ms, onnx {onnx_workers:.1f} ms, onnx / torch {ratio:.2f} "
        f"(target <= 0.5); web CPU per idea: torch {torch_web:.1f} ms, onnx {onnx_web:.1f} ms"
    )


def main(argv: list[str]) -> int:
    options = _options(argv)
    tables = {embedder: _bench(options, embedder) for embedder in EMBEDDERS}
    command = " ".join(["python -m benchmarks.embedder_bench", *argv])
    sys.stdout.write(f"# {command}\n\n")
    for embedder, table in tables.items():
        sys.stdout.write(f"## COCREATIE_EMBEDDER={embedder}\n{table}\n")
    sys.stdout.write(summary(tables) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
