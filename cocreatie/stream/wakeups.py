"""Wake-ups for the rooms of one web process, heard on one pub/sub connection (one per node
of a Redis Cluster) however many rooms it serves.

Every script that appends to a room publishes the new entry's id on the room's channel
(`keys.wake`); a room's reader waits for its `Wakeup` and then reads without blocking, so
the web process holds no blocking command and no connection per room. A message can be
lost (the pub/sub connection dropped, a failover): after any reconnect every room is woken,
each subscription's confirmation wakes its room (it may have missed what came before), and a
reader that heard nothing reads anyway after its timeout, so a lost message only delays.

On Python 3.11 a cancel that lands just as `asyncio.wait_for` has its result is lost (CPython
gh-86296), and redis-py sends every command through it: the tasks here end on an event set
before their cancel, and a room's reader waits for its wake-up without `wait_for`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from redis.asyncio.client import PubSub
from redis.asyncio.cluster import ClusterPubSub, RedisCluster

from cocreatie.stream import keys
from cocreatie.stream.backoff import BACKOFF
from cocreatie.stream.redis_client import REDIS_DOWN, RedisClient

log = logging.getLogger(__name__)

LISTEN_SECONDS = 1.0
"""How long a reader waits on its connection before it looks again whether it is still needed."""
TEND_SECONDS = 1.0
"""How often subscriptions that failed are tried again and new nodes' connections get a reader."""
WAKING = frozenset({"message", "smessage", "subscribe", "ssubscribe"})
"""The pub/sub messages that wake a room: news, and a (re)subscription that may follow a gap."""

Message = dict[str, Any]


def wake_args(client: RedisClient, workshop_id: str) -> list[str]:
    """The ARGV pair of `scripts.wake_up` for a room: SPUBLISH on a cluster (the sharded channel
    stays on the room's node), PUBLISH on one server (Redis 6.2 has no SPUBLISH)."""
    return ["SPUBLISH" if isinstance(client, RedisCluster) else "PUBLISH", keys.wake(workshop_id)]


class Wakeup:
    """One room's wake-up: set by news on its channel or by a reconnect, taken by its reader."""

    def __init__(self) -> None:
        self._news = asyncio.Event()
        self._news.set()  # the first wait reads at once: news may have come before the subscription

    def set(self) -> None:
        self._news.set()

    async def taken(self, seconds: float) -> None:
        """Once set, or after `seconds` (the safety poll); cleared before the caller reads, so
        news that lands during the read sets it again for the next wait. Not `wait_for`: a
        room closed just as its news came would lose the cancel, and its reader read on."""
        if not self._news.is_set():
            with suppress(TimeoutError):
                async with asyncio.timeout(seconds):
                    await self._news.wait()
        self._news.clear()


@dataclass
class _Watch:
    wakeup: Wakeup = field(default_factory=Wakeup)
    watchers: int = 0
    subscribed: bool = False
    """Whether redis-py holds the subscription (and so renews it after each reconnect)."""


