"""Embeddings are computed once per idea and kept in Redis as float32 bytes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import redis.asyncio as aioredis
from redis.typing import EncodableT

from cocreatie.stream import keys


class VectorStore:
    """Per-room hash idea_id -> float32 bytes, with a local cache (vectors never change)."""

    def __init__(self, binary_client: aioredis.Redis) -> None:
        self.redis = binary_client
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
        if vectors:
            mapping: dict[EncodableT, EncodableT] = {
                idea_id: vector.astype(np.float32).tobytes() for idea_id, vector in vectors.items()
            }
            await self.redis.hset(keys.vectors(room), mapping=mapping)
            self._cache.setdefault(room, {}).update(vectors)

    def forget(self, room: str) -> None:
        self._cache.pop(room, None)
