"""`cocreatie worker`: load the model, join the consumer group, work until told to stop."""

from __future__ import annotations

import asyncio
import logging
import signal

from threadpoolctl import threadpool_limits

from cocreatie.errors import ConfigError
from cocreatie.settings import Settings
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from workers.consume import Consumer, ConsumerSettings
from workers.embed import THREADS, load_embedder
from workers.room_lock import DEFAULT_TTL_MS, RoomLock
from workers.room_worker import RoomWorker
from workers.vectors import VectorStore
from workers.warm_up import warm_up

log = logging.getLogger(__name__)


async def run_worker(settings: Settings, burst: bool = False) -> None:
    if settings.redis_url is None:
        raise ConfigError("REDIS_URL: `cocreatie worker` needs a shared Redis (or use `cocreatie up`)")
    single_threaded_numerics()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    embedder = await asyncio.to_thread(
        load_embedder, settings.model, runtime=settings.embedder, cache=settings.model_cache
    )
    await asyncio.to_thread(warm_up, embedder)
    log.info("model loaded", extra={"model": embedder.name})
    cluster = settings.redis_cluster
    async with (
        connect(settings.redis_url, cluster=cluster) as client,
        connect(settings.redis_url, binary=True, cluster=cluster) as binary,
    ):
        store = RedisEventStore(client, settings.retention_seconds)
        lock = RoomLock(client, lock_ttl_ms(settings))
        rooms = RoomWorker(store, lock, VectorStore(binary), embedder, settings.retention_seconds)
        limits = ConsumerSettings(claim_idle_ms=settings.claim_idle_ms, max_deliveries=settings.max_deliveries)
        consumer = Consumer(client, rooms.handle_room, rooms.run_due, limits)
        await consumer.run(stop, burst=burst)
    log.info("worker stopped")


def single_threaded_numerics() -> None:
    """NumPy's BLAS (centroids, similarities) and SciPy's on the embedder's thread count.
    Left to itself OpenBLAS runs a thread per core that spins while it waits: in the bench
    the worker then spent 19.5 ms of CPU per idea, with one thread 10.9 ms, for the same work."""
    threadpool_limits(limits=THREADS)


def lock_ttl_ms(settings: Settings) -> int:
    """A room's lock lives half as long as a silent worker keeps its work: by the time its
    work is claimed, the room is free for the worker that claimed it."""
    return min(DEFAULT_TTL_MS, settings.claim_idle_ms // 2)
