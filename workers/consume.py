"""The workers' consumer group: read work in batches, claim what a dead worker left,
ack only after the result is in Redis, and dead-letter what keeps failing."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, cast

import redis.asyncio as aioredis
from redis.exceptions import ResponseError

from cocreatie.stream import keys
from cocreatie.stream.backoff import until_answered
from cocreatie.stream.worker_roster import sign_off, worker_name

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 2.0


@dataclass(frozen=True)
class ConsumerSettings:
    batch: int = 200
    block_ms: int = 500
    claim_idle_ms: int = 30_000
    max_deliveries: int = 5
    pace_seconds: float = 0.25
    """While ideas keep coming, batches start at most this often: a lone idea is placed at
    once, a flow of them in batches, which embed cheaper per idea and send every socket
    one `themes.updated` per batch rather than one per idea or two."""


@dataclass(frozen=True)
class WorkEntry:
    entry_id: str
    room: str


class RoomBusy(Exception):
    """Another worker holds the room: leave its entries pending, to be claimed later."""


RoomHandler = Callable[[str], Awaitable[None]]
IdleHandler = Callable[[bool], Awaitable[None]]
"""Called when no work came in; True on the way out of a burst run: finish what waits."""


class Consumer:
    """One member of the consumer group; `handle_room` brings one room up to date."""

    def __init__(
        self, client: aioredis.Redis, handle_room: RoomHandler, on_idle: IdleHandler,
        settings: ConsumerSettings = ConsumerSettings(), name: str | None = None,
    ) -> None:
        self.redis = client
        self.handle_room = handle_room
        self.on_idle = on_idle
        self.settings = settings
        self.name = name or worker_name()
        self._last_batch_seconds = 0.0
        self._last_batch_started = 0.0
        self._claim_from = "0-0"

    async def ensure_group(self) -> None:
        try:
            await self.redis.xgroup_create(keys.WORK_STREAM, keys.WORKER_GROUP, id="0", mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    async def run(self, stop: asyncio.Event, burst: bool = False) -> None:
        """Work until `stop` is set (or, in burst mode, until there is no work left)."""
        await self.ensure_group()
        beating = asyncio.create_task(self._beat())
        try:
            while not stop.is_set():
                if await until_answered(lambda: self._round(burst), "worker"):
                    return
        finally:
            beating.cancel()
            with suppress(asyncio.CancelledError):
                await beating
            await sign_off(self.redis, self.name)

    async def _beat(self) -> None:
        """The heartbeat, every HEARTBEAT_SECONDS: it goes on while a batch is worked on
        (the work runs off the loop), however long the batch takes."""
        while True:
            await until_answered(self.heartbeat, "worker heartbeat")
            await asyncio.sleep(HEARTBEAT_SECONDS)

    async def _round(self, burst: bool) -> bool:
        """One read-and-work round; True when a burst run has nothing left to do."""
        await asyncio.sleep(self._last_batch_started + self.settings.pace_seconds - time.monotonic())
        entries = await self._claim() + await self._read_new()
        if entries:
            await self.process(entries)
            await self.on_idle(False)  # re-clustering that is due must not wait for a lull
        elif burst and not await self._pending_anywhere():
            await self.on_idle(True)
            return True
        else:
            await self.on_idle(False)
        return False

    async def process(self, entries: list[WorkEntry]) -> None:
        """Each room once per batch; a room's entries are acked after its result is stored."""
        self._last_batch_started = time.monotonic()
        started = time.perf_counter()
        by_room: dict[str, list[str]] = defaultdict(list)
        for entry in entries:
            by_room[entry.room].append(entry.entry_id)
        for room, entry_ids in by_room.items():
            try:
                await self.handle_room(room)
            except RoomBusy:
                continue
            except Exception:
                log.exception("room failed", extra={"room": room, "entries": len(entry_ids)})
                await self._dead_letter_exhausted(room, entry_ids)
                continue
            await self.redis.xack(keys.WORK_STREAM, keys.WORKER_GROUP, *entry_ids)
        self._last_batch_seconds = time.perf_counter() - started

    async def heartbeat(self) -> None:
        now = time.time()
        stats = {"batch_seconds": round(self._last_batch_seconds, 4), "rss_bytes": _rss_bytes()}
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zadd(keys.WORKER_HEARTBEATS, {self.name: now})
            pipe.zremrangebyscore(keys.WORKER_HEARTBEATS, "-inf", now - 10 * keys.HEARTBEAT_FRESH_SECONDS)
            pipe.hset(keys.WORKER_STATS, self.name, json.dumps(stats))
            await pipe.execute()

    async def _claim(self) -> list[WorkEntry]:
        """Entries another worker took and did not ack in time (it died): ours now.

        Each call goes on where the last one stopped (XAUTOCLAIM scans a page of the pending
        entries at a time), round to the start again after the end, so work left behind a
        long run of work that live workers hold is reached too."""
        reply = await self.redis.xautoclaim(
            keys.WORK_STREAM, keys.WORKER_GROUP, self.name,
            min_idle_time=self.settings.claim_idle_ms, start_id=self._claim_from, count=self.settings.batch,
        )
        self._claim_from = str(reply[0])
        claimed = _entries(reply[1])
        if claimed:
            log.info("claimed work of a silent worker", extra={"entries": len(claimed)})
        return claimed

    async def _read_new(self) -> list[WorkEntry]:
        reply = await self.redis.xreadgroup(
            keys.WORKER_GROUP, self.name, {keys.WORK_STREAM: ">"},
            count=self.settings.batch, block=self.settings.block_ms,
        )
        return [entry for _, raw in cast("list[Any]", reply) for entry in _entries(raw)]

    async def _pending_anywhere(self) -> bool:
        summary = await self.redis.xpending(keys.WORK_STREAM, keys.WORKER_GROUP)
        return bool(summary["pending"])

    async def _dead_letter_exhausted(self, room: str, entry_ids: list[str]) -> None:
        """After max_deliveries tries an entry goes to the dead-letter stream and is acked."""
        for entry_id in entry_ids:
            pending = await self.redis.xpending_range(keys.WORK_STREAM, keys.WORKER_GROUP, entry_id, entry_id, 1)
            info = cast("list[dict[str, Any]]", pending)
            if info and info[0]["times_delivered"] >= self.settings.max_deliveries:
                await self.redis.xadd(keys.DEAD_LETTER_STREAM, {"room": room, "entry_id": entry_id})
                await self.redis.xack(keys.WORK_STREAM, keys.WORKER_GROUP, entry_id)
                log.error("work entry dead-lettered", extra={"room": room, "entry_id": entry_id})


def _entries(raw: list[tuple[str, dict[str, str]]]) -> list[WorkEntry]:
    return [WorkEntry(entry_id, fields["room"]) for entry_id, fields in raw if fields]


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
