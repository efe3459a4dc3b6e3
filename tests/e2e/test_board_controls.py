"""The board's controls for the room, in a real browser against the real product.

Pre-moderation: a queue of waiting ideas, approved and hidden with the keyboard, its
counts the same in two board tabs; what the projector sees follows `screen.show`. The
workshop is edited from the board and a phone sees it; a group someone joined is not
removed. A closed round passes the headings chosen to the next, and the board follows.
Presence: connected now / joined. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from tests.e2e.browser import (
    LAPTOP,
    PROJECTOR,
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
    themes_on_board,
)
from tests.e2e.test_workshop import set_phase

pytestmark = pytest.mark.browser

WAITING_IDEAS = [
    "Een fietsbrug over het kanaal",
    "Dit idee hoort niet op het scherm",
    "Een markt op zondag in elke kern",
    "Gratis bus voor iedereen boven de 65",
]
VOTE_IDEAS = [
    "Een buurthuis in elke deelgemeente", "Een ontmoetingsplek voor jong en oud", "Meer buurtfeesten in de wijken",
    "Meer bomen op de pleinen", "Een groene long in het centrum", "Bomen en bloemen langs de straten",
]
SECOND_PROMPT = "Hoe maken we dat waar?"


def view_button(board: Page, view: str) -> Locator:
    return board.locator(f'.screen-button[data-view="{view}"]')


async def expect_counts(board: Page, waiting: int, approved: int, hidden: int) -> None:
    counts = board.locator("#queue-counts")
    await expect(counts.locator('[data-count="waiting"]')).to_have_text(re.compile(rf"^{waiting} wacht"))
    await expect(counts.locator('[data-count="approved"]')).to_have_text(f"{approved} goedgekeurd")
    await expect(counts.locator('[data-count="hidden"]')).to_have_text(f"{hidden} verborgen")


async def post_waiting(phone: Page, board: Page, text: str) -> None:
    """Post from the phone; back when the idea waits in the board's queue."""
    await phone.locator("#idea").fill(text)
    await phone.locator("#compose button[type=submit]").click()
    await expect(board.locator("#queue-current, #queue-upcoming").get_by_text(text, exact=True)).to_have_count(1)


async def screenshots(board: Page, name: str) -> None:
    await screenshot(board, f"board-1366x768-{name}")
    await board.set_viewport_size(PROJECTOR)
    await screenshot(board, f"board-1920x1080-{name}")
    await board.set_viewport_size(LAPTOP)


