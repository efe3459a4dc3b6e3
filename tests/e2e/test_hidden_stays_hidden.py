"""Hidden means hidden (DESIGN §7), with the real clustering worker: once the facilitator
hides the idea that represents a theme, no frame a phone receives carries its text again —
not as an idea, not as the theme's label, keyword or representative — also after the next
re-clustering."""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection

from tests import clients
from tests.e2e.browser import Site, create_workshop

pytestmark = pytest.mark.browser

IDEAS = [
    "Een overdekt zwembad voor de hele regio", "Het zwembad samen met de buurgemeente uitbaten",
    "Zwemlessen voor alle kinderen in het gemeentelijk zwembad", "Een sporthal met zwembad in elke kern",
    "Veilige fietspaden tussen de dorpen", "Fietsstraten rond elke school", "Een fietsbrug over het kanaal",
    "Fietsenstallingen aan de bushaltes",
]


async def _listen(phone: ClientConnection, frames: list[str], reclustered: asyncio.Event) -> None:
    """Every frame the phone gets; `reclustered` is set by the first full re-clustering after the hide."""
    async for frame in phone:
        frames.append(str(frame))
        hidden_seen = any('"idea.hidden"' in earlier for earlier in frames)
        if hidden_seen and '"themes.updated"' in frame and '"themes":[' in frame:
            reclustered.set()


async def _full_themes(board: ClientConnection) -> dict[str, Any]:
    is_full = lambda f: clients.is_event("themes.updated")(f) and f["data"].get("themes")  # noqa: E731
    return (await clients.receive_until(board, is_full, timeout=60))[-1]


async def test_a_hidden_representative_never_reaches_a_phone_again(site: Site) -> None:
    workshop = create_workshop(site)
    protocol = clients.Workshop(workshop.base, workshop.workshop_id, workshop.join_code, workshop.token)
    async with AsyncExitStack() as stack:
        board, _ = await clients.open_board(stack, protocol)
        author, _ = await clients.open_phone(stack, protocol, group="burger")
        watcher, _ = await clients.open_phone(stack, protocol, group="politiek")
        frames: list[str] = []
        reclustered = asyncio.Event()
        listening = asyncio.create_task(_listen(watcher, frames, reclustered))
        await clients.set_phase(board, "collect")
        ids = {text: await clients.post_idea(author, f"h-{n}", text) for n, text in enumerate(IDEAS)}
        await clients.send(board, type="recluster", round_id="r1")
        themes = (await _full_themes(board))["data"]["themes"]
        hidden = next(theme["representative"] for theme in themes if theme["representative"] in ids)
        await clients.send(board, type="idea.hide", idea_id=ids[hidden])
        await clients.receive_until(board, clients.is_event("idea.hidden"))
        await clients.send(board, type="recluster", round_id="r1")
        after = (await _full_themes(board))["data"]["themes"]
        await asyncio.wait_for(reclustered.wait(), timeout=30)  # the phone has that re-clustering too
        listening.cancel()
        _, fresh = await clients.open_phone(stack, protocol, group="partner")
    assert all(hidden not in theme["representative"] for theme in after if theme["representative"])
    since_hidden = frames[next(n for n, frame in enumerate(frames) if '"idea.hidden"' in frame):]
    assert any('"themes.updated"' in frame for frame in since_hidden)
    for text in [*since_hidden, json.dumps(fresh, ensure_ascii=False)]:
        assert hidden not in text, text[:300]
