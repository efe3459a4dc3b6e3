"""What each client message does: validate against the room, append to its stream."""

from __future__ import annotations

import time
from dataclasses import dataclass

from cocreatie import metrics
from cocreatie.errors import NotFound, RateLimited
from cocreatie.models import events as ev
from cocreatie.models import messages as msg
from cocreatie.models.state import RoomState, RoundState
from cocreatie.rooms.limits import RateLimit
from cocreatie.rooms.room import Room
from cocreatie.rules.chain import seed_round
from cocreatie.rules.votes import check_ballot
from cocreatie.stream.store import EventStore


@dataclass(frozen=True)
class Caller:
    """Who sent a message: a participant (with an id) or the facilitator (participant_id None)."""

    room: Room
    store: EventStore
    participant_id: str | None = None

    @property
    def state(self) -> RoomState:
        return self.room.state

    @property
    def workshop_id(self) -> str:
        return self.room.workshop_id


async def submit_idea(caller: Caller, message: msg.IdeaSubmit, limit: RateLimit) -> str:
    """Append once per (participant, client id); answer only after Redis has it.

    The phase is checked by Redis itself, atomically with the append: another web process
    may have opened the round a moment before this one heard of it.
    """
    participant_id = caller.participant_id or ""
    round_state = _current_round(caller.state)
    dedupe_key = f"{participant_id}:{message.client_id}"
    if not limit.allow(participant_id):
        earlier = await caller.store.accepted_id(caller.workshop_id, dedupe_key)
        if earlier is None:
            raise RateLimited("too many ideas at once; wait a moment")
        return msg.IdeaAccepted(client_id=message.client_id, event_id=earlier).model_dump_json()
    event = ev.IdeaAdded(
        round_id=round_state.id, participant_id=participant_id,
        client_id=message.client_id, text=message.text, at=time.time(),
    )
    event_id, added = await caller.store.submit_idea(caller.workshop_id, dedupe_key, event)
    if added:
        metrics.IDEAS_ACCEPTED.inc()
    return msg.IdeaAccepted(client_id=message.client_id, event_id=event_id).model_dump_json()


async def cast_vote(caller: Caller, message: msg.VoteCastMessage) -> str:
    """Replace this participant's dots in the round; only in the vote phase."""
    ballot = check_ballot(caller.state.require_round(message.round_id), message.dots)
    event = ev.VoteCast(round_id=message.round_id, participant_id=caller.participant_id or "", dots=ballot)
    event_id = await caller.store.append(caller.workshop_id, event)
    return msg.VoteAccepted(round_id=message.round_id, dots=ballot, event_id=event_id).model_dump_json()


async def facilitate(caller: Caller, command: msg.FacilitatorCommand) -> None:
    """Turn a facilitator command into its event; theme edits wake the workers."""
    event = _event_for(caller.state, command)
    event_id = await caller.store.append(caller.workshop_id, event)
    if not isinstance(event, (ev.TimerStarted, ev.VotesRevealed, ev.RoundSeeded)):
        await caller.store.notify_workers(caller.workshop_id, event_id)


def _event_for(state: RoomState, command: msg.FacilitatorCommand) -> ev.Event:
    match command:
        case msg.PhaseSet(round_id=round_id, phase=phase):
            return ev.PhaseChanged(round_id=state.require_round(round_id).id, phase=phase)
        case msg.TimerStart(round_id=round_id, seconds=seconds):
            return ev.TimerStarted(
                round_id=state.require_round(round_id).id, seconds=seconds, ends_at=time.time() + seconds
            )
        case msg.IdeaHide(idea_id=idea_id, hidden=hidden):
            return ev.IdeaHidden(idea_id=_idea(state, idea_id), hidden=hidden)
        case msg.IdeaMove(idea_id=idea_id, theme_id=theme_id):
            return _move(state, idea_id, theme_id)
        case msg.ThemeRename(theme_id=theme_id, label=label):
            return ev.ThemeRenamed(theme_id=_known_theme(state, theme_id), label=label)
        case msg.ThemeMerge(theme_ids=theme_ids):
            return _merge(state, theme_ids)
        case msg.ThemeSplit(theme_id=theme_id):
            return ev.ThemeSplitRequested(theme_id=_known_theme(state, theme_id))
        case msg.ThemePin(theme_id=theme_id, pinned=pinned):
            return ev.ThemePinned(theme_id=_known_theme(state, theme_id), pinned=pinned)
        case msg.Recluster(round_id=round_id):
            return ev.ReclusterRequested(round_id=state.require_round(round_id).id)
        case msg.VotesReveal(round_id=round_id, revealed=revealed):
            return ev.VotesRevealed(round_id=state.require_round(round_id).id, revealed=revealed)
        case msg.RoundSeed(round_id=round_id, source_round_id=source, theme_ids=theme_ids):
            return ev.RoundSeeded(**seed_round(state, source, round_id, theme_ids=theme_ids).model_dump())
    raise TypeError(f"no handler for {type(command).__name__}")


def _move(state: RoomState, idea_id: str, theme_id: str | None) -> ev.IdeaMoved:
    idea_round = state.ideas[_idea(state, idea_id)].round_id
    if theme_id is not None and _theme_round(state, theme_id).id != idea_round:
        raise NotFound("that theme belongs to another round")
    return ev.IdeaMoved(idea_id=idea_id, theme_id=theme_id)


def _merge(state: RoomState, theme_ids: list[str]) -> ev.ThemesMerged:
    rounds = {_theme_round(state, theme_id).id for theme_id in theme_ids}
    if len(rounds) != 1 or len(set(theme_ids)) < 2:
        raise NotFound("merge needs two or more different themes of one round")
    return ev.ThemesMerged(theme_ids=list(dict.fromkeys(theme_ids)), into=theme_ids[0])


def _current_round(state: RoomState) -> RoundState:
    return state.require_round(state.current_round_id or "")


def _idea(state: RoomState, idea_id: str) -> str:
    if idea_id not in state.ideas:
        raise NotFound(f"no idea {idea_id!r} in this workshop")
    return idea_id


def _theme_round(state: RoomState, theme_id: str) -> RoundState:
    round_state = state.round_of_theme(theme_id)
    if round_state is None:
        raise NotFound(f"no theme {theme_id!r} in this workshop")
    return round_state


def _known_theme(state: RoomState, theme_id: str) -> str:
    _theme_round(state, theme_id)
    return theme_id
