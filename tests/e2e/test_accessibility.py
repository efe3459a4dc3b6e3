"""axe-core (WCAG 2 A/AA) finds nothing on any page, in the states people see."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.e2e.browser import (
    PHONE,
    PageErrors,
    Site,
    Workshop,
    assert_accessible,
    new_page,
    open_board,
    open_phone,
    open_screen,
    post_accepted,
    screenshot,
    themes_on_board,
)

pytestmark = pytest.mark.browser

IDEAS = [
    "Een buurthuis in elke deelgemeente", "Een ontmoetingsplek voor jong en oud", "Meer buurtfeesten in de wijken",
    "Meer bomen op de pleinen", "Een groene long in het centrum", "Bomen en bloemen langs de straten",
]


async def test_front_door(browser, workshop: Workshop, page_errors: PageErrors) -> None:
    page = await new_page(browser, PHONE, page_errors, "index")
    await page.goto(workshop.base + "/")
    await assert_accessible(page)
    await page.locator("#code").fill("zzz-zzz")
    await page.locator("#code-form button").click()
    await expect(page.locator("#code-error")).to_be_visible()
    await assert_accessible(page)


async def test_phone_join_collect_and_themes(
    browser, site: Site, workshop: Workshop, page_errors: PageErrors
) -> None:
    page = await new_page(browser, PHONE, page_errors, "phone")
    await page.goto(workshop.urls["participant"])
    await expect(page.locator("#join")).to_be_visible()
    await assert_accessible(page)
    await page.locator('#groups input[value="burger"]').check()
    await screenshot(page, "phone-360x640-join")
    await page.locator("#join button[type=submit]").click()
    await expect(page.locator("#room")).to_be_visible()
    await assert_accessible(page)

    board = await open_board(browser, workshop, page_errors)
    await board.locator('.phase-button[data-phase="collect"]').click()
    for text in IDEAS:
        await post_accepted(page, text)
    await assert_accessible(page)

    await themes_on_board(site, board)
    await board.locator('.phase-button[data-phase="cluster"]').click()
    await expect(page.locator(".theme-item").first).to_be_visible()
    await assert_accessible(page)
    await assert_accessible(board)


async def test_board_token_form_and_projector(browser, workshop: Workshop, page_errors: PageErrors) -> None:
    board = await new_page(browser, PHONE, page_errors, "board")
    await board.goto(f"{workshop.base}/board/{workshop.workshop_id}")
    await expect(board.locator("#token-form")).to_be_visible()
    await assert_accessible(board)
    screen = await open_screen(browser, workshop, page_errors)
    await assert_accessible(screen)
    phone = await open_phone(browser, workshop, page_errors, "partner", "phone")
    await expect(screen.locator("#participants")).to_have_text("1")
    await expect(phone.locator("#conn")).to_have_attribute("data-status", "online")
    await assert_accessible(screen)
