"""Riding out a lost Redis: the one retry loop of the room readers and the workers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from redis.backoff import AbstractBackoff, ExponentialBackoff

from cocreatie.stream.redis_client import REDIS_DOWN

log = logging.getLogger(__name__)

T = TypeVar("T")

BACKOFF = ExponentialBackoff(cap=5.0, base=0.1)
"""0.1 s after the first failure, doubling up to 5 s while Redis stays away."""

Backoff = AbstractBackoff
"""A back-off policy: `compute(failures)` is the delay before the next try."""


def restart_backoff() -> Backoff:
    """Delays between restarts of a process that keeps ending: 0.5 s, doubling to 30 s."""
    return ExponentialBackoff(cap=30.0, base=0.5)


async def until_answered(call: Callable[[], Awaitable[T]], who: str) -> T:
    """`call()`'s result once Redis answers it; each lost connection is logged and the
    call tried again after redis-py's exponential back-off (reset by every answer)."""
    failures = 0
    while True:
        try:
            return await call()
        except REDIS_DOWN as error:
            delay = BACKOFF.compute(failures)
            failures += 1
            log.warning(f"{who} lost Redis; retrying", extra={"error": str(error), "in_seconds": delay})
            await asyncio.sleep(delay)

