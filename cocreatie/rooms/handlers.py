"""What each client message does: validate against the room, append to its stream."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cocreatie import metrics
from cocreatie.errors import Deleted, InvalidMessage, NotAllowed, NotFound, RateLimited, WrongPhase
from cocreatie.models import events as ev
from cocreatie.models import messages as msg
from cocreatie.models.state import RoomState, RoundState, Sentence
from cocreatie.models.workshop import Moderation
from cocreatie.rooms.room import Room
from cocreatie.rules.chain import seed_round
from cocreatie.rules.setup import edit_workshop
from cocreatie.rules.statements import answerable, statement_round
from cocreatie.rules.undo import undo_last
from cocreatie.rules.votes import check_ballot, voting_or_after
from cocreatie.stream.store import EventStore

QUIET_FOR_WORKERS = (
    ev.TimerStarted, ev.VotesRevealed, ev.RoundSeeded, ev.ModerationSet, ev.ScreenShown, ev.WorkshopEdited,
    ev.StatementAdded, ev.StatementEdited, ev.StatementRemoved, ev.StatementsOrdered, ev.FinalTextSet,
)
"""Commands that change nothing the clustering looks at: the workers are not woken for them."""


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


async def submit_idea(caller: Caller, message: msg.IdeaSubmit, within_limit: bool) -> str:
    """Append once per (participant, client id); answer only after Redis has it.
    `within_limit`: whether the participant's idea limit had room for this one; past it only
    a resend is taken, the same way as any (the dedupe answers it, a replica confirms it: its
    first answer may have been `unavailable` for want of that confirmation).

    The phase is checked by Redis itself, atomically with the append: another web process
    may have opened the round a moment before this one heard of it.
    """
    participant_id = caller.participant_id or ""
    round_state = _current_round(caller.state)
    if message.heading is not None and message.heading not in {h.theme_id for h in round_state.headings}:
        raise NotFound(f"no heading {message.heading!r} in this round")
    waiting = round_state.moderation is Moderation.pre
    dedupe_key = f"{participant_id}:{message.client_id}"
    if not within_limit and await caller.store.accepted_id(caller.workshop_id, dedupe_key) is None:
        raise RateLimited("too many ideas at once; wait a moment")
    event = ev.IdeaAdded(
        round_id=round_state.id, participant_id=participant_id,
        client_id=message.client_id, text=message.text, at=time.time(), heading=message.heading,
    )
    with _closed_if_deleted(caller.room):
        event_id, added = await caller.store.submit_idea(caller.workshop_id, dedupe_key, event)
    if added:
        metrics.IDEAS_ACCEPTED.inc()
    return _accepted(caller.state, message.client_id, event_id, waiting)


def _accepted(state: RoomState, client_id: str, event_id: str, waiting: bool) -> str:
    """The answer to a submit; a resent idea says whether it waits now (it may have been approved)."""
    known = state.ideas.get(event_id)
    return msg.IdeaAccepted(
        client_id=client_id, event_id=event_id, waiting=known.waiting if known else waiting
    ).model_dump_json()


async def cast_vote(caller: Caller, message: msg.VoteCastMessage) -> str:
    """Replace this participant's dots in the round; only in the vote phase, which Redis
    checks again with the append (another web process may have closed the round a moment ago)."""
    ballot = check_ballot(caller.state.require_round(message.round_id), message.dots)
    event = ev.VoteCast(round_id=message.round_id, participant_id=caller.participant_id or "", dots=ballot)
    with _closed_if_deleted(caller.room):
        event_id = await caller.store.cast_vote(caller.workshop_id, event)
    return msg.VoteAccepted(round_id=message.round_id, dots=ballot, event_id=event_id).model_dump_json()


async def answer_statement(caller: Caller, message: msg.StatementAnswer) -> str:
    """Replace this participant's answer to a statement; only in the vote phase, which Redis
    checks again with the append (as for dots)."""
    round_state = answerable(caller.state, message.statement_id)
    event = ev.StatementAnswered(
        round_id=round_state.id, statement_id=message.statement_id,
        participant_id=caller.participant_id or "", answer=message.answer,
    )
    with _closed_if_deleted(caller.room):
        event_id = await caller.store.cast_vote(caller.workshop_id, event)
    return msg.AnswerAccepted(
        round_id=round_state.id, statement_id=message.statement_id, answer=message.answer, event_id=event_id
    ).model_dump_json()


async def facilitate(caller: Caller, command: msg.FacilitatorCommand) -> None:
    """Turn a facilitator command into its event; theme edits wake the workers."""
    event = _event_for(caller.state, command)
    with _closed_if_deleted(caller.room):
        event_id = await caller.store.append(caller.workshop_id, event)
    if not isinstance(event, QUIET_FOR_WORKERS):
        await caller.store.notify_workers(caller.workshop_id, event_id)


@contextmanager
def _closed_if_deleted(room: Room) -> Iterator[None]:
    """A write Redis refused because the workshop was deleted closes every socket of the
    room (the sender hears the error first), before the room's reader would find out."""
    try:
        yield
    except Deleted:
        room.deleted()
        raise


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
        case msg.IdeaMove(theme_id=theme_id):
            return _move(state, command.moved(), theme_id)
        case msg.IdeaApprove(idea_id=idea_id):
            return _approve(state, idea_id)
        case msg.ModerationSetMessage(round_id=round_id, mode=mode):
            return ev.ModerationSet(round_id=state.require_round(round_id).id, mode=mode)
        case msg.ScreenShow(round_id=round_id, view=view):
            return ev.ScreenShown(round_id=state.require_round(round_id).id, view=view)
        case msg.Undo():
            return undo_last(state)
        case msg.WorkshopEdit():
            return edit_workshop(state, command)
        case msg.ThemeRename(theme_id=theme_id, label=label):
            return ev.ThemeRenamed(theme_id=_known_theme(state, theme_id), label=label)
        case msg.ThemeMerge(theme_ids=theme_ids):
            return _merge(state, theme_ids)
        case msg.ThemeSplit(theme_id=theme_id):
            return ev.ThemeSplitRequested(theme_id=_unfrozen(_theme_round(state, theme_id), theme_id))
        case msg.ThemePin(theme_id=theme_id, pinned=pinned):
            return ev.ThemePinned(theme_id=_known_theme(state, theme_id), pinned=pinned)
        case msg.Recluster(round_id=round_id, themes=themes):
            round_state = state.require_round(round_id)
            return ev.ReclusterRequested(round_id=_unfrozen(round_state, round_id), themes=themes)
        case msg.VotesReveal(round_id=round_id, revealed=revealed):
            return ev.VotesRevealed(round_id=state.require_round(round_id).id, revealed=revealed)
        case msg.RoundSeed(round_id=round_id, source_round_id=source, theme_ids=theme_ids):
            return ev.RoundSeeded(**seed_round(state, source, round_id, theme_ids=theme_ids).model_dump())
        case msg.StatementAdd() | msg.StatementEdit() | msg.StatementRemove() | msg.StatementOrder() | msg.TextSet():
            return _statement_event(state, command)
    raise TypeError(f"no handler for {type(command).__name__}")


