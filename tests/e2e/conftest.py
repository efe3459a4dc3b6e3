"""Browser fixtures: the real product (`cocreatie serve` + a clustering worker) driven by
Debian's Chromium through Playwright.

The product runs against a private embedded Redis for the session, so that its worker
clusters only these tests' rooms (a shared Redis may hold other rooms' backlog, which
would make the themes arrive late); set E2E_REDIS_URL to use a given Redis.

Screenshots go to test-artifacts/ (git-ignored). axe-core comes from the npm registry:
`npm ci --prefix tests/e2e` puts it in tests/e2e/node_modules (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright

from tests.e2e.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PageErrors,
    Site,
    Workshop,
    create_workshop,
)
from tests.processes import (
    cocreatie_command,
    embedded_redis_server,
    stop,
    wait_until_answers,
    web_process,
)

GIVEN_REDIS_URL = os.environ.get("E2E_REDIS_URL")


@pytest.fixture(scope="session")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e-logs")


@pytest.fixture(scope="session")
def e2e_redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if GIVEN_REDIS_URL:
        yield GIVEN_REDIS_URL
        return
    with embedded_redis_server(tmp_path_factory.mktemp("e2e-redis")) as url:
        yield url


@pytest.fixture(scope="session")
def site(e2e_redis_url: str, logs: Path) -> Iterator[Site]:
    """One web process and one clustering worker: the themes the tests wait for are its own."""
    worker_log = logs / "worker.log"
    with web_process(e2e_redis_url, log=logs / "web.log") as base, open(worker_log, "ab") as output:
        worker = cocreatie_command("worker", env={"REDIS_URL": e2e_redis_url}, output=output)
        try:
            wait_until_answers(base, worker, "/healthz", status=200)  # its heartbeat is in
            yield Site(base, e2e_redis_url, worker, worker_log)
        finally:
            stop(worker)


@pytest.fixture(autouse=True)
def worker_alive(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test on the site starts and ends with the worker alive: a run whose worker
    died fails, in the test during which it died."""
    if "site" not in request.fixturenames:
        yield
        return
    site: Site = request.getfixturevalue("site")
    site.require_worker()
    yield
    site.require_worker()


@pytest.fixture
def workshop(site: Site) -> Workshop:
    return create_workshop(site)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
def page_errors() -> Iterator[PageErrors]:
    errors = PageErrors()
    yield errors
    assert errors.messages == []
