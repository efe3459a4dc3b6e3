"""Who is connected now, over several web processes (two Presence objects on one real Redis)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import suppress

import pytest

from cocreatie.models.state import Participant, RoomState
from cocreatie.rooms.audience import Audience
from cocreatie.rooms.connection import Connection
from cocreatie.rooms.presence import TTL_SECONDS, Presence
from cocreatie.rooms.room import Room
from cocreatie.stream import keys
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from cocreatie.tokens import new_id

GROUPS = ["politiek", "administratie", "burger", "partner"]
PEOPLE = {"p_ann": "politiek", "p_bob": "burger", "p_cas": "burger", "p_dee": "partner", "p_eva": "administratie"}


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[RedisEventStore]:
    async with connect(redis_url) as client:
        yield RedisEventStore(client)


@pytest.fixture
def state() -> RoomState:
    participants = {pid: Participant(id=pid, group=group) for pid, group in PEOPLE.items()}
    return RoomState(workshop_id=new_id("w"), groups=GROUPS, participants=participants)


def counts(message: str) -> tuple[dict[str, int], dict[str, int]]:
    frame = json.loads(message)
    assert frame["type"] == "presence"
    return frame["now"], frame["joined"]


async def test_the_board_counts_participants_connected_to_every_web_process(
    store: RedisEventStore, state: RoomState
) -> None:
    room = state.workshop_id
    one, two = Presence(store, "web-one"), Presence(store, "web-two")
    one.connected(room, "p_ann")
    two.connected(room, "p_bob")
    two.connected(room, "p_cas")
    two.connected(room, "p_cas")  # a second tab: still one person
    await one.publish()
    await two.publish()
    now, joined = counts(await one.presence_message(room, state))
    assert now == {"politiek": 1, "administratie": 0, "burger": 2, "partner": 0}
    assert joined == {"politiek": 1, "administratie": 1, "burger": 2, "partner": 1}
    assert counts(await two.presence_message(room, state))[0] == now


async def test_this_process_counts_its_own_sockets_before_it_publishes(
    store: RedisEventStore, state: RoomState
) -> None:
    here = Presence(store, "web-here")
    here.connected(state.workshop_id, "p_dee")
    assert counts(await here.presence_message(state.workshop_id, state))[0]["partner"] == 1
    assert counts(await Presence(store, "web-elsewhere").presence_message(state.workshop_id, state))[0]["partner"] == 0


async def test_a_participant_who_leaves_is_no_longer_counted(store: RedisEventStore, state: RoomState) -> None:
    room = state.workshop_id
    board, phones = Presence(store, "web-board"), Presence(store, "web-phones")
    with phones.present(room, "p_bob"):
        phones.connected(room, "p_eva")
        await phones.publish()
        assert counts(await board.presence_message(room, state))[0]["burger"] == 1
        phones.disconnected(room, "p_eva")
    await phones.publish()
    now, joined = counts(await board.presence_message(room, state))
    assert now == dict.fromkeys(GROUPS, 0)
    assert joined["burger"] == 2


async def test_a_web_process_that_stops_takes_its_participants_with_it(
    store: RedisEventStore, state: RoomState
) -> None:
    room = state.workshop_id
    watcher = Presence(store, "web-watcher")
    async with Presence.running(store, "web-leaving") as leaving:
        leaving.connected(room, "p_ann")
        await leaving.publish()
        assert await watcher.now(room) == {"p_ann"}
    assert await watcher.now(room) == set()


async def test_an_entry_nobody_refreshes_is_stale_and_dropped(store: RedisEventStore, state: RoomState) -> None:
    room = state.workshop_id
    await store.publish_presence("web-crashed", {room: ["p_ann"]}, TTL_SECONDS)
    assert await store.presence(room, fresh_seconds=60) == {"web-crashed": ["p_ann"]}
    assert 0 < await store.redis.ttl(keys.presence(room)) <= TTL_SECONDS
    assert await store.presence(room, fresh_seconds=0) == {}
    assert await store.presence(room, fresh_seconds=60) == {}  # dropped, not just filtered


async def test_deleting_a_workshop_deletes_who_is_connected(store: RedisEventStore, state: RoomState) -> None:
    room = state.workshop_id
    await store.publish_presence("web-one", {room: ["p_ann"]}, TTL_SECONDS)
    await store.delete(room, "NOCODE")
    assert await store.presence(room, fresh_seconds=60) == {}


def test_a_socket_that_was_never_counted_cannot_leave(store: RedisEventStore) -> None:
    with pytest.raises(ValueError, match="p_ann has no socket counted"):
        Presence(store).disconnected("w_nowhere", "p_ann")


class Board:
    """A board socket's channel: keeps what it was sent."""

    def __init__(self) -> None:
        self.frames: list[str] = []
        self.got_one = asyncio.Event()

    async def send_text(self, data: str) -> None:
        self.frames.append(data)
        self.got_one.set()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        raise AssertionError("the board socket was closed")


async def test_a_board_socket_is_fed_presence_messages(store: RedisEventStore, state: RoomState) -> None:
    presence, channel, leaving = Presence(store, "web-board"), Board(), asyncio.Event()
    presence.connected(state.workshop_id, "p_ann")
    feeding = asyncio.create_task(
        presence.feed(Room(state.workshop_id, store, state, 10), Connection(channel, Audience.facilitator), leaving)
    )
    try:
        await asyncio.wait_for(channel.got_one.wait(), timeout=10)
    finally:
        leaving.set()
        feeding.cancel()
        await asyncio.wait([feeding])
    assert counts(channel.frames[0])[0]["politiek"] == 1


async def test_a_board_feed_ends_when_its_socket_leaves_though_the_cancel_was_lost(
    store: RedisEventStore, state: RoomState
) -> None:
    """A cancel lost in redis-py's `wait_for` (CPython gh-86296) must not keep feeding a board
    socket that has left: the socket's handler, and its room, would live on."""
    reading = asyncio.Event()

    class MissesOneCancel(Presence):
        async def presence_message(self, workshop_id: str, state: RoomState) -> str:
            message = await super().presence_message(workshop_id, state)
            if not reading.is_set():
                reading.set()  # the socket leaves while this read is out
                with suppress(asyncio.CancelledError):  # lost, as by asyncio.wait_for after the write
                    await asyncio.Event().wait()
            return message

    leaving = asyncio.Event()
    room = Room(state.workshop_id, store, state, 10)
    board = Connection(Board(), Audience.facilitator)
    feeding = asyncio.create_task(MissesOneCancel(store, "web-board").feed(room, board, leaving))
    await asyncio.wait_for(reading.wait(), timeout=10)
    leaving.set()
    feeding.cancel()
    async with asyncio.timeout(30) as deadline:
        await asyncio.wait([feeding])
    assert not deadline.expired(), "the board's presence feed went on after its socket left"
