"""The one way to open a Redis connection, and what it means when Redis is down."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

REDIS_DOWN: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError)
"""What a command raises when Redis did not answer: the same command may be sent again."""


@asynccontextmanager
async def connect(url: str, *, binary: bool = False) -> AsyncIterator[aioredis.Redis]:
    """A client with string replies (bytes when `binary`); closed on exit."""
    client = aioredis.Redis.from_url(
        url, decode_responses=not binary, health_check_interval=15, socket_timeout=30, socket_connect_timeout=5
    )
    try:
        yield client
    finally:
        await client.aclose()


async def answers(url: str) -> bool:
    """Whether a Redis listens at `url` and answers a ping (a missing socket file: no)."""
    try:
        async with connect(url) as client:
            return bool(await client.ping())
    except (RedisConnectionError, FileNotFoundError):
        return False