async def test_pre_moderation_queue_with_the_keyboard_and_what_the_room_sees(
    browser: Browser, workshop: Workshop, page_errors: PageErrors
) -> None:
    board = await open_board(browser, workshop, page_errors)
    other_tab = await open_board(browser, workshop, page_errors)
    screen = await open_screen(browser, workshop, page_errors)
    phone = await open_phone(browser, workshop, page_errors, "burger", "phone")

    await board.locator("#safe-start").click()  # pre-moderation and the prompt only, in one click
    for tab in (board, other_tab):
        await expect(tab.locator("#moderation")).to_have_attribute("aria-pressed", "true")
        await expect(view_button(tab, "prompt")).to_have_attribute("aria-pressed", "true")
        await expect(view_button(tab, "themes")).to_have_attribute("aria-pressed", "false")
    await expect(board.locator("#safe-start")).to_be_disabled()
    await set_phase(board, "collect")
    await expect(board.locator("#queue-empty")).to_be_visible()
    for text in WAITING_IDEAS:
        await post_waiting(phone, board, text)
    for tab in (board, other_tab):
        await expect_counts(tab, 4, 0, 0)
        await expect(tab.locator("#queue-text")).to_have_text(WAITING_IDEAS[0])
    await expect(screen.locator(".latest-idea")).to_have_count(0)
    await screenshots(board, "queue")
    await assert_accessible(board)

    await board.locator("#queue-current").focus()
    await board.keyboard.press("a")  # approve the first
    await expect(board.locator("#queue-text")).to_have_text(WAITING_IDEAS[1])
    await expect_counts(other_tab, 3, 1, 0)
    await board.keyboard.press("Delete")  # hide the second
    await expect(board.locator("#queue-text")).to_have_text(WAITING_IDEAS[2])
    await board.keyboard.press("j")  # leave the third for later
    await expect(board.locator("#queue-text")).to_have_text(WAITING_IDEAS[3])
    await board.keyboard.press("Enter")  # approve the fourth
    await expect(board.locator("#queue-text")).to_have_text(WAITING_IDEAS[2])
    for tab in (board, other_tab):
        await expect_counts(tab, 1, 2, 1)
        await expect(tab.locator("#queue-text")).to_have_text(WAITING_IDEAS[2])

    await view_button(board, "ideas").click()  # the room sees the approved ideas, and only those
    await expect(view_button(other_tab, "ideas")).to_have_attribute("aria-pressed", "true")
    for text in (WAITING_IDEAS[0], WAITING_IDEAS[3]):
        await expect(screen.locator(".latest-idea", has_text=text)).to_have_count(1)
    await expect(screen.locator(".latest-idea")).to_have_count(2)
    await view_button(other_tab, "prompt").click()
    await expect(view_button(board, "prompt")).to_have_attribute("aria-pressed", "true")
    await expect(screen.locator(".latest-idea")).to_have_count(0)

    await board.locator("#moderation").click()  # open again: what waits still waits
    await expect(other_tab.locator("#moderation")).to_have_attribute("aria-pressed", "false")
    await expect(board.locator("#queue")).to_be_visible()
    await board.locator("#queue-approve").click()
    for tab in (board, other_tab):
        await expect(tab.locator("#queue")).to_be_hidden()
    await view_button(board, "ideas").click()
    await expect(screen.locator(".latest-idea")).to_have_count(3)


def group_row(board: Page, name: str) -> Locator:
    return board.locator(".setup-group").filter(has=board.locator(f'input[value="{name}"]'))


async def open_setup(board: Page) -> Locator:
    await board.locator("#setup-open").click()
    dialog = board.locator("#setup-dialog")
    await expect(dialog).to_be_visible()
    return dialog


async def test_workshop_edited_from_the_board_reaches_the_phone(
    browser: Browser, workshop: Workshop, page_errors: PageErrors
) -> None:
    board = await open_board(browser, workshop, page_errors)
    phone = await open_phone(browser, workshop, page_errors, "burger", "phone-burger")
    await expect(board.locator("#present li", has_text="Burger")).to_contain_text("1")

    dialog = await open_setup(board)
    burger = group_row(board, "burger")
    await expect(burger.locator(".setup-remove")).to_have_attribute("aria-disabled", "true")
    await expect(burger.locator(".setup-note")).to_have_text("1 deelnemer koos deze groep: hij blijft")
    await burger.locator(".setup-remove").focus()  # it stays focusable, so its reason can be read
    await board.keyboard.press("Enter")  # refused: someone joined it
    await expect(board.locator(".setup-group")).to_have_count(4)
    await expect(group_row(board, "partner").locator(".setup-remove")).to_have_attribute("aria-disabled", "false")

    await board.locator("#setup-name").fill("Fusie Hoogdonk–Laarbeek: de toekomst")
    await group_row(board, "partner").locator("input").fill("middenveld")
    await board.locator("#setup-add-round").click()
    second = board.locator(".setup-round").nth(1)
    await expect(second.locator("textarea")).to_be_focused()
    await second.locator("textarea").fill(SECOND_PROMPT)
    await second.locator("select").select_option("strategy")
    await second.locator(".setup-timer").fill("10")
    await board.locator("#setup-dialog .dialog-body").evaluate("body => body.scrollTo(0, 0)")
    await screenshots(board, "setup")
    await assert_accessible(board)
    await board.locator("#setup-save").click()

    await expect(dialog).to_be_hidden()
    await expect(board.locator("#title")).to_have_text("Fusie Hoogdonk–Laarbeek: de toekomst")
    await expect(phone.locator("#title")).to_have_text("Fusie Hoogdonk–Laarbeek: de toekomst")
    await expect(board.locator("#present li", has_text="middenveld")).to_be_visible()
    await board.locator("#round").select_option(label=f"2. {SECOND_PROMPT}")
    await expect(board.locator("#prompt")).to_have_text(SECOND_PROMPT)
    await expect(board.locator("#minutes")).to_have_value("10")  # prefilled from the round's plan

    # A group someone joins while the dialog is open cannot go: the server refuses, the board says so.
    await open_setup(board)
    await group_row(board, "middenveld").locator(".setup-remove").click()
    await expect(group_row(board, "middenveld")).to_have_count(0)
    await open_phone(browser, workshop, page_errors, "middenveld", "phone-middenveld")
    await expect(board.locator("#present li", has_text="middenveld")).to_contain_text("1")
    await board.locator("#setup-save").click()
    await expect(board.locator("#setup-error")).to_be_visible()
    await expect(board.locator("#toast")).to_have_text(await board.locator("#setup-error").inner_text())
    await expect(dialog).to_be_visible()
    await dialog.locator("[data-close]").first.click()
    await expect(dialog).to_be_hidden()


