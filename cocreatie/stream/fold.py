"""The room state is a pure fold of its events: `fold(events) == live state`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import singledispatch

from cocreatie.models import events as ev
from cocreatie.models.state import (
    UNDO_DEPTH,
    Idea,
    IdeaPatch,
    Participant,
    RoomState,
    RoundState,
    Sentence,
    Statement,
    Theme,
    UndoRecord,
    keyword_label,
)
from cocreatie.models.workshop import Moderation, Phase, Round

UNDOABLE = (
    ev.IdeaHidden, ev.IdeaApproved, ev.IdeaMoved, ev.ThemeRenamed, ev.ThemesMerged, ev.ThemeSplitRequested,
    ev.ThemePinned,
)
_LETTERS = re.compile(r"[^\W\d_]+")


def fold(workshop_id: str, entries: Iterable[tuple[str, ev.Event]]) -> RoomState:
    """Rebuild a room from scratch."""
    state = RoomState(workshop_id=workshop_id)
    for event_id, event in entries:
        apply(state, event_id, event)
    return state


def apply(state: RoomState, event_id: str, event: ev.Event) -> None:
    """Apply one entry in place and advance the last event id; remember how to undo a
    facilitator's command."""
    before = _before(state, event) if isinstance(event, UNDOABLE) else None
    _apply(event, state, event_id)
    if before is not None:
        _remember_undo(state, event_id, event, before)
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
        heading=event.heading,
        waiting=_moderated(state, event.round_id),
    )


def _moderated(state: RoomState, round_id: str) -> bool:
    round_state = state.round(round_id)
    return round_state is not None and round_state.moderation is Moderation.pre


@_apply.register
def _(event: ev.IdeaHidden, state: RoomState, event_id: str) -> None:
    if idea := state.ideas.get(event.idea_id):
        idea.hidden = event.hidden
        round_state = state.round(idea.round_id)
        if event.hidden and round_state is not None:
            _scrub(state, round_state, idea)
            _keep_hints(state, round_state)


@_apply.register
def _(event: ev.IdeaApproved, state: RoomState, event_id: str) -> None:
    if idea := state.ideas.get(event.idea_id):
        idea.waiting = False


@_apply.register
def _(event: ev.ModerationSet, state: RoomState, event_id: str) -> None:
    """Switching to `open` approves nothing that is waiting."""
    if round_state := state.round(event.round_id):
        round_state.moderation = event.mode


@_apply.register
def _(event: ev.ScreenShown, state: RoomState, event_id: str) -> None:
    if round_state := state.round(event.round_id):
        round_state.screen = event.view


@_apply.register
def _(event: ev.PhaseChanged, state: RoomState, event_id: str) -> None:
    if round_state := state.round(event.round_id):
        round_state.phase = event.phase
        if event.phase is not Phase.collect:
            round_state.timer_ends_at = None
        if event.phase is not Phase.closed:
            state.current_round_id = event.round_id


@_apply.register
def _(event: ev.TimerStarted, state: RoomState, event_id: str) -> None:
    if round_state := state.round(event.round_id):
        round_state.timer_ends_at = event.ends_at if event.seconds else None


@_apply.register
def _(event: ev.IdeaMoved, state: RoomState, event_id: str) -> None:
    for idea_id in event.moved():
        if idea := state.ideas.get(idea_id):
            idea.theme_id, idea.placed = event.theme_id, True
    if event.theme_id is not None and (theme := _theme(state, event.theme_id)):
        theme.touched = True
    for round_id in {state.ideas[i].round_id for i in event.moved() if i in state.ideas}:
        if round_state := state.round(round_id):
            _keep_hints(state, round_state)


@_apply.register
def _(event: ev.ThemeRenamed, state: RoomState, event_id: str) -> None:
    if theme := _theme(state, event.theme_id):
        theme.label, theme.renamed, theme.touched = event.label, True, True


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
    if into := round_state.themes.get(event.into):
        into.touched = True
    _keep_hints(state, round_state)


