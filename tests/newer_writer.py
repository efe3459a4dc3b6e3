"""Stream entries as a newer version of cocreatie writes them during a rolling upgrade: fields
this version does not know (at the top of an entry and inside a round), and an event it does
not know at all."""

from __future__ import annotations

import json
import time

import redis.asyncio as aioredis

from cocreatie.models.state import RoomState
from cocreatie.models.workshop import Round
from cocreatie.stream import keys

UNKNOWN_EVENT = "idea.edited"


async def write_newer_entries(client: aioredis.Redis, state: RoomState, participant_id: str, text: str) -> list[str]:
    """An idea with a new field, an event of a new kind, a set-up whose rounds have a new field
    (appended to the room's stream as they are); their ids."""
    rounds = [
        Round.model_validate(r.model_dump(include=set(Round.model_fields))).model_dump(mode="json") | {"colour": "teal"}
        for r in state.rounds
    ]
    entries = [
        ("idea.added", {
            "round_id": state.rounds[0].id, "participant_id": participant_id, "client_id": "newer-1",
            "text": text, "at": time.time(), "heading": None, "mood": "hopeful",
        }),
        (UNKNOWN_EVENT, {"idea_id": "0-1", "text": "a kind of event this version never heard of"}),
        ("workshop.edited", {
            "title": state.title, "language": state.language.value, "groups": state.groups,
            "renamed_groups": {}, "rounds": rounds, "seating": "circle",
        }),
    ]
    stream = keys.events(state.workshop_id)
    return [str(await client.xadd(stream, {"event": name, "data": json.dumps(data)})) for name, data in entries]
