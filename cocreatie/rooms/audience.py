"""Who sees what: the facilitator sees everything, the room sees a redacted feed that still
carries what phones and the projector need to stay current without a reload.

Every entry becomes one frame per audience (so both advance their last event id), but the
room's frame of an idea it may not see says only that something was withheld. Where an
entry changes what the room may see of a round (a screen switch, an approval, an undo),
the room's frame carries that round's public ideas and themes as they now are; where it
changes what the room may see of a round's statements, their support or its final text, it
carries those (`statements_seen`). The board's frames carry the support the fold cannot count.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum

from cocreatie.models import events as ev
from cocreatie.models.state import RoomState, RoundState
from cocreatie.models.workshop import ScreenView
from cocreatie.rules.statements import answerers, statement_support
from cocreatie.rules.visibility import (
    PRIVATE_IDEA_FIELDS,
    dot_support_json,
    is_public,
    public_idea,
    public_statements,
    public_tally,
    public_themes,
    round_ideas,
    statements_shown,
    support_json,
)
from cocreatie.rules.votes import results_revealed, voter_count, voting_or_after


class Audience(StrEnum):
    facilitator = "facilitator"
    public = "public"


def render_event(event_id: str, event: ev.Event, audience: Audience, state: RoomState) -> str:
    """The `{"type": "event", ...}` frame for one entry, as sent to that audience.

    `state` is the room with this entry already applied.
    """
    if audience is Audience.facilitator:
        fields = event.model_dump(mode="json", exclude={"event"}) | _board_context(event, state)
    else:
        fields = _public(event_id, event, state)
    data = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return f'{{"type":"event","id":"{event_id}","event":"{event.event}","data":{data}}}'


def events_message(frames: list[str]) -> str:
    """Several rendered `event` frames as one `{"type": "events", "events": [...]}` message."""
    return f'{{"type":"events","events":[{",".join(frames)}]}}'


def _board_context(event: ev.Event, state: RoomState) -> dict[str, object]:
    """A hidden idea's words leave the round's themes (the fold scrubs them): the board gets them
    anew. Support per group is counted here, not in the page: the board gets it where it changes."""
    match event:
        case ev.IdeaHidden(idea_id=idea_id) if round_state := _round_of_idea(state, idea_id):
            return {"round_themes": [theme.model_dump(mode="json") for theme in round_state.themes.values()]}
        case ev.StatementAdded(round_id=round_id) | ev.StatementRemoved(round_id=round_id) if (
            round_state := state.round(round_id)
        ):
            return {"support": {round_id: support_json(state, round_state)}}
        case ev.StatementAnswered():
            return _answer_support(event, state)
        case ev.WorkshopEdited() | ev.CommandUndone():
            rounds = state.rounds
            return {"support": {r.id: support_json(state, r) for r in rounds}} | _dot_support(state, rounds)
        case ev.VoteCast(round_id=round_id) | ev.VotesRevealed(round_id=round_id) | ev.PhaseChanged(round_id=round_id):
            return _dot_support(state, [state.round(round_id)])
        case ev.ThemesUpdated(round_id=round_id) if (round_state := state.round(round_id)) and voting_or_after(
            round_state
        ):  # a move in the vote may empty a theme; before the vote there is nothing to count
            return _dot_support(state, [round_state])
    return {}


def _dot_support(state: RoomState, rounds: Sequence[RoundState | None]) -> dict[str, object]:
    """The dots' support per group of these rounds, for the board (it changes with ballots,
    phases, themes and groups)."""
    return {"dot_support": {r.id: dot_support_json(state, r) for r in rounds if r is not None}}


def _answer_support(event: ev.StatementAnswered, state: RoomState) -> dict[str, object]:
    """The answered statement's support; the whole round's when the answer came from a group the
    workshop no longer lists (it then appears under every statement)."""
    round_state = state.round(event.round_id)
    if round_state is None:
        return {}
    participant = state.participants.get(event.participant_id)
    if participant is None or participant.group not in state.groups:
        return {"support": {round_state.id: support_json(state, round_state)}}
    if round_state.statement(event.statement_id) is None:
        return {"statement_id": event.statement_id, "statement_support": None}
    found = statement_support(state, round_state, event.statement_id)
    return {"statement_id": event.statement_id, "statement_support": found.model_dump(mode="json", by_alias=True)}


def _public(event_id: str, event: ev.Event, state: RoomState) -> dict[str, object]:
    match event:
        case ev.IdeaAdded():
            return _added(event_id, event, state)
        case ev.IdeaHidden(idea_id=idea_id) | ev.IdeaApproved(idea_id=idea_id):
            return _seen_or_gone(event, idea_id, state)
        case ev.ScreenShown():
            return _with_rounds(event, state)
        case ev.CommandUndone():
            return _with_rounds(event, state) | _revealed_dot_support(state, state.rounds)
        case ev.WorkshopEdited():
            return _with_rounds(event, state) | _statements_seen(state, state.rounds) \
                | _revealed_dot_support(state, state.rounds)
        case ev.IdeaMoved():
            return _moved(event, state)
        case ev.ThemesUpdated():
            return _themes_updated(event, state)
        case ev.VoteCast():
            return _with_tally(event, state)
        case ev.VotesRevealed() | ev.PhaseChanged():
            return _with_tally(event, state) | _statements_seen(state, [state.round(event.round_id)])
        case ev.StatementAdded() | ev.StatementEdited() | ev.StatementRemoved() | ev.StatementsOrdered() \
                | ev.FinalTextSet():  # only what the room may now see: no draft reaches it
            return {"round_id": event.round_id} | _statements_seen(state, [state.round(event.round_id)])
        case ev.StatementAnswered():
            return _answered(event, state)
        case ev.ParticipantJoined():
            return event.model_dump(mode="json", exclude={"event", "name", "participant_id"})
    return event.model_dump(mode="json", exclude={"event"})


def _added(event_id: str, event: ev.IdeaAdded, state: RoomState) -> dict[str, object]:
    idea, round_state = state.ideas.get(event_id), state.round(event.round_id)
    if idea is None or round_state is None or not is_public(idea, round_state):
        return {"round_id": event.round_id, "withheld": True}
    return event.model_dump(mode="json", exclude={"event", *PRIVATE_IDEA_FIELDS})


def _seen_or_gone(event: ev.IdeaHidden | ev.IdeaApproved, idea_id: str, state: RoomState) -> dict[str, object]:
    """The idea itself when the room may now see it (sockets that joined meanwhile never had it)."""
    fields = event.model_dump(mode="json", exclude={"event"})
    idea = state.ideas.get(idea_id)
    round_state = state.round(idea.round_id) if idea else None
    if idea is None or round_state is None:
        return fields
    seen = {"idea": public_idea(idea, round_state)} if is_public(idea, round_state) else {"gone": [idea_id]}
    return fields | seen | {"round_themes": public_themes(state, round_state)}


def _with_rounds(event: ev.ScreenShown | ev.CommandUndone | ev.WorkshopEdited, state: RoomState) -> dict[str, object]:
    """The rounds this changed, as the room may now see them."""
    fields = event.model_dump(mode="json", exclude={"event", "ideas", "themes", "order"})
    rounds = state.rounds if isinstance(event, ev.WorkshopEdited) else [state.round(event.round_id)]
    fields["rounds_seen"] = {r.id: _seen_round(state, r) for r in rounds if r is not None}
    return fields


def _seen_round(state: RoomState, round_state: RoundState) -> dict[str, object]:
    return {"ideas": round_ideas(state, round_state), "themes": public_themes(state, round_state)}


def _moved(event: ev.IdeaMoved, state: RoomState) -> dict[str, object]:
    round_state = _round_of_idea(state, event.idea_id)
    if round_state is None or round_state.screen is not ScreenView.themes:
        return {"idea_id": event.idea_id, "idea_ids": [], "theme_id": None, "withheld": True}
    return event.model_dump(mode="json", exclude={"event"})


def _themes_updated(event: ev.ThemesUpdated, state: RoomState) -> dict[str, object]:
    """Themes only while the screen shows them; assignments only of ideas the room sees; the
    board's hints (suggestions, alike themes) never."""
    round_state = state.round(event.round_id)
    fields = event.model_dump(mode="json", exclude={"event", "themes", "assign", "placed", "suggest", "alike"})
    if round_state is None or round_state.screen is not ScreenView.themes:
        return fields | {"themes": None, "assign": {}}
    seen = {i for i in event.assign if (idea := state.ideas.get(i)) is not None and is_public(idea, round_state)}
    themes = public_themes(state, round_state) if event.themes is not None else None
    return fields | {"themes": themes, "assign": {i: t for i, t in event.assign.items() if i in seen}}