async def test_chosen_headings_seed_the_next_round_and_the_board_follows(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    workshop = create_workshop(site, rounds=[
        {"prompt": "Waar staat onze nieuwe gemeente in 2035?", "kind": "vision", "timer_seconds": 420},
        {"prompt": SECOND_PROMPT, "kind": "strategy"},
    ])
    board = await open_board(browser, workshop, page_errors)
    phone = await open_phone(browser, workshop, page_errors, "politiek", "phone")
    await expect(board.locator("#minutes")).to_have_value("7")
    await set_phase(board, "collect")
    await board.locator("#timer-form button[type=submit]").click()
    await expect(board.locator("#timer")).to_be_visible()
    for text in VOTE_IDEAS:
        await post_accepted(phone, text)
    await themes_on_board(site, board)
    await set_phase(board, "vote")
    await expect(board.locator("#timer")).to_be_hidden()  # the timer stops when the round leaves collect

    voted = phone.locator(".vote-item").last
    theme_id = await voted.get_attribute("data-key")
    await voted.locator(".plus").click()
    await expect(board.locator("#totals")).to_contain_text("1 stemmer")
    await set_phase(board, "closed")
    await board.locator("#seed").click()
    chooser = board.locator("#seed-dialog")
    await expect(chooser).to_be_visible()
    choices = chooser.locator("#seed-themes input")
    await expect(choices.first).to_have_attribute("value", theme_id or "")
    await expect(choices.first).to_be_checked()  # the theme that got dots comes first, chosen
    await expect(chooser.locator("#seed-themes input:checked")).to_have_count(1)  # the others: not
    heading = await chooser.locator(".seed-label").first.inner_text()
    await assert_accessible(board)
    await screenshot(board, "board-1366x768-seed")
    await chooser.locator("#seed-submit").click()

    await expect(chooser).to_be_hidden()
    await expect(board.locator("#prompt")).to_have_text(SECOND_PROMPT)
    await set_phase(board, "collect")
    await expect(phone.locator("#prompt")).to_have_text(SECOND_PROMPT)
    await expect(phone.locator("#headings li")).to_have_count(1)
    await expect(phone.locator("#headings li")).to_contain_text(heading)  # the heading asks anew about that theme


async def test_presence_shows_connected_now_and_joined(
    browser: Browser, workshop: Workshop, page_errors: PageErrors
) -> None:
    board = await open_board(browser, workshop, page_errors)
    phone = await open_phone(browser, workshop, page_errors, "administratie", "phone")
    item = board.locator("#present li", has_text="Administratie")
    await expect(item.locator("strong")).to_have_text("1 / 1")
    await expect(board.locator("#present-legend")).to_be_visible()
    await phone.context.close()
    await expect(item.locator("strong")).to_have_text("0 / 1")
