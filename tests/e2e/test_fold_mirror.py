"""web/fold.js folds the room stream exactly as cocreatie/stream/fold.py does, for the
board's full feed and for the redacted feed that phones and the projector get."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.async_api import Page

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.rooms.audience import Audience, render_event
from cocreatie.rules.visibility import facilitator_view, public_view
from cocreatie.stream.fold import apply, fold
from tests.e2e.browser import LAPTOP, PageErrors, Site, new_page
from tests.moderated_workshop import moderated
from tests.scripted_workshop import scripted
from tests.statement_workshop import renamed, statement_round

pytestmark = pytest.mark.browser

FOLD_IN_PAGE = """async ([start, frames]) => {
  const { applyEvent } = await import("/static/fold.js");
  const state = structuredClone(start);
  for (const frame of frames) applyEvent(state, frame.id, frame.event, frame.data);
  return state;
}"""


SCRIPTS = {
    "scripted": lambda: scripted().events, "moderated": moderated,
    "statements": lambda: renamed(statement_round()).entries,
}
VIEWS = {Audience.facilitator: facilitator_view, Audience.public: public_view}


async def fold_in_browser(page: Page, entries: list[tuple[str, ev.Event]], audience: Audience) -> dict[str, Any]:
    """Render each entry as the server does (with the room state right after it), fold in JS."""
    state, frames = RoomState(workshop_id="ws-1"), []
    for event_id, event in entries:
        apply(state, event_id, event)
        frames.append(json.loads(render_event(event_id, event, audience, state)))
    start = VIEWS[audience](RoomState(workshop_id="ws-1"))
    return dict(await page.evaluate(FOLD_IN_PAGE, [start, frames]))


@pytest.mark.parametrize("audience", list(Audience))
@pytest.mark.parametrize("script", list(SCRIPTS))
async def test_the_page_folds_as_the_server(
    browser, site: Site, page_errors: PageErrors, script: str, audience: Audience
) -> None:
    """The board's full feed and the room's redacted feed both, for a plain workshop, a
    moderated one (approvals, silent writing, a hide, undo, a set-up edited midway) and one
    that ends in statements (answers, a reveal, a final text, a group renamed)."""
    page = await new_page(browser, LAPTOP, page_errors, "fold")
    await page.goto(site.base + "/")
    entries = SCRIPTS[script]()
    folded = await fold_in_browser(page, entries, audience)
    assert folded == VIEWS[audience](fold("ws-1", entries))
