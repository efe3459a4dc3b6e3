"""Rolling upgrades: entries a newer version wrote (a field this one does not know, an event it
does not know) into a real room stream do not stop this version's room reader or its fold."""

from __future__ import annotations

from contextlib import AsyncExitStack

from cocreatie.models import events as ev
from cocreatie.stream.fold import fold
from cocreatie.stream.redis_client import connect
from cocreatie.stream.redis_store import RedisEventStore
from tests.clients import collecting_room, is_event, open_phone, post_idea, receive_until
from tests.newer_writer import UNKNOWN_EVENT, write_newer_entries


async def test_a_live_room_reads_past_a_newer_writers_entries(web: str, redis_url: str, stack: AsyncExitStack) -> None:
    room = await collecting_room(stack, web)
    workshop_id = room.workshop.workshop_id
    async with connect(redis_url) as client:
        store = RedisEventStore(client)
        state = fold(workshop_id, await store.read(workshop_id))
        participant_id = next(iter(state.participants))
        newer = await write_newer_entries(client, state, participant_id, "Een idee van de nieuwe versie")

        frames = await receive_until(room.board, lambda f: f.get("id") == newer[-1])
        seen = {frame["id"]: frame for frame in frames if frame["type"] == "event"}
        added = seen[newer[0]]["data"]
        assert added["text"] == "Een idee van de nieuwe versie" and "mood" not in added
        assert (seen[newer[1]]["event"], seen[newer[1]]["data"]) == ("unknown", {"name": UNKNOWN_EVENT})
        after = await post_idea(room.phone, "c-after", "Een idee van deze versie")
        await receive_until(room.board, lambda f: is_event("idea.added")(f) and f["id"] == after)

        folded = fold(workshop_id, await store.read(workshop_id))
    texts = {"Een idee van de nieuwe versie", "Een idee van deze versie"}
    assert {idea.text for idea in folded.ideas.values()} == texts
    assert folded.last_event_id == after and folded.rounds[0].phase.value == "collect"
    _, welcome = await open_phone(stack, room.workshop)
    assert {idea["text"] for idea in welcome["snapshot"]["ideas"].values()} == texts


def test_a_known_event_keeps_its_name_and_loses_only_the_unknown_fields() -> None:
    read = ev.parse_entry({"event": "idea.hidden", "data": '{"idea_id": "1-0", "hidden": false, "reason": "dup"}'})
    assert read == ev.IdeaHidden(idea_id="1-0", hidden=False)
    assert ev.parse_entry({"event": "room.archived", "data": "{}"}) == ev.UnknownEvent(name="room.archived")
