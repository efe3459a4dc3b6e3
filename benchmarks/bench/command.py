"""`cocreatie bench ARGS`: parse the options, start (or find) the product, run the
scenario, measure the bare-broadcast reference, print the table."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
from pathlib import Path

from benchmarks.bench.load import Pace
from benchmarks.bench.poster_process import posting_phones
from benchmarks.bench.product import DEFAULT_EMBEDDER, ORGANISER_TOKEN, started_product
from benchmarks.bench.reference import Reference, measure_reference
from benchmarks.bench.report import table
from benchmarks.bench.scenario import Result, Scenario, run_scenario

MAX_SECONDS = 3600.0
REFERENCE_MAX_SECONDS = 20.0


def parser() -> argparse.ArgumentParser:
    bench = argparse.ArgumentParser(
        prog="cocreatie bench", description="Load and latency benchmark over real loopback sockets (DESIGN §6)."
    )
    bench.add_argument("--sockets", type=int, default=1000, help="participant sockets in all rooms (default 1000)")
    bench.add_argument("--rooms", type=int, default=1, help="rooms; sockets are spread over them, each has a board")
    bench.add_argument("--rate", type=float, default=20.0, help="ideas per second, all rooms together (default 20)")
    bench.add_argument("--burst", type=float, default=100.0, help="ideas per second during a burst second (0: none)")
    bench.add_argument("--burst-every", type=float, default=10.0, help="one burst second every this many seconds")
    bench.add_argument("--seconds", type=float, default=30.0, help="how long to post ideas (default 30)")
    bench.add_argument("--preload", type=int, default=0, help="ideas posted (and themed) before measuring, e.g. 2000")
    bench.add_argument("--theme-wait", type=float, default=60.0, help="seconds to wait for the workers after posting")
    bench.add_argument("--url", help="a running product (http://127.0.0.1:PORT); else the bench starts one")
    bench.add_argument("--redis-url", help="Redis for the started product; else an embedded one in a temp dir")
    bench.add_argument("--web-processes", type=int, default=1, help="more than 1: `cocreatie serve` processes")
    bench.add_argument("--workers", type=int, default=1, help="clustering workers of the started product (0: none)")
    bench.add_argument("--embedder", choices=("torch", "onnx"),
                       help=f"the started product's COCREATIE_EMBEDDER (default: as set, else {DEFAULT_EMBEDDER})")
    bench.add_argument("--logs", type=Path, help="keep the product's logs and data in this folder (else a temp dir)")
    bench.add_argument("--no-reference", action="store_true", help="skip the bare websockets.broadcast() reference")
    return bench


def main(argv: list[str]) -> int:
    options = parser().parse_args(argv)
    problem = _problem(options)
    if problem:
        sys.stderr.write(f"cocreatie bench: {problem}\n")
        return 2
    logging.basicConfig(level=logging.WARNING)
    sys.stdout.write(asyncio.run(_bench(options)) + "\n")
    return 0


def _problem(options: argparse.Namespace) -> str | None:
    if options.sockets < 1 or options.rooms < 1 or options.sockets < options.rooms:
        return "--sockets must be at least --rooms, and both at least 1"
    if options.rate <= 0 or options.burst < 0 or options.burst_every < 1:
        return "--rate must be positive, --burst at least 0, --burst-every at least 1"
    if not 0 < options.seconds <= MAX_SECONDS:
        return f"--seconds must be between 0 and {MAX_SECONDS:.0f}"
    if options.url and not options.url.startswith("http://127.0.0.1"):
        return "--url must be on 127.0.0.1: the bench only loads this machine's loopback"
    if options.url and not os.environ.get(ORGANISER_TOKEN):
        return f"--url needs {ORGANISER_TOKEN}: the running product's organiser token, to create the bench's workshops"
    if options.url and options.embedder:
        return "--embedder is for the product the bench starts: a running product embeds as it was started"
    if options.web_processes < 1 or options.workers < 0:
        return "--web-processes must be at least 1 and --workers at least 0"
    posters = posting_phones(_pace(options), options.rooms, options.sockets)
    if options.preload and options.sockets - posters < options.rooms:
        return (f"--preload posts from the listening phones: --sockets must leave one per room beside the "
                f"{posters} posting phones")
    return None


def _pace(options: argparse.Namespace) -> Pace:
    return Pace(options.rate, options.seconds, options.burst, options.burst_every)


async def _bench(options: argparse.Namespace) -> str:
    scenario = Scenario(
        options.sockets, options.rooms,
        _pace(options), preload=options.preload, theme_wait=options.theme_wait,
    )
    with tempfile.TemporaryDirectory(prefix="cocreatie-bench-") as scratch:
        folder = options.logs or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        async with started_product(
            folder, url=options.url, redis_url=options.redis_url,
            web_processes=options.web_processes, workers=options.workers, embedder=options.embedder,
        ) as product:
            load_before = os.getloadavg()[0]
            result = await run_scenario(product, scenario)
            notes = [*product.notes, _machine(load_before)]
    reference = None if options.no_reference else await _reference(options, result)
    return table(_title(options), notes, result, reference)


async def _reference(options: argparse.Namespace, result: Result) -> Reference:
    """Largest room's socket count, the median idea frame, the same pace (product stopped)."""
    pace = Pace(options.rate, min(options.seconds, REFERENCE_MAX_SECONDS), options.burst, options.burst_every)
    return await measure_reference(max(result.sockets_per_room), result.frame_bytes or 200, pace)


def _machine(load_before: float) -> str:
    return (f"machine: {os.cpu_count()} CPUs, load average {load_before:.1f} before / {os.getloadavg()[0]:.1f} after "
            "the run (everything else on the machine counts too)")


def _title(options: argparse.Namespace) -> str:
    bursts = f", bursts of {options.burst:g}/s every {options.burst_every:g} s" if options.burst else ""
    preload = f", {options.preload} ideas preloaded" if options.preload else ""
    where = options.url or f"{options.web_processes} web process(es), {options.workers} worker(s)"
    return (
        f"cocreatie bench: {options.sockets} sockets in {options.rooms} room(s) + a board each; {where}; "
        f"{options.rate:g} ideas/s for {options.seconds:g} s{bursts}{preload}"
    )
