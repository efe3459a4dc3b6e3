"""The room lock between workers: a note left by a worker that found the room busy is
honoured, and the room is let go afterwards, whichever path held it."""

from __future__ import annotations

import time

import pytest

from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase
from cocreatie.stream import keys
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from tests.clients import create_workshop
from workers.embed import Embedder
from workers.room_lock import RoomLock
from workers.room_worker import RoomWorker
from workers.vectors import VectorStore

pytestmark = pytest.mark.cluster  # also on a local Redis Cluster (tests/conftest.py)


async def test_a_due_recluster_honours_a_note_and_lets_the_room_go(
    web: str, redis_url: str, embedder: Embedder
) -> None:
    room = create_workshop(web).workshop_id
    async with connect(redis_url) as client, connect(redis_url, binary=True) as binary:
        store = RedisEventStore(client)
        await store.append(room, ev.PhaseChanged(round_id="r1", phase=Phase.collect))
        await store.append(
            room,
            ev.IdeaAdded(round_id="r1", participant_id="p1", client_id="c1", text="Meer fietspaden", at=time.time()),
        )
        worker = RoomWorker(RedisEventStore(client, 3600), RoomLock(client), VectorStore(binary), embedder)
        await worker.handle_room(room)  # embeds the idea and schedules a re-cluster
        await client.set(keys.lock_note(room), "1")  # another worker found the room busy meanwhile

        await worker.run_due(everything=True)
        assert not await client.exists(keys.lock(room), keys.lock_note(room))
