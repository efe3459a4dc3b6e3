"""The organiser's front door: /new puts a workshop together in the browser, creates it over
the API and lands on its board, signed in."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from tests.e2e.browser import LAPTOP, PageErrors, Site, assert_accessible, new_page, screenshot
from tests.processes import ORGANISER_TOKEN

pytestmark = pytest.mark.browser

MOBILE: ViewportSize = {"width": 390, "height": 844}


async def open_new(browser: Browser, site: Site, errors: PageErrors, viewport: ViewportSize = MOBILE) -> Page:
    page = await new_page(browser, viewport, errors, "new", is_mobile=viewport == MOBILE)
    await page.goto(f"{site.base}/")
    await page.get_by_role("link", name="Een workshop aanmaken").click()
    await expect(page).to_have_url(f"{site.base}/new")
    await expect(page.locator(".round-row")).to_have_count(3)
    return page


async def test_a_workshop_made_in_the_browser_opens_its_board(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    page = await open_new(browser, site, page_errors)
    await page.get_by_role("button", name="Groep partner verwijderen").click()
    await page.get_by_role("button", name="Groep toevoegen").click()
    await page.get_by_role("textbox", name="Groep 4", exact=True).fill("jeugdraad")
    await page.get_by_role("button", name="Ronde 3 verwijderen").click()
    await page.get_by_role("button", name="Ronde toevoegen").click()
    await page.locator(".round-prompt").nth(2).fill("Wat doen we eerst?")
    await page.get_by_label("Organisatorsleutel").fill(ORGANISER_TOKEN)

    await page.get_by_role("button", name="Workshop aanmaken").click()  # no title yet
    await expect(page.locator("#form-error")).to_have_text("Geef de workshop een titel.")
    await expect(page.locator("#title")).to_be_focused()
    await expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")

    await page.locator("#title").fill("Fusie Kempen – toekomstdag")
    async with page.expect_request("**/api/workshops") as sent:
        await page.get_by_role("button", name="Workshop aanmaken").click()
    request = await sent.value
    assert request.headers["authorization"] == f"Bearer {ORGANISER_TOKEN}"

    await expect(page).to_have_url(re.compile(rf"^{re.escape(site.base)}/board/w_[0-9a-f]{{12}}$"))
    await expect(page.locator("#board")).to_be_visible()
    await expect(page.locator("#title")).to_have_text("Fusie Kempen – toekomstdag")
    workshop_id = page.url.rsplit("/", 1)[1]
    token = json.loads(await page.evaluate(f"localStorage.getItem('cocreatie:facilitator:{workshop_id}')"))
    auth = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=10) as http:
        answer = await http.get(f"{site.base}/api/workshops/{workshop_id}", headers=auth)
    created = answer.json()
    assert created["language"] == "nl"
    assert created["groups"] == ["politiek", "administratie", "burger", "jeugdraad"]
    assert [(r["prompt"], r["kind"]) for r in created["rounds"]] == [
        ("Wat is onze gezamenlijke missie?", "mission"),
        ("Waar staan we als regio binnen tien jaar?", "vision"),
        ("Wat doen we eerst?", "free"),
    ]


async def test_the_form_speaks_french_and_the_workshop_follows(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    page = await open_new(browser, site, page_errors, LAPTOP)
    await page.locator("#lang").select_option("fr")
    await expect(page.locator("h1")).to_have_text("Nouvel atelier")
    await expect(page.locator("#language")).to_have_value("fr")
    await expect(page.locator(".round-prompt").first).to_have_value("Quelle est notre mission commune ?")
    await page.locator("#title").fill("Fusion des communes")
    await page.get_by_label("Clé d'organisateur").fill(ORGANISER_TOKEN)
    await page.get_by_role("button", name="Créer l'atelier").click()
    await expect(page.locator("#board")).to_be_visible()
    await expect(page.locator("#title")).to_have_text("Fusion des communes")


async def test_duplicate_groups_and_empty_questions_are_pointed_at(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    page = await open_new(browser, site, page_errors)
    await page.locator("#title").fill("Twee keer dezelfde groep")
    await page.get_by_role("textbox", name="Groep 4", exact=True).fill("burger")
    await page.get_by_role("button", name="Workshop aanmaken").click()
    await expect(page.locator("#form-error")).to_have_text("Elke groep mag maar één keer voorkomen: burger.")
    await expect(page.get_by_role("textbox", name="Groep 4", exact=True)).to_be_focused()
    await screenshot(page, "new-390x844-error")
    await page.get_by_role("textbox", name="Groep 4", exact=True).fill("partner")
    await page.locator(".round-prompt").nth(1).fill("  ")
    await page.get_by_role("button", name="Workshop aanmaken").click()
    await expect(page.locator("#form-error")).to_have_text("Schrijf de vraag van ronde 2.")
    await expect(page.locator(".round-prompt").nth(1)).to_be_focused()
    await expect(page).to_have_url(f"{site.base}/new")


async def test_a_refused_organiser_token_is_said_and_the_token_field_focused(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    """DESIGN §10: no token is pointed at before anything is sent; a wrong one is refused by the server."""
    page = await open_new(browser, site, page_errors)
    await page.locator("#title").fill("Zonder sleutel")
    await page.get_by_role("button", name="Workshop aanmaken").click()
    await expect(page.locator("#form-error")).to_have_text("Vul de organisatorsleutel in.")
    await expect(page.get_by_label("Organisatorsleutel")).to_be_focused()

    await page.get_by_label("Organisatorsleutel").fill("geraden")
    await page.get_by_role("button", name="Workshop aanmaken").click()
    await expect(page.locator("#form-error")).to_contain_text("De organisatorsleutel ontbreekt of klopt niet.")
    await expect(page.get_by_label("Organisatorsleutel")).to_be_focused()
    await expect(page.get_by_role("button", name="Workshop aanmaken")).to_be_enabled()


@pytest.mark.parametrize("viewport", [MOBILE, LAPTOP], ids=["390x844", "1366x768"])
async def test_the_form_is_accessible_at_phone_and_laptop_size(
    browser: Browser, site: Site, page_errors: PageErrors, viewport: ViewportSize
) -> None:
    page = await open_new(browser, site, page_errors, viewport)
    await assert_accessible(page)
    name = f"new-{viewport['width']}x{viewport['height']}"
    await screenshot(page, name)
    await page.screenshot(path=str((await screenshot(page, name)).with_name(f"{name}-full.png")), full_page=True)
