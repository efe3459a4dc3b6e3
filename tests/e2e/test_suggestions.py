"""The board's hints, end to end: the real worker suggests a theme for an idea it held back,
one click moves it there; two themes that read as one are offered for merging, one click
merges them. The page folds the hints as the server does."""

from __future__ import annotations

import asyncio
import re
from contextlib import AsyncExitStack

import pytest
from playwright.async_api import Browser, Locator, Page, expect

from cocreatie.models import events as ev
from cocreatie.rooms.audience import Audience
from cocreatie.rules.visibility import facilitator_view
from cocreatie.stream.fold import fold
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from tests import clients
from tests.e2e.browser import (
    LAPTOP,
    PROJECTOR,
    UNASSIGNED_LANE,
    PageErrors,
    Site,
    SocketLog,
    Workshop,
    assert_accessible,
    create_workshop,
    lane,
    new_page,
    open_board,
    screenshot,
    theme_lanes,
    themes_on_board,
)
from tests.e2e.test_fold_mirror import fold_in_browser
from tests.hinted_workshop import hinted

pytestmark = pytest.mark.browser

WATER = [
    "Meer drinkwaterfonteinen in het park", "Schoon water in de rivier", "Gratis kraanwater op elke school",
    "Waterpunten langs de wandelroutes", "Drinkwater bij elke sporthal", "Minder plastic flessen, meer kraanwater",
]
BIKES = [
    "Veiligere fietspaden naar school", "Meer fietsenstallingen bij het station", "Fietspaden gescheiden van auto's",
    "Verlichting op de fietsroutes", "Een fietsbrug over de ring", "Fietsstraten rond de scholen",
]
HELD_BACK = "Een fontein op de markt"
"""Near the water theme (cosine 0.49 with its centroid), not near enough for the fast path
or the sorting pass to place it (the room's least typical member is at 0.54)."""


async def post(workshop: Workshop, texts: list[str]) -> list[str]:
    """Each idea from its own phone; their ids."""
    room = clients.Workshop(workshop.base, workshop.workshop_id, workshop.join_code, workshop.token)
    async with AsyncExitStack() as stack:
        phones = [(await clients.open_phone(stack, room, "burger"))[0] for _ in texts]
        posts = [clients.post_idea(phone, f"hint-{len(text)}", text) for phone, text in zip(phones, texts, strict=True)]
        return list(await asyncio.gather(*posts))


def card(board: Page, lane_key: str, text: str) -> Locator:
    return lane(board, lane_key).locator(".card-idea", has_text=text)


async def theme_of(board: Page, text: str) -> str:
    """The key of the theme card that shows this idea."""
    found = theme_lanes(board).filter(has=board.locator(".card-idea", has_text=text))
    await expect(found).to_have_count(1)
    return str(await found.get_attribute("data-key"))


async def pinned_room(browser: Browser, site: Site, page_errors: PageErrors, log: SocketLog) -> tuple[Workshop, Page]:
    """A room of two themes (water, bikes) as the worker found them, both pinned, so the
    next re-clustering leaves a new idea that fits neither well where it is."""
    await asyncio.to_thread(site.require_worker)
    workshop = create_workshop(site)
    board = await open_board(browser, workshop, page_errors, log=log)
    await board.locator('.phase-button[data-phase="collect"]').click()
    await post(workshop, WATER + BIKES)
    await themes_on_board(site, board)
    await expect(theme_lanes(board)).to_have_count(2, timeout=60_000)
    await expect(lane(board, UNASSIGNED_LANE).locator(".card-idea")).to_have_count(0, timeout=60_000)
    for theme in (await theme_of(board, WATER[1]), await theme_of(board, BIKES[0])):
        await lane(board, theme).locator(".pin").click()
        await expect(lane(board, theme)).to_have_class(re.compile(r"\bpinned\b"))
    return workshop, board


