"""Who sees what: the facilitator sees everything, the room sees a redacted feed."""

from __future__ import annotations

import json
from enum import StrEnum

from cocreatie.models import events as ev


class Audience(StrEnum):
    facilitator = "facilitator"
    public = "public"


def render_event(event_id: str, event: ev.Event, audience: Audience) -> str:
    """The `{"type": "event", ...}` frame for one entry, as sent to that audience."""
    data = event.data_json() if audience is Audience.facilitator else json.dumps(_public(event))
    return f'{{"type":"event","id":"{event_id}","event":"{event.event}","data":{data}}}'


def _public(event: ev.Event) -> dict[str, object]:
    if isinstance(event, ev.VoteCast):
        return {"round_id": event.round_id}
    hidden = {"participant_id"} if isinstance(event, ev.IdeaAdded) else set()
    if isinstance(event, ev.ParticipantJoined):
        hidden = {"name", "participant_id"}
    return event.model_dump(mode="json", exclude={"event", *hidden})
