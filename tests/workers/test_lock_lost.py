"""Two worker processes and one room: a worker stopped past its lock's TTL, or killed, while
it works; the other takes the room over; every result is in the room's stream once."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from cocreatie.models import events as ev
from cocreatie.stream import keys
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.stream.worker_roster import worker_name
from tests.clients import create_workshop
from tests.workers.ideas import texts
from tests.workers.test_consume import FAST_CLAIM, worker_process

IDEAS_PER_ROUND = 60
"""Enough to keep a worker embedding for a moment: it is caught holding the room."""
ROUNDS = ("r1", "r2")
LOST = b"lost the room lock"

# two worker processes load the model, on a box that may be busy
pytestmark = [pytest.mark.cluster, pytest.mark.timeout(240), pytest.mark.usefixtures("fresh_work_queue")]


@contextmanager
def two_workers(redis_url: str, folder: Path) -> Iterator[dict[int, Path]]:
    """Two `cocreatie worker` processes that give up a silent worker's work fast; pid -> log."""
    with ExitStack() as running:
        logs = [folder / f"worker{number}.log" for number in (1, 2)]
        yield {running.enter_context(worker_process(redis_url, log, FAST_CLAIM)): log for log in logs}


async def until(condition: Callable[[], Awaitable[bool]], what: str, timeout: float = 90) -> None:
    """Poll Redis until `condition` holds (other processes act meanwhile); fail saying `what` if it never does."""
    try:
        async with asyncio.timeout(timeout):
            while not await condition():  # noqa: ASYNC110 - the state is in Redis, changed by other processes
                await asyncio.sleep(0.002)
    except TimeoutError:
        pytest.fail(what)


async def room_with_ideas(web: str, store: RedisEventStore) -> str:
    """A workshop with IDEAS_PER_ROUND imported ideas in each round (no worker woken yet)."""
    room = create_workshop(web).workshop_id
    variants = [f"{text} {number}" for number in range(IDEAS_PER_ROUND) for text in texts(15)][:IDEAS_PER_ROUND]
    for round_id in ROUNDS:
        ideas = [
            (f"{round_id}:{n}", ev.IdeaAdded(round_id=round_id, participant_id="p1", client_id=f"{round_id}-{n}",
                                             text=text, at=time.time()))
            for n, text in enumerate(variants)
        ]
        await store.import_ideas(room, round_id, ideas)
    return room


async def ask_for_themes(store: RedisEventStore, room: str) -> None:
    """The facilitator asks every round for a re-clustering (one full themes.updated each), and
    the workers hear of it once: the one that takes the wake-up is the one that locks the room."""
    entry_ids = [await store.append(room, ev.ReclusterRequested(round_id=round_id)) for round_id in ROUNDS]
    await store.notify_workers(room, entry_ids[-1])


async def themes_per_round(store: RedisEventStore, room: str) -> dict[str, int]:
    published = [event.round_id for _, event in await store.read(room) if isinstance(event, ev.ThemesUpdated)]
    return {round_id: published.count(round_id) for round_id in ROUNDS}


async def holder(client: aioredis.Redis, room: str) -> str | None:
    """The consumer that holds the room's work while the room is locked (mid-work), if any."""
    if not await client.exists(keys.lock(room)):
        return None
    pending = await client.xpending_range(keys.work_stream(room), keys.WORKER_GROUP, "-", "+", 10)
    return next((str(entry["consumer"]) for entry in pending), None)


async def all_done(client: aioredis.Redis, store: RedisEventStore, room: str) -> bool:
    """Every round has its themes, no work is pending and the room is let go."""
    published = await themes_per_round(store, room)
    idle = not (await client.xpending(keys.work_stream(room), keys.WORKER_GROUP))["pending"]
    return min(published.values()) >= 1 and idle and not await client.exists(keys.lock(room))


async def test_a_worker_that_lost_its_lock_publishes_nothing(web: str, redis_url: str, tmp_path: Path) -> None:
    async with connect(redis_url) as client:
        store = RedisEventStore(client)
        room = await room_with_ideas(web, store)
        with two_workers(redis_url, tmp_path) as workers:
            await ask_for_themes(store, room)
            stopped, log = await stop_the_holder(client, room, workers, signal.SIGSTOP)
            assert await themes_per_round(store, room) == {"r1": 0, "r2": 0}
            await until(lambda: all_done(client, store, room), "the other worker never took the room over")
            os.kill(stopped, signal.SIGCONT)
            await until(lambda: _heard_of_it(log, store, room), "the stopped worker never finished its work")
        assert await themes_per_round(store, room) == {"r1": 1, "r2": 1}
    assert room.encode() in next(line for line in log.read_bytes().splitlines() if LOST in line)


async def test_work_is_done_exactly_once_by_another_worker(web: str, redis_url: str, tmp_path: Path) -> None:
    async with connect(redis_url) as client:
        store = RedisEventStore(client)
        room = await room_with_ideas(web, store)
        with two_workers(redis_url, tmp_path) as workers:
            await ask_for_themes(store, room)
            await stop_the_holder(client, room, workers, signal.SIGKILL)
            await until(lambda: all_done(client, store, room), "the other worker never finished the work")
        assert await themes_per_round(store, room) == {"r1": 1, "r2": 1}


async def stop_the_holder(
    client: aioredis.Redis, room: str, workers: dict[int, Path], signum: signal.Signals
) -> tuple[int, Path]:
    """Signal whichever worker holds the room, the moment it does (mid-work); it and its log."""
    names = {worker_name(pid): pid for pid in workers}
    await until(lambda: _held_by_one_of(client, room, set(names)), "no worker ever held the room")
    pid = names[str(await holder(client, room))]
    os.kill(pid, signum)
    return pid, workers[pid]


async def _held_by_one_of(client: aioredis.Redis, room: str, names: set[str]) -> bool:
    return await holder(client, room) in names


async def _heard_of_it(log: Path, store: RedisEventStore, room: str) -> bool:
    """The resumed worker either logged its lost lock or published (twice) after all."""
    return LOST in log.read_bytes() or max((await themes_per_round(store, room)).values()) >= 2
