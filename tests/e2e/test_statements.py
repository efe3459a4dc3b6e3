"""Statements in the browser (DESIGN §8, issue 14): the board drafts them from themes, orders and
edits them; a 360×640 phone answers them one at a time (by touch and by keyboard), changes an
answer and finds its answers again after a reload; the reveal puts the support per group on the
projector and the phones, as the server counted it (cocreatie/rules/support.py)."""

from __future__ import annotations

from contextlib import AsyncExitStack

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from tests import clients
from tests.e2e.browser import (
    LAPTOP,
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
    theme_lanes,
    themes_on_board,
)

pytestmark = pytest.mark.browser

TEXTS = ["Een zwembad voor de hele regio", "Sportvelden delen tussen clubs", "Het dorpsplein autovrij maken"]
OWN = "Elke deelgemeente houdt haar eigen feesten"
EDITED = "Elke deelgemeente houdt haar eigen feesten en kermis"

ORDER_IN_PAGE = """async ([statements, ids]) => {
  const { phoneOrder } = await import("/static/statements_phone.js");
  return ids.map((id) => phoneOrder(statements, id).map((s) => s.id));
}"""


async def static_page(browser: Browser, site: Site, page_errors: PageErrors) -> Page:
    page = await new_page(browser, LAPTOP, page_errors, "support")
    await page.goto(site.base + "/")
    return page


async def test_each_phone_has_its_own_order_and_keeps_it(browser, site: Site, page_errors: PageErrors) -> None:
    page = await static_page(browser, site, page_errors)
    statements = [{"id": f"1797000000000-{n}", "text": f"Stelling {n}"} for n in range(8)]
    orders = await page.evaluate(ORDER_IN_PAGE, [statements, ["p_a", "p_b", "p_a"]])
    assert sorted(orders[0]) == [s["id"] for s in statements]
    assert orders[0] == orders[2]
    assert orders[0] != orders[1]
    # a statement added later slots in; the others keep their order
    grown = await page.evaluate(ORDER_IN_PAGE, [[*statements, {"id": "1797000000009-0", "text": "Later"}], ["p_a"]])
    assert [s for s in grown[0] if s != "1797000000009-0"] == orders[0]


async def drafted_room(browser: Browser, site: Site, workshop: Workshop, page_errors: PageErrors) -> tuple[Page, Page]:
    """The board with two statements (one drafted from a theme, one of its own), a phone in
    `politiek` that posted the ideas, the round in its vote phase."""
    board = await open_board(browser, workshop, page_errors)
    phone = await open_phone(browser, workshop, page_errors, "politiek", "phone")
    await board.locator('.phase-button[data-phase="collect"]').click()
    for text in TEXTS:
        await post_accepted(phone, text)
    await themes_on_board(site, board)
    themes = await theme_lanes(board).count()

    await board.locator('.view-button[data-board-view="statements"]').click()
    drafts = board.locator("#drafts .draft")
    await expect(drafts).to_have_count(themes)
    first = drafts.first
    await expect(first.locator("textarea")).not_to_have_value("")  # pre-filled from the theme
    theme = await first.locator(".draft-theme").inner_text()
    await first.locator("textarea").fill("Een zwembad voor de hele regio, samen met de buren")
    await first.locator("button").click()
    statements = board.locator("#statement-list .statement-item")
    await expect(statements).to_have_count(1)
    await expect(statements.first.locator(".statement-sources")).to_have_text(f"Uit: {theme}")
    await expect(first.locator(".draft-used")).to_have_text("heeft al een stelling")

    await expect(board.locator("#own-themes input")).to_have_count(themes)  # it may name themes; this one names none
    await board.locator("#own-text").fill(OWN)
    await board.locator("#own-statement button[type=submit]").click()
    await expect(statements).to_have_count(2)
    await expect(statements.nth(1).locator(".statement-sources")).to_have_text("Eigen stelling van de facilitator")

    # reorder by keyboard: the own statement goes up, the focus stays with it
    await statements.nth(1).locator(".up").focus()
    await board.keyboard.press("Enter")
    await expect(statements.first.locator(".statement-text")).to_have_text(OWN)
    assert await board.evaluate("document.activeElement.closest('.statement-item')?.dataset.key") == \
        await statements.first.get_attribute("data-key")

    # edit while unanswered
    await statements.first.locator(".edit").click()
    await statements.first.locator(".statement-editor textarea").fill(EDITED)
    await statements.first.locator(".statement-editor button[type=submit]").click()
    await expect(statements.first.locator(".statement-text")).to_have_text(EDITED)
    await screenshot(board, "board-1366x768-statements")
    await assert_accessible(board)
    await board.locator('.phase-button[data-phase="vote"]').click()
    return board, phone


