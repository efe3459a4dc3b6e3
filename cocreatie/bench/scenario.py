"""One bench scenario against a product: rooms with a board each, phones spread over
rooms and web processes, an optional preload, then ideas at a pace; what it measured."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import AsyncExitStack
from dataclasses import dataclass

from cocreatie.bench.ideas import idea_texts
from cocreatie.bench.load import Load, Pace, Room, create_workshop, post_ideas, wait_until
from cocreatie.bench.memory import PeakRss, rss_bytes
from cocreatie.bench.product import Product
from cocreatie.bench.timings import Latencies, Timings, latencies, now

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

    @property
    def ideas_per_second(self) -> float:
        return len(self.latencies.accepted) / self.post_seconds if self.post_seconds else 0.0

    @property
    def bytes_per_socket(self) -> float:
        return (self.web_rss_idle - self.web_rss_before) / max(1, sum(self.sockets_per_room))


async def run_scenario(product: Product, scenario: Scenario) -> Result:
    timings = Timings()
    bases = product.bases
    async with AsyncExitStack() as stack:
        load = Load(stack, timings)
        stack.push_async_callback(load.aclose)
        rooms = [Room(number, create_workshop(bases[0], number)) for number in range(scenario.rooms)]
        for room in rooms:
            await load.open_board(bases[room.index % len(bases)], room)
        await asyncio.sleep(SETTLE_SECONDS)
        before = rss_bytes(product.web_pids)
        connect_seconds = await load.open_phones(bases, rooms, scenario.sockets)
        await asyncio.sleep(SETTLE_SECONDS)
        idle = rss_bytes(product.web_pids)
        peaks = [PeakRss(pids) for pids in (product.web_pids, product.worker_pids, product.redis_pids)]
        sampler = asyncio.create_task(_sample(peaks))
        try:
            if scenario.preload:
                await _preload(load, rooms, scenario)
                load.timings = timings = Timings()
            post_seconds = await post_ideas(rooms, scenario.pace, timings, idea_texts(1), "b")
            sockets = [room.sockets for room in rooms]
            await wait_until(lambda: _everywhere(timings, sockets), FAN_OUT_WAIT_SECONDS)
            if scenario.measure_themes and product.worker_pids:
                posted = now()
                await wait_until(lambda: _all_answered(timings) and timings.last_full > posted, scenario.theme_wait, step=0.2)
        finally:
            sampler.cancel()
        measure_themes = scenario.measure_themes and bool(product.worker_pids)
        return Result(
            latencies(timings, sockets, measure_themes), len(timings.submitted), post_seconds, timings.errors,
            connect_seconds, sockets, before, idle, *(peak.peak for peak in peaks),
            sorted(timings.frame_sizes)[len(timings.frame_sizes) // 2] if timings.frame_sizes else 0,
        )


async def _preload(load: Load, rooms: list[Room], scenario: Scenario) -> None:
    """Fill the rooms first (e.g. 2,000 ideas), and let the workers theme them."""
    timings = load.timings
    pace = Pace(rate=PRELOAD_RATE, seconds=scenario.preload / PRELOAD_RATE)
    await post_ideas(rooms, pace, timings, idea_texts(2), "p")
    await wait_until(lambda: len(timings.accepted) >= len(timings.submitted), FAN_OUT_WAIT_SECONDS)
    posted = now()
    await wait_until(lambda: _all_answered(timings) and timings.last_full > posted, 120.0, step=0.5)


def _everywhere(timings: Timings, sockets_per_room: list[int]) -> bool:
    if len(timings.accepted) < len(timings.submitted) - sum(timings.errors.values()):
        return False
    for client_id, (_, event_id) in timings.accepted.items():
        seen = timings.seen.get(event_id)
        if seen is None or seen.count < sockets_per_room[timings.submitted[client_id][1]]:
            return False
    return True


def _all_answered(timings: Timings) -> bool:
    return all(event_id in timings.answered for _, event_id in timings.accepted.values())


async def _sample(peaks: list[PeakRss]) -> None:
    while True:
        for peak in peaks:
            peak.sample()
        await asyncio.sleep(SAMPLE_SECONDS)
