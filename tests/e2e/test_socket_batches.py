"""web/socket.js takes an `events` message apart in order and, as for single events,
never applies one it already has."""

from __future__ import annotations

import pytest

from tests.e2e.browser import LAPTOP, PageErrors, Site, new_page

pytestmark = pytest.mark.browser

RECEIVE_IN_PAGE = """async () => {
  const { RoomSocket } = await import("/static/socket.js");
  const seen = [];
  const socket = new RoomSocket({
    path: "/unused", hello: () => ({}), onWelcome: () => {}, onEvent: (id, name) => seen.push([id, name]),
  });
  const event = (id, name) => ({ type: "event", id, event: name, data: {} });
  const deliver = (msg) => socket.receive({ data: JSON.stringify(msg) });
  deliver({ type: "welcome", last_event_id: "5-0", resumed: false, snapshot: { last_event_id: "5-0" } });
  deliver({ type: "events", events: [event("5-0", "old"), event("6-0", "b"), event("7-0", "c")] });
  deliver(event("7-0", "c"));
  deliver({ type: "events", events: [event("7-0", "c"), event("8-0", "d")] });
  return { seen, last: socket.lastEventId };
}"""


async def test_events_in_one_message_are_applied_in_order_and_once(
    browser, site: Site, page_errors: PageErrors
) -> None:
    page = await new_page(browser, LAPTOP, page_errors, "socket")
    await page.goto(site.base + "/")
    result = await page.evaluate(RECEIVE_IN_PAGE)
    assert result == {"seen": [["6-0", "b"], ["7-0", "c"], ["8-0", "d"]], "last": "8-0"}
