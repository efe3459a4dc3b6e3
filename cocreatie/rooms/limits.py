"""Token-bucket rate limits, per key (a participant, an address), in this process."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass

from cocreatie.settings import Settings


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimit:
    """`rate` per second on average, up to `burst` at once; remembers at most `keys` keys."""

    def __init__(self, rate: float, burst: int, keys: int = 100_000) -> None:
        self.rate, self.burst, self._max_keys = rate, burst, keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        bucket = self._buckets.pop(key, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        self._buckets[key] = bucket
        if len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens < 1:
            return False
        bucket.tokens -= 1
        return True


@dataclass(frozen=True)
class Limits:
    """The limits one web process applies."""

    ideas_per_participant: RateLimit
    messages_per_address: RateLimit
    code_misses_per_address: RateLimit

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            ideas_per_participant=RateLimit(settings.ideas_per_second, settings.idea_burst),
            messages_per_address=RateLimit(settings.messages_per_second, settings.message_burst),
            code_misses_per_address=RateLimit(settings.code_misses_per_minute / 60, burst=10),
        )
