"""Soak: the target load for a long time, sampling the product from outside (not in CI).

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--sockets 1000] [--rate 20] [--burst 100]

Starts `cocreatie up` (embedded Redis, appendfsync always) like `cocreatie bench`, opens the
sockets, posts ideas at the rate (a burst second every 10 s) and every `--sample` seconds
records RSS and open files (/proc/PID/fd) of the web process, the workers and Redis, the
web process's thread count and its open sockets (from /metrics; asyncio task counts are not
visible from outside the process). Then a table with, per window, the ideas acknowledged
and their p99 latencies: flat memory, flat files and flat latency mean no leak.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.bench.ideas import idea_texts
from benchmarks.bench.load import Load, Pace, Room, create_workshop, post_ideas
from benchmarks.bench.memory import MB, open_files, rss_bytes, threads
from benchmarks.bench.product import Product, started_product
from benchmarks.bench.timings import Timings, now, percentile


@dataclass(frozen=True)
class Sample:
    at: float
    web_rss: int
    web_fds: int
    web_threads: int
    worker_rss: int
    worker_fds: int
    redis_rss: int
    redis_fds: int
    sockets_open: float


def parser() -> argparse.ArgumentParser:
    soak = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    soak.add_argument("--minutes", type=float, default=10.0)
    soak.add_argument("--sockets", type=int, default=1000)
    soak.add_argument("--rooms", type=int, default=1)
    soak.add_argument("--rate", type=float, default=20.0)
    soak.add_argument("--burst", type=float, default=100.0)
    soak.add_argument("--sample", type=float, default=10.0, help="seconds between samples")
    soak.add_argument("--workers", type=int, default=1)
    soak.add_argument("--redis-url")
    return soak


async def soak(options: argparse.Namespace) -> str:
    with tempfile.TemporaryDirectory(prefix="cocreatie-soak-") as folder:
        async with started_product(
            Path(folder), url=None, redis_url=options.redis_url, web_processes=1, workers=options.workers
        ) as product, AsyncExitStack() as stack:
            timings = Timings()
            load = Load(stack, timings)
            stack.push_async_callback(load.aclose)
            rooms = [
                Room(number, await create_workshop(product.bases[0], number, product.organiser_token))
                for number in range(options.rooms)
            ]
            for room in rooms:
                await load.open_board(product.bases[0], room)
            await load.open_phones(product.bases, rooms, options.sockets)
            started = now()
            samples = [await sample(product, 0.0)]
            pace = Pace(options.rate, options.minutes * 60, options.burst)
            posting = asyncio.create_task(post_ideas(rooms, pace, timings, idea_texts(3), "s"))
            while not posting.done():
                await asyncio.wait([posting], timeout=options.sample)
                samples.append(await sample(product, now() - started))
            await posting
            return table(options, samples, timings, [room.sockets for room in rooms], started)


async def sample(product: Product, at: float) -> Sample:
    return Sample(
        at,
        rss_bytes(product.web_pids), open_files(product.web_pids), threads(product.web_pids),
        rss_bytes(product.worker_pids), open_files(product.worker_pids),
        rss_bytes(product.redis_pids), open_files(product.redis_pids),
        await sockets_open(product.bases[0]),
    )


async def sockets_open(base: str) -> float:
    async with httpx.AsyncClient(timeout=10) as client:
        text = (await client.get(f"{base}/metrics")).text
    return sum(
        float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith("cocreatie_sockets_open{")
    )


def table(
    options: argparse.Namespace, samples: list[Sample], timings: Timings, sockets: list[int], started: float
) -> str:
    """One row per sample; latencies of the ideas sent in the window that ends at the sample."""
    head = (
        f"soak: {options.sockets} sockets in {options.rooms} room(s), {options.rate:g} ideas/s, bursts of "
        f"{options.burst:g}/s every 10 s, {options.minutes:g} min, {options.workers} worker(s)"
    )
    columns = (
        f"{'t (s)':>6} {'web MB':>7} {'web fds':>8} {'threads':>8} {'sockets':>8} {'worker MB':>10} "
        f"{'worker fds':>11} {'redis MB':>9} {'redis fds':>10} {'acked':>6} {'acc p99':>8} {'seen p99':>9}"
    )
    lines = [head, "", columns]
    previous = 0.0
    for sample in samples:
        acked, seen = window(timings, sockets, started + previous, started + sample.at)
        lines.append(
            f"{sample.at:>6.0f} {sample.web_rss / MB:>7.1f} {sample.web_fds:>8} {sample.web_threads:>8} "
            f"{sample.sockets_open:>8.0f} {sample.worker_rss / MB:>10.1f} {sample.worker_fds:>11} "
            f"{sample.redis_rss / MB:>9.1f} {sample.redis_fds:>10} {len(acked):>6} {_ms(percentile(acked, 0.99)):>8} "
            f"{_ms(percentile(seen, 0.99)):>9}"
        )
        previous = sample.at
    errors = ", ".join(f"{code}: {n}" for code, n in timings.errors.most_common()) or "none"
    return "\n".join([*lines, "", f"errors: {errors}"])


def window(timings: Timings, sockets: list[int], since: float, until: float) -> tuple[list[float], list[float]]:
    acked, seen = [], []
    for client_id, (sent, room) in timings.submitted.items():
        ack = timings.accepted.get(client_id)
        if not since <= sent < until or ack is None:
            continue
        acked.append(ack[0] - sent)
        arrived = timings.seen.get(ack[1])
        if arrived is not None and arrived.count >= sockets[room]:
            seen.append(arrived.last - sent)
    return acked, seen


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f}ms"


if __name__ == "__main__":
    sys.stdout.write(asyncio.run(soak(parser().parse_args())) + "\n")
