"""Shared fixtures: every Redis test runs against the server at REDIS_URL and an embedded one."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack

import pytest
import redis

from tests.processes import embedded_redis_server, web_process

# The tests own database 9 of the local server (flushed at start) unless REDIS_URL says otherwise.
TEST_DATABASE_URL = "redis://127.0.0.1:6379/9"
SERVER_REDIS_URL = os.environ.get("REDIS_URL", TEST_DATABASE_URL)


@pytest.fixture(scope="session", params=["server", "embedded"])
def redis_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
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
