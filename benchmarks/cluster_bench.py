"""`cocreatie bench` on a Redis Cluster and on one Redis, in one run, one after the other:
the same rooms, phones, web processes and workers, so the two tables compare.

    .venv/bin/python -m benchmarks.cluster_bench [--rooms 10] [--sockets 1000] [--seconds 30]
        [--redis-url redis://127.0.0.1:6379/15]

The cluster is six local `redis-server --cluster-enabled yes` processes (three masters, three
replicas) formed by `redis-cli --cluster create`, as the tests start it (tests/redis_cluster.py);
the one Redis is the server at `--redis-url` (its database is flushed first).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import redis

from tests.redis_cluster import local_cluster

COCREATIE = (sys.executable, "-m", "cocreatie")


def _options(argv: list[str]) -> argparse.Namespace:
    options = argparse.ArgumentParser(prog="python -m benchmarks.cluster_bench", description=__doc__.split("\n")[0])
    options.add_argument("--rooms", type=int, default=10)
    options.add_argument("--sockets", type=int, default=1000, help="phones in all rooms together")
    options.add_argument("--seconds", type=float, default=30.0)
    options.add_argument("--rate", type=float, default=20.0)
    options.add_argument("--web-processes", type=int, default=2)
    options.add_argument("--workers", type=int, default=2)
    options.add_argument("--redis-url", default="redis://127.0.0.1:6379/15", help="the one Redis (flushed)")
    return options.parse_args(argv)


def _bench(options: argparse.Namespace, redis_url: str) -> str:
    arguments = [
        "bench", "--rooms", str(options.rooms), "--sockets", str(options.sockets), "--seconds", str(options.seconds),
        "--rate", str(options.rate), "--web-processes", str(options.web_processes),
        "--workers", str(options.workers), "--redis-url", redis_url, "--no-reference",
    ]
    done = subprocess.run([*COCREATIE, *arguments], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"cocreatie bench failed on {redis_url}:\n{done.stderr}")
    return done.stdout


def main(argv: list[str]) -> int:
    options = _options(argv)
    with redis.Redis.from_url(options.redis_url) as server:
        server.flushdb()
    one_redis = _bench(options, options.redis_url)
    with tempfile.TemporaryDirectory() as folder, local_cluster(Path(folder)) as cluster:
        on_cluster = _bench(options, cluster.url)
    command = " ".join(["python -m benchmarks.cluster_bench", *argv])
    sys.stdout.write(f"# {command}\n\n## one Redis ({options.redis_url})\n{one_redis}\n")
    sys.stdout.write(f"## Redis Cluster (3 masters, 3 replicas, local)\n{on_cluster}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
