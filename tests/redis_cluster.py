"""A real local Redis Cluster for tests: three masters and three replicas, each a
`redis-server --cluster-enabled yes` process on a free port in a temp dir, formed with
`redis-cli --cluster create` (the same commands as compose.yaml's cluster profile)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import redis

from tests.processes import wait_for

NODES = 6
NODE_TIMEOUT_MS = 1_000
"""How long a master may be silent before its replica takes over: small, so failover tests are quick."""
BUS_OFFSET = 10_000
"""A cluster node also listens on its port + 10000 for the other nodes (the cluster bus)."""
HIGHEST_PORT = 65_535 - BUS_OFFSET


@dataclass
class LocalCluster:
    """The running nodes, by port; `url` names one of them, as a deployment's REDIS_URL would."""

    folder: Path
    processes: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{min(self.processes)}"

    @property
    def live_url(self) -> str:
        """A node that still runs, for a look at the cluster after a test killed one."""
        return f"redis://127.0.0.1:{min(port for port, node in self.processes.items() if node.poll() is None)}"

    def master_of(self, key: str) -> int:
        """The port of the node that serves `key`'s slot now."""
        with redis.RedisCluster.from_url(self.live_url) as client:
            node = client.get_node_from_key(key)
            return int(node.port)

    def replicas_of(self, master_port: int) -> list[int]:
        with redis.Redis(port=master_port) as client:
            info = client.info("replication")
        return [int(info[f"slave{n}"]["port"]) for n in range(int(info["connected_slaves"]))]

    def signal(self, port: int, number: signal.Signals) -> None:
        os.kill(self.processes[port].pid, number)

    def start(self, port: int) -> None:
        """(Re)start the node on `port` with its own folder, so it rejoins as it was."""
        self.processes[port] = _node(self.folder, port)


def _node(folder: Path, port: int) -> subprocess.Popen[bytes]:
    node_folder = folder / str(port)
    node_folder.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            _server(), "--port", str(port), "--bind", "127.0.0.1",
            "--cluster-enabled", "yes", "--cluster-config-file", f"nodes-{port}.conf",
            "--cluster-node-timeout", str(NODE_TIMEOUT_MS), "--appendonly", "yes",
            "--appendfsync", "everysec", "--save", "", "--repl-diskless-sync-delay", "0",
            "--dir", str(node_folder),
        ],
        stdout=subprocess.DEVNULL,
    )
    wait_for(lambda: _answers(port), f"cluster node {port}")
    return process


def _server() -> str:
    """Redis 7 from PATH (sharded pub/sub); the embedded one is older."""
    found = shutil.which("redis-server")
    if found is None:
        raise FileNotFoundError("no redis-server on PATH for the local cluster")
    return found


def _answers(port: int) -> bool:
    try:
        with redis.Redis(port=port, socket_connect_timeout=0.5) as client:
            return bool(client.ping())
    except redis.ConnectionError:
        return False


def _free_pair() -> int:
    """A port whose cluster-bus port is free as well."""
    while True:
        with socket.socket() as probe, socket.socket() as bus:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
            if port > HIGHEST_PORT:
                continue
            try:
                bus.bind(("127.0.0.1", port + BUS_OFFSET))
            except OSError:
                continue
            return port


def _formed(port: int) -> bool:
    """The cluster is whole as this node sees it, and when it is a master, its replica is in
    sync (right after `--cluster create` a replica is still loading its first copy, and a
    WAIT for it times out)."""
    with redis.Redis(port=port) as client:
        info = client.cluster("info")
        replication = client.info("replication")
    whole = info["cluster_state"] == "ok" and int(info["cluster_known_nodes"]) == NODES
    if replication["role"] != "master":
        return bool(whole)
    replicas = [replication[f"slave{n}"] for n in range(int(replication["connected_slaves"]))]
    return bool(whole and replicas and all(replica["state"] == "online" for replica in replicas))


@contextmanager
def local_cluster(folder: Path) -> Iterator[LocalCluster]:
    """Six nodes, formed into a cluster with one replica per master; stopped on exit."""
    cluster = LocalCluster(folder)
    try:
        ports: set[int] = set()
        while len(ports) < NODES:
            ports.add(_free_pair())
        for port in sorted(ports):
            cluster.start(port)
        nodes = [f"127.0.0.1:{port}" for port in cluster.processes]
        subprocess.run(
            ["redis-cli", "--cluster", "create", *nodes, "--cluster-replicas", "1", "--cluster-yes"],
            check=True, capture_output=True, timeout=60,
        )
        wait_for(lambda: all(_formed(port) for port in cluster.processes), "cluster formed")
        yield cluster
    finally:
        for process in cluster.processes.values():
            process.kill()
            process.wait(10)
