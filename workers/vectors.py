"""Embeddings are computed once per idea and kept in Redis as float32 bytes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from redis.typing import EncodableT

from cocreatie.stream import keys
from cocreatie.stream.redis_client import RedisClient
from workers.room_lock import RoomDeleted

# The vectors of a deleted workshop are never written back. KEYS: vectors, tombstone;
# ARGV: idea id, vector bytes, … (one HSET per pair: unpack() of a 5,000-idea import would
# overflow Lua's stack); replies 0 when the workshop was deleted.
PUT_VECTORS = """
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1
"""


class VectorStore:
    """Per-room hash idea_id -> float32 bytes, with a local cache (vectors never change)."""

    def __init__(self, binary_client: RedisClient) -> None:
        self.redis = binary_client
        self._put = binary_client.register_script(PUT_VECTORS)
        self._cache: dict[str, dict[str, np.ndarray]] = {}

    async def get(self, room: str, idea_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these ideas (missing ones are absent)."""
        cached = self._cache.setdefault(room, {})
        wanted = [idea_id for idea_id in idea_ids if idea_id not in cached]
        if wanted:
            for idea_id, raw in zip(wanted, await self.redis.hmget(keys.vectors(room), wanted), strict=True):
                if isinstance(raw, bytes):
                    cached[idea_id] = np.frombuffer(raw, dtype=np.float32)
        return {idea_id: cached[idea_id] for idea_id in idea_ids if idea_id in cached}

    async def put(self, room: str, vectors: dict[str, np.ndarray]) -> None:
        """RoomDeleted if the workshop was deleted meanwhile (then nothing is written)."""
        if vectors:
            pairs: list[EncodableT] = [
                part for idea_id, vector in vectors.items() for part in (idea_id, vector.astype(np.float32).tobytes())
            ]
            if not await self._put(keys=[keys.vectors(room), keys.deleted(room)], args=pairs):
                raise RoomDeleted(room)
            self._cache.setdefault(room, {}).update(vectors)

    def forget(self, room: str) -> None:
        self._cache.pop(room, None)
