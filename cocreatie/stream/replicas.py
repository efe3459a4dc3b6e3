"""Whether a room's acknowledged writes are on a replica: the master's replica count, and
the WAIT that follows a write on the connection that made it (WAIT cannot run in a script),
and the replication report of /healthz."""

from __future__ import annotations

import time
from dataclasses import dataclass

from redis.asyncio.client import Pipeline
from redis.asyncio.cluster import ClusterNode, ClusterPipeline, RedisCluster

from cocreatie.stream.redis_client import REDIS_DOWN, RedisClient

REFRESH_SECONDS = 2.0
"""How long a master's replica count is trusted before it is asked again."""


class Replicas:
    """The replicas of the master that serves a key, counted by the master itself
    (`INFO replication`), remembered for REFRESH_SECONDS per master."""

    def __init__(self, client: RedisClient, wait_ms: int) -> None:
        self._client = client
        self.wait_ms = wait_ms
        """How long an idea's acknowledgement waits for a replica; 0: it does not wait."""
        self._counts: dict[str, tuple[float, int]] = {}

    async def confirm(self, key: str) -> bool:
        """Whether a write to `key` must be confirmed by a replica before it is acknowledged:
        waiting is on and the key's master has a replica connected."""
        if self.wait_ms <= 0:
            return False
        return await self.count(key) > 0

    async def count(self, key: str) -> int:
        if isinstance(self._client, RedisCluster):
            await self._client.initialize()  # a no-op once the client knows the slots
        master = self._master(key)
        at, known = self._counts.get(master, (0.0, 0))
        if time.monotonic() - at < REFRESH_SECONDS:
            return known
        info = await self._replication_info(key)
        count = int(str(info.get("connected_slaves", 0)))
        self._counts[master] = (time.monotonic(), count)
        return count

    def queue_wait(self, pipe: Pipeline | ClusterPipeline, key: str) -> None:
        """Queue `WAIT 1 wait_ms` behind the write in `pipe`, on the same connection: in a
        cluster pipeline it is sent to the node that serves `key`, with the write."""
        if isinstance(pipe, ClusterPipeline):
            assert isinstance(self._client, RedisCluster)
            pipe.execute_command("WAIT", 1, self.wait_ms, target_nodes=self._client.get_node_from_key(key))
        else:
            pipe.execute_command("WAIT", 1, self.wait_ms)

    def _master(self, key: str) -> str:
        if isinstance(self._client, RedisCluster):
            node = self._client.get_node_from_key(key)
            return "" if node is None else str(node.name)
        return ""

    async def _replication_info(self, key: str) -> dict[str, object]:
        if isinstance(self._client, RedisCluster):
            node = self._client.get_node_from_key(key)
            return dict(await self._client.info("replication", target_nodes=node))
        return dict(await self._client.info("replication"))


@dataclass(frozen=True)
class Replication:
    """What /healthz says of the masters that serve rooms: their connected replicas, and
    whether one runs without the replica it is meant to have (`degraded`): then ideas are
    acknowledged without waiting, and a failover of that master may lose the last ones."""

    masters: dict[str, int]
    """Connected replicas per master (host:port); one server: under the name ""."""
    cluster: bool
    lost_replicas: bool = False
    """One server that had replicas and has none now (its replication backlog is still kept)."""

    @property
    def replicas(self) -> int:
        """The fewest replicas any master has."""
        return min(self.masters.values(), default=0)

    @property
    def degraded(self) -> bool:
        """A master of a cluster without a replica, or one server that lost its replicas; a
        lone server that never had one is the normal small deployment, not degraded."""
        return self.replicas == 0 and (self.cluster or self.lost_replicas)


async def replication(client: RedisClient) -> Replication:
    """Each master's own count (INFO replication); a master that does not answer counts as
    one without a replica."""
    if isinstance(client, RedisCluster):
        masters = {str(node.name): await _connected_replicas(client, node) for node in client.get_primaries()}
        return Replication(masters, cluster=True)
    info = await client.info("replication")
    count = int(info.get("connected_slaves", 0))
    return Replication({"": count}, cluster=False, lost_replicas=count == 0 and bool(info.get("repl_backlog_active")))


async def _connected_replicas(client: RedisCluster, node: ClusterNode) -> int:
    try:
        info = await client.info("replication", target_nodes=node)
    except REDIS_DOWN:
        return 0
    return int(info.get("connected_slaves", 0))