@_apply.register
def _(event: ev.ThemeSplitRequested, state: RoomState, event_id: str) -> None:
    """A split frees the theme's ideas so the worker can cluster them anew."""
    if theme := _theme(state, event.theme_id):
        theme.pinned, theme.touched = False, True
        for idea in state.ideas.values():
            if idea.theme_id == event.theme_id:
                idea.placed = False


@_apply.register
def _(event: ev.ThemePinned, state: RoomState, event_id: str) -> None:
    if theme := _theme(state, event.theme_id):
        theme.pinned, theme.touched = event.pinned, True


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
        old, views = round_state.themes, {view.id: view for view in event.themes}
        order = [theme_id for theme_id in old if theme_id in views] + [v for v in views if v not in old]
        round_state.themes = {theme_id: _merge_theme(views[theme_id], old.get(theme_id)) for theme_id in order}
        _unassign_from_gone_themes(state, round_state)
        _decided(i for i in state.ideas.values() if i.round_id == round_state.id)  # the whole round was looked at
    for idea_id, theme_id in event.assign.items():
        idea = state.ideas.get(idea_id)
        if idea is not None and (not idea.placed or idea_id in event.placed):
            idea.theme_id, idea.placed = theme_id, idea.placed or idea_id in event.placed
    _decided(i for i in map(state.ideas.get, event.assign) if i is not None)
    if event.themes is not None:
        round_state.suggest, round_state.alike = dict(event.suggest), list(event.alike)
    else:
        round_state.suggest |= event.suggest
    _keep_hints(state, round_state)
    if event.model:
        state.model = event.model


def _decided(ideas: Iterable[Idea]) -> None:
    """The worker has answered these ideas: a theme, or "not yet in a theme"."""
    for idea in ideas:
        idea.decided = True


def _keep_hints(state: RoomState, round_state: RoundState) -> None:
    """The board's hints hold only while they make sense: a suggestion goes once its idea has
    a theme, was put aside by hand, is hidden or gone; a hint goes with a theme it names."""
    round_state.suggest = {
        idea_id: theme_id for idea_id, theme_id in round_state.suggest.items()
        if theme_id in round_state.themes and (idea := state.ideas.get(idea_id)) is not None
        and idea.theme_id is None and not idea.placed and not idea.hidden
    }
    round_state.alike = [pair for pair in round_state.alike if all(t in round_state.themes for t in pair)]


def _unassign_from_gone_themes(state: RoomState, round_state: RoundState) -> None:
    """No idea stays in a theme the round no longer has (a hidden idea, which the worker
    does not assign, in a theme it dropped)."""
    for idea in state.ideas.values():
        if idea.round_id == round_state.id and idea.theme_id is not None and idea.theme_id not in round_state.themes:
            idea.theme_id, idea.placed = None, False


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


@_apply.register
def _(event: ev.StatementAdded, state: RoomState, event_id: str) -> None:
    if round_state := state.round(event.round_id):
        round_state.statements.append(
            Statement(id=event_id, text=event.text, theme_ids=list(event.theme_ids), serves=list(event.serves))
        )


@_apply.register
def _(event: ev.StatementEdited, state: RoomState, event_id: str) -> None:
    if (round_state := state.round(event.round_id)) and (statement := round_state.statement(event.statement_id)):
        statement.text = event.text


@_apply.register
def _(event: ev.StatementRemoved, state: RoomState, event_id: str) -> None:
    """Its answers go with it, and neither the final text's sentences nor the statements of
    later rounds name it."""
    round_state = state.round(event.round_id)
    if round_state is None:
        return
    gone = event.statement_id
    for later in state.rounds:
        for statement in later.statements:
            statement.serves = [s for s in statement.serves if s != gone]
    round_state.statements = [s for s in round_state.statements if s.id != gone]
    for participant_id, answers in list(round_state.answers.items()):
        answers.pop(gone, None)
        if not answers:
            del round_state.answers[participant_id]
    for sentence in round_state.final_text:
        sentence.statement_ids = [s for s in sentence.statement_ids if s != gone]


