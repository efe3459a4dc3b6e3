"""The one way to open a Redis connection."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError


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


REDIS_DOWN: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError)
"""What a lost or stalled Redis raises: worth retrying, or telling the client to resend."""
