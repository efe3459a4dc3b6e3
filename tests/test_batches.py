"""A socket whose hello asked for `batch` gets events that are ready at once as one
`events` message, in order; one that did not gets them one by one, the same ids."""

from __future__ import annotations

import json
from contextlib import AsyncExitStack

from websockets.asyncio.client import connect as open_socket

from cocreatie.models import events as ev
from cocreatie.models.workshop import Phase
from cocreatie.stream import keys
from cocreatie.stream.redis_client import connect
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
