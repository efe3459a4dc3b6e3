"""What /healthz and /metrics read about Redis and the clustering workers."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import RedisError, ResponseError

from cocreatie.stream import keys


@dataclass(frozen=True)
class Health:
    workers: int
    """Workers with a fresh heartbeat."""
    error: str | None = None
    """Why Redis did not answer; None when it did."""


class WorkerStatus:
    def __init__(self, client: aioredis.Redis) -> None:
        self.redis = client

    async def health(self) -> Health:
        """Whether Redis answers, and how many workers live; a failure is reported, not raised."""
        try:
            await self.redis.ping()
            return Health(await self.live_workers())
        except (RedisError, OSError) as error:
            return Health(0, str(error))

    async def live_workers(self) -> int:
        since = time.time() - keys.HEARTBEAT_FRESH_SECONDS
        return int(await self.redis.zcount(keys.WORKER_HEARTBEATS, since, "+inf"))

    async def pending_work(self) -> int:
        try:
            return int((await self.redis.xpending(keys.WORK_STREAM, keys.WORKER_GROUP))["pending"])
        except ResponseError:
            return 0  # no worker has created the group yet: nothing is pending

    async def dead_letters(self) -> int:
        return int(await self.redis.xlen(keys.DEAD_LETTER_STREAM))

    async def batch_seconds(self) -> dict[str, float]:
        """Per worker, how long its last batch took."""
        stats = await self.redis.hgetall(keys.WORKER_STATS)
        return {str(worker): float(json.loads(raw).get("batch_seconds", 0.0)) for worker, raw in stats.items()}
