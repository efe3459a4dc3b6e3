"""A phone's network goes between submitting an idea and hearing the ack: it reconnects,
resumes, resends the same client id, gets the same event id back, and the idea is kept once."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from cocreatie.stream import keys
from cocreatie.stream.redis_client import connect
from tests.clients import create_workshop
from tests.faults.proxy import proxy_to
from tests.faults.room import Room

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)

# Each cut costs two tokens of the per-participant idea limit (burst 10), so that the
# last, ordinary idea is not refused: the limit is not what this test is about.
CUTS = 4


async def stored_id(redis_url: str, workshop_id: str, client_id: str) -> str:
    """Wait, blocked on the room stream, until Redis has the idea with this client id; its event id."""
    seen = "0-0"
    async with connect(redis_url) as client, asyncio.timeout(15):
        while True:
            for _, entries in await client.xread({keys.events(workshop_id): seen}, block=1000):
                for entry_id, fields in entries:
                    seen = entry_id
                    if fields["event"] == "idea.added" and json.loads(fields["data"])["client_id"] == client_id:
                        return str(entry_id)


async def test_an_idea_resent_after_a_cut_is_kept_once(web: str, redis_url: str, tmp_path: Path) -> None:
    async with proxy_to(int(web.rsplit(":", 1)[1])) as (proxy, proxy_port):
        room = await Room.opened(create_workshop(web), [web], [f"http://127.0.0.1:{proxy_port}"], 1)
        phone = room.phones[0]
        for number in range(CUTS):
            client_id, text = f"cut-{number}", f"Een idee dat onderweg zijn antwoord verloor, nummer {number}"
            proxy.go_deaf()
            await phone.send(type="idea.submit", client_id=client_id, text=text)
            stored = await stored_id(redis_url, room.workshop.workshop_id, client_id)
            proxy.cut()
            assert await phone.submit(client_id, text) == stored
        await phone.submit("after", "Een gewoon idee, zonder onderbreking")
        state = room.check(web, redis_url, await room.settle(redis_url, tmp_path / "worker.log"))
    assert len(phone.resumed) == CUTS
    assert len(state["ideas"]) == CUTS + 1  # type: ignore[arg-type]
