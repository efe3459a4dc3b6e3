"""A workshop rebuilt from its folded state (a JSON export) as a new workshop.

`events_for` is pure: the events, at explicit stream ids, whose fold is the state again.
Ideas and statements keep their ids (the ids of their `idea.added` and `statement.added`
entries), so the workshop and its participants go before the first of them ("0-1", "0-2",
…) and everything that refers to them after the last one. `restore` has the store write them into a fresh stream.
"""

from __future__ import annotations

from pydantic import ValidationError

from cocreatie.errors import InvalidMessage
from cocreatie.models import events as ev
from cocreatie.models.state import Idea, RoomState, RoundState
from cocreatie.models.workshop import Moderation, Phase, Round, ScreenView
from cocreatie.stream.ids import MalformedStreamId, StreamKey, format_stream_id, stream_id_key
from cocreatie.stream.store import Entry, EventStore, NewWorkshop
from cocreatie.tokens import new_id, new_token

RUNNING_TIMER_SECONDS = 1
"""The state keeps when a timer ends, not how long it ran; any positive duration folds alike."""


def events_for(state: RoomState, join_code: str) -> list[Entry]:
    """The entries whose fold is `state` (with `join_code`), or `InvalidMessage` saying why not.

    The last entry gets the state's `last_event_id` when that lies after everything else;
    a state whose last entry was an idea ends a few sequence numbers later instead.
    """
    _check(state)
    ideas = sorted(state.ideas.values(), key=lambda idea: _parse(idea.id))
    head: list[ev.Event] = [_created(state, join_code), *_joins(state), *_held(state)]
    own = sorted([*((idea.id, _added(idea)) for idea in ideas), *_stated(state)], key=lambda entry: _parse(entry[0]))
    tail: list[ev.Event] = [
        *_seeds(state), *_themes(state), *_hidden(ideas), *_approved(state, ideas), *_moderation(state),
        *_timers(state), *_votes(state), *_statements(state), *_reveals(state), *_phases(state), ev.UndoCleared(),
    ]
    own_ids = [_parse(entry_id) for entry_id, _ in own]
    stream_ids = _stream_ids(len(head), own_ids, len(tail), _parse(state.last_event_id))
    events = [*head, *(event for _, event in own), *tail]
    return list(zip(map(format_stream_id, stream_ids), events, strict=True))


def _stream_ids(head: int, own: list[StreamKey], tail: int, last: StreamKey) -> list[StreamKey]:
    """Ids for the head ("0-1", …), the ideas' and statements' own, then the tail; the last
    one is `last` if it can be."""
    head_ids = [(0, number) for number in range(1, head + 1)]
    if own and head_ids[-1] >= own[0]:
        raise InvalidMessage(
            f"the first idea's or statement's id {format_stream_id(own[0])} leaves no room for the workshop before it"
        )
    start = own[-1] if own else head_ids[-1]
    ids = [*head_ids, *own, *((start[0], start[1] + number) for number in range(1, tail + 1))]
    ends_on_an_idea = bool(own) and not tail
    if not ends_on_an_idea and last > (ids[-2] if len(ids) > 1 else (0, 0)):
        ids[-1] = last
    return ids


async def restore(store: EventStore, state: RoomState) -> NewWorkshop:
    """`state` as a new workshop: new id, join code and facilitator token.

    The phase guard is set to each round's phase, the ideas' idempotency records are kept,
    and the clustering workers' cursor starts after the restored history: its themes are
    already the facilitator's, and only what happens from now on is theirs to cluster.
    """
    workshop_id = new_id("w")
    events_for(state, "")  # refuses an impossible state before any write
    join_code = await store.claim_join_code(workshop_id)
    entries = events_for(state, join_code)
    new = NewWorkshop(workshop_id, join_code, new_token(), _created(state, join_code))
    submitted = {f"{i.participant_id}:{i.client_id}": i.id for i in state.ideas.values()}
    await store.restore(new, {r.id: r.phase for r in state.rounds}, submitted, entries)
    return new