def _with_tally(event: ev.VoteCast | ev.VotesRevealed | ev.PhaseChanged, state: RoomState) -> dict[str, object]:
    """Vote and phase events carry the voter count and the tally as the room may see it."""
    fields: dict[str, object] = {"round_id": event.round_id}
    if not isinstance(event, ev.VoteCast):
        fields = event.model_dump(mode="json", exclude={"event"})
    round_state = state.round(event.round_id)
    if round_state is None:
        return fields
    tally = public_tally(round_state)
    if tally is None and isinstance(event, ev.VoteCast):
        return fields | {"voters": voter_count(round_state)}  # a vote changes nothing the room sees of the tally
    return fields | {"voters": voter_count(round_state), "tally": tally} \
        | _revealed_dot_support(state, [round_state])  # null: hidden (again)


def _revealed_dot_support(state: RoomState, rounds: Sequence[RoundState | None]) -> dict[str, object]:
    """The dots' support per group of these rounds as the room may see it: null until revealed."""
    return {"dot_support": {
        r.id: dot_support_json(state, r) if results_revealed(r) else None for r in rounds if r is not None
    }}


def _statements_seen(state: RoomState, rounds: Sequence[RoundState | None]) -> dict[str, object]:
    """Per round, its statements, answerers, support and final text as the room may now see them."""
    return {"statements_seen": {r.id: public_statements(state, r) for r in rounds if r is not None}}


def _answered(event: ev.StatementAnswered, state: RoomState) -> dict[str, object]:
    """How many have answered; who answered what never, the support only once results may be shown."""
    fields: dict[str, object] = {"round_id": event.round_id}
    round_state = state.round(event.round_id)
    if round_state is None:
        return fields
    fields["answerers"] = answerers(round_state)
    if statements_shown(round_state) and results_revealed(round_state):
        return fields | _answer_support(event, state)
    return fields


def _round_of_idea(state: RoomState, idea_id: str) -> RoundState | None:
    idea = state.ideas.get(idea_id)
    return state.round(idea.round_id) if idea else None
