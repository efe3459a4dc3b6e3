"""One workshop in a real browser: three phones, the board and the projector.

Phones post; the board and the projector show the ideas, then the themes; the
facilitator drags an idea and every view follows; a phone goes offline, types two
ideas, comes back, and each idea appears once. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Locator, Page, expect

from tests.e2e.browser import (
    LAPTOP,
    PROJECTOR,
    PageErrors,
    Site,
    Workshop,
    open_board,
    open_phone,
    open_screen,
    screenshot,
    theme_lanes,
    themes_on_board,
)

pytestmark = pytest.mark.browser

IDEAS = {
    "burger": ["Veilige fietspaden tussen de dorpskernen", "Meer bomen en schaduw op de pleinen"],
    "politiek": ["Een belbus voor wie geen auto heeft", "Meer groen en parken in elke deelgemeente"],
    "administratie": ["Betere busverbinding naar het station", "Bomen planten langs alle straten"],
}
OFFLINE_IDEAS = ["Fietsenstalling aan elke bushalte", "Een speelbos voor de kinderen"]


async def post_idea(phone: Page, text: str) -> None:
    await phone.locator("#idea").fill(text)
    await phone.locator("#compose button[type=submit]").click()


async def set_phase(board: Page, phase: str) -> None:
    button = board.locator(f'.phase-button[data-phase="{phase}"]')
    await button.click()
    await expect(button).to_have_attribute("aria-pressed", "true")


def card(board: Page, text: str) -> Locator:
    return board.locator(".card-idea", has=board.locator(".card-text", has_text=text))


async def test_three_phones_board_and_projector(
    browser, site: Site, workshop: Workshop, page_errors: PageErrors
) -> None:
    board = await open_board(browser, workshop, page_errors)
    screen = await open_screen(browser, workshop, page_errors)
    phones = {group: await open_phone(browser, workshop, page_errors, group, f"phone-{group}") for group in IDEAS}
    await expect(board.locator("#present li", has_text="Burger")).to_contain_text("1")
    await expect(screen.locator("#participants")).to_have_text("3")
    await screenshot(phones["burger"], "phone-360x640-draft")
    await screenshot(screen, "screen-1920x1080-draft")

    await set_phase(board, "collect")
    for group, texts in IDEAS.items():
        await expect(phones[group].locator("#compose")).to_be_visible()
        for text in texts:
            await post_idea(phones[group], text)
    await phones["burger"].locator("#idea").fill("Een idee dat nog getypt wordt")

    for group, texts in IDEAS.items():
        for text in texts:
            await expect(card(board, text)).to_have_count(1)
            await expect(screen.locator(".latest-idea", has_text=text).or_(
                screen.locator(".stage-theme-rep", has_text=text))).not_to_have_count(0)
            mine = phones[group].locator(".mine-item", has_text=text)
            await expect(mine).to_have_attribute("data-status", "accepted")
    await expect(screen.locator("#ideas")).to_have_text("6")
    await screenshot(phones["burger"], "phone-360x640-collect")
    await screenshot(screen, "screen-1920x1080-collect")
    await screenshot(board, "board-1366x768-collect")

    await offline_phone_loses_nothing(phones["burger"], board, screen)
    await expect(phones["burger"].locator("#idea")).to_have_value("Een idee dat nog getypt wordt")

    await themes_on_board(site, board)
    await expect(screen.locator(".stage-theme").first).to_be_visible()
    await set_phase(board, "cluster")
    for phone in phones.values():
        await expect(phone.locator(".theme-item").first).to_be_visible()

    second_board = await open_board(browser, workshop, page_errors)
    await facilitator_drags_and_every_view_follows(board, second_board, screen, phones["politiek"])

    await screenshot(board, "board-1366x768-themes")
    await board.set_viewport_size(PROJECTOR)
    await screenshot(board, "board-1920x1080-themes")
    await board.set_viewport_size(LAPTOP)
    await screenshot(screen, "screen-1920x1080-themes")
    await screenshot(phones["politiek"], "phone-360x640-themes")


async def offline_phone_loses_nothing(phone: Page, board: Page, screen: Page) -> None:
    draft = await phone.locator("#idea").input_value()
    await phone.context.set_offline(True)
    await expect(phone.locator("#conn")).to_have_attribute("data-status", "offline")
    for text in OFFLINE_IDEAS:
        await post_idea(phone, text)
        await expect(phone.locator(".mine-item", has_text=text)).to_have_attribute("data-status", "queued")
    await phone.locator("#idea").fill(draft)
    await screenshot(phone, "phone-360x640-offline")
    await phone.context.set_offline(False)
    for text in OFFLINE_IDEAS:
        await expect(phone.locator(".mine-item", has_text=text)).to_have_attribute("data-status", "accepted")
        await expect(card(board, text)).to_have_count(1)
        await expect(phone.locator(".mine-item", has_text=text)).to_have_count(1)
    await expect(screen.locator("#ideas")).to_have_text("8")
    await expect(board.locator(".card-idea")).to_have_count(8)


async def lane_of(board: Page, text: str) -> str:
    lane = board.locator(".lane", has=card(board, text))
    return await lane.locator(".lane-title").inner_text()


async def facilitator_drags_and_every_view_follows(board: Page, second_board: Page, screen: Page, phone: Page) -> None:
    """Drag one idea into another theme; the other board, the projector and the phones follow."""
    labels = await theme_lanes(board).locator(".lane-title").all_inner_texts()
    target: str | None
    if len(labels) >= 2:
        target = labels[1]
        source = board.locator(".lane", has_text=labels[0]).locator(".card-idea").first
    else:
        target = labels[0]
        source = board.locator(".lane-unassigned .card-idea").first
    if await source.count() == 0:  # one theme holds everything: drag out of it instead
        target, source = None, theme_lanes(board).first.locator(".card-idea").first
    text = await source.locator(".card-text").inner_text()
    target_lane = board.locator(".lane-unassigned") if target is None else theme_lanes(board).filter(
        has=board.locator(".lane-title", has_text=re.compile(f"^{re.escape(target)}$")))
    # by id from now on: the worker may describe the theme anew once the idea is in
    target_lane = board.locator(f'.lane[data-key="{await target_lane.get_attribute("data-key")}"]')
    before = int(await target_lane.locator(".lane-count").inner_text())

    await source.drag_to(target_lane.locator(".cards"))

    await expect(target_lane.locator(".card-idea", has_text=text)).to_have_count(1)
    await expect(target_lane.locator(".lane-count")).to_have_text(str(before + 1))
    key = await target_lane.get_attribute("data-key")
    other_lane = second_board.locator(".lane", has=second_board.locator(".card-text", has_text=text))
    await expect(other_lane).to_have_attribute("data-key", key or "")
    if target is not None:
        target = await target_lane.locator(".lane-title").inner_text()
        theme = screen.locator(".stage-theme", has=screen.locator(".stage-theme-label", has_text=target))
        await expect(theme.locator(".stage-theme-count")).to_have_text(str(before + 1))
        item = phone.locator(".theme-item", has=phone.locator(".theme-label", has_text=target))
        await expect(item.locator(".theme-count")).to_have_text(re.compile(rf"^{before + 1} idee"))