def _check(state: RoomState) -> None:
    """What no stream can fold into: say which part of the state is off."""
    round_ids = [r.id for r in state.rounds]
    if not round_ids or len(set(round_ids)) != len(round_ids):
        raise InvalidMessage("a workshop needs rounds with distinct ids")
    if state.round(state.current_round_id or "") is None:
        raise InvalidMessage(f"the current round {state.current_round_id!r} is not one of the rounds")
    for key, idea in state.ideas.items():
        participant = state.participants.get(idea.participant_id)
        if key != idea.id or state.round(idea.round_id) is None:
            raise InvalidMessage(f"idea {key} has another id or an unknown round")
        if idea.group != (participant.group if participant else ""):
            raise InvalidMessage(f"idea {key} has a group its participant does not have")
    if any(r.seeded_from is None and r.headings for r in state.rounds):
        raise InvalidMessage("a round has headings but no round it was seeded from")


def _created(state: RoomState, join_code: str) -> ev.WorkshopCreatedEvent:
    try:
        rounds = [Round.model_validate(r.model_dump(include=set(Round.model_fields))) for r in state.rounds]
    except ValidationError as error:
        raise InvalidMessage(f"a round of this workshop is not valid: {error}") from error
    return ev.WorkshopCreatedEvent(
        title=state.title,
        language=state.language,
        groups=list(state.groups),
        rounds=rounds,
        join_code=join_code,
        created_at=state.created_at,
    )


def _joins(state: RoomState) -> list[ev.Event]:
    return [ev.ParticipantJoined(participant_id=p.id, group=p.group, name=p.name) for p in state.participants.values()]


def _added(idea: Idea) -> ev.IdeaAdded:
    return ev.IdeaAdded(
        round_id=idea.round_id,
        participant_id=idea.participant_id,
        client_id=idea.client_id,
        text=idea.text,
        at=idea.at,
        heading=idea.heading,
    )


def _held(state: RoomState) -> list[ev.Event]:
    """Rounds with ideas waiting for approval take their ideas pre-moderated (the others are approved later)."""
    waiting = {idea.round_id for idea in state.ideas.values() if idea.waiting}
    return [ev.ModerationSet(round_id=r.id, mode=Moderation.pre) for r in state.rounds if r.id in waiting]


def _approved(state: RoomState, ideas: list[Idea]) -> list[ev.Event]:
    held = {event.round_id for event in _held(state) if isinstance(event, ev.ModerationSet)}
    return [ev.IdeaApproved(idea_id=idea.id) for idea in ideas if idea.round_id in held and not idea.waiting]


def _moderation(state: RoomState) -> list[ev.Event]:
    """Each round's moderation and screen as they were (the fold starts at open and themes)."""
    events: list[ev.Event] = [ev.ModerationSet(round_id=r.id, mode=r.moderation) for r in state.rounds]
    shown = [r for r in state.rounds if r.screen is not ScreenView.themes]
    return events + [ev.ScreenShown(round_id=r.id, view=r.screen) for r in shown]


def _themes(state: RoomState) -> list[ev.Event]:
    """Per round, the themes with their ideas, then the facilitator's pins and names.

    Rounds go last to first: pins and names find a theme in the first round that has its
    id, and the earlier rounds have no themes yet.
    """
    events: list[ev.Event] = []
    for round_state in reversed(state.rounds):
        events += _round_themes(state, round_state)
    if state.model and not any(isinstance(event, ev.ThemesUpdated) for event in events):
        events.append(ev.ThemesUpdated(round_id=state.rounds[0].id, themes=[], model=state.model))
    return events