async def answer_by_script(workshop: Workshop, group: str, choice: str) -> None:
    """One more participant of `group`, over a plain socket, who gives every statement the same answer."""
    async with AsyncExitStack() as stack:
        target = clients.Workshop(workshop.base, workshop.workshop_id, workshop.join_code, workshop.token)
        phone, welcome = await clients.open_phone(stack, target, group)
        for statement in welcome["snapshot"]["rounds"][0]["statements"]:
            await clients.send(phone, type="statement.answer", statement_id=statement["id"], answer=choice)
            await clients.receive_until(phone, lambda f: f["type"] in ("answer.accepted", "error"))


async def test_a_phone_answers_changes_an_answer_and_the_room_sees_the_support(
    browser, site: Site, workshop: Workshop, page_errors: PageErrors
) -> None:
    board, phone = await drafted_room(browser, site, workshop, page_errors)
    card = phone.locator("#answer-card")
    await expect(card).to_be_visible()
    await expect(phone.locator("#vote")).to_be_hidden()  # a round with statements votes on them, not with dots
    await expect(phone.locator("#answer-progress")).to_have_text("1 van 2")
    first_text = await phone.locator("#answer-text").inner_text()
    await screenshot(phone, "phone-360x640-statement")
    await assert_accessible(phone)
    box = await phone.locator('.answer-choice[data-answer="agree"]').bounding_box()
    assert box is not None and box["height"] >= 48 and box["width"] >= 48

    # by keyboard: the focus is on the statement; Tab reaches "agree", Enter answers
    await phone.locator("#answer-text").focus()
    await phone.keyboard.press("Tab")
    await phone.keyboard.press("Enter")
    await expect(phone.locator("#answer-progress")).to_have_text("2 van 2")
    await expect(phone.locator("#answer-text")).to_be_focused()
    await phone.locator('.answer-choice[data-answer="disagree"]').click()
    await expect(phone.locator("#answer-done")).to_be_visible()
    await expect(phone.locator("#answer-summary li")).to_have_count(2)
    await screenshot(phone, "phone-360x640-statements-done")

    # change the first answer: from the overview back to that statement, agree becomes pass
    await phone.locator("#answer-summary button", has_text=first_text).click()
    await expect(phone.locator('.answer-choice[data-answer="agree"]')).to_have_attribute("aria-pressed", "true")
    await phone.locator('.answer-choice[data-answer="pass"]').click()
    await expect(phone.locator("#answer-done")).to_be_visible()
    await expect(phone.locator("#answer-summary button", has_text=first_text).locator(".summary-choice")) \
        .to_have_text("Weet niet / pas")

    # the board counts the changed answer once, marks the small group, and locks the wording
    changed = board.locator("#statement-list .statement-item", has_text=first_text)
    other = board.locator("#statement-list .statement-item").filter(has_not_text=first_text)
    politiek = board.locator("#statement-list .support-group", has_text="Politiek")
    await expect(changed.locator(".support-group", has_text="Politiek").locator(".support-count")) \
        .to_have_text("1 antwoord (0 eens, 0 oneens, 1 pas)")
    await expect(other.locator(".support-group", has_text="Politiek").locator(".support-count")) \
        .to_have_text("1 antwoord (0 eens, 1 oneens, 0 pas)")
    await expect(politiek.locator(".support-small").first).to_have_text("te weinig antwoorden")
    await expect(board.locator("#statement-list .edit").first).to_be_disabled()

    # the phone comes back with its answers: the room's record of them, not only the browser's
    await phone.evaluate(f"localStorage.removeItem('cocreatie:answers:{workshop.join_code}')")
    await phone.reload()
    await expect(phone.locator("#answer-done")).to_be_visible()
    await expect(phone.locator("#answer-summary button", has_text=first_text).locator(".summary-choice")) \
        .to_have_text("Weet niet / pas")

    # offline: the new answer waits on the phone, marked, and goes once the network is back
    summary = phone.locator("#answer-summary button", has_text=first_text)
    politiek_changed = changed.locator(".support-group", has_text="Politiek").locator(".support-count")
    await phone.context.set_offline(True)
    await expect(phone.locator("#conn")).to_have_attribute("data-status", "offline")
    await summary.click()
    await phone.locator('.answer-choice[data-answer="agree"]').click()
    await expect(summary.locator(".summary-status")).to_have_text("nog niet verstuurd")
    await expect(politiek_changed).to_have_text("1 antwoord (0 eens, 0 oneens, 1 pas)")
    await phone.context.set_offline(False)
    await expect(politiek_changed).to_have_text("1 antwoord (1 eens, 0 oneens, 0 pas)")
    await expect(summary.locator(".summary-status")).to_have_text("")

    # three more in burger agree with everything: that group is readable, politiek is not
    for _ in range(3):
        await answer_by_script(workshop, "burger", "agree")
    burger = board.locator("#statement-list .support-group", has_text="Burger").first
    await expect(burger.locator(".support-share")).to_have_text("80%")  # (3 + 1) / (3 + 2)
    await expect(burger.locator(".support-small")).to_have_text("")

    screen = await open_screen(browser, workshop, page_errors)
    await expect(screen.locator("#waiting")).to_have_text("Beantwoord de stellingen op je telefoon.")
    await screenshot(screen, "screen-1920x1080-statements-answering")
    await expect(screen.locator("#statements-section")).to_be_hidden()  # nothing before the reveal
    await board.locator("#reveal").click()
    await expect(screen.locator("#statements .stage-statement")).to_have_count(2)
    await expect(screen.locator("#answerers")).to_have_text("4")
    shown = screen.locator("#statements .stage-statement").first
    await expect(shown.locator(".support-group")).to_have_count(4)
    burger_shown = shown.locator(".support-group", has_text="Burger")
    await expect(burger_shown.locator(".support-count")).to_have_text("3 antwoorden")
    await expect(shown.locator(".support-group.is-small")).to_have_count(3)
    await expect(shown.locator(".support-weakest")).to_contain_text("zwakst:")
    await screenshot(screen, "screen-1920x1080-statements")
    await assert_accessible(screen)

    await expect(phone.locator("#results .result-item")).to_have_count(2)
    await phone.locator("#results-block").scroll_into_view_if_needed()
    await screenshot(phone, "phone-360x640-statements-results")
    await assert_accessible(phone)
    await screenshot(board, "board-1366x768-statements-revealed")

    # the final text: two sentences from the statements, the first merging both, saved with text.set
    await board.locator("#sentence-add").click()
    sentences = board.locator("#sentences .sentence")
    await expect(sentences).to_have_count(1)
    await expect(sentences.first.locator("textarea")).not_to_have_value("")  # the first statement's words
    await expect(sentences.first.locator("input:checked")).to_have_count(1)
    await sentences.first.locator("textarea").fill("Onze gemeente viert samen en zwemt samen.")
    await sentences.first.locator("input:not(:checked)").check()
    await board.locator("#sentence-add").click()
    await expect(sentences).to_have_count(2)
    await sentences.nth(1).locator("input").first.check()
    await sentences.nth(1).locator("textarea").fill("Elke deelgemeente blijft zichzelf.")
    await sentences.nth(1).locator(".up").click()  # the order of the sentences is the facilitator's
    await expect(board.locator("#final-text-status")).to_have_text("Niet opgeslagen wijzigingen")
    await board.locator("#final-text-save").click()
    await expect(board.locator("#final-text-status")).to_have_text("Opgeslagen")
    async with httpx.AsyncClient(base_url=workshop.base, timeout=10) as http:
        answer = await http.get(f"/api/workshops/{workshop.workshop_id}",
                                headers={"Authorization": f"Bearer {workshop.token}"})
    snapshot = answer.json()
    round_state = snapshot["rounds"][0]
    ids = [s["id"] for s in round_state["statements"]]
    assert round_state["final_text"] == [
        {"text": "Elke deelgemeente blijft zichzelf.", "statement_ids": [ids[0]]},
        {"text": "Onze gemeente viert samen en zwemt samen.", "statement_ids": ids},
    ]
    await board.locator("#final-text").scroll_into_view_if_needed()
    await screenshot(board, "board-1366x768-final-text")
    await assert_accessible(board)


