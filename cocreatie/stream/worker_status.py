"""What /healthz and /metrics read about Redis and the clustering workers."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from redis.exceptions import RedisError, ResponseError

from cocreatie.stream import keys
from cocreatie.stream.redis_client import RedisClient


@dataclass(frozen=True)
class Health:
    workers: int
    """Workers with a fresh heartbeat."""
    error: str | None = None
    """Why Redis did not answer; None when it did."""


class WorkerStatus:
    def __init__(self, client: RedisClient) -> None:
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
        """Work entries read by a worker and not yet acked, over every work stream, in one
        round trip (a cluster pipeline sends each node its own streams)."""
        async with self.redis.pipeline(transaction=False) as pipe:
            for stream in keys.WORKER_STREAMS:
                pipe.xpending(stream, keys.WORKER_GROUP)
            answers = await pipe.execute(raise_on_error=False)
        # an error answer: no worker has created the group on that stream yet, so nothing is pending there
        return sum(int(answer["pending"]) for answer in answers if not isinstance(answer, ResponseError))

    async def dead_letters(self) -> int:
        return int(await self.redis.xlen(keys.DEAD_LETTER_STREAM))

    async def batch_seconds(self) -> dict[str, float]:
        """Per worker, how long its last batch took."""
        stats = await self.redis.hgetall(keys.WORKER_STATS)
        return {str(worker): float(json.loads(raw).get("batch_seconds", 0.0)) for worker, raw in stats.items()}
