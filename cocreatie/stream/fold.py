"""The room state is a pure fold of its events: `fold(events) == live state`."""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatch

from cocreatie.models import events as ev
from cocreatie.models.state import Idea, Participant, RoomState, RoundState, Theme
from cocreatie.models.workshop import Phase


def fold(workshop_id: str, entries: Iterable[tuple[str, ev.Event]]) -> RoomState:
    """Rebuild a room from scratch."""
    state = RoomState(workshop_id=workshop_id)
    for event_id, event in entries:
        apply(state, event_id, event)
    return state


def apply(state: RoomState, event_id: str, event: ev.Event) -> None:
    """Apply one entry in place and advance the last event id."""
    _apply(event, state, event_id)
    state.last_event_id = event_id


@singledispatch
def _apply(event: object, state: RoomState, event_id: str) -> None:
    raise TypeError(f"no fold rule for {type(event).__name__}")


@_apply.register
def _(event: ev.WorkshopCreatedEvent, state: RoomState, event_id: str) -> None:
    state.title, state.language, state.groups = event.title, event.language, list(event.groups)
    state.join_code, state.created_at = event.join_code, event.created_at
    state.rounds = [RoundState(**spec.model_dump()) for spec in event.rounds]
    state.current_round_id = event.rounds[0].id


@_apply.register
def _(event: ev.ParticipantJoined, state: RoomState, event_id: str) -> None:
    state.participants[event.participant_id] = Participant(
        id=event.participant_id, group=event.group, name=event.name
    )


@_apply.register
def _(event: ev.IdeaAdded, state: RoomState, event_id: str) -> None:
    participant = state.participants.get(event.participant_id)
    state.ideas[event_id] = Idea(
        id=event_id,
        round_id=event.round_id,
        participant_id=event.participant_id,
        client_id=event.client_id,
        group=participant.group if participant else "",
        text=event.text,
        at=event.at,
    )


@_apply.register
def _(event: ev.IdeaHidden, state: RoomState, event_id: str) -> None:
    if idea := state.ideas.get(event.idea_id):
        idea.hidden = event.hidden


@_apply.register
def _(event: ev.PhaseChanged, state: RoomState, event_id: str) -> None:
    if round_state := state.round(event.round_id):
        round_state.phase = event.phase
        if event.phase is not Phase.closed:
            state.current_round_id = event.round_id


@_apply.register
def _(event: ev.TimerStarted, state: RoomState, event_id: str) -> None:
    if round_state := state.round(event.round_id):
        round_state.timer_ends_at = event.ends_at if event.seconds else None


@_apply.register
def _(event: ev.IdeaMoved, state: RoomState, event_id: str) -> None:
    if idea := state.ideas.get(event.idea_id):
        idea.theme_id, idea.placed = event.theme_id, True


@_apply.register
def _(event: ev.ThemeRenamed, state: RoomState, event_id: str) -> None:
    if theme := _theme(state, event.theme_id):
        theme.label, theme.renamed = event.label, True


@_apply.register
def _(event: ev.ThemesMerged, state: RoomState, event_id: str) -> None:
    """Merged ideas are placed in the surviving theme, so they stay merged."""
    round_state = state.round_of_theme(event.into)
    if round_state is None:
        return
    for idea in state.ideas.values():
        if idea.theme_id in event.theme_ids:
            idea.theme_id, idea.placed = event.into, True
    for theme_id in event.theme_ids:
        if theme_id != event.into:
            round_state.themes.pop(theme_id, None)


@_apply.register
def _(event: ev.ThemeSplitRequested, state: RoomState, event_id: str) -> None:
    """A split frees the theme's ideas so the worker can cluster them anew."""
    if theme := _theme(state, event.theme_id):
        theme.pinned = False
        for idea in state.ideas.values():
            if idea.theme_id == event.theme_id:
                idea.placed = False


@_apply.register
def _(event: ev.ThemePinned, state: RoomState, event_id: str) -> None:
    if theme := _theme(state, event.theme_id):
        theme.pinned = event.pinned


@_apply.register
def _(event: ev.ReclusterRequested, state: RoomState, event_id: str) -> None:
    """Nothing changes until the worker answers with `themes.updated`."""


@_apply.register
def _(event: ev.ThemesUpdated, state: RoomState, event_id: str) -> None:
    """The worker's view, except where the facilitator's hand says otherwise."""
    round_state = state.round(event.round_id)
    if round_state is None:
        return
    if event.themes is not None:
        old = round_state.themes
        round_state.themes = {view.id: _merge_theme(view, old.get(view.id)) for view in event.themes}
    for idea_id, theme_id in event.assign.items():
        idea = state.ideas.get(idea_id)
        if idea is not None and (not idea.placed or idea_id in event.placed):
            idea.theme_id, idea.placed = theme_id, idea.placed or idea_id in event.placed
    if event.model:
        state.model = event.model


@_apply.register
def _(event: ev.VoteCast, state: RoomState, event_id: str) -> None:
    if round_state := state.round(event.round_id):
        round_state.votes[event.participant_id] = dict(event.dots)


@_apply.register
def _(event: ev.VotesRevealed, state: RoomState, event_id: str) -> None:
    if round_state := state.round(event.round_id):
        round_state.revealed = event.revealed


@_apply.register
def _(event: ev.RoundSeeded, state: RoomState, event_id: str) -> None:
    if round_state := state.round(event.round_id):
        round_state.seeded_from, round_state.headings = event.source_round_id, list(event.headings)


def _merge_theme(view: ev.ThemeView, old: Theme | None) -> Theme:
    theme = Theme(**view.model_dump())
    if old is not None:
        theme.pinned = old.pinned
        if old.renamed:
            theme.label, theme.renamed = old.label, True
    return theme


def _theme(state: RoomState, theme_id: str) -> Theme | None:
    round_state = state.round_of_theme(theme_id)
    return round_state.themes.get(theme_id) if round_state else None
