"""One bench scenario against a product: rooms with a board each, phones spread over
rooms and web processes (the posting ones in a process of their own), an optional preload,
then ideas at a pace; what it measured."""

from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import AsyncExitStack
from dataclasses import dataclass

from benchmarks.bench.cpu import Cpu, IdleWatch, read_cpu
from benchmarks.bench.ideas import idea_texts
from benchmarks.bench.load import (
    Load,
    Pace,
    Room,
    create_workshop,
    phone_place,
    post_ideas,
    wait_until,
    ws_url,
)
from benchmarks.bench.memory import PeakRss, rss_bytes
from benchmarks.bench.poster_process import Poster, poster_process, posting_phones
from benchmarks.bench.posting import PhoneSpec
from benchmarks.bench.product import Product
from benchmarks.bench.scrape import Buckets, dropped_sockets, reply_buckets
from benchmarks.bench.timings import Latencies, Timings, latencies, now

SETTLE_SECONDS = 3.0
SAMPLE_SECONDS = 0.5
FAN_OUT_WAIT_SECONDS = 20.0
PRELOAD_RATE = 100.0
PRELOAD_WAIT_SECONDS = 120.0


@dataclass(frozen=True)
class Scenario:
    sockets: int
    rooms: int
    pace: Pace
    preload: int = 0
    theme_wait: float = 20.0
    measure_themes: bool = True

    @property
    def posting_phones(self) -> int:
        return posting_phones(self.pace, self.rooms, self.sockets)


@dataclass(frozen=True)
class Settled:
    """When the theme wait ended, and why."""

    reason: str
    after_posting: float
    """Seconds after the last idea was posted."""


@dataclass(frozen=True)
class Result:
    latencies: Latencies
    submitted: int
    post_seconds: float
    errors: Counter[str]
    connect_seconds: float
    sockets_per_room: list[int]
    posting_phones: int
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
    posting_cpu: Cpu
    """CPU seconds used from the first idea posted to the last."""
    settled: Settled | None
    """None when the workers were not waited for (no workers)."""
    worker_cpu_to_settled: float
    """The workers' CPU seconds from the first idea posted until `settled`."""
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
    poster: Poster


async def run_scenario(product: Product, scenario: Scenario) -> Result:
    async with AsyncExitStack() as stack:
        load = Load(stack, Timings())
        stack.push_async_callback(load.aclose)
        connected = await _connect(load, stack, product, scenario)
        peaks = [PeakRss(pids) for pids in (product.web_pids, product.worker_pids, product.redis_pids)]
        sampler = asyncio.create_task(_sample(peaks))
        try:
            if scenario.preload:
                await _preload(load, product, connected.rooms, scenario)
                load.timings = Timings()
            return await _post(load, product, scenario, connected, peaks)
        finally:
            sampler.cancel()


async def _connect(load: Load, stack: AsyncExitStack, product: Product, scenario: Scenario) -> Connected:
    """Boards first (each opens its round), then the listening phones, then the posting phones'
    process; web RSS before and after the phones."""
    bases = product.bases
    rooms = [
        Room(number, await create_workshop(bases[0], number, product.organiser_token))
        for number in range(scenario.rooms)
    ]
    for room in rooms:
        await load.open_board(bases[room.index % len(bases)], room)
    await asyncio.sleep(SETTLE_SECONDS)
    before, started = rss_bytes(product.web_pids), now()
    posters = scenario.posting_phones
    await load.open_phones(bases, rooms, scenario.sockets - posters, first=posters)
    phones = [_phone_spec(number, rooms, bases) for number in range(posters)]
    poster = await stack.enter_async_context(
        poster_process(phones, scenario.pace, seed=1, prefix="b", fan_out_wait=FAN_OUT_WAIT_SECONDS)
    )
    for phone in phones:
        rooms[phone.room].posters += 1
    seconds = now() - started
    await asyncio.sleep(SETTLE_SECONDS)
    return Connected(rooms, seconds, before, rss_bytes(product.web_pids), poster)


def _phone_spec(number: int, rooms: list[Room], bases: list[str]) -> PhoneSpec:
    room, base = phone_place(number, len(rooms), bases)
    return PhoneSpec(url=ws_url(base, f"/ws/join/{rooms[room].workshop.join_code}"), room=room, number=number)