def _statement_event(state: RoomState, command: msg.StatementCommand) -> ev.Event:
    match command:
        case msg.StatementAdd(round_id=round_id, text=text, theme_ids=theme_ids, serves=serves):
            round_state = state.require_round(round_id)
            return ev.StatementAdded(
                round_id=round_id, text=text, theme_ids=_round_themes(round_state, theme_ids),
                serves=_earlier_statements(state, round_state, serves),
            )
        case msg.StatementEdit(statement_id=statement_id, text=text):
            round_state = statement_round(state, statement_id)
            if any(statement_id in answers for answers in round_state.answers.values()):
                raise NotAllowed("that statement has answers: its text can no longer change")
            return ev.StatementEdited(round_id=round_state.id, statement_id=statement_id, text=text)
        case msg.StatementRemove(statement_id=statement_id):
            return ev.StatementRemoved(round_id=statement_round(state, statement_id).id, statement_id=statement_id)
        case msg.StatementOrder(round_id=round_id, statement_ids=statement_ids):
            _round_statements(state.require_round(round_id), statement_ids)
            return ev.StatementsOrdered(round_id=round_id, statement_ids=list(dict.fromkeys(statement_ids)))
        case msg.TextSet(round_id=round_id, sentences=sentences):
            round_state = state.require_round(round_id)
            for sentence in sentences:
                _round_statements(round_state, sentence.statement_ids)
            return ev.FinalTextSet(round_id=round_id, sentences=[
                Sentence(text=sentence.text, statement_ids=list(dict.fromkeys(sentence.statement_ids)))
                for sentence in sentences
            ])
    raise TypeError(f"no handler for {type(command).__name__}")


