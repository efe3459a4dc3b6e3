"""One bench scenario against a product: rooms with a board each, phones spread over
rooms and web processes, an optional preload, then ideas at a pace; what it measured."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from contextlib import AsyncExitStack
from dataclasses import dataclass

from benchmarks.bench.ideas import idea_texts
from benchmarks.bench.load import (
    Load,
    Pace,
    Room,
    create_workshop,
    post_ideas,
    wait_until,
)
from benchmarks.bench.memory import PeakRss, cpu_seconds, rss_bytes
from benchmarks.bench.product import Product
from benchmarks.bench.scrape import Buckets, dropped_sockets, reply_buckets
from benchmarks.bench.timings import Latencies, Timings, latencies, now

SETTLE_SECONDS = 3.0
SAMPLE_SECONDS = 0.5
FAN_OUT_WAIT_SECONDS = 20.0
PRELOAD_RATE = 100.0


@dataclass(frozen=True)
class Scenario:
    sockets: int
    rooms: int
    pace: Pace
    preload: int = 0
    theme_wait: float = 20.0
    measure_themes: bool = True


@dataclass(frozen=True)
class Result:
    latencies: Latencies
    submitted: int
    post_seconds: float
    errors: Counter[str]
    connect_seconds: float
    sockets_per_room: list[int]
    web_rss_before: int
    web_rss_idle: int
    web_rss_peak: int
    worker_rss_peak: int
    redis_rss_peak: int
    frame_bytes: int
    reclusters: list[float]
    """Full re-clusters seen by the boards, in seconds after posting began."""
    dropped: dict[str, float]
    """Sockets the web processes closed, by close code (their /metrics)."""
    cpu_share: tuple[float, float, float]
    """Cores used while posting by web, workers and the bench itself (1.0 = one core)."""
    replies: tuple[Buckets, Buckets]
    """The web processes' `cocreatie_reply_seconds` before and after posting."""

    @property
    def ideas_per_second(self) -> float:
        return len(self.latencies.accepted) / self.post_seconds if self.post_seconds else 0.0

    @property
    def bytes_per_socket(self) -> float:
        return (self.web_rss_idle - self.web_rss_before) / max(1, sum(self.sockets_per_room))


@dataclass(frozen=True)
class Connected:
    rooms: list[Room]
    seconds: float
    web_rss_before: int
    web_rss_idle: int


async def run_scenario(product: Product, scenario: Scenario) -> Result:
    async with AsyncExitStack() as stack:
        load = Load(stack, Timings())
        stack.push_async_callback(load.aclose)
        connected = await _connect(load, product, scenario)
        peaks = [PeakRss(pids) for pids in (product.web_pids, product.worker_pids, product.redis_pids)]
        sampler = asyncio.create_task(_sample(peaks))
        try:
            if scenario.preload:
                await _preload(load, connected.rooms, scenario)
                load.timings = Timings()
            return await _post(load, product, scenario, connected, peaks)
        finally:
            sampler.cancel()


async def _connect(load: Load, product: Product, scenario: Scenario) -> Connected:
    """Boards first (each opens its round), then the phones; web RSS before and after them."""
    bases = product.bases
    rooms = [
        Room(number, await create_workshop(bases[0], number, product.organiser_token))
        for number in range(scenario.rooms)
    ]
    for room in rooms:
        await load.open_board(bases[room.index % len(bases)], room)
    await asyncio.sleep(SETTLE_SECONDS)
    before = rss_bytes(product.web_pids)
    seconds = await load.open_phones(bases, rooms, scenario.sockets)
    await asyncio.sleep(SETTLE_SECONDS)
    return Connected(rooms, seconds, before, rss_bytes(product.web_pids))


async def _post(load: Load, product: Product, scenario: Scenario, connected: Connected, peaks: list[PeakRss]) -> Result:
    """Post at the pace, wait (bounded) for fan-out and the workers, and gather the figures."""
    timings, rooms = load.timings, connected.rooms
    posting_from, cpu_from, replies_from = now(), _cpu(product), await reply_buckets(product.bases)
    post_seconds = await post_ideas(rooms, scenario.pace, timings, idea_texts(1), "b")
    cpu_share = tuple((to - since) / post_seconds for since, to in zip(cpu_from, _cpu(product), strict=True))
    sockets = [room.sockets for room in rooms]
    await wait_until(lambda: _everywhere(timings, sockets), FAN_OUT_WAIT_SECONDS)
    replies = (replies_from, await reply_buckets(product.bases))
    measure_themes = scenario.measure_themes and bool(product.worker_pids)
    if measure_themes:
        posted = now()
        await wait_until(lambda: _settled(timings, rooms, posted), scenario.theme_wait, step=0.2)
    sizes = sorted(timings.frame_sizes)
    return Result(
        latencies=latencies(timings, sockets, measure_themes), submitted=len(timings.submitted),
        post_seconds=post_seconds, errors=timings.errors, connect_seconds=connected.seconds,
        sockets_per_room=sockets, web_rss_before=connected.web_rss_before, web_rss_idle=connected.web_rss_idle,
        web_rss_peak=peaks[0].peak, worker_rss_peak=peaks[1].peak, redis_rss_peak=peaks[2].peak,
        frame_bytes=sizes[len(sizes) // 2] if sizes else 0, reclusters=[at - posting_from for at in timings.fulls],
        dropped=await dropped_sockets(product.bases), cpu_share=(cpu_share[0], cpu_share[1], cpu_share[2]),
        replies=replies,
    )


def _cpu(product: Product) -> tuple[float, float, float]:
    return cpu_seconds(product.web_pids), cpu_seconds(product.worker_pids), cpu_seconds([os.getpid()])


async def _preload(load: Load, rooms: list[Room], scenario: Scenario) -> None:
    """Fill the rooms first (e.g. 2,000 ideas), and let the workers theme them."""
    timings = load.timings
    pace = Pace(rate=PRELOAD_RATE, seconds=scenario.preload / PRELOAD_RATE)
    await post_ideas(rooms, pace, timings, idea_texts(2), "p")
    await wait_until(lambda: len(timings.accepted) >= len(timings.submitted), FAN_OUT_WAIT_SECONDS)
    posted = now()
    await wait_until(lambda: _settled(timings, rooms, posted), 120.0, step=0.5)


def _everywhere(timings: Timings, sockets_per_room: list[int]) -> bool:
    if len(timings.accepted) < len(timings.submitted) - sum(timings.errors.values()):
        return False
    for client_id, (_, event_id) in timings.accepted.items():
        seen = timings.seen.get(event_id)
        if seen is None or seen.count < sockets_per_room[timings.submitted[client_id][1]]:
            return False
    return True


def _settled(timings: Timings, rooms: list[Room], since: float) -> bool:
    """Every idea answered, and every room re-clustered since `since`."""
    return _all_answered(timings) and all(timings.last_full.get(room.index, 0.0) > since for room in rooms)


def _all_answered(timings: Timings) -> bool:
    return all(event_id in timings.answered for _, event_id in timings.accepted.values())


async def _sample(peaks: list[PeakRss]) -> None:
    while True:
        for peak in peaks:
            peak.sample()
        await asyncio.sleep(SAMPLE_SECONDS)
