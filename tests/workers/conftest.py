"""The real default model, loaded once per session (offline, a few seconds)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import count

import numpy as np
import pytest

from cocreatie.stream import keys
from tests.redis_clients import sync_client
from workers.embed import Embedder, load_embedder
from workers.gloss import Gloss


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return load_embedder("all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def gloss() -> Gloss:
    return Gloss.load()


@pytest.fixture
def new_id() -> Callable[[], str]:
    numbers: Iterator[int] = count(1)
    return lambda: f"new{next(numbers)}"


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


@pytest.fixture
def fresh_work_queue(redis_url: str) -> None:
    """The work streams emptied before a test starts a worker process: the Redis is shared
    by the session, and a worker would otherwise first work through every room the tests
    before it left (a stop in the middle of such a backlog: tests/workers/test_consume.py)."""
    with sync_client(redis_url) as client:
        for stream in keys.WORKER_STREAMS:
            client.delete(stream)
