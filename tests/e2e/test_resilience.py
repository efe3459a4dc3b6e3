"""The web process dies mid-workshop: the pages say so calmly, keep what is typed,
reconnect by themselves when a web process is back, and nothing arrives twice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.async_api import expect

from tests.e2e.browser import (
    PageErrors,
    Site,
    create_workshop,
    open_board,
    open_phone,
    open_screen,
    post_accepted,
)
from tests.processes import cocreatie_command, free_port, stop, wait_until_answers

pytestmark = pytest.mark.browser


@contextmanager
def serving(redis_url: str, port: int, log: Path) -> Iterator[str]:
    base = f"http://127.0.0.1:{port}"
    with open(log, "ab") as output:
        process = cocreatie_command("serve", "--port", str(port), env={"REDIS_URL": redis_url}, output=output)
    try:
        wait_until_answers(base, process)
        yield base
    finally:
        stop(process)


async def test_pages_survive_a_web_process_restart(
    browser, site: Site, logs: Path, page_errors: PageErrors
) -> None:
    port = free_port()
    with serving(site.redis_url, port, logs / "restart.log") as base:
        workshop = create_workshop(site, base)
        board = await open_board(browser, workshop, page_errors)
        phone = await open_phone(browser, workshop, page_errors, "burger", "phone")
        screen = await open_screen(browser, workshop, page_errors)
        await board.locator('.phase-button[data-phase="collect"]').click()
        await post_accepted(phone, "Voor de herstart")

    for page in (board, phone, screen):
        await expect(page.locator("#conn")).not_to_have_attribute("data-status", "online")
    await phone.locator("#idea").fill("Tijdens de herstart")
    await phone.locator("#compose button[type=submit]").click()
    await phone.locator("#idea").fill("nog aan het typen")

    with serving(site.redis_url, port, logs / "restart.log"):
        for page in (board, phone, screen):
            await expect(page.locator("#conn")).to_have_attribute("data-status", "online", timeout=30_000)
        await expect(phone.locator(".mine-item", has_text="Tijdens de herstart")).to_have_attribute(
            "data-status", "accepted")
        for text in ("Voor de herstart", "Tijdens de herstart"):
            await expect(board.locator(".card-text", has_text=text)).to_have_count(1)
            await expect(screen.locator(".latest-idea", has_text=text)).to_have_count(1)
        await expect(screen.locator("#ideas")).to_have_text("2")
        await expect(phone.locator("#idea")).to_have_value("nog aan het typen")