def _round_statements(round_state: RoundState, statement_ids: list[str]) -> None:
    """NotFound unless every id names a statement of this round."""
    for statement_id in statement_ids:
        if round_state.statement(statement_id) is None:
            raise NotFound(f"no statement {statement_id!r} in round {round_state.id!r}")


def _round_themes(round_state: RoundState, theme_ids: list[str]) -> list[str]:
    """The themes named, once each, if they are all the round's; NotFound naming one that is not."""
    for theme_id in theme_ids:
        if theme_id not in round_state.themes:
            raise NotFound(f"no theme {theme_id!r} in round {round_state.id!r}")
    return list(dict.fromkeys(theme_ids))


def _earlier_statements(state: RoomState, round_state: RoundState, statement_ids: list[str]) -> list[str]:
    """The statements named, once each, if each is a statement of a round before this one."""
    earlier = {s.id for r in state.rounds[: state.rounds.index(round_state)] for s in r.statements}
    for statement_id in statement_ids:
        if statement_id not in earlier:
            raise NotFound(f"no statement {statement_id!r} in a round before {round_state.id!r}")
    return list(dict.fromkeys(statement_ids))


def _move(state: RoomState, idea_ids: list[str], theme_id: str | None) -> ev.IdeaMoved:
    if not idea_ids:
        raise InvalidMessage("name the idea to move (idea_id) or the ideas (idea_ids)")
    rounds = {state.ideas[_idea(state, idea_id)].round_id for idea_id in idea_ids}
    if len(rounds) != 1:
        raise NotAllowed("the ideas moved at once must belong to one round")
    idea_round = state.require_round(rounds.pop())
    if theme_id is not None and _theme_round(state, theme_id).id != idea_round.id:
        raise NotFound("that theme belongs to another round")
    _unfrozen(idea_round, idea_ids[0])
    return ev.IdeaMoved(idea_id=idea_ids[0], idea_ids=idea_ids if len(idea_ids) > 1 else [], theme_id=theme_id)


def _approve(state: RoomState, idea_id: str) -> ev.IdeaApproved:
    if not state.ideas[_idea(state, idea_id)].waiting:
        raise NotAllowed("that idea is not waiting for approval")
    return ev.IdeaApproved(idea_id=idea_id)


def _merge(state: RoomState, theme_ids: list[str]) -> ev.ThemesMerged:
    rounds = {_theme_round(state, theme_id).id for theme_id in theme_ids}
    if len(rounds) != 1 or len(set(theme_ids)) < 2:
        raise NotFound("merge needs two or more different themes of one round")
    _unfrozen(state.require_round(rounds.pop()), theme_ids[0])
    return ev.ThemesMerged(theme_ids=list(dict.fromkeys(theme_ids)), into=theme_ids[0])


def _unfrozen(round_state: RoundState, what: str) -> str:
    """`what`, unless the round's themes are frozen (the vote has begun)."""
    if voting_or_after(round_state):
        raise WrongPhase(f"the themes are frozen while the round is in phase {round_state.phase.value}")
    return what


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
