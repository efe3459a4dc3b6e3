"""A socket whose hello asked for `batch` gets events that are ready at once as one
`events` message, in order; one that did not gets them one by one, the same ids."""

from __future__ import annotations

import asyncio
import json
import time
from contextlib import AsyncExitStack

from websockets.asyncio.client import connect as open_socket

from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase
from cocreatie.rooms.room import FAN_OUT_INTERVAL
from cocreatie.stream import keys
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from tests.clients import Frame, create_workshop, open_board, receive


async def test_events_written_together_arrive_together_when_asked(
    web: str, redis_url: str, stack: AsyncExitStack
) -> None:
    workshop = create_workshop(web)
    single, _ = await open_board(stack, workshop)
    batched = await stack.enter_async_context(open_socket(workshop.ws(f"/ws/board/{workshop.workshop_id}")))
    await batched.send(json.dumps({"type": "hello", "token": workshop.token, "batch": True}))
    assert (await receive(batched))["type"] == "welcome"

    phases = [Phase.collect, Phase.cluster, Phase.vote]
    async with connect(redis_url) as client, client.pipeline(transaction=True) as together:
        for phase in phases:  # one transaction: the room reader gets all three in one read
            event = ev.PhaseChanged(round_id="r1", phase=phase)
            together.xadd(keys.events(workshop.workshop_id), {"event": event.event, "data": event.data_json()})
        ids = [entry_id.decode() if isinstance(entry_id, bytes) else entry_id for entry_id in await together.execute()]

    message = await receive(batched)
    assert message["type"] == "events"
    assert [(e["id"], e["event"], e["data"]["phase"]) for e in message["events"]] == [
        (entry_id, "phase.changed", phase.value) for entry_id, phase in zip(ids, phases, strict=True)
    ]
    one_by_one: list[Frame] = [await receive(single) for _ in phases]
    assert [(f["type"], f["id"]) for f in one_by_one] == [("event", entry_id) for entry_id in ids]


async def test_events_written_one_by_one_in_a_rush_go_out_together(
    web: str, redis_url: str, stack: AsyncExitStack
) -> None:
    """The room writes to its sockets at most once per FAN_OUT_INTERVAL: a burst of ideas
    and their answers costs a few writes per socket, not one per event."""
    workshop = create_workshop(web)
    batched = await stack.enter_async_context(open_socket(workshop.ws(f"/ws/board/{workshop.workshop_id}")))
    await batched.send(json.dumps({"type": "hello", "token": workshop.token, "batch": True}))
    assert (await receive(batched))["type"] == "welcome"

    phases = [Phase.collect, Phase.cluster] * 10
    async with connect(redis_url) as client:
        store = RedisEventStore(client, retention_seconds=3600)
        ids = []
        started = time.monotonic()
        for phase in phases:  # each its own append (which wakes the room), 5 ms apart
            ids.append(await store.append(workshop.workshop_id, ev.PhaseChanged(round_id="r1", phase=phase)))
            await asyncio.sleep(0.005)
        writing = time.monotonic() - started

    received: list[str] = []
    messages = 0
    while len(received) < len(ids):
        message = await receive(batched)
        messages += 1
        received += [e["id"] for e in message["events"]] if message["type"] == "events" else [message["id"]]
    assert received == ids
    most = writing / FAN_OUT_INTERVAL + 2  # one write at once, then one per interval, and the rest
    assert messages <= most, f"{len(ids)} events written in {writing:.3f} s came in {messages} messages"


async def test_a_board_opened_in_a_rush_starts_from_the_last_event_written(
    web: str, redis_url: str, stack: AsyncExitStack
) -> None:
    """The room folds each event into its state as soon as it reads it; only the writes to
    its sockets wait for the interval. A board that opens while events wait to go out (or a
    command checked then) sees them: read-your-writes right after an `idea.accepted`."""
    workshop = create_workshop(web)
    await open_board(stack, workshop)  # the room is open, its reader running
    async with connect(redis_url) as client:
        store = RedisEventStore(client, retention_seconds=3600)
        for phase in [Phase.collect, Phase.cluster] * 5:
            last = await store.append(workshop.workshop_id, ev.PhaseChanged(round_id="r1", phase=phase))
            await asyncio.sleep(0.005)
    _, welcome = await open_board(stack, workshop)
    assert welcome["last_event_id"] == last
    assert welcome["snapshot"]["rounds"][0]["phase"] == "cluster"
