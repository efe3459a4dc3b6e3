"""Helpers for the browser tests: the workshop under test, pages at the sizes people use,
screenshots, axe-core, and the clustering worker's themes (a run whose worker died fails)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    ViewportSize,
    WebSocket,
    expect,
)

from tests.processes import ORGANISER

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
PHONE: ViewportSize = {"width": 360, "height": 640}
PROJECTOR: ViewportSize = {"width": 1920, "height": 1080}
LAPTOP: ViewportSize = {"width": 1366, "height": 768}
GROUPS = ["politiek", "administratie", "burger", "partner"]

expect.set_options(timeout=15_000)


@dataclass(frozen=True)
class Site:
    base: str
    redis_url: str
    worker: subprocess.Popen[bytes]
    worker_log: Path

    def require_worker(self) -> None:
        """Fail the test unless the session's worker runs and /healthz counts its heartbeat:
        themes on the board must be the worker's, and a dead or hung worker must show."""
        if self.worker.poll() is not None:
            pytest.fail(f"the clustering worker died (exit code {self.worker.returncode}); {self._log_tail()}")
        health = httpx.get(f"{self.base}/healthz", timeout=10)
        if health.status_code != 200:
            pytest.fail(f"/healthz counts no live worker: {health.text}; {self._log_tail()}")

    def _log_tail(self) -> str:
        lines = self.worker_log.read_text(errors="replace").splitlines()[-5:]
        return f"the end of {self.worker_log}:\n" + "\n".join(lines)


@dataclass(frozen=True)
class Workshop:
    base: str
    redis_url: str
    title: str
    workshop_id: str
    join_code: str
    token: str
    urls: dict[str, str]


def create_workshop(site: Site, base: str | None = None, **spec: Any) -> Workshop:
    """A workshop on the session's site (or on another web process at `base`, same Redis)."""
    base = base or site.base
    body = {
        "title": "Fusie Hoogdonk–Laarbeek",
        "language": "nl",
        "groups": GROUPS,
        "rounds": [{"prompt": "Waar staat onze nieuwe gemeente in 2035?", "kind": "vision"}],
        **spec,
    }
    answer = httpx.post(f"{base}/api/workshops", json=body, headers=ORGANISER, timeout=10)
    answer.raise_for_status()
    data = answer.json()
    return Workshop(base, site.redis_url, body["title"], data["workshop_id"], data["join_code"],
                    data["facilitator_token"], data["urls"])