GROUP_ORDER = ("politiek", "administratie", "burger", "partner")
MANY = [  # eight statements; per group (in GROUP_ORDER) how many of its three say agree, the rest disagree
    ("De nieuwe gemeente houdt een loket in elke deelgemeente", (3, 3, 0, 3)),
    ("We worden klimaatneutraal tegen 2035", (2, 2, 2, 1)),
    ("Elke deelgemeente houdt haar eigen feesten en kermis", (3, 1, 3, 2)),
    ("Het openbaar vervoer tussen de kernen wordt elk half uur aangeboden", (1, 2, 3, 3)),
    ("Verenigingen krijgen één aanspreekpunt bij de gemeente", (3, 3, 3, 3)),
    ("De belastingen stijgen niet door de fusie", (0, 1, 3, 2)),
    ("Schoolgebouwen worden buiten de schooluren opengesteld voor buurtwerking", (2, 3, 2, 3)),
    ("Burgers beslissen mee over tien procent van de investeringen", (1, 1, 3, 0)),
]


async def test_the_projector_and_a_phone_hold_eight_statements_with_their_support(
    browser, site: Site, workshop: Workshop, page_errors: PageErrors
) -> None:
    """Twelve scripted phones, three a group, answer eight statements; once revealed, all eight
    fit the projector with their four groups, and a phone lists them with the one it answered."""
    target = clients.Workshop(workshop.base, workshop.workshop_id, workshop.join_code, workshop.token)
    async with AsyncExitStack() as stack:
        board_socket, welcome = await clients.open_board(stack, target)
        round_id = welcome["snapshot"]["rounds"][0]["id"]
        for text, _ in MANY:
            await clients.send(board_socket, type="statement.add", round_id=round_id, text=text, theme_ids=[])
            await clients.receive_until(board_socket, clients.is_event("statement.added"))
        await clients.set_phase(board_socket, "vote", round_id)
        phone = await open_phone(browser, workshop, page_errors, "partner", "phone")
        await expect(phone.locator("#answer-progress")).to_have_text("1 van 8")
        for column, group in enumerate(GROUP_ORDER):
            for n in range(3):
                socket, joined = await clients.open_phone(stack, target, group)
                for statement, (_, agrees) in zip(joined["snapshot"]["rounds"][0]["statements"], MANY, strict=True):
                    answer = "agree" if n < agrees[column] else "disagree"
                    await clients.send(socket, type="statement.answer", statement_id=statement["id"], answer=answer)
                    await clients.receive_until(socket, lambda f: f["type"] == "answer.accepted")
        await phone.locator('.answer-choice[data-answer="pass"]').click()
        await expect(phone.locator("#answer-progress")).to_have_text("2 van 8")
        screen = await open_screen(browser, workshop, page_errors)
        await clients.send(board_socket, type="votes.reveal", round_id=round_id, revealed=True)
        await expect(screen.locator("#answerers")).to_have_text("13")

    cards = screen.locator("#statements .stage-statement")
    await expect(cards).to_have_count(8)
    await screenshot(screen, "screen-1920x1080-statements-eight")
    for n in range(8):  # every card is whole on the wall
        box = await cards.nth(n).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 1080
    loket = cards.filter(has_text=MANY[0][0])
    await expect(loket.locator(".support-dividing")).to_have_text("verdeeld")
    await expect(loket.locator(".support-weakest")).to_have_text("zwakst: Burger")
    await expect(cards.filter(has_text=MANY[4][0]).locator(".support-dividing")).to_have_text("")
    await screenshot(screen, "screen-1920x1080-statements-eight")
    await assert_accessible(screen)
    await expect(phone.locator("#results .result-item")).to_have_count(8)
    await expect(phone.locator("#results .result-mine", has_text="Jij: Weet niet / pas")).to_have_count(1)
    await screenshot(phone, "phone-360x640-statements-eight")


