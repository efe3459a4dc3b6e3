"""The one Redis client: it finds out whether it speaks to a cluster, and under a burst of
commands more than its connections it makes them wait rather than fail."""

from __future__ import annotations

import asyncio
import secrets

import pytest
from redis.asyncio.cluster import RedisCluster

from cocreatie.stream.redis_client import POOL_CONNECTIONS, connect

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)

BURST = 3 * POOL_CONNECTIONS
BLOCK_MS = 300


async def test_the_client_knows_a_cluster_when_it_meets_one(redis_url: str, request: pytest.FixtureRequest) -> None:
    on_cluster = "cluster" in request.node.callspec.id
    async with connect(redis_url) as client:
        assert isinstance(client, RedisCluster) is on_cluster
        assert await client.ping()


async def test_a_burst_past_the_pool_waits_its_turn(redis_url: str) -> None:
    """Each command holds its connection (a blocking read of an empty stream) for BLOCK_MS:
    three times as many at once as the pool has all get their answer, none an error."""
    stream = f"cocreatie:{{burst-{secrets.token_hex(4)}}}:events"
    async with connect(redis_url) as client:
        replies = await asyncio.gather(
            *(client.xread({stream: "$"}, block=BLOCK_MS) for _ in range(BURST)), return_exceptions=True
        )
    errors = [reply for reply in replies if isinstance(reply, Exception)]
    assert errors == [] and len(replies) == BURST
