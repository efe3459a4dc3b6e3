"""Token buckets in Redis: a limit's tokens for one participant or address, shared by every
web process (the limits themselves, and whom a frame counts against: `rooms/limits.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cocreatie.stream import keys
from cocreatie.stream.redis_client import RedisClient, queue_script

# One bucket, one key (so it works on Redis Cluster), one round trip. The time is Redis's
# own, so web processes with skewed clocks still agree. A missing key is a full bucket.
# Cheap under `appendfsync always` (the embedded Redis), where a client's reply waits for
# the fsync of whatever its command appended: the writes go neither to the AOF nor to
# replicas (REPL_NONE; a bucket lost in a restart or failover is merely full again), and
# the key expires once the bucket is full again but not within KEEP_MS, because a key that
# expires between two frames is deleted by the second one, and that DEL is appended.
# KEYS: the bucket, and for a participant's bucket the room's tombstone (a frame racing the
# deletion of its workshop makes no key in the room's slot). ARGV: rate per second, burst,
# KEEP_MS. Replies 1 when a token was taken, 0 when the bucket is empty (or the room deleted).
KEEP_MS = 60_000
TAKE_TOKEN = """
if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.set_repl(redis.REPL_NONE)
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'ms')
local tokens = tonumber(saved[1]) or burst
local since = tonumber(saved[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - since) * rate / 1000)
local taken = tokens >= 1
if taken then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ms', string.format('%d', now))
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[3]), math.ceil((burst - tokens) / rate * 1000)))
if taken then return 1 end
return 0
"""


@dataclass(frozen=True)
class RateLimit:
    """`rate` per second on average, up to `burst` at once, per key; `name` goes into the key."""

    name: str
    rate: float
    burst: int


@dataclass(frozen=True)
class Bucket:
    """One limit's bucket for one participant or address."""

    limit: RateLimit
    key: str
    tombstone: str | None = None
    """The room's, for a participant's bucket: none is made in a deleted room."""

    @property
    def keys(self) -> list[str]:
        return [self.key] if self.tombstone is None else [self.key, self.tombstone]

    @classmethod
    def of_address(cls, limit: RateLimit, address: str) -> Bucket:
        return cls(limit, keys.address_limit(limit.name, address))

    @classmethod
    def of_participant(cls, limit: RateLimit, workshop_id: str, participant_id: str) -> Bucket:
        return cls(limit, keys.participant_limit(limit.name, workshop_id, participant_id), keys.deleted(workshop_id))


class Buckets:
    """Takes tokens from the buckets in Redis."""

    def __init__(self, client: RedisClient) -> None:
        self._client = client
        self._script = client.register_script(TAKE_TOKEN)

    async def allow_address(self, limit: RateLimit, address: str) -> bool:
        """Take a token from the address's bucket; False when it is empty."""
        (allowed,) = await self.allow_each([Bucket.of_address(limit, address)])
        return allowed

    async def allow_each(self, buckets: Sequence[Bucket]) -> list[bool]:
        """A token from each bucket, all in one round trip per node (a pipeline, not a
        transaction: each key is its own script call, so the keys may live on different nodes)."""
        async with self._client.pipeline(transaction=False) as pipe:
            for bucket in buckets:
                queue_script(pipe, self._script, bucket.keys, [bucket.limit.rate, bucket.limit.burst, KEEP_MS])
            return [bool(answer) for answer in await pipe.execute()]
