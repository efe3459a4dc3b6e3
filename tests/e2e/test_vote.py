"""The vote phase: a phone spends its dots on themes and can change them until the
vote closes; the board adds them up."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.browser import (
    PageErrors,
    Site,
    Workshop,
    assert_accessible,
    create_workshop,
    open_board,
    open_phone,
    open_screen,
    post_accepted,
    screenshot,
    theme_lanes,
    themes_on_board,
)

pytestmark = pytest.mark.browser

TEXTS = ["Een zwembad voor de hele regio", "Sportvelden delen tussen clubs", "Het dorpsplein autovrij maken"]


async def voting_room(
    browser: Browser, site: Site, workshop: Workshop, page_errors: PageErrors, group: str
) -> tuple[Page, Page]:
    """The board and a phone, the phone's three ideas in two themes, the round in its vote phase."""
    board = await open_board(browser, workshop, page_errors)
    phone = await open_phone(browser, workshop, page_errors, group, "phone")
    await board.locator('.phase-button[data-phase="collect"]').click()
    for text in TEXTS:
        await post_accepted(phone, text)
    await themes_on_board(site, board)
    await board.locator('.phase-button[data-phase="vote"]').click()
    return board, phone


async def test_dots_are_spent_changed_and_counted(
    browser, site: Site, workshop: Workshop, page_errors: PageErrors
) -> None:
    board, phone = await voting_room(browser, site, workshop, page_errors, "politiek")

    items = phone.locator(".vote-item")
    await expect(items.first).to_be_visible()
    first = items.first
    await first.locator(".plus").click()
    await first.locator(".plus").click()
    await expect(first.locator(".plus")).to_be_disabled()  # at most 2 dots on one theme
    await expect(phone.locator("#dots-left")).to_have_text("Nog 1 stip van 3")
    await assert_accessible(phone)
    await screenshot(phone, "phone-360x640-vote")
    theme_id = await first.get_attribute("data-key")
    lane_votes = board.locator(f'.lane[data-key="{theme_id}"] .lane-votes')
    await expect(lane_votes).to_have_text("2 stippen")

    await phone.reload()  # the ballot survives a reload, and can still change
    await expect(phone.locator(f'.vote-item[data-key="{theme_id}"] .dot-sr')).to_have_text("2 stippen")
    await phone.locator(f'.vote-item[data-key="{theme_id}"] .minus').click()
    await expect(lane_votes).to_have_text("1 stip")

    # close the vote: the board keeps the tally, and the room sees the result
    await board.locator("#reveal").click()
    await expect(board.locator("#reveal")).to_have_attribute("aria-pressed", "true")
    await screenshot(board, "board-1366x768-vote")
    await assert_accessible(board)
    await board.locator('.phase-button[data-phase="closed"]').click()
    screen = await open_screen(browser, workshop, page_errors)
    await expect(screen.locator(".stage-statement-text", has_text="● 1")).to_have_count(1)
    await screenshot(screen, "screen-1920x1080-results")
    await phone.reload()
    await expect(phone.locator(".theme-dots", has_text="1 stip")).to_have_count(1)
    await screenshot(phone, "phone-360x640-results")


async def test_themes_of_a_closed_round_seed_the_next(
    browser, site: Site, page_errors: PageErrors
) -> None:
    workshop = create_workshop(site, rounds=[
        {"prompt": "Waar staat onze nieuwe gemeente in 2035?", "kind": "vision"},
        {"prompt": "Hoe maken we dat waar?", "kind": "strategy"},
    ])
    board = await open_board(browser, workshop, page_errors)
    phone = await open_phone(browser, workshop, page_errors, "burger", "phone")
    screen = await open_screen(browser, workshop, page_errors)
    await board.locator('.phase-button[data-phase="collect"]').click()
    for text in TEXTS:
        await post_accepted(phone, text)
    await themes_on_board(site, board)
    lanes = theme_lanes(board)
    await board.locator('.phase-button[data-phase="closed"]').click()
    labels = await lanes.locator(".lane-title").all_inner_texts()

    await board.locator("#seed").click()
    await board.locator("#seed-submit").click()  # the chooser: the themes that got dots (here: all) are ticked
    await board.locator("#round").select_option(label="2. Hoe maken we dat waar?")
    await expect(board.locator("#prompt")).to_have_text("Hoe maken we dat waar?")
    await board.locator('.phase-button[data-phase="collect"]').click()
    await expect(phone.locator("#prompt")).to_have_text("Hoe maken we dat waar?")
    await expect(phone.locator("#headings li")).to_have_count(len(labels))
    await expect(screen.locator("#headings li")).to_have_count(len(labels))
    await expect(phone.locator("#compose")).to_be_visible()
    await screenshot(phone, "phone-360x640-seeded")
    await screenshot(screen, "screen-1920x1080-seeded")


async def test_a_reveal_taken_back_hides_the_tally_on_the_projector_again(
    browser, site: Site, workshop: Workshop, page_errors: PageErrors
) -> None:
    """The room sees dots only while the feed carries a tally: null again after the board undoes a reveal."""
    screen = await open_screen(browser, workshop, page_errors)
    board, phone = await voting_room(browser, site, workshop, page_errors, "burger")
    plus = phone.locator(".vote-item").first.locator(".plus")
    await plus.click()
    await plus.click()
    counts = screen.locator(".stage-theme-count")
    await expect(counts.first).to_be_visible()
    await expect(counts.filter(has_text="●")).to_have_count(0)

    await board.locator("#reveal").click()
    await expect(screen.locator(".stage-statement-text", has_text="● 2")).to_have_count(1)
    await board.locator("#reveal").click()
    await expect(board.locator("#reveal")).to_have_attribute("aria-pressed", "false")
    await expect(screen.locator(".stage-theme.has-tally")).to_have_count(0)
    await expect(counts.filter(has_text="●")).to_have_count(0)
