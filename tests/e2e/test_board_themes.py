"""The board's themes area: every theme of a 40-idea room on a laptop screen, few actions
to reach the grouping a person makes, duplicates as one card, moving a selection at once,
and undo from the keyboard.

The 40 ideas (tests/fixtures/room40.json) are a Flemish merger workshop with the grouping a
facilitator made by hand; the real clustering worker makes the automatic themes.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from tests import clients
from tests.e2e.browser import (
    LAPTOP,
    PROJECTOR,
    PageErrors,
    Site,
    SocketLog,
    Workshop,
    create_workshop,
    open_board,
    screenshot,
    theme_lanes,
    themes_on_board,
)
from tests.e2e.facilitator import Board, perform, plan, reached

pytestmark = pytest.mark.browser

ROOM40 = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "room40.json").read_text(encoding="utf-8"))
MAX_ACTIONS = 15


def room40_workshop(site: Site) -> Workshop:
    return create_workshop(site, title=ROOM40["title"], rounds=[{"prompt": ROOM40["prompt"], "kind": "vision"}])


def protocol_workshop(workshop: Workshop) -> clients.Workshop:
    return clients.Workshop(workshop.base, workshop.workshop_id, workshop.join_code, workshop.token)


async def post_ideas(workshop: Workshop, ideas: list[dict[str, str]]) -> dict[str, str]:
    """Each idea from its own phone (a participant of the idea's group); idea id → text."""
    async with AsyncExitStack() as stack:
        phones = [(await clients.open_phone(stack, protocol_workshop(workshop), idea["group"]))[0] for idea in ideas]
        ids = await asyncio.gather(*(clients.post_idea(phone, f"room40-{n}", idea["text"])
                                     for n, (phone, idea) in enumerate(zip(phones, ideas, strict=True))))
    return {idea_id: idea["text"] for idea_id, idea in zip(ids, ideas, strict=True)}


async def snapshot(workshop: Workshop) -> dict[str, Any]:
    async with AsyncExitStack() as stack:
        _, welcome = await clients.open_board(stack, protocol_workshop(workshop))
    return dict(welcome["snapshot"])


async def clustered_room(
    browser: Browser, site: Site, page_errors: PageErrors, log: SocketLog
) -> tuple[Workshop, Page, dict[str, str]]:
    """The board of the 40-idea room, after the worker clustered it for the phase `cluster`."""
    workshop = room40_workshop(site)
    board = await open_board(browser, workshop, page_errors, log=log)
    await board.locator('.phase-button[data-phase="collect"]').click()
    posted = await post_ideas(workshop, ROOM40["ideas"])
    await expect(board.locator(".lanes .lane-count").first).to_be_visible()
    since = len(log.events)
    await board.locator('.phase-button[data-phase="cluster"]').click()
    await log.wait_for("themes.updated", since)
    await expect(theme_lanes(board).first).to_be_visible()
    return workshop, board, posted


async def test_a_facilitator_reaches_the_hand_made_grouping_in_few_actions(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    log = SocketLog()
    workshop, board, posted = await clustered_room(browser, site, page_errors, log)
    names = {idea["text"]: idea["theme"] for idea in ROOM40["ideas"]}
    wanted = {idea_id: names[text] for idea_id, text in posted.items()}
    sent_before = len(log.sent)
    first = Board.of(await snapshot(workshop))
    print(f"\nautomatic: {len(first.themes)} themes, {len(first.unassigned)} unassigned")
    for label, ids in first.themes.values():
        print(f"  {label!r}: {sorted(wanted[i] for i in ids)}")

    for _ in range(4):  # a person looks again after each pass, as long as something is off
        current = Board.of(await snapshot(workshop))
        if reached(current, wanted):
            break
        for action in plan(current, wanted):
            print(f"  {action}")
            await perform(board, action)
    final = Board.of(await snapshot(workshop))
    await screenshot(board, "board-1366x768-room40-grouped")
    sent = log.sent[sent_before:]
    print(f"facilitator actions to the hand-made grouping: {len(sent)} ({[c['type'] for c in sent]})")
    assert reached(final, wanted)
    assert len(sent) <= MAX_ACTIONS


async def test_forty_ideas_in_ten_themes_fit_a_laptop_and_a_projector(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    workshop, board, _ = await clustered_room(browser, site, page_errors, SocketLog())
    async with AsyncExitStack() as stack:
        socket, _ = await clients.open_board(stack, protocol_workshop(workshop))
        await clients.send(socket, type="recluster", round_id="r1", themes=11)
        await clients.receive_until(socket, clients.is_event("recluster.requested"))
    await expect(theme_lanes(board)).to_have_count(11, timeout=60_000)
    await expect(board.locator("#theme-count")).to_have_text("11")
    await board.get_by_role("button", name="Minder thema's").click()  # the board's own control: one fewer
    await expect(theme_lanes(board)).to_have_count(10, timeout=60_000)
    await expect(board.locator("#theme-count")).to_have_text("10")
    # an idea on show (a lane shows its first few cards until "more" opens it)
    await theme_lanes(board).first.locator(".card-idea:not([hidden]) .hide").first.click()
    await expect(board.locator(".card-idea.is-hidden")).to_have_count(1)
    for size, name in ((LAPTOP, "board-1366x768-room40"), (PROJECTOR, "board-1920x1080-room40")):
        await board.set_viewport_size(size)
        await every_theme_in_view(board, size["width"])
        await screenshot(board, name)


async def every_theme_in_view(board: Page, width: int) -> None:
    """No sideways scrolling, and every theme card inside the window."""
    scroll = await board.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll[0] <= scroll[1]
    for box in [await card.bounding_box() for card in await theme_lanes(board).all()]:
        assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= width


SMALL_ROOM = ["Meer bomen op het dorpsplein", "meer  bomen op het dorpsplein!", "Veilige fietspaden naar school",
              "Een belbus voor ouderen", "Fietsenstalling aan het station"]


async def test_duplicates_are_one_card_a_selection_moves_at_once_and_ctrl_z_undoes(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    workshop = create_workshop(site)
    log = SocketLog()
    board = await open_board(browser, workshop, page_errors, log=log)
    await board.locator('.phase-button[data-phase="collect"]').click()
    posted = await post_ideas(workshop, [{"group": "burger", "text": text} for text in SMALL_ROOM])
    await themes_on_board(site, board)
    twins = board.locator(".card-idea", has=board.locator(".card-dups", has_text="×2"))
    await expect(twins).to_have_count(1)
    twin_ids = set((await twins.get_attribute("data-ideas") or "").split())
    assert twin_ids == {idea_id for idea_id, text in posted.items() if "bomen" in text}

    # the twins and one more, picked with their boxes, move with one command
    other = board.locator(".card-idea", has_text=SMALL_ROOM[3])
    other_id = await other.get_attribute("data-ideas") or ""
    target = await theme_lanes(board).last.get_attribute("data-key") or ""
    before = {idea_id: await lane_of_idea(board, idea_id) for idea_id in [*twin_ids, other_id]}
    await twins.locator(".card-pick").check()
    await other.locator(".card-pick").check()
    await expect(board.locator(".pick-status")).to_have_text("3 ideeën geselecteerd")
    sent = len(log.sent)
    await board.locator(".pick-move").click()
    await board.locator(f'#move-targets [data-target="{target}"]').click()
    for idea_id in [*twin_ids, other_id]:
        await expect(board.locator(f'.lane[data-key="{target}"] .card-idea[data-ideas~="{idea_id}"]')).to_have_count(1)
    moves = [c for c in log.sent[sent:] if c["type"] == "idea.move"]
    assert len(moves) == 1 and moves[0]["theme_id"] == target
    assert set(moves[0].get("idea_ids") or [moves[0]["idea_id"]]) <= {*twin_ids, other_id}

    # the undo button says what it would undo; Ctrl-Z in a text field is the field's own
    undo = board.locator(".undo-button")
    await expect(undo).to_have_text("↶Ongedaan maken: verplaatsen")
    await theme_lanes(board).first.locator(".rename").click()
    await board.keyboard.press("Control+z")
    await board.keyboard.press("Escape")
    assert [c for c in log.sent[sent:] if c["type"] == "undo"] == []
    await board.keyboard.press("Control+z")
    assert [c["type"] for c in log.sent[sent:]][-1] == "undo"
    for idea_id, lane_id in before.items():
        await expect(board.locator(f'.lane[data-key="{lane_id}"] .card-idea[data-ideas~="{idea_id}"]')).to_have_count(1)


async def lane_of_idea(board: Page, idea_id: str) -> str:
    card = board.locator(f'.card-idea[data-ideas~="{idea_id}"]')
    return await board.locator(".lane", has=card).get_attribute("data-key") or ""


async def test_a_renamed_theme_shows_no_keywords_and_a_waiting_idea_is_marked(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    workshop = create_workshop(site)
    board = await open_board(browser, workshop, page_errors)
    await board.locator('.phase-button[data-phase="collect"]').click()
    await post_ideas(workshop, [{"group": "partner", "text": text} for text in SMALL_ROOM])
    await themes_on_board(site, board)
    await expect(board.locator(".card-sorting:not(:empty)")).to_have_count(0)  # the worker answered every idea
    theme = board.locator(f'.lane[data-key="{await theme_lanes(board).first.get_attribute("data-key")}"]')
    await theme.locator(".rename").click()
    await theme.locator(".rename-input").fill("Groen in de dorpen")
    await theme.locator(".rename-input").press("Enter")
    await expect(theme.locator(".lane-title")).to_have_text("Groen in de dorpen")
    await expect(theme.locator(".lane-keywords")).to_be_empty()

    async with AsyncExitStack() as stack:
        socket, _ = await clients.open_board(stack, protocol_workshop(workshop))
        await clients.send(socket, type="moderation.set", round_id="r1", mode="pre")
        await clients.receive_until(socket, clients.is_event("moderation.set"))
    await post_ideas(workshop, [{"group": "burger", "text": "Een repaircafé in elke deelgemeente"}])
    waiting = board.locator(".card-idea.is-waiting", has_text="Een repaircafé")
    await expect(waiting.locator(".card-waiting")).to_have_text("wacht")
    await expect(waiting.locator(".card-sorting")).to_be_empty(timeout=30_000)  # "wordt ingedeeld…" until answered
    await waiting.locator(".approve").click()
    await expect(board.locator(".card-idea.is-waiting")).to_have_count(0)


async def test_ctrl_z_takes_back_a_rename_and_a_merge(browser: Browser, site: Site, page_errors: PageErrors) -> None:
    workshop = create_workshop(site)
    board = await open_board(browser, workshop, page_errors)
    await board.locator('.phase-button[data-phase="collect"]').click()
    await post_ideas(workshop, [{"group": "burger", "text": text} for text in SMALL_ROOM])
    await themes_on_board(site, board)
    first, second = theme_lanes(board).first, theme_lanes(board).last
    first_id, second_id = await first.get_attribute("data-key"), await second.get_attribute("data-key")
    theme = board.locator(f'.lane[data-key="{first_id}"]')
    label = await theme.locator(".lane-title").text_content()
    await theme.locator(".rename").click()
    await theme.locator(".rename-input").fill("Groen in de dorpen")
    await theme.locator(".rename-input").press("Enter")
    await expect(theme.locator(".lane-title")).to_have_text("Groen in de dorpen")
    await board.keyboard.press("Control+z")
    await expect(theme.locator(".lane-title")).to_have_text(label or "")

    members = await board.locator(".lane:not(.lane-unassigned) .card-idea").count()
    await theme.locator(".merge-pick").check()
    await board.locator(f'.lane[data-key="{second_id}"] .merge-pick').check()
    await board.locator("#merge").click()
    await expect(theme_lanes(board)).to_have_count(1)
    await board.keyboard.press("Control+z")
    await expect(theme_lanes(board)).to_have_count(2)
    await expect(board.locator(f'.lane[data-key="{second_id}"]')).to_be_visible()
    assert await board.locator(".lane:not(.lane-unassigned) .card-idea").count() == members
