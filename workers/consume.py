"""The workers' consumer group on every work stream (`keys.WORKER_STREAMS`): read work in
batches, claim what a dead worker left, ack only after the result is in Redis, and
dead-letter what keeps failing."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from contextlib import suppress
from dataclasses import asdict, dataclass
from typing import Any, cast

from redis.exceptions import ResponseError
from redis.typing import EncodableT, FieldT

from cocreatie.stream import keys
from cocreatie.stream.backoff import until_answered
from cocreatie.stream.redis_client import RedisClient
from cocreatie.stream.worker_roster import sign_off, worker_name
from cocreatie.stream.worker_status import WorkerStatus

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
    stream: str
    entry_id: str
    room: str


class RoomBusy(Exception):
    """Another worker holds the room: leave its entries pending, to be claimed later."""


RoomHandler = Callable[[str], Awaitable[None]]
IdleHandler = Callable[[bool, asyncio.Event], Awaitable[None]]
"""Called after each round: True on the way out of a burst run (finish what waits); it
begins no further room once the event (stop) is set."""


class Consumer:
    """One member of the consumer group; `handle_room` brings one room up to date."""

    def __init__(
        self, client: RedisClient, handle_room: RoomHandler, on_idle: IdleHandler,
        settings: ConsumerSettings = ConsumerSettings(), name: str | None = None,
    ) -> None:
        self.redis = client
        self.handle_room = handle_room
        self.on_idle = on_idle
        self.settings = settings
        self.name = name or worker_name()
        self._last_batch_seconds = 0.0
        self._last_batch_started = 0.0
        self._claim_from = dict.fromkeys(keys.WORKER_STREAMS, "0-0")
        self._reads: dict[str, asyncio.Task[list[WorkEntry]]] = {}
        """The blocking read of each work stream that has not returned yet (see `_read_new`)."""

    async def ensure_groups(self) -> None:
        """The consumer group on every work stream, made with the stream when there is none yet."""
        for stream in keys.WORKER_STREAMS:
            try:
                await self.redis.xgroup_create(stream, keys.WORKER_GROUP, id="0", mkstream=True)
            except ResponseError as error:
                if "BUSYGROUP" not in str(error):
                    raise

    async def run(self, stop: asyncio.Event, burst: bool = False) -> None:
        """Work until `stop` is set (or, in burst mode, until there is no work left).

        A worker told to stop finishes the room it is on and takes up no other: what it has
        read and not worked on stays pending, and another worker claims it (`claim_idle_ms`).
        A room's later wake-ups bring all of it up to date meanwhile."""
        await self.ensure_groups()
        leaving = asyncio.Event()
        beating = asyncio.create_task(self._beat(leaving))
        try:
            while not stop.is_set():
                if await until_answered(lambda: self._round(stop, burst), "worker"):
                    return
            await until_answered(self._finish_reads, "worker")
        finally:
            await self._drop_reads()
            leaving.set()
            beating.cancel()
            with suppress(asyncio.CancelledError):
                await beating
            await sign_off(self.redis, self.name)

    async def _beat(self, leaving: asyncio.Event) -> None:
        """The heartbeat, every HEARTBEAT_SECONDS until `leaving` is set: it goes on while a
        batch is worked on (the work runs off the loop), however long the batch takes.

        The event ends it; the cancel that comes with the event only cuts the sleep short. On
        Python 3.11 a cancel that lands just as redis-py has written a command is lost (the
        write runs in `asyncio.wait_for`, CPython gh-86296): a heartbeat ended by its cancel
        alone would then beat on, and the worker wait for it forever."""
        while not leaving.is_set():
            await until_answered(self.heartbeat, "worker heartbeat")
            await asyncio.sleep(HEARTBEAT_SECONDS)

    async def _round(self, stop: asyncio.Event, burst: bool) -> bool:
        """One read-and-work round; True when a burst run has nothing left to do."""
        await asyncio.sleep(self._last_batch_started + self.settings.pace_seconds - time.monotonic())
        entries = await self._claim() + await self._read_new()
        if entries:
            await self.process(entries, stop)
            await self.on_idle(False, stop)  # re-clustering that is due must not wait for a lull
        elif burst and not await self._pending_anywhere():
            await self.on_idle(True, stop)
            return True
        else:
            await self.on_idle(False, stop)
        return False

    async def process(self, entries: list[WorkEntry], stop: asyncio.Event | None = None) -> None:
        """Each room once per batch; a room's entries are acked after its result is stored.
        Once `stop` is set no further room is begun: the rest stays pending."""
        self._last_batch_started = time.monotonic()
        started = time.perf_counter()
        by_room: dict[str, list[WorkEntry]] = defaultdict(list)
        for entry in entries:
            by_room[entry.room].append(entry)
        for room, room_entries in by_room.items():
            if stop is not None and stop.is_set():
                log.info("stopping: the rest of the batch is left to another worker", extra={"room": room})
                break
            try:
                await self.handle_room(room)
            except RoomBusy:
                continue
            except Exception:
                log.exception("room failed", extra={"room": room, "entries": len(room_entries)})
                await self._dead_letter_exhausted(room, room_entries)
                continue
            await self._ack(room_entries)
        self._last_batch_seconds = time.perf_counter() - started

    async def _ack(self, entries: Iterable[WorkEntry]) -> None:
        """Each on its own stream: a room's wake-ups are on its work stream, and during a
        rolling upgrade on the legacy one too."""
        by_stream: dict[str, list[str]] = defaultdict(list)
        for entry in entries:
            by_stream[entry.stream].append(entry.entry_id)
        for stream, entry_ids in by_stream.items():
            await self.redis.xack(stream, keys.WORKER_GROUP, *entry_ids)

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

        On every work stream, in one round trip (a cluster pipeline sends each node its own
        streams). Each stream's claim goes on where the last one stopped (XAUTOCLAIM scans a
        page of the pending entries at a time), round to the start again after the end, so
        work left behind a long run of work that live workers hold is reached too."""
        streams = list(self._claim_from)
        async with self.redis.pipeline(transaction=False) as pipe:
            for stream in streams:
                pipe.xautoclaim(
                    stream, keys.WORKER_GROUP, self.name, min_idle_time=self.settings.claim_idle_ms,
                    start_id=self._claim_from[stream], count=self.settings.batch,
                )
            replies = await pipe.execute()
        claimed: list[WorkEntry] = []
        for stream, reply in zip(streams, replies, strict=True):
            self._claim_from[stream] = str(reply[0])
            claimed += _entries(stream, reply[1])
        if claimed:
            log.info("claimed work of a silent worker", extra={"entries": len(claimed)})
        return claimed

    async def _read_new(self) -> list[WorkEntry]:
        """New work from any work stream: one blocking XREADGROUP per stream, each on its own
        connection (a cluster serves no command over keys of several slots). It returns with
        the first reads that bring work, or once every read has waited `block_ms` in vain.

        A read still waiting then is left running into the next round, not cancelled:
        cancelled, the entries Redis handed it just then would sit pending, unseen, until
        claimed. The price: while this worker works on a batch, such a read may take up to a
        batch of its stream that an idle worker would have got, for at most `block_ms`."""
        for stream in keys.WORKER_STREAMS:
            if stream not in self._reads:
                self._reads[stream] = asyncio.create_task(self._read(stream))
        entries: list[WorkEntry] = []
        while self._reads and not entries:
            await asyncio.wait(self._reads.values(), return_when=asyncio.FIRST_COMPLETED)
            entries = self._returned()
        return entries

    async def _read(self, stream: str) -> list[WorkEntry]:
        reply = await self.redis.xreadgroup(
            keys.WORKER_GROUP, self.name, {stream: ">"}, count=self.settings.batch, block=self.settings.block_ms,
        )
        return [entry for _, raw in cast("list[Any]", reply) for entry in _entries(stream, raw)]

    def _returned(self) -> list[WorkEntry]:
        """What the reads that have returned brought; they are done with (a failed one raises)."""
        done = [stream for stream, read in self._reads.items() if read.done()]
        return [entry for stream in done for entry in self._reads.pop(stream).result()]

    async def _finish_reads(self) -> None:
        """On the way out, the reads still running end within `block_ms` rather than being
        cancelled mid-reply; what they bring stays pending for another worker to claim."""
        if self._reads:
            await asyncio.wait(self._reads.values())
            self._returned()

    async def _drop_reads(self) -> None:
        """Cancel the reads left when the worker stops on an error: that error is the one
        raised; what Redis handed a read just then stays pending, for another worker to claim."""
        for read in self._reads.values():
            read.cancel()
        await asyncio.gather(*self._reads.values(), return_exceptions=True)
        self._reads.clear()

    async def _pending_anywhere(self) -> bool:
        return await WorkerStatus(self.redis).pending_work() > 0

    async def _dead_letter_exhausted(self, room: str, entries: list[WorkEntry]) -> None:
        """After max_deliveries tries an entry goes to the dead-letter stream and is acked."""
        for entry in entries:
            pending = await self.redis.xpending_range(
                entry.stream, keys.WORKER_GROUP, entry.entry_id, entry.entry_id, 1
            )
            info = cast("list[dict[str, Any]]", pending)
            if info and info[0]["times_delivered"] >= self.settings.max_deliveries:
                dead: dict[FieldT, EncodableT] = {"room": room, "stream": entry.stream, "entry_id": entry.entry_id}
                await self.redis.xadd(keys.DEAD_LETTER_STREAM, dead)
                await self._ack([entry])
                log.error("work entry dead-lettered", extra=asdict(entry))


def _entries(stream: str, raw: list[tuple[str, dict[str, str]]]) -> list[WorkEntry]:
    return [WorkEntry(stream, entry_id, fields["room"]) for entry_id, fields in raw if fields]


def _rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