async def test_a_held_back_idea_moves_to_its_suggested_theme_in_one_click(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    log = SocketLog()
    workshop, board = await pinned_room(browser, site, page_errors, log)
    water = await theme_of(board, WATER[1])
    label = await lane(board, water).locator(".lane-title").inner_text()
    await post(workshop, [HELD_BACK])
    suggestion = card(board, UNASSIGNED_LANE, HELD_BACK).locator(".card-suggest")
    await expect(suggestion).to_be_visible(timeout=60_000)
    await expect(suggestion).to_have_text(f"Hoort waarschijnlijk bij «{label}»")
    await expect(suggestion).to_have_attribute("data-theme", water)
    await assert_accessible(board)
    await screenshot(board, "suggestions-laptop")
    projector = await open_board(browser, workshop, page_errors, viewport=PROJECTOR)
    await expect(card(projector, UNASSIGNED_LANE, HELD_BACK).locator(".card-suggest")).to_be_visible()
    await screenshot(projector, "suggestions-projector")
    await suggestion.focus()
    await board.keyboard.press("Enter")
    await expect(card(board, water, HELD_BACK)).to_have_count(1)  # (maybe past the card's first few)
    assert log.sent[-1]["type"] == "idea.move" and log.sent[-1]["theme_id"] == water
    await expect(board.locator(".card-suggest:visible")).to_have_count(0)


async def test_two_alike_themes_are_offered_and_merged_in_one_click(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    """No small room makes two themes this alike by itself (the halves of a split differ by
    construction), so the test stands in for the worker's offer on the worker's own themes."""
    log = SocketLog()
    workshop, board = await pinned_room(browser, site, page_errors, log)
    water, bikes = await theme_of(board, WATER[1]), await theme_of(board, BIKES[0])
    labels = {key: await lane(board, key).locator(".lane-title").inner_text() for key in (water, bikes)}
    since = len(log.events)
    async with connect(workshop.redis_url) as client:
        await RedisEventStore(client).append(workshop.workshop_id, ev.ThemesUpdated(
            round_id="r1", themes=[ev.ThemeView(id=key, label=label) for key, label in labels.items()],
            alike=[(water, bikes)], model="stand-in", full=True,
        ))
    await log.wait_for("themes.updated", since)
    offer = board.locator(".lanes-bar .merge-offer")
    await expect(offer).to_be_visible()
    offered = f"«{labels[water]}» en «{labels[bikes]}» lijken één thema"
    await expect(offer.locator(".merge-offer-text")).to_have_text(offered)
    await expect(lane(board, water)).to_have_class(re.compile(r"\bis-offered\b"))
    await assert_accessible(board)
    await screenshot(board, "merge-offer-laptop")
    await offer.get_by_role("button", name=f"Samenvoegen: «{labels[water]}» en «{labels[bikes]}»").click()
    await expect(theme_lanes(board)).to_have_count(1)
    assert log.sent[-1] == {"type": "theme.merge", "theme_ids": [water, bikes]}
    await expect(offer).to_be_hidden()


async def test_keeping_two_themes_apart_hides_the_offer_in_this_tab(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    log = SocketLog()
    workshop, board = await pinned_room(browser, site, page_errors, log)
    water, bikes = await theme_of(board, WATER[1]), await theme_of(board, BIKES[0])
    since = len(log.events)
    async with connect(workshop.redis_url) as client:
        await RedisEventStore(client).append(workshop.workshop_id, ev.ThemesUpdated(
            round_id="r1", themes=[ev.ThemeView(id=water, label="Water"), ev.ThemeView(id=bikes, label="Fietsen")],
            alike=[(water, bikes)], model="stand-in", full=True,
        ))
    await log.wait_for("themes.updated", since)
    offer = board.locator(".lanes-bar .merge-offer")
    await offer.locator(".merge-offer-keep").click()
    await expect(offer).to_be_hidden()
    await expect(theme_lanes(board)).to_have_count(2)
    await expect(board.locator(".theme-card.is-offered")).to_have_count(0)


async def test_the_page_folds_the_hints_as_the_server(browser: Browser, site: Site, page_errors: PageErrors) -> None:
    page = await new_page(browser, LAPTOP, page_errors, "fold-hints")
    await page.goto(site.base + "/")
    folded = await fold_in_browser(page, hinted(), Audience.facilitator)
    assert folded == facilitator_view(fold("ws-1", hinted()))
