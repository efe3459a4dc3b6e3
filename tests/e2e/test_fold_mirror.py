"""web/fold.js folds the room stream exactly as cocreatie/stream/fold.py does, for the
board's full feed and for the redacted feed that phones and the projector get."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.async_api import Page

from cocreatie.models.state import RoomState
from cocreatie.rooms.audience import Audience, render_event
from cocreatie.rules.visibility import facilitator_view, public_view
from cocreatie.stream.fold import apply
from tests.e2e.browser import LAPTOP, PageErrors, Site, new_page
from tests.scripted_workshop import scripted

pytestmark = pytest.mark.browser

FOLD_IN_PAGE = """async ([start, frames]) => {
  const { applyEvent } = await import("/static/fold.js");
  const state = structuredClone(start);
  for (const frame of frames) applyEvent(state, frame.id, frame.event, frame.data);
  return state;
}"""


async def fold_in_browser(page: Page, start: dict[str, Any], audience: Audience) -> dict[str, Any]:
    """Render each entry as the server does (with the room state right after it), fold in JS."""
    state, frames = RoomState(workshop_id="ws-1"), []
    for event_id, event in scripted().events:
        apply(state, event_id, event)
        frames.append(json.loads(render_event(event_id, event, audience, state)))
    return dict(await page.evaluate(FOLD_IN_PAGE, [start, frames]))


async def test_board_fold_matches_the_server(browser, site: Site, page_errors: PageErrors) -> None:
    page = await new_page(browser, LAPTOP, page_errors, "fold")
    await page.goto(site.base + "/")
    folded = await fold_in_browser(page, facilitator_view(RoomState(workshop_id="ws-1")), Audience.facilitator)
    assert folded == facilitator_view(scripted().state)


async def test_public_fold_matches_the_server(browser, site: Site, page_errors: PageErrors) -> None:
    page = await new_page(browser, LAPTOP, page_errors, "fold")
    await page.goto(site.base + "/")
    folded = await fold_in_browser(page, public_view(RoomState(workshop_id="ws-1")), Audience.public)
    assert folded == public_view(scripted().state)