class Wakeups:
    """The wake-ups of this process's rooms: a room is subscribed while anyone watches it."""

    def __init__(self, client: RedisClient) -> None:
        self._client = client
        self._pubsub: PubSub = ClusterPubSub(client) if isinstance(client, RedisCluster) else client.pubsub()
        self._watches: dict[str, _Watch] = {}
        """Per channel (`keys.wake`): the room's wake-up and how many watch it."""
        self._readers: dict[str, asyncio.Task[None]] = {}
        """Per pub/sub connection (the server, or a cluster node's name): the task reading it."""
        self._leaving = asyncio.Event()
        """Set on the way out, before the tasks are cancelled: it, not the cancel, ends them."""

    @classmethod
    @asynccontextmanager
    async def running(cls, client: RedisClient) -> AsyncIterator[Wakeups]:
        """Listening while open; on the way out the readers stop and the connections close."""
        wakeups = cls(client)
        tending = asyncio.create_task(wakeups._tend(), name="wakeups")
        try:
            yield wakeups
        finally:
            wakeups._leaving.set()
            tasks = [tending, *wakeups._readers.values()]
            for task in tasks:
                task.cancel()
            await asyncio.wait(tasks)
            await wakeups._pubsub.aclose()

    def wakeup(self, workshop_id: str) -> Wakeup | None:
        """The room's wake-up while it is watched; None when it is not."""
        watch = self._watches.get(keys.wake(workshop_id))
        return None if watch is None else watch.wakeup

    @asynccontextmanager
    async def watching(self, workshop_id: str) -> AsyncIterator[Wakeup]:
        """The room's wake-up, subscribed while the block runs. A subscription Redis refuses
        for now is tried again every TEND_SECONDS; until then the room is only polled."""
        channel = keys.wake(workshop_id)
        watch = self._watches.setdefault(channel, _Watch())
        watch.watchers += 1
        if not watch.subscribed:
            await self._subscribe(channel, watch)
        try:
            yield watch.wakeup
        finally:
            watch.watchers -= 1
            if watch.watchers == 0:
                del self._watches[channel]
                await self._unsubscribe(channel, watch)

    async def _subscribe(self, channel: str, watch: _Watch) -> None:
        try:
            if isinstance(self._pubsub, ClusterPubSub) and isinstance(self._client, RedisCluster):
                await self._client.initialize()  # the channel's node is looked up in the slot map
                await self._pubsub.ssubscribe(channel)
            else:
                await self._pubsub.subscribe(channel)
        except REDIS_DOWN as error:
            log.warning("wake-ups cannot subscribe yet", extra={"channel": channel, "error": str(error)})
            return
        watch.subscribed = True
        self._start_readers()

    async def _unsubscribe(self, channel: str, watch: _Watch) -> None:
        """A subscription left behind by a lost connection is harmless: its news wakes nobody."""
        if not watch.subscribed:
            return
        unsubscribe = self._pubsub.sunsubscribe if isinstance(self._pubsub, ClusterPubSub) else self._pubsub.unsubscribe
        try:
            await unsubscribe(channel)
        except REDIS_DOWN as error:
            log.warning("wake-ups cannot unsubscribe", extra={"channel": channel, "error": str(error)})

    async def _tend(self) -> None:
        while not self._leaving.is_set():
            await asyncio.sleep(TEND_SECONDS)
            for channel, watch in list(self._watches.items()):
                if not watch.subscribed:
                    await self._subscribe(channel, watch)
            self._start_readers()

    def _start_readers(self) -> None:
        """A reader for each connection that has none (a cluster's node pub/subs come and go
        with subscriptions and failovers)."""
        for name in self._sources():
            reader = self._readers.get(name)
            if reader is None or reader.done():
                self._readers[name] = asyncio.create_task(self._read(name), name=f"wakeups-{name}")

    def _sources(self) -> dict[str, Callable[[], Awaitable[Message | None]]]:
        """Per pub/sub connection, how to take its next message (None after LISTEN_SECONDS)."""
        pubsub, client = self._pubsub, self._client
        if isinstance(pubsub, ClusterPubSub) and isinstance(client, RedisCluster):
            nodes = {name: client.get_node(node_name=name) for name in pubsub.node_pubsub_mapping}
            return {
                name: partial(pubsub.get_sharded_message, target_node=node, timeout=LISTEN_SECONDS)
                for name, node in nodes.items() if node is not None
            }
        return {"server": partial(pubsub.get_message, timeout=LISTEN_SECONDS)} if pubsub.subscribed else {}

    async def _read(self, name: str) -> None:
        """Wake the rooms its messages name, while the connection holds subscriptions. A lost
        connection wakes every room (messages may be lost meanwhile) and is tried again after
        a back-off; redis-py then renews the subscriptions, whose confirmations wake each room.
        Until the wake-ups are left: a subscription still held then must not keep it reading."""
        failures = 0
        while not self._leaving.is_set() and (take := self._sources().get(name)) is not None:
            try:
                message = await take()
            except REDIS_DOWN as error:
                self._wake_all()
                delay = BACKOFF.compute(failures)
                failures += 1
                log.warning("wake-ups lost Redis; retrying", extra={"connection": name, "in_seconds": delay,
                                                                     "error": str(error)})
                await asyncio.sleep(delay)
                continue
            failures = 0
            if message is not None and message["type"] in WAKING:
                self._wake(str(message["channel"]))

    def _wake(self, channel: str) -> None:
        watch = self._watches.get(channel)
        if watch is not None:
            watch.wakeup.set()

    def _wake_all(self) -> None:
        for watch in self._watches.values():
            watch.wakeup.set()
