"""A phone that comes back with a participant token the workshop does not know (another
evening's, a restored workshop's) is closed with 4001 and starts fresh: it forgets the token,
shows the join form, and sends the ideas it had not sent once it has joined anew."""

from __future__ import annotations

import json

import pytest
from playwright.async_api import Browser, expect

from tests.e2e.browser import PHONE, PageErrors, Workshop, new_page, open_board

pytestmark = pytest.mark.browser

UNSENT = "Geschreven toen het netwerk weg was"


async def test_a_phone_with_an_unknown_token_joins_anew_and_keeps_its_unsent_idea(
    browser: Browser, workshop: Workshop, page_errors: PageErrors
) -> None:
    board = await open_board(browser, workshop, page_errors)
    await board.locator('.phase-button[data-phase="collect"]').click()
    phone = await new_page(browser, PHONE, page_errors, "phone", is_mobile=True, has_touch=True)
    outbox = [{"client_id": "offline-1", "text": UNSENT, "round_id": "r1", "status": "pending"}]
    await phone.context.add_init_script(
        f"localStorage.setItem('cocreatie:participant:{workshop.join_code}', {json.dumps(json.dumps('stale-token'))});"
        f"localStorage.setItem('cocreatie:mine:{workshop.join_code}', {json.dumps(json.dumps(outbox))});"
    )
    await phone.goto(workshop.urls["participant"])

    await expect(phone.locator("#join")).to_be_visible()
    assert await phone.evaluate(f"localStorage.getItem('cocreatie:participant:{workshop.join_code}')") is None
    await phone.locator('#groups input[value="burger"]').check()
    await phone.locator("#join button[type=submit]").click()
    await expect(phone.locator("#room")).to_be_visible()
    await expect(phone.locator(".mine-item", has_text=UNSENT)).to_have_attribute("data-status", "accepted")
