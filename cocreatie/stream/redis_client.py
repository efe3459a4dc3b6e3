"""The one way to open a Redis connection (one server or a Redis Cluster), and what it
means when Redis is down."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.client import Pipeline
from redis.asyncio.cluster import ClusterPipeline, RedisCluster
from redis.commands.core import AsyncScript
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.typing import EncodableT

REDIS_DOWN: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError)
"""What a command raises when Redis did not answer: the same command may be sent again."""

RedisClient = aioredis.Redis | RedisCluster
"""A client of one Redis server or of a Redis Cluster: the product speaks to either."""

POOL_CONNECTIONS = 64
"""Connections a client opens to one server at most; a command that finds them all busy
waits for one (up to POOL_WAIT_SECONDS) rather than failing."""
POOL_WAIT_SECONDS = 10
SOCKET_TIMEOUT_SECONDS = 30
CONNECT_TIMEOUT_SECONDS = 5


@asynccontextmanager
async def connect(url: str, *, binary: bool = False, cluster: bool | None = None) -> AsyncIterator[RedisClient]:
    """A client with string replies (bytes when `binary`); closed on exit. `cluster` says
    whether `url` names a node of a Redis Cluster; None asks the server."""
    if cluster is None:
        cluster = await is_cluster(url)
    client = _cluster_client(url, binary) if cluster else _server_client(url, binary)
    try:
        if isinstance(client, RedisCluster):
            await client.initialize()  # once, now: first commands at once would race to do it
        yield client
    finally:
        await client.aclose()


def _options(binary: bool) -> dict[str, Any]:
    return {
        "decode_responses": not binary,
        "socket_timeout": SOCKET_TIMEOUT_SECONDS,
        "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "health_check_interval": 15,
    }


def _server_client(url: str, binary: bool) -> aioredis.Redis:
    pool = aioredis.BlockingConnectionPool.from_url(
        url, max_connections=POOL_CONNECTIONS, timeout=POOL_WAIT_SECONDS, **_options(binary)
    )
    return aioredis.Redis.from_pool(pool)  # closed with the client


class WaitingCluster(RedisCluster):
    """A cluster client whose commands wait for one of POOL_CONNECTIONS turns (up to
    POOL_WAIT_SECONDS) instead of failing: redis-py's cluster client raises at once when a
    node's connections are all taken, as under a burst of joins. Each node may open twice
    as many, for the pipelines and the pub/sub beside the commands."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._turns = asyncio.Semaphore(POOL_CONNECTIONS)

    async def execute_command(self, *args: EncodableT, **kwargs: Any) -> Any:
        try:
            async with asyncio.timeout(POOL_WAIT_SECONDS):
                await self._turns.acquire()
        except TimeoutError as error:
            raise RedisTimeoutError(f"no free Redis connection within {POOL_WAIT_SECONDS} s") from error
        try:
            return await super().execute_command(*args, **kwargs)
        finally:
            self._turns.release()


def _cluster_client(url: str, binary: bool) -> RedisCluster:
    """Redirections (MOVED, ASK) and a failover are followed by the client itself."""
    return WaitingCluster.from_url(url, max_connections=2 * POOL_CONNECTIONS, **_options(binary))


async def is_cluster(url: str) -> bool:
    """Whether the server at `url` is a node of a Redis Cluster (a unix socket never is)."""
    if url.startswith("unix:"):
        return False
    client = aioredis.Redis.from_url(url, decode_responses=True, socket_connect_timeout=CONNECT_TIMEOUT_SECONDS)
    try:
        info = await client.info("cluster")
    finally:
        await client.aclose()
    return bool(info.get("cluster_enabled"))


async def answers(url: str) -> bool:
    """Whether a Redis listens at `url` and answers a ping (a missing socket file: no)."""
    try:
        async with connect(url, cluster=False) as client:
            return bool(await client.ping())
    except (RedisConnectionError, FileNotFoundError):
        return False


def queue_script(
    pipe: Pipeline | ClusterPipeline, script: AsyncScript, names: Sequence[str], args: Sequence[EncodableT]
) -> None:
    """Queue a script call in a pipeline of either kind, as EVAL with the script's text: a
    cluster pipeline takes no EVALSHA, and a pipeline that holds EVALSHA first asks the
    server whether it knows the script, a round trip more. Redis caches the script by its hash."""
    pipe.eval(str(script.script), len(names), *names, *args)
