"""Rolling upgrades: a worker of this version goes past what a newer version wrote into a room
stream (a field it does not know, an event it does not know) and goes on working the room."""

from __future__ import annotations

import time

import pytest

from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase
from cocreatie.stream.fold import fold
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from tests.clients import create_workshop
from tests.newer_writer import write_newer_entries
from workers.embed import Embedder
from workers.room_lock import RoomLock
from workers.room_worker import RoomWorker
from workers.vectors import VectorStore

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)


async def test_the_worker_goes_past_a_newer_writers_entries(web: str, redis_url: str, embedder: Embedder) -> None:
    room = create_workshop(web).workshop_id
    async with connect(redis_url) as client, connect(redis_url, binary=True) as binary:
        store = RedisEventStore(client)
        await store.append(room, ev.PhaseChanged(round_id="r1", phase=Phase.collect))
        own = await store.append(
            room,
            ev.IdeaAdded(round_id="r1", participant_id="p1", client_id="c1", text="Meer fietspaden", at=time.time()),
        )
        newer = await write_newer_entries(client, fold(room, await store.read(room)), "p1", "Veilige fietsroutes")
        worker = RoomWorker(RedisEventStore(client, 3600), RoomLock(client), VectorStore(binary), embedder)

        await worker.handle_room(room)
        assert await store.cursor(room) == newer[-1]
        await worker.run_due(everything=True)
        updates = [event for _, event in await store.read(room, after=newer[-1]) if isinstance(event, ev.ThemesUpdated)]
    placed = {idea for update in updates for idea, theme in update.assign.items() if theme is not None}
    assert {own, newer[0]} <= placed