@_apply.register
def _(event: ev.StatementsOrdered, state: RoomState, event_id: str) -> None:
    if round_state := state.round(event.round_id):
        by_id = {s.id: s for s in round_state.statements}
        named = [s for s in dict.fromkeys(event.statement_ids) if s in by_id]
        round_state.statements = [by_id[s] for s in named] + [s for s in round_state.statements if s.id not in named]


@_apply.register
def _(event: ev.StatementAnswered, state: RoomState, event_id: str) -> None:
    round_state = state.round(event.round_id)
    if round_state is not None and round_state.statement(event.statement_id) is not None:
        round_state.answers.setdefault(event.participant_id, {})[event.statement_id] = event.answer


@_apply.register
def _(event: ev.FinalTextSet, state: RoomState, event_id: str) -> None:
    if round_state := state.round(event.round_id):
        round_state.final_text = [Sentence(**sentence.model_dump()) for sentence in event.sentences]


@_apply.register
def _(event: ev.CommandUndone, state: RoomState, event_id: str) -> None:
    """Ideas and themes get back what they had before the command (the record holds the
    themes its ideas were in); an idea whose theme is gone all the same (a record written
    without it) is unassigned rather than left in a theme that does not exist."""
    for idea_id, patch in event.ideas.items():
        if idea := state.ideas.get(idea_id):
            idea.theme_id, idea.placed, idea.hidden, idea.waiting = (
                patch.theme_id, patch.placed, patch.hidden, patch.waiting
            )
    if round_state := state.round(event.round_id):
        themes = dict(round_state.themes)
        for theme_id, theme in event.themes.items():
            if theme is None:
                themes.pop(theme_id, None)
            else:
                themes[theme_id] = theme.model_copy(deep=True)
        order = [t for t in event.order if t in themes] + [t for t in themes if t not in event.order]
        round_state.themes = {theme_id: themes[theme_id] for theme_id in order}
        _unassign_from_gone_themes(state, round_state)
        _keep_hints(state, round_state)
    state.undo_log = [record for record in state.undo_log if record.event_id != event.undone]


@_apply.register
def _(event: ev.UndoCleared, state: RoomState, event_id: str) -> None:
    state.undo_log = []


@_apply.register
def _(event: ev.WorkshopEdited, state: RoomState, event_id: str) -> None:
    """The new set-up; rounds that stay keep their ideas, themes and votes."""
    state.title, state.language, state.groups = event.title, event.language, list(event.groups)
    for participant in state.participants.values():
        participant.group = event.renamed_groups.get(participant.group, participant.group)
    for idea in state.ideas.values():
        idea.group = event.renamed_groups.get(idea.group, idea.group)
    old = {r.id: r for r in state.rounds}
    state.rounds = [_edited_round(old.get(spec.id), spec) for spec in event.rounds]
    if state.round(state.current_round_id or "") is None:
        state.current_round_id = state.rounds[0].id


@_apply.register
def _(event: ev.UnknownEvent, state: RoomState, event_id: str) -> None:
    """A newer version's event: read past it (`apply` still advances the last event id)."""


def _edited_round(old: RoundState | None, spec: Round) -> RoundState:
    if old is None:
        return RoundState(**spec.model_dump())
    return old.model_copy(update=spec.model_dump())


def _merge_theme(view: ev.ThemeView, old: Theme | None) -> Theme:
    theme = Theme(**view.model_dump())
    if old is not None:
        theme.pinned, theme.touched = old.pinned, old.touched
        if old.renamed:
            theme.label, theme.renamed = old.label, True
    return theme


def _theme(state: RoomState, theme_id: str) -> Theme | None:
    round_state = state.round_of_theme(theme_id)
    return round_state.themes.get(theme_id) if round_state else None


