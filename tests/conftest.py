"""Shared fixtures: every Redis test runs against the server at REDIS_URL and an embedded one;
the suites marked `cluster` also against a local Redis Cluster of six nodes."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack

import pytest
import redis

from tests.processes import embedded_redis_server, web_process
from tests.redis_cluster import LocalCluster, local_cluster

# The tests own database 9 of the local server (flushed at start) unless REDIS_URL says otherwise.
TEST_DATABASE_URL = "redis://127.0.0.1:6379/9"
SERVER_REDIS_URL = os.environ.get("REDIS_URL", TEST_DATABASE_URL)


BACKENDS = ["server", "embedded", "cluster"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The cluster backend serves only the suites marked `cluster` (pytestmark): the others
    would add minutes and test nothing the cluster changes."""
    deselected = [item for item in items if _on_cluster(item) and item.get_closest_marker("cluster") is None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]


def _on_cluster(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    return callspec is not None and callspec.params.get("redis_url") == "cluster"


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCluster]:
    """Three masters and three replicas on local ports, for the whole session."""
    with local_cluster(tmp_path_factory.mktemp("cluster")) as cluster:
        yield cluster


@pytest.fixture(scope="session", params=BACKENDS)
def redis_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "cluster":
        yield request.getfixturevalue("redis_cluster").url
        return
    if request.param == "server":
        if SERVER_REDIS_URL == TEST_DATABASE_URL:
            with redis.Redis.from_url(SERVER_REDIS_URL) as client:
                client.flushdb()
        yield SERVER_REDIS_URL
        return
    with embedded_redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session")
def web(redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One `cocreatie serve` per Redis backend; its log is kept in the session's temp dir."""
    with web_process(redis_url, log=tmp_path_factory.mktemp("logs") / "web.log") as base:
        yield base



@pytest.fixture
async def stack() -> AsyncIterator[AsyncExitStack]:
    """Closes every socket a test opened, even when it fails."""
    async with AsyncExitStack() as opened:
        yield opened
