"""The phones and the projector show what the facilitator lets through.

The facilitator is a board socket driven from Python (tests/clients.py); phones and the
projector are real pages. A waiting idea reaches its author's phone only; silent writing
shows the prompt alone; seeded headings fold away and the chosen heading travels with the
idea; revealed results show during the vote; an `unavailable` answer does not leave an
idea "sending"; long Dutch words are never cut. Screenshots of each phase at the sizes
people use go to test-artifacts/.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import pytest
from playwright.async_api import Browser, Page, ViewportSize, WebSocketRoute, expect

from tests import clients
from tests.e2e.browser import (
    LAPTOP,
    PHONE,
    PROJECTOR,
    PageErrors,
    Site,
    Workshop,
    assert_accessible,
    create_workshop,
    open_phone,
    open_screen,
    post_accepted,
    screenshot,
)

pytestmark = pytest.mark.browser

TALL_PHONE: ViewportSize = {"width": 390, "height": 844}
PHONES = (PHONE, TALL_PHONE)
SCREENS = (LAPTOP, PROJECTOR)
LONG_WORDS = ["Gemeenteraadsverkiezingen", "Intergemeentelijke samenwerkingsverbanden",
              "Klantvriendelijkheidsopleidingen", "Woonzorgcentrumuitbreiding"]
WALL_IDEAS = [
    "Een deelfietsensysteem tussen alle deelgemeenten", "Meer zitbanken langs de wandelroutes",
    "Eén loket voor alle vragen van inwoners", "Groene speelplaatsen die na schooltijd open blijven",
    "Betaalbare huurwoningen voor jonge gezinnen", "Een jaarlijks buurtfeest in elke wijk",
    "Trage wegen opnieuw openstellen voor wandelaars", "Laadpalen bij elk gemeentehuis",
    "Een repair café in de bibliotheek", "Zonnepanelen op alle openbare gebouwen",
    "Veilige oversteekplaatsen aan de scholen", "Een gemeentelijke app met alle diensten",
    "Samen aankopen doen met de buurgemeenten om kosten te drukken", "Meer bomen op de markt",
    "Een dorpsraad per deelgemeente", "Nachtbussen in het weekend",
]
HEADINGS = ["Mobiliteit", "Wonen", "Groen en klimaat", "Onderwijs", "Zorg", "Sport en vrije tijd",
            "Cultuur", "Veiligheid", "Dienstverlening"]


class Board:
    """The facilitator, over a real board socket."""

    def __init__(self, socket: clients.ClientConnection) -> None:
        self.socket = socket

    async def do(self, event: str, **command: Any) -> clients.Frame:
        """Send a command; the event it appended (an error answer fails the test)."""
        await clients.send(self.socket, **command)
        frames = await clients.receive_until(
            self.socket, lambda f: f.get("type") == "error" or clients.is_event(event)(f))
        assert frames[-1]["type"] == "event", frames[-1]
        return frames[-1]

    async def next_event(self, event: str) -> clients.Frame:
        return (await clients.receive_until(self.socket, clients.is_event(event)))[-1]


@asynccontextmanager
async def facilitator(workshop: Workshop) -> AsyncIterator[Board]:
    async with AsyncExitStack() as stack:
        socket, _ = await clients.open_board(stack, clients.Workshop(
            workshop.base, workshop.workshop_id, workshop.join_code, workshop.token))
        yield Board(socket)


async def append_themes(workshop: Workshop, board: Board, round_id: str, labels: list[str],
                        assign: dict[str, str | None] | None = None,
                        representative: str | None = None) -> list[str]:
    """Stand in for the clustering worker: these themes for the round; their ids, once the
    board has them (so has the web process: a command about them may follow at once)."""
    from cocreatie.models import events as ev
    from cocreatie.stream.redis_client import connect
    from cocreatie.stream.redis_store import RedisEventStore

    ids = [f"t{n}" for n in range(1, len(labels) + 1)]
    views = [ev.ThemeView(id=theme_id, label=label, keywords=label.lower().split()[:3],
                          representative=representative if not label else None)
             for theme_id, label in zip(ids, labels, strict=True)]
    async with connect(workshop.redis_url) as client:
        await RedisEventStore(client).append(workshop.workshop_id, ev.ThemesUpdated(
            round_id=round_id, themes=views, assign=assign or {}, model="stand-in", full=True))
    await board.next_event("themes.updated")
    return ids


async def idea_ids(workshop: Workshop) -> dict[str, str]:
    """Text → id of every idea in the workshop, read from its event log."""
    from cocreatie.models import events as ev
    from cocreatie.stream.redis_client import connect
    from cocreatie.stream.redis_store import RedisEventStore

    async with connect(workshop.redis_url) as client:
        entries = await RedisEventStore(client).read(workshop.workshop_id)
    return {event.text: entry_id for entry_id, event in entries if isinstance(event, ev.IdeaAdded)}


async def many_ideas(workshop: Workshop, texts: list[str]) -> None:
    """Ideas from phone sockets (not pages), a few each (within the per-phone burst), in order."""
    room = clients.Workshop(workshop.base, workshop.workshop_id, workshop.join_code, workshop.token)
    async with AsyncExitStack() as stack:
        for start in range(0, len(texts), 5):
            socket, _ = await clients.open_phone(stack, room, "administratie")
            for n, text in enumerate(texts[start:start + 5], start=start):
                await clients.post_idea(socket, f"wall-{n}", text)


async def shoot(page: Page, name: str, sizes: tuple[ViewportSize, ...]) -> None:
    """A screenshot at each size; the page is left at the first."""
    for size in (*sizes[1:], sizes[0]):
        await page.set_viewport_size(size)
        await screenshot(page, f"{name}-{size['width']}x{size['height']}")


async def watch_texts(page: Page) -> None:
    """Record every text and attribute value the page's DOM ever gets from now on."""
    await page.evaluate("""() => {
      window.__seen = [document.documentElement.outerHTML];
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === "characterData") window.__seen.push(r.target.data);
          if (r.type === "attributes") window.__seen.push(String(r.target.getAttribute(r.attributeName)));
          for (const node of r.addedNodes) window.__seen.push(node.outerHTML ?? node.textContent);
        }
      }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    }""")