def _scrub(state: RoomState, round_state: RoundState, hidden: Idea) -> None:
    """A hidden idea leaves no trace in the round's themes: no keyword found only in hidden or
    waiting ideas, not the representative, not the label (the facilitator's own label stays)."""
    shown = [i for i in state.ideas.values() if i.round_id == round_state.id and not i.hidden and not i.waiting]
    seen = set().union(*(_words(idea.text) for idea in shown))
    gone = _words(hidden.text) - seen
    for theme in round_state.themes.values():
        if theme.representative == hidden.text:
            theme.representative = next((i.text for i in shown if i.theme_id == theme.id), None)
        keywords = [word for word in theme.keywords if not _words(word) & gone]
        if not theme.renamed and (_words(theme.label) & gone or theme.label == hidden.text):
            theme.label = keyword_label(keywords) or theme.representative or ""
        theme.keywords = keywords


def _words(text: str) -> set[str]:
    """Words compared without case or accents."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))
    return set(_LETTERS.findall(bare))


def _round_of_command(state: RoomState, event: ev.Event) -> RoundState | None:
    match event:
        case ev.IdeaHidden(idea_id=idea_id) | ev.IdeaApproved(idea_id=idea_id) | ev.IdeaMoved(idea_id=idea_id):
            idea = state.ideas.get(idea_id)
            return state.round(idea.round_id) if idea else None
        case ev.ThemesMerged(into=theme_id) | ev.ThemeRenamed(theme_id=theme_id):
            return state.round_of_theme(theme_id)
        case ev.ThemeSplitRequested(theme_id=theme_id) | ev.ThemePinned(theme_id=theme_id):
            return state.round_of_theme(theme_id)
    return None


def _before(state: RoomState, event: ev.Event) -> UndoRecord | None:
    """The round's ideas and themes as they are before a facilitator's command."""
    round_state = _round_of_command(state, event)
    if round_state is None:
        return None
    return UndoRecord(
        event_id="", command=event.event, round_id=round_state.id,
        ideas={idea.id: IdeaPatch.of(idea) for idea in _ideas_it_may_change(state, event)},
        themes={theme_id: theme.model_copy(deep=True) for theme_id, theme in round_state.themes.items()},
        order=list(round_state.themes),
    )


def _ideas_it_may_change(state: RoomState, event: ev.Event) -> list[Idea]:
    """The ideas a facilitator's command can change (a rename or a pin changes none), so that
    remembering it costs what it touched, not the whole round."""
    match event:
        case ev.IdeaHidden(idea_id=idea_id) | ev.IdeaApproved(idea_id=idea_id):
            named = [idea_id]
        case ev.IdeaMoved():
            named = event.moved()
        case ev.ThemesMerged(theme_ids=theme_ids):
            return [idea for idea in state.ideas.values() if idea.theme_id in theme_ids]
        case ev.ThemeSplitRequested(theme_id=theme_id):
            return [idea for idea in state.ideas.values() if idea.theme_id == theme_id]
        case _:
            named = []
    return [state.ideas[idea_id] for idea_id in named if idea_id in state.ideas]


def _remember_undo(state: RoomState, event_id: str, event: ev.Event, before: UndoRecord) -> None:
    """Keep only what the command changed (a split keeps every member: the worker moves them
    later), and the themes its ideas were in, so that undoing brings a theme back that the
    worker dropped once the command had emptied it."""
    round_state = state.require_round(before.round_id)
    split = event.theme_id if isinstance(event, ev.ThemeSplitRequested) else None
    ideas = {
        idea_id: patch for idea_id, patch in before.ideas.items()
        if patch != IdeaPatch.of(state.ideas[idea_id]) or (split is not None and patch.theme_id == split)
    }
    themes: dict[str, Theme | None] = {
        theme_id: theme for theme_id, theme in before.themes.items() if round_state.themes.get(theme_id) != theme
    }
    themes |= {theme_id: None for theme_id in round_state.themes if theme_id not in before.themes}
    themes |= {  # where the ideas came from, also unchanged: the worker may drop it once emptied
        patch.theme_id: before.themes[patch.theme_id] for patch in ideas.values()
        if patch.theme_id in before.themes and patch.theme_id not in themes
    }
    record = before.model_copy(update={"event_id": event_id, "ideas": ideas, "themes": themes})
    state.undo_log = [*state.undo_log, record][-UNDO_DEPTH:]
