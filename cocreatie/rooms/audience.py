"""Who sees what: the facilitator sees everything, the room sees a redacted feed."""

from __future__ import annotations

import json
from enum import StrEnum

from cocreatie.models import events as ev
from cocreatie.models.state import PRIVATE_IDEA_FIELDS


class Audience(StrEnum):
    facilitator = "facilitator"
    public = "public"


def render_event(event_id: str, event: ev.Event, audience: Audience, shown: dict[str, object] | None = None) -> str:
    """The `{"type": "event", ...}` frame for one entry, as sent to that audience.

    `shown`: for an idea the facilitator un-hides, the idea itself, so that sockets that
    joined while it was hidden can show it.
    """
    data = event.data_json() if audience is Audience.facilitator else json.dumps(_public(event) | _idea(shown))
    return f'{{"type":"event","id":"{event_id}","event":"{event.event}","data":{data}}}'


def _idea(shown: dict[str, object] | None) -> dict[str, object]:
    if shown is None:
        return {}
    return {"idea": {key: value for key, value in shown.items() if key not in PRIVATE_IDEA_FIELDS}}


def _public(event: ev.Event) -> dict[str, object]:
    if isinstance(event, ev.VoteCast):
        return {"round_id": event.round_id}
    hidden = set(PRIVATE_IDEA_FIELDS) if isinstance(event, ev.IdeaAdded) else set()
    if isinstance(event, ev.ParticipantJoined):
        hidden = {"name", "participant_id"}
    return event.model_dump(mode="json", exclude={"event", *hidden})
