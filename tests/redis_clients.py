"""A synchronous client for a test that looks at keys directly: on a Redis Cluster a plain
`redis.Redis` talks to one node only, and the key it asks for may live on another."""

from __future__ import annotations

from typing import Any

import redis


def sync_client(url: str, **options: Any) -> redis.Redis | redis.RedisCluster:
    """`redis.RedisCluster` when the server at `url` says it is a node of a cluster, else
    `redis.Redis`; `options` go to either (e.g. `decode_responses=True`). Close it, or use `with`."""
    with redis.Redis.from_url(url) as probe:
        cluster = bool(probe.info("cluster").get("cluster_enabled"))
    if cluster:
        return redis.RedisCluster.from_url(url, **options)
    return redis.Redis.from_url(url, **options)
