"""Deletion is final (issue 12): DELETE leaves only the room's tombstone, which expires after
the retention period, and every writer refuses a deleted workshop without bringing a key of
it back."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack

import httpx
import pytest

from cocreatie.errors import Deleted, NotFound
from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase
from cocreatie.stream import keys
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import DEFAULT_RETENTION_SECONDS, RedisEventStore
from cocreatie.stream.store import Entry, NewWorkshop
from cocreatie.tokens import new_token
from cocreatie.transfer.ideas_csv import ImportedIdea
from cocreatie.transfer.restore import events_for, restore
from cocreatie.transfer.round_import import import_ideas
from tests.clients import collecting_room, post_idea
from tests.scripted_workshop import scripted

Writer = Callable[[RedisEventStore, str], Awaitable[object]]


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[RedisEventStore]:
    async with connect(redis_url) as client:
        yield RedisEventStore(client)


async def room_keys_left(store: RedisEventStore, workshop_id: str) -> list[str]:
    """Every key of the room in Redis, by its hash tag (not by the names the code knows)."""
    return sorted([str(key) async for key in store.redis.scan_iter(match=f"*{{{workshop_id}}}*")])


async def deleted_workshop(store: RedisEventStore) -> str:
    """The scripted workshop, restored as a new one and deleted again."""
    new = await restore(store, scripted().state)
    await store.delete(new.workshop_id, new.join_code)
    return new.workshop_id


async def test_delete_leaves_only_the_tombstone_until_the_retention_period_ends(
    web: str, store: RedisEventStore, stack: AsyncExitStack
) -> None:
    room = await collecting_room(stack, web)
    await post_idea(room.phone, "c1", "Een idee dat weg moet")
    workshop = room.workshop
    async with httpx.AsyncClient() as http:
        answer = await http.delete(
            f"{web}/api/workshops/{workshop.workshop_id}", headers={"Authorization": f"Bearer {workshop.token}"}
        )
    assert answer.status_code == 204

    left = await room_keys_left(store, workshop.workshop_id)
    assert left == [keys.deleted(workshop.workshop_id)] and "deleted" in left[0]
    assert 0 < await store.redis.ttl(left[0]) <= DEFAULT_RETENTION_SECONDS
    assert await store.redis.hget(keys.JOIN_CODES, workshop.join_code) is None


def _phase_change(store: RedisEventStore, workshop_id: str) -> Awaitable[object]:
    return store.append(workshop_id, ev.PhaseChanged(round_id="r1", phase=Phase.collect))


def _join(store: RedisEventStore, workshop_id: str) -> Awaitable[object]:
    return store.add_participant(workshop_id, new_token(), ev.ParticipantJoined(participant_id="n1", group="burger"))


def _idea(store: RedisEventStore, workshop_id: str) -> Awaitable[object]:
    idea = ev.IdeaAdded(round_id="r1", participant_id="b1", client_id="late", text="Nog een idee", at=0.0)
    return store.submit_idea(workshop_id, "b1:late", idea)


def _vote(store: RedisEventStore, workshop_id: str) -> Awaitable[object]:
    return store.cast_vote(workshop_id, ev.VoteCast(round_id="r1", participant_id="b1", dots={}))


def _store_import(store: RedisEventStore, workshop_id: str) -> Awaitable[object]:
    idea = ev.IdeaAdded(round_id="r1", participant_id="import:burger", client_id="f:2", text="Uit een bestand", at=0.0)
    return store.import_ideas(workshop_id, "r1", [("import:burger:f:2", idea)])


def _file_import(store: RedisEventStore, workshop_id: str) -> Awaitable[object]:
    return import_ideas(store, workshop_id, "r1", [ImportedIdea(line=2, text="Uit een bestand")], "burger")


WRITERS: dict[str, Writer] = {
    "phase change": _phase_change,
    "join": _join,
    "idea": _idea,
    "vote": _vote,
    "import into the store": _store_import,
    "import of a file": _file_import,
}


@pytest.mark.parametrize("write", WRITERS.values(), ids=WRITERS.keys())
async def test_every_writer_refuses_a_deleted_workshop_and_writes_no_key(
    store: RedisEventStore, write: Writer
) -> None:
    workshop_id = await deleted_workshop(store)
    with pytest.raises(Deleted):
        await write(store, workshop_id)
    assert await room_keys_left(store, workshop_id) == [keys.deleted(workshop_id)]
    assert not await store.exists(workshop_id)


async def test_a_restore_into_a_tombstoned_id_is_refused(store: RedisEventStore) -> None:
    state = scripted().state
    workshop_id = await deleted_workshop(store)
    entries: list[Entry] = events_for(state, "ABC123")
    created = entries[0][1]
    assert isinstance(created, ev.WorkshopCreatedEvent)
    new = NewWorkshop(workshop_id, "ABC123", new_token(), created)
    with pytest.raises(Deleted):
        await store.restore(new, {r.id: r.phase for r in state.rounds}, {}, entries)
    assert await room_keys_left(store, workshop_id) == [keys.deleted(workshop_id)]


async def test_a_join_code_of_a_deleted_workshop_finds_nothing(store: RedisEventStore) -> None:
    new = await restore(store, scripted().state)
    await store.delete(new.workshop_id, new.join_code)
    await store.redis.hset(keys.JOIN_CODES, new.join_code, new.workshop_id)  # as if the HDEL after it was lost
    await store.redis.xadd(keys.events(new.workshop_id), {"event": "x", "data": "{}"})  # and a writer raced it
    assert not await store.exists(new.workshop_id)
    with pytest.raises(NotFound):
        await store.workshop_for_code(new.join_code)


async def test_no_presence_is_published_for_a_deleted_workshop(store: RedisEventStore) -> None:
    workshop_id = await deleted_workshop(store)
    await store.publish_presence("web-a", {workshop_id: ["b1"]}, ttl_seconds=30)  # a socket not closed yet
    assert await room_keys_left(store, workshop_id) == [keys.deleted(workshop_id)]


async def test_delete_sweeps_keys_of_the_room_that_room_keys_does_not_name(store: RedisEventStore) -> None:
    new = await restore(store, scripted().state)
    bucket = f"cocreatie:{{{new.workshop_id}}}:limit:messages:b1"  # e.g. a participant's rate-limit bucket
    await store.redis.set(bucket, "1", ex=60)
    await store.delete(new.workshop_id, new.join_code)
    assert await room_keys_left(store, new.workshop_id) == [keys.deleted(new.workshop_id)]
