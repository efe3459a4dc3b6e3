"""The pages' promises one by one: forgiving codes, the token kept out of URLs,
languages, keyboard use of the board, text never rendered as HTML."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.e2e.browser import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    PageErrors,
    Site,
    Workshop,
    assert_accessible,
    create_workshop,
    new_page,
    open_board,
    open_phone,
    open_screen,
    post_accepted,
    screenshot,
    themes_on_board,
)

pytestmark = pytest.mark.browser


async def test_front_door_forgives_case_spaces_and_dashes(
    browser, workshop: Workshop, page_errors: PageErrors
) -> None:
    page = await new_page(browser, PHONE, page_errors, "index")
    await page.goto(workshop.base + "/")
    await screenshot(page, "index-360x640")
    code = workshop.join_code.lower()
    await page.locator("#code").fill(f" {code[:3]}-{code[3:]} ")
    await page.locator("#code-form button").click()
    await expect(page).to_have_url(f"{workshop.base}/j/{workshop.join_code}")
    await expect(page.locator("#join")).to_be_visible()


async def test_unknown_code_is_said_calmly(browser, site: Site, page_errors: PageErrors) -> None:
    page = await new_page(browser, PHONE, page_errors, "phone")
    await page.goto(f"{site.base}/j/ZZZZZZ")
    await expect(page.locator("#notice-title")).to_have_text("Workshop niet gevonden")
    await expect(page.locator("#notice a")).to_have_attribute("href", "/")


async def test_token_from_link_is_kept_and_wiped_from_the_url(
    browser, workshop: Workshop, page_errors: PageErrors
) -> None:
    board = await new_page(browser, LAPTOP, page_errors, "board")
    await board.goto(f"{workshop.base}/board/{workshop.workshop_id}#token={workshop.token}")
    await expect(board.locator("#board")).to_be_visible()
    assert workshop.token not in board.url
    assert board.url == f"{workshop.base}/board/{workshop.workshop_id}"
    await board.reload()
    await expect(board.locator("#board")).to_be_visible()
    await expect(board.locator("#token-form")).to_be_hidden()
    screen = await open_screen(browser, workshop, page_errors)
    assert workshop.token not in await screen.content()


async def test_wrong_token_asks_again(browser, workshop: Workshop, page_errors: PageErrors) -> None:
    board = await new_page(browser, LAPTOP, page_errors, "board")
    await board.goto(f"{workshop.base}/board/{workshop.workshop_id}")
    await board.locator("#token").fill("not-the-token")
    await board.locator("#token-form button[type=submit]").click()
    await expect(board.locator("#token-error")).to_have_text("Deze sleutel klopt niet voor deze workshop.")
    await board.locator("#token").fill(workshop.token)
    await board.locator("#token-form button[type=submit]").click()
    await expect(board.locator("#board")).to_be_visible()


async def test_workshop_language_is_the_default_and_a_participant_can_switch(
    browser, site: Site, page_errors: PageErrors
) -> None:
    workshop = create_workshop(site, language="fr", title="Fusion Test")
    phone = await new_page(browser, PHONE, page_errors, "phone")
    await phone.goto(workshop.urls["participant"])
    await expect(phone.locator("#join button[type=submit]")).to_have_text("Participer")
    await expect(phone.locator("html")).to_have_attribute("lang", "fr")
    await phone.locator("#lang").select_option("nl")
    await expect(phone.locator("#join button[type=submit]")).to_have_text("Meedoen")
    await phone.locator("#lang").select_option("en")
    await expect(phone.locator("#groups label").first).to_have_text("Politics")
    await phone.reload()
    await expect(phone.locator("#join button[type=submit]")).to_have_text("Join")


async def test_board_works_with_the_keyboard(
    browser, site: Site, workshop: Workshop, page_errors: PageErrors
) -> None:
    board = await open_board(browser, workshop, page_errors)
    phone = await open_phone(browser, workshop, page_errors, "burger", "phone")
    screen = await open_screen(browser, workshop, page_errors)
    await board.locator('.phase-button[data-phase="collect"]').focus()
    await board.keyboard.press("Enter")
    texts = ["Een zwembad voor de hele regio", "Sportvelden delen tussen clubs", "Het dorpsplein autovrij maken"]
    for text in texts:
        await post_accepted(phone, text)
    await themes_on_board(site, board)

    # move an idea with the keyboard: its "move" button opens a list of destinations
    card = board.locator(".card-idea", has_text=texts[1])
    await card.locator(".move").focus()
    await board.keyboard.press("Enter")
    await expect(board.locator("#move-dialog")).to_be_visible()
    await assert_accessible(board)
    target = board.locator("#move-targets button:not([aria-current])").first
    label = await target.inner_text()
    await target.focus()
    await board.keyboard.press("Enter")
    await expect(board.locator("#move-dialog")).to_be_hidden()
    await expect(board.locator(".lane", has=card).locator(".lane-title")).to_have_text(label)
    await expect(card.locator(".move")).to_be_focused()

    # rename a theme with the keyboard; the projector follows
    lane = board.locator(".lane:not(.lane-unassigned)", has=board.locator(".card-idea:not(.is-hidden)")).first
    lane = board.locator(f'.lane[data-key="{await lane.get_attribute("data-key")}"]')
    await lane.locator(".rename").focus()
    await board.keyboard.press("Enter")
    await board.keyboard.press("Control+A")
    await board.keyboard.type("Ontmoeten en bewegen")
    await board.keyboard.press("Enter")
    await expect(lane.locator(".lane-title")).to_have_text("Ontmoeten en bewegen")
    await expect(screen.locator(".stage-theme-label", has_text="Ontmoeten en bewegen")).to_be_visible()

    # pin it, then hide an idea: the projector drops it, the board keeps it greyed
    await lane.locator(".pin").focus()
    await board.keyboard.press("Enter")
    await expect(lane.locator(".pin")).to_have_attribute("aria-pressed", "true")
    await board.locator(".card-idea", has_text=texts[0]).locator(".hide").focus()
    await board.keyboard.press("Enter")
    await expect(board.locator(".card-idea.is-hidden")).to_have_count(1)
    await expect(screen.locator("#ideas")).to_have_text("2")


async def test_user_text_is_never_html(browser, workshop: Workshop, page_errors: PageErrors) -> None:
    board = await open_board(browser, workshop, page_errors)
    phone = await open_phone(browser, workshop, page_errors, "burger", "phone")
    screen = await open_screen(browser, workshop, page_errors)
    await board.locator('.phase-button[data-phase="collect"]').click()
    text = '<b>vet</b> <img src=x onerror="document.title=1">'
    await post_accepted(phone, text)
    for page, selector in ((board, ".card-text"), (screen, ".latest-idea"), (phone, ".mine-text")):
        await expect(page.locator(selector, has_text=text)).to_have_count(1)
        assert await page.locator(f"{selector} b, {selector} img").count() == 0


async def test_timer_runs_on_board_phone_and_projector(
    browser, workshop: Workshop, page_errors: PageErrors
) -> None:
    board = await open_board(browser, workshop, page_errors)
    phone = await open_phone(browser, workshop, page_errors, "partner", "phone")
    screen = await open_screen(browser, workshop, page_errors)
    await board.locator("#minutes").fill("2")
    await board.locator("#timer-form button[type=submit]").click()
    for page in (board, phone, screen):
        await expect(page.locator("#timer")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    await board.locator("#timer-stop").click()
    for page in (board, phone, screen):
        await expect(page.locator("#timer")).to_be_hidden()


async def test_export_is_fetched_with_the_token_and_saved(
    browser, workshop: Workshop, page_errors: PageErrors
) -> None:
    board = await open_board(browser, workshop, page_errors)
    requests: list[str] = []
    board.on("request", lambda request: requests.append(request.url))
    async with board.expect_download() as download_info:
        await board.locator('.export-buttons button[data-format="md"]').click()
    download = await download_info.value
    path = await download.path()
    assert workshop.title in path.read_text(encoding="utf-8")
    assert download.suggested_filename.endswith(".md")
    assert not any(workshop.token in url for url in requests)


async def test_unknown_rooms_are_said_once_not_retried(browser, site: Site, page_errors: PageErrors) -> None:
    screen = await new_page(browser, PROJECTOR, page_errors, "screen")
    await screen.goto(f"{site.base}/screen/ZZZZZZ")
    await expect(screen.locator("#prompt")).to_have_text("Workshop niet gevonden")
    await expect(screen.locator("#conn")).to_have_attribute("data-status", "closed")
    board = await new_page(browser, LAPTOP, page_errors, "board")
    await board.goto(f"{site.base}/board/w_000000000000#token=whatever")
    await expect(board.locator("#token-error")).to_have_text("Deze workshop bestaat niet (meer). Kijk de link na.")