async def _post(load: Load, product: Product, scenario: Scenario, connected: Connected, peaks: list[PeakRss]) -> Result:
    """Post at the pace from the posting phones' process, wait (bounded) for fan-out and the
    workers, and gather the figures."""
    timings, rooms, poster = load.timings, connected.rooms, connected.poster
    cpu_from, replies_from = read_cpu(product, poster.pid), await reply_buckets(product.bases)
    posted = await poster.post()
    posting_cpu = read_cpu(product, poster.pid) - cpu_from
    timings.merge(await poster.report())
    sockets = [room.sockets for room in rooms]
    await wait_until(lambda: timings.delivered(sockets), FAN_OUT_WAIT_SECONDS)
    replies = (replies_from, await reply_buckets(product.bases))
    measure_themes = scenario.measure_themes and bool(product.worker_pids)
    posting_ended = posted.started + posted.seconds
    settled = await _settle(timings, product, rooms, scenario.theme_wait, posting_ended) if measure_themes else None
    worker_cpu = read_cpu(product, poster.pid).workers - cpu_from.workers
    sizes = sorted(timings.frame_sizes.values())
    return Result(
        latencies=latencies(timings, sockets, measure_themes), submitted=len(timings.submitted),
        post_seconds=posted.seconds, errors=timings.errors, connect_seconds=connected.seconds,
        sockets_per_room=sockets, posting_phones=sum(room.posters for room in rooms),
        web_rss_before=connected.web_rss_before, web_rss_idle=connected.web_rss_idle,
        web_rss_peak=peaks[0].peak, worker_rss_peak=peaks[1].peak, redis_rss_peak=peaks[2].peak,
        frame_bytes=sizes[len(sizes) // 2] if sizes else 0, reclusters=[at - posted.started for at in timings.fulls],
        dropped=await dropped_sockets(product.bases), posting_cpu=posting_cpu, settled=settled,
        worker_cpu_to_settled=worker_cpu, replies=replies,
    )


async def _preload(load: Load, product: Product, rooms: list[Room], scenario: Scenario) -> None:
    """Fill the rooms first (e.g. 2,000 ideas) from the listening phones, and let the workers theme them."""
    if any(not room.phones for room in rooms):
        raise ValueError("a preload needs listening phones in every room: more --sockets")
    timings = load.timings
    pace = Pace(rate=PRELOAD_RATE, seconds=scenario.preload / PRELOAD_RATE)
    await post_ideas(rooms, pace, timings, idea_texts(2), "p")
    await wait_until(lambda: len(timings.accepted) >= len(timings.submitted), FAN_OUT_WAIT_SECONDS)
    if product.worker_pids:
        await _settle(timings, product, rooms, PRELOAD_WAIT_SECONDS, now())


async def _settle(timings: Timings, product: Product, rooms: list[Room], timeout: float, posted: float) -> Settled:
    """Until every idea is answered and every room re-clustered since this wait began, or until
    the workers have been idle a while with nothing new for the boards (a worker that keeps an
    idea unassigned without saying so never answers it), or `timeout`; `posted`: when the last
    idea was posted."""
    since, idle = now(), IdleWatch(product.worker_pids)
    while True:
        waited = now() - since
        if _all_answered(timings) and all(timings.last_full.get(room.index, 0.0) > since for room in rooms):
            return Settled("every idea answered and every room re-clustered", now() - posted)
        if idle.idle() and now() - timings.last_assign >= idle.seconds:
            return Settled(f"the workers idle for {idle.seconds:g} s, nothing new on the boards", now() - posted)
        if waited > timeout:
            return Settled(f"gave up waiting after {timeout:g} s", now() - posted)
        await asyncio.sleep(0.2)


def _all_answered(timings: Timings) -> bool:
    answered = timings.assignments.answered_at
    return all(answered(event_id) is not None for _, event_id in timings.accepted.values())


async def _sample(peaks: list[PeakRss]) -> None:
    while True:
        for peak in peaks:
            peak.sample()
        await asyncio.sleep(SAMPLE_SECONDS)