async def ever_seen(page: Page, text: str) -> bool:
    return bool(await page.evaluate("(text) => window.__seen.some((s) => s.includes(text))", text))


async def cut_words(page: Page) -> list[str]:
    """Elements whose style may cut a word, or whose text is wider than their box (once the
    page has drawn two frames since, so that it has fitted its text to the current size)."""
    await page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return list(await page.evaluate("""() => [...document.querySelectorAll('body *')].flatMap((node) => {
      const style = getComputedStyle(node);
      const cuts = style.overflowWrap === 'anywhere' || style.wordBreak === 'break-all';
      const wide = node.offsetParent && node.hasAttribute('data-fit') && node.scrollWidth > node.clientWidth + 1;
      return cuts || wide ? [`${node.id || node.className}: ${node.textContent.slice(0, 40)}`] : [];
    })"""))


async def test_a_waiting_idea_reaches_only_its_author_until_approved(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    workshop = create_workshop(site)
    async with facilitator(workshop) as board:
        await board.do("moderation.set", type="moderation.set", round_id="r1", mode="pre")
        await board.do("phase.changed", type="phase.set", round_id="r1", phase="collect")
        screen = await open_screen(browser, workshop, page_errors)
        author = await open_phone(browser, workshop, page_errors, "burger", "author")
        other = await open_phone(browser, workshop, page_errors, "politiek", "other")
        for page in (screen, other):
            await watch_texts(page)
        secret = "Een gratis pendelbus naar het ziekenhuis"

        await author.locator("#idea").fill(secret)
        await author.locator("#compose button[type=submit]").click()
        mine = author.locator(".mine-item", has_text=secret)
        await expect(mine).to_have_attribute("data-status", "waiting")
        await expect(mine.locator(".mine-status")).to_have_text("Wacht op goedkeuring")
        await assert_accessible(author)
        idea_id = (await board.next_event("idea.added"))["id"]
        await shoot(author, "phone-waiting", PHONES)
        await author.reload()
        await expect(author.locator(".mine-item", has_text=secret)).to_have_attribute("data-status", "waiting")

        # a later event reaches every page: by then each has had (and withheld) the idea
        await board.do("timer.started", type="timer.start", round_id="r1", seconds=300)
        await expect(screen.locator("#timer")).to_be_visible()
        await expect(other.locator("#timer")).to_be_visible()
        await expect(screen.locator("#ideas")).to_have_text("0")
        for page in (screen, other):
            assert not await ever_seen(page, secret)
            assert secret not in await page.content()
        await shoot(screen, "screen-waiting", SCREENS)

        await board.do("idea.approved", type="idea.approve", idea_id=idea_id)
        await expect(screen.locator(".latest-idea", has_text=secret)).to_have_count(1)
        await expect(screen.locator("#ideas")).to_have_text("1")
        await expect(author.locator(".mine-item", has_text=secret)).to_have_attribute("data-status", "accepted")
        await author.reload()
        await expect(author.locator(".mine-item", has_text=secret)).to_have_attribute("data-status", "accepted")


async def test_the_projector_follows_the_view_the_facilitator_shows(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    workshop = create_workshop(site)
    texts = ["Fietsstraten rond elke school", "Een repair café in elk dorp"]
    async with facilitator(workshop) as board:
        screen = await open_screen(browser, workshop, page_errors)
        await expect(screen.locator("#waiting")).to_have_text("We beginnen zo meteen.")
        await shoot(screen, "screen-draft", SCREENS)
        await board.do("phase.changed", type="phase.set", round_id="r1", phase="collect")
        phone = await open_phone(browser, workshop, page_errors, "burger", "phone")
        for text in texts:
            await post_accepted(phone, text)
        await expect(screen.locator(".latest-idea")).to_have_count(2)

        await board.do("screen.shown", type="screen.show", round_id="r1", view="prompt")
        await expect(screen.locator("#stage")).to_have_attribute("data-view", "prompt")
        await expect(screen.locator(".latest-idea")).to_have_count(0)
        await expect(screen.locator(".stage-theme")).to_have_count(0)
        await expect(screen.locator("#ideas-stat")).to_be_hidden()  # not even how many
        await expect(screen.locator("#waiting")).to_have_text("Denk na en schrijf je ideeën op je telefoon.")
        for text in texts:
            assert text not in await screen.content()
        await expect(phone.locator(".mine-item", has_text=texts[0])).to_have_attribute("data-status", "accepted")
        await assert_accessible(screen)
        await shoot(screen, "screen-prompt", SCREENS)
        await shoot(phone, "phone-prompt", PHONES)

        await board.do("screen.shown", type="screen.show", round_id="r1", view="ideas")
        await expect(screen.locator("#stage")).to_have_attribute("data-view", "ideas")
        for text in texts:
            await expect(screen.locator(".latest-idea", has_text=text)).to_be_visible()
        await expect(screen.locator("#ideas")).to_have_text("2")
        await shoot(screen, "screen-ideas", SCREENS)
        await many_ideas(workshop, WALL_IDEAS)
        await expect(screen.locator("#ideas")).to_have_text(str(2 + len(WALL_IDEAS)))
        await expect(screen.locator(".latest-idea").first).to_have_text(WALL_IDEAS[-1])  # the newest first
        for size in SCREENS:
            await screen.set_viewport_size(size)
            assert await cut_words(screen) == []
            assert await screen.evaluate("""() => {
              const bottom = document.getElementById('latest').getBoundingClientRect().bottom;
              const shown = [...document.querySelectorAll('.latest-idea')].filter((n) => !n.hidden);
              return shown.length > 0 && shown.every((n) => n.getBoundingClientRect().bottom <= bottom + 1
                && n.scrollHeight <= n.clientHeight + 1);
            }""")  # whole ideas only: none cut by the bottom edge or squeezed
            await screenshot(screen, f"screen-ideas-wall-{size['width']}x{size['height']}")

        await board.do("screen.shown", type="screen.show", round_id="r1", view="themes")
        await expect(screen.locator("#stage")).to_have_attribute("data-view", "themes")
        await expect(screen.locator(".latest-idea").or_(screen.locator(".stage-theme")).first).to_be_visible()
        await shoot(screen, "screen-collect", SCREENS)

    # the test site listens on 127.0.0.1: phones cannot reach it, and the projector says so
    how = screen.locator("#join-how")
    await expect(how).to_contain_text("127.0.0.1")
    await expect(screen.locator("#loopback")).to_contain_text("cocreatie up --lan")


async def test_a_theme_without_a_label_is_never_blank(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    workshop = create_workshop(site)
    async with facilitator(workshop) as board:
        await board.do("phase.changed", type="phase.set", round_id="r1", phase="collect")
        screen = await open_screen(browser, workshop, page_errors)
        ids = await append_themes(workshop, board, "r1", ["Mobiliteit", "", ""])
        for theme_id in ids:
            await board.do("theme.pinned", type="theme.pin", theme_id=theme_id)
        labels = screen.locator(".stage-theme-label")
        await expect(labels).to_have_text(["Mobiliteit", "Thema 2", "Thema 3"])


async def test_headings_fold_away_and_the_chosen_heading_travels(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    workshop = create_workshop(site, rounds=[
        {"prompt": "Waar staat onze nieuwe gemeente in 2035?", "kind": "vision"},
        {"prompt": "Hoe maken we dat waar?", "kind": "strategy"},
    ])
    async with facilitator(workshop) as board:
        await board.do("phase.changed", type="phase.set", round_id="r1", phase="collect")
        await board.do("phase.changed", type="phase.set", round_id="r1", phase="closed")
        ids = await append_themes(workshop, board, "r1", HEADINGS)
        await board.do("round.seeded", type="round.seed", round_id="r2", source_round_id="r1", theme_ids=ids)
        await board.do("phase.changed", type="phase.set", round_id="r2", phase="collect")
        phone = await open_phone(browser, workshop, page_errors, "burger", "phone")
        screen = await open_screen(browser, workshop, page_errors)

        block = phone.locator("#headings-block")
        await expect(block).to_be_visible()
        assert not await block.evaluate("(node) => node.open")  # folded: the idea box comes first
        await expect(phone.locator("#headings-count")).to_have_text("(9)")
        await assert_accessible(phone)
        for selector in ("#idea", "#compose button[type=submit]"):
            box = await phone.locator(selector).bounding_box()
            assert box is not None and box["y"] + box["height"] <= PHONE["height"], selector
        await expect(screen.locator("#headings li")).to_have_count(9)
        await shoot(phone, "phone-seeded", PHONES)
        await shoot(screen, "screen-seeded", SCREENS)
        await block.locator("summary").click()
        await expect(phone.locator("#headings li").first).to_be_visible()
        await screenshot(phone, "phone-seeded-open-360x640")
        await block.locator("summary").click()

        await phone.locator("#heading").select_option(label="Wonen")
        await post_accepted(phone, "Kleine woningen voor starters")
        assert (await board.next_event("idea.added"))["data"]["heading"] == ids[1]
        await expect(phone.locator(".mine-item .mine-heading")).to_have_text("Bij: Wonen")

        # the outbox keeps the heading while offline, and sends it once back
        await phone.context.set_offline(True)
        await phone.locator("#heading").select_option(label="Zorg")
        await phone.locator("#idea").fill("Een buurtverpleegkundige per wijk")
        await phone.locator("#compose button[type=submit]").click()
        stored = await phone.evaluate(f"() => localStorage.getItem('cocreatie:mine:{workshop.join_code}')")
        assert [item.get("heading") for item in json.loads(stored)] == [ids[1], ids[4]]
        await phone.context.set_offline(False)
        assert (await board.next_event("idea.added"))["data"]["heading"] == ids[4]


async def test_revealed_results_show_on_the_phone_during_the_vote(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    workshop = create_workshop(site)
    async with facilitator(workshop) as board:
        await board.do("phase.changed", type="phase.set", round_id="r1", phase="collect")
        phone = await open_phone(browser, workshop, page_errors, "partner", "phone")
        texts = ["Een zwembad voor de hele regio", "Het dorpsplein autovrij maken"]
        for text in texts:
            await post_accepted(phone, text)
        await shoot(phone, "phone-collect", PHONES)
        await board.do("phase.changed", type="phase.set", round_id="r1", phase="vote")  # the worker rests now
        added = await idea_ids(workshop)
        assign = {added[texts[0]]: "t1", added[texts[1]]: "t2"}
        await append_themes(workshop, board, "r1", ["Sport", "Pleinen"], assign=assign)
        screen = await open_screen(browser, workshop, page_errors)
        first = phone.locator('.vote-item[data-key="t1"]')
        await first.locator(".plus").click()
        await expect(phone.locator("#dots-left")).to_have_text("Nog 2 stippen van 3")
        await board.next_event("vote.cast")
        await expect(first.locator(".vote-tally")).to_be_hidden()  # not revealed: no result
        await shoot(phone, "phone-vote", PHONES)

        await board.do("votes.revealed", type="votes.reveal", round_id="r1", revealed=True)
        await expect(first.locator(".vote-tally")).to_have_text("1 stip in totaal")
        await expect(phone.locator('.vote-item[data-key="t2"] .vote-tally')).to_have_text("0 stippen in totaal")
        await expect(first.locator(".plus")).to_be_enabled()  # the vote is still open
        await expect(screen.locator(".stage-statement-text", has_text="● 1")).to_have_count(1)
        await shoot(phone, "phone-vote-revealed", PHONES)
        await shoot(screen, "screen-vote-revealed", SCREENS)

        await board.do("phase.changed", type="phase.set", round_id="r1", phase="closed")
        await expect(phone.locator(".theme-item").first.locator(".theme-dots")).to_have_text("1 stip")
        await shoot(phone, "phone-results", PHONES)
        await shoot(screen, "screen-results", SCREENS)


async def test_an_unavailable_answer_sends_the_idea_again(
    browser: Browser, site: Site, page_errors: PageErrors
) -> None:
    """The room answers `unavailable` (Redis was away): the phone keeps the idea and sends it again."""
    workshop = create_workshop(site)
    refused: list[str] = []

    def first_submit_fails(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def from_page(message: str | bytes) -> None:
            frame = json.loads(message)
            if frame.get("type") == "idea.submit" and not refused:
                refused.append(frame["client_id"])
                ws.send(json.dumps({"type": "error", "code": "unavailable", "client_id": frame["client_id"],
                                    "message": "the workshop is briefly unreachable"}))
                return
            server.send(message)

        ws.on_message(from_page)
        server.on_message(ws.send)

    async with facilitator(workshop) as board:
        await board.do("phase.changed", type="phase.set", round_id="r1", phase="collect")
        phone = await open_phone(browser, workshop, page_errors, "burger", "phone")
        await phone.route_web_socket("**/ws/join/**", first_submit_fails)
        await phone.reload()  # the socket now goes through the route
        await expect(phone.locator("#compose")).to_be_visible()
        text = "Een deelauto per straat"
        await phone.locator("#idea").fill(text)
        await phone.locator("#compose button[type=submit]").click()
        await expect(phone.locator(".mine-item", has_text=text)).to_have_attribute("data-status", "accepted")
        added = await board.next_event("idea.added")
        assert refused == [added["data"]["client_id"]]


async def test_long_dutch_words_are_never_cut(browser: Browser, site: Site, page_errors: PageErrors) -> None:
    prompt = "Hoe versterken we de intergemeentelijke samenwerkingsverbanden na de gemeenteraadsverkiezingen?"
    workshop = create_workshop(site, rounds=[{"prompt": prompt, "kind": "vision"}])
    async with facilitator(workshop) as board:
        await board.do("phase.changed", type="phase.set", round_id="r1", phase="collect")
        screen = await open_screen(browser, workshop, page_errors)
        labels = [*LONG_WORDS, *HEADINGS[:8]]
        for theme_id in await append_themes(workshop, board, "r1", labels):
            await board.do("theme.pinned", type="theme.pin", theme_id=theme_id)
        await expect(screen.locator(".stage-theme")).to_have_count(12)
        label = screen.locator(".stage-theme-label").first
        styles = await label.evaluate("(n) => { const s = getComputedStyle(n);"
                                      " return [s.overflowWrap, s.wordBreak, s.hyphens, n.closest('[lang]').lang]; }")
        assert styles == ["normal", "normal", "auto", "nl"]
        for size in SCREENS:
            await screen.set_viewport_size(size)
            assert await cut_words(screen) == []
            await screenshot(screen, f"screen-long-words-{size['width']}x{size['height']}")

        phone = await open_phone(browser, workshop, page_errors, "burger", "phone")
        for word in LONG_WORDS:
            await post_accepted(phone, f"Meer aandacht voor {word.lower()} in de regio")
        assert await cut_words(phone) == []
        for size in PHONES:
            await phone.set_viewport_size(size)
            assert await phone.evaluate("""() => {
              const prompt = document.getElementById('prompt');
              prompt.style.overflowWrap = 'normal';  // would its longest word stick out, unwrapped?
              const fits = prompt.scrollWidth <= prompt.clientWidth + 1;
              prompt.style.overflowWrap = '';
              return fits;
            }""")
        await shoot(phone, "phone-long-words", PHONES)
        await board.do("screen.shown", type="screen.show", round_id="r1", view="ideas")
        await expect(screen.locator(".latest-idea")).to_have_count(len(LONG_WORDS))
        for size in SCREENS:
            await screen.set_viewport_size(size)
            assert await cut_words(screen) == []
            await screenshot(screen, f"screen-long-ideas-{size['width']}x{size['height']}")