def _round_themes(state: RoomState, round_state: RoundState) -> list[ev.Event]:
    ideas = [
        idea
        for idea in state.ideas.values()
        if idea.round_id == round_state.id and (idea.theme_id is not None or idea.placed)
    ]
    if not round_state.themes and not ideas:
        return []
    themes = round_state.themes.values()
    views = [ev.ThemeView(**t.model_dump(include={"id", "label", "keywords", "representative"})) for t in themes]
    return [
        ev.ThemesUpdated(
            round_id=round_state.id,
            themes=views,
            assign={idea.id: idea.theme_id for idea in ideas},
            model=state.model,
            full=True,
            placed=[idea.id for idea in ideas if idea.placed],
        ),
        *(ev.ThemePinned(theme_id=t.id, pinned=t.pinned) for t in themes if t.touched and not t.renamed),
        *(ev.ThemeRenamed(theme_id=t.id, label=t.label) for t in themes if t.renamed),
        *(ev.ThemePinned(theme_id=t.id, pinned=True) for t in themes if t.pinned and t.renamed),
    ]


def _hidden(ideas: list[Idea]) -> list[ev.Event]:
    return [ev.IdeaHidden(idea_id=idea.id) for idea in ideas if idea.hidden]


def _seeds(state: RoomState) -> list[ev.Event]:
    return [
        ev.RoundSeeded(round_id=r.id, source_round_id=r.seeded_from, headings=list(r.headings))
        for r in state.rounds
        if r.seeded_from is not None
    ]


def _timers(state: RoomState) -> list[ev.Event]:
    return [
        ev.TimerStarted(round_id=r.id, seconds=RUNNING_TIMER_SECONDS, ends_at=r.timer_ends_at)
        for r in state.rounds
        if r.timer_ends_at is not None
    ]


def _votes(state: RoomState) -> list[ev.Event]:
    return [
        ev.VoteCast(round_id=r.id, participant_id=participant_id, dots=dict(dots))
        for r in state.rounds
        for participant_id, dots in r.votes.items()
    ]


def _stated(state: RoomState) -> list[tuple[str, ev.Event]]:
    """Each statement at its own id, with its text as it is now."""
    return [
        (statement.id, ev.StatementAdded(round_id=r.id, text=statement.text, theme_ids=list(statement.theme_ids),
                                         serves=list(statement.serves)))
        for r in state.rounds
        for statement in r.statements
    ]


def _statements(state: RoomState) -> list[ev.Event]:
    """Per round with statements: their order, every answer, the final text."""
    events: list[ev.Event] = []
    for r in state.rounds:
        if r.statements:
            events.append(ev.StatementsOrdered(round_id=r.id, statement_ids=[s.id for s in r.statements]))
        events += [
            ev.StatementAnswered(round_id=r.id, statement_id=statement_id, participant_id=participant_id, answer=answer)
            for participant_id, answers in r.answers.items()
            for statement_id, answer in answers.items()
        ]
        if r.final_text:
            events.append(ev.FinalTextSet(round_id=r.id, sentences=list(r.final_text)))
    return events


def _reveals(state: RoomState) -> list[ev.Event]:
    return [ev.VotesRevealed(round_id=r.id) for r in state.rounds if r.revealed]


def _phases(state: RoomState) -> list[ev.Event]:
    """Every round's phase, ending on the current round (a phase other than closed makes a round current)."""
    current = state.round(state.current_round_id or "")
    if current is None:
        raise InvalidMessage("the current round is not one of the rounds")
    others = [r for r in state.rounds if r is not current and r.phase is not Phase.draft]
    events: list[ev.Event] = [ev.PhaseChanged(round_id=r.id, phase=r.phase) for r in others]
    open_rounds = [r.id for r in others if r.phase is not Phase.closed]
    already_current = (open_rounds[-1] if open_rounds else state.rounds[0].id) == current.id
    if current.phase is Phase.closed and not already_current:
        events.append(ev.PhaseChanged(round_id=current.id, phase=Phase.draft))
    if current.phase is not Phase.draft or not already_current:
        events.append(ev.PhaseChanged(round_id=current.id, phase=current.phase))
    return events


def _parse(event_id: str) -> StreamKey:
    try:
        return stream_id_key(event_id)
    except MalformedStreamId as error:
        raise InvalidMessage(str(error)) from error
