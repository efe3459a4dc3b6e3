"""Who sees what: the facilitator sees everything, the room sees a redacted feed that still
carries what phones and the projector need to stay current without a reload."""

from __future__ import annotations

import json
from enum import StrEnum

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState
from cocreatie.rules.visibility import PRIVATE_IDEA_FIELDS, public_tally
from cocreatie.rules.votes import voter_count


class Audience(StrEnum):
    facilitator = "facilitator"
    public = "public"


def render_event(event_id: str, event: ev.Event, audience: Audience, state: RoomState) -> str:
    """The `{"type": "event", ...}` frame for one entry, as sent to that audience.

    `state` is the room with this entry already applied.
    """
    if audience is Audience.facilitator:
        data = event.data_json()
    else:
        data = json.dumps(_public(event) | _context(event, state), ensure_ascii=False, separators=(",", ":"))
    return f'{{"type":"event","id":"{event_id}","event":"{event.event}","data":{data}}}'


def events_message(frames: list[str]) -> str:
    """Several rendered `event` frames as one `{"type": "events", "events": [...]}` message."""
    return f'{{"type":"events","events":[{",".join(frames)}]}}'


def _public(event: ev.Event) -> dict[str, object]:
    if isinstance(event, ev.VoteCast):
        return {"round_id": event.round_id}
    hidden = set(PRIVATE_IDEA_FIELDS) if isinstance(event, ev.IdeaAdded) else set()
    if isinstance(event, ev.ParticipantJoined):
        hidden = {"name", "participant_id"}
    return event.model_dump(mode="json", exclude={"event", *hidden})


def _context(event: ev.Event, state: RoomState) -> dict[str, object]:
    """An un-hidden idea travels with its event (sockets that joined meanwhile never had
    it); vote and phase events carry the voter count and the tally as the room may see it."""
    if isinstance(event, ev.IdeaHidden) and not event.hidden and event.idea_id in state.ideas:
        idea = state.ideas[event.idea_id].model_dump(mode="json", exclude=set(PRIVATE_IDEA_FIELDS))
        return {"idea": idea}
    if isinstance(event, (ev.VoteCast, ev.VotesRevealed, ev.PhaseChanged)):
        round_state = state.round(event.round_id)
        if round_state is None:
            return {}
        tally = public_tally(round_state)
        if tally is None and isinstance(event, ev.VoteCast):
            return {"voters": voter_count(round_state)}  # a vote changes nothing the room sees of the tally
        return {"voters": voter_count(round_state), "tally": tally}  # null: hidden (again)
    return {}