async def test_a_strategy_statement_names_the_vision_statement_it_serves(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    """Chained rounds keep their lineage: the board of the second round offers the first round's
    statements to serve, and the list says which one a statement serves."""
    workshop = create_workshop(site, rounds=[{"prompt": "Waar staan we in 2035?", "kind": "vision"},
                                             {"prompt": "Hoe komen we daar?", "kind": "strategy"}])
    async with AsyncExitStack() as stack:
        socket, _ = await clients.open_board(stack, clients.Workshop(
            workshop.base, workshop.workshop_id, workshop.join_code, workshop.token))
        await clients.send(socket, type="statement.add", round_id="r1", text="Dienstverlening blijft dichtbij")
        vision = (await clients.receive_until(socket, clients.is_event("statement.added")))[-1]["id"]
        await clients.set_phase(socket, "closed")
        await clients.set_phase(socket, "collect", round_id="r2")
    board = await open_board(browser, workshop, page_errors)
    await board.locator('.view-button[data-board-view="statements"]').click()
    await board.locator("#own-text").fill("Een loket in elke deelgemeente")
    await board.locator("#own-serves").select_option(label="Ronde 1: Dienstverlening blijft dichtbij")
    await board.locator("#own-statement button[type=submit]").click()
    sources = board.locator("#statement-list .statement-item .statement-sources")
    await expect(sources).to_have_text(
        "Eigen stelling van de facilitator · Dient: Ronde 1: Dienstverlening blijft dichtbij")
    await expect(board.locator("#own-serves")).to_have_value("")
    await assert_accessible(board)
    async with httpx.AsyncClient(base_url=workshop.base, timeout=10) as http:
        answer = await http.get(f"/api/workshops/{workshop.workshop_id}",
                                headers={"Authorization": f"Bearer {workshop.token}"})
    assert [s["serves"] for s in answer.json()["rounds"][1]["statements"]] == [[vision]]
