"""Who a phone is: a returning participant by token, or a new one with a group."""

from __future__ import annotations

from dataclasses import dataclass

from cocreatie.errors import InvalidMessage, NotAuthenticated
from cocreatie.models import events as ev
from cocreatie.models.messages import ParticipantHello
from cocreatie.models.state import RoomState
from cocreatie.stream.store import EventStore
from cocreatie.tokens import new_id, new_token, token_hash


class UnknownParticipant(NotAuthenticated):
    """The token names nobody in this workshop: no hello with it can succeed, so the phone
    must drop it and join anew."""


@dataclass(frozen=True)
class Identity:
    participant_id: str
    last_event_id: str | None
    new_token: str | None = None
    batch: bool = False

    @property
    def welcome_fields(self) -> dict[str, object]:
        fields: dict[str, object] = {"participant_id": self.participant_id}
        if self.new_token is not None:
            fields["participant_token"] = self.new_token
        return fields


async def identify(store: EventStore, state: RoomState, hello: ParticipantHello) -> Identity:
    """A known token comes back as the same person; without one, a group makes a new participant."""
    if hello.participant_token:
        known = await store.secret(state.workshop_id, f"p:{token_hash(hello.participant_token)}")
        if known is None:
            raise UnknownParticipant("this participant token is unknown here; join again without it")
        return Identity(known, hello.last_event_id, batch=hello.batch)
    if hello.group not in state.groups:
        raise InvalidMessage(f"pick a stakeholder group: one of {', '.join(state.groups)}")
    token = new_token()
    joined = ev.ParticipantJoined(participant_id=new_id("p"), group=hello.group, name=hello.name or None)
    await store.add_participant(state.workshop_id, token, joined)
    return Identity(joined.participant_id, None, token, hello.batch)