class PageErrors:
    """Collects uncaught page errors and CSP violations, which must never happen."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page: Page, name: str) -> Page:
        page.on("pageerror", lambda error: self.messages.append(f"{name}: {error}"))
        page.on("console", lambda message: self._console(name, message.type, message.text))
        return page

    def _console(self, name: str, kind: str, text: str) -> None:
        if "Content Security Policy" in text or (kind == "error" and "Uncaught" in text):
            self.messages.append(f"{name}: {text}")


async def new_page(browser: Browser, viewport: ViewportSize, errors: PageErrors, name: str, **options: Any) -> Page:
    options.setdefault("reduced_motion", "reduce")  # screenshots show the settled page, not a fade
    context: BrowserContext = await browser.new_context(viewport=viewport, **options)
    return errors.watch(await context.new_page(), name)


async def open_phone(browser: Browser, workshop: Workshop, errors: PageErrors, group: str, name: str) -> Page:
    """A phone that has joined the workshop with a group."""
    page = await new_page(browser, PHONE, errors, name, is_mobile=True, has_touch=True)
    await page.goto(workshop.urls["participant"])
    await page.locator(f'#groups input[value="{group}"]').check()
    await page.locator("#join button[type=submit]").click()
    await expect(page.locator("#room")).to_be_visible()
    return page


async def open_board(
    browser: Browser, workshop: Workshop, errors: PageErrors, viewport: ViewportSize = LAPTOP,
    log: SocketLog | None = None,
) -> Page:
    """The board, given the token once through the form (as a facilitator would)."""
    page = await new_page(browser, viewport, errors, "board")
    if log is not None:
        log.watch(page)
    await page.goto(f"{workshop.base}/board/{workshop.workshop_id}")
    await page.locator("#token").fill(workshop.token)
    await page.locator("#token-form button[type=submit]").click()
    await expect(page.locator("#board")).to_be_visible()
    return page


async def open_screen(browser: Browser, workshop: Workshop, errors: PageErrors) -> Page:
    page = await new_page(browser, PROJECTOR, errors, "screen")
    await page.goto(workshop.urls["screen"])
    await expect(page.locator("#prompt")).not_to_be_empty()
    return page


async def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=str(path))
    return path


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2 A/AA rules) in the page.

    The page's CSP rightly refuses an injected <script> tag, so axe is evaluated through
    the DevTools protocol instead (which CSP does not govern)."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing: run `npm ci --prefix {AXE.parents[1]}`")
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(AXE.read_text() + "\n;void 0")
    result = await page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    return list(result)


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=1, ensure_ascii=False)


async def assert_accessible(page: Page) -> None:
    violations = await axe_violations(page)
    assert violations == [], describe(violations)


async def post_accepted(phone: Page, text: str) -> None:
    """Post an idea from the phone page and wait until the page marks it accepted."""
    await phone.locator("#idea").fill(text)
    await phone.locator("#compose button[type=submit]").click()
    await expect(phone.locator(".mine-item", has_text=text)).to_have_attribute("data-status", "accepted")


def theme_lanes(board: Page) -> Locator:
    return board.locator(".lane:not(.lane-unassigned)")


def lane(board: Page, theme_id: str) -> Locator:
    """A theme's card on the board (or the unassigned pool: UNASSIGNED_LANE)."""
    return board.locator(f'.lane[data-key="{theme_id}"]')


UNASSIGNED_LANE = "__unassigned__"
FACILITATOR_COMMANDS = frozenset({
    "idea.hide", "idea.approve", "idea.move", "theme.rename", "theme.merge", "theme.split", "theme.pin",
    "recluster", "undo",
})


class SocketLog:
    """What a page's sockets carry: the facilitator commands it sends and the events it
    receives (single or batched). Watch the page before it connects."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.events: list[tuple[str, str, dict[str, Any]]] = []
        self._arrived = asyncio.Event()

    def watch(self, page: Page) -> None:
        def follow(socket: WebSocket) -> None:
            socket.on("framesent", self._sent)
            socket.on("framereceived", self._received)
        page.on("websocket", follow)

    def _sent(self, payload: str | bytes) -> None:
        frame = json.loads(payload)
        if isinstance(frame, dict) and frame.get("type") in FACILITATOR_COMMANDS:
            self.sent.append(frame)

    def _received(self, payload: str | bytes) -> None:
        frame = json.loads(payload)
        frames = frame.get("events", []) if frame.get("type") == "events" else [frame]
        for event in frames:
            if event.get("type", "event") == "event" and "event" in event:
                self.events.append((event["id"], event["event"], event.get("data") or {}))
        self._arrived.set()

    def after(self, name: str, since: int) -> bool:
        return any(event == name for _, event, _ in self.events[since:])

    async def wait_for(self, name: str, since: int, timeout: float = 60) -> None:
        """Until an event `name` arrived after the first `since` events."""
        async with asyncio.timeout(timeout):
            while not self.after(name, since):
                self._arrived.clear()
                await self._arrived.wait()


async def themes_on_board(site: Site, board: Page) -> None:
    """Until the board shows the worker's first theme; a worker that died meanwhile is named."""
    await asyncio.to_thread(site.require_worker)
    try:
        await expect(theme_lanes(board).first).to_be_visible(timeout=60_000)
    except AssertionError:
        await asyncio.to_thread(site.require_worker)
        raise
