"""Statements (DESIGN §8): who may answer when, and each statement's support per stakeholder
group, counted from the participants' answers with the arithmetic of `rules/support.py`.

An answer counts for the group its participant is in (a participant keeps their group; a
renamed group renames its members), as draagvlak counts dots.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict

from cocreatie.errors import NotFound, WrongPhase
from cocreatie.models.state import RoomState, RoundState, Statement
from cocreatie.models.workshop import Phase
from cocreatie.rules.support import Answers, Consensus, consensus, dividing


class StatementSupport(BaseModel):
    """One statement's answers per group, its group-informed consensus and whether it divides.
    Dump it `by_alias` (an answer count is called `pass`, a Python keyword)."""

    model_config = ConfigDict(frozen=True)

    answers: dict[str, Answers]
    consensus: Consensus | None
    dividing: bool


class StatementReport(BaseModel):
    """A statement as the JSON export carries it (DESIGN §8), `by_alias`."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    theme_ids: list[str]
    serves: list[str]
    idea_ids: list[str]
    answers: dict[str, Answers]
    consensus: Consensus | None
    dividing: bool


def statement_round(state: RoomState, statement_id: str) -> RoundState:
    """The round that holds the statement, or NotFound naming it."""
    round_state = state.round_of_statement(statement_id)
    if round_state is None:
        raise NotFound(f"no statement {statement_id!r} in this workshop")
    return round_state


def answerable(state: RoomState, statement_id: str) -> RoundState:
    """The statement's round, if it takes answers now; NotFound or WrongPhase saying why not."""
    round_state = statement_round(state, statement_id)
    if round_state.phase is not Phase.vote:
        raise WrongPhase(f"answering is closed: the round is in phase {round_state.phase.value}")
    return round_state


def answerers(round_state: RoundState) -> int:
    """Participants who answered at least one of the round's statements."""
    return sum(1 for answers in round_state.answers.values() if answers)


def round_support(state: RoomState, round_state: RoundState) -> dict[str, StatementSupport]:
    """Every statement of the round by id, in the round's order."""
    counts = _counts(state, round_state)
    groups = _groups(state, round_state)
    return {s.id: _support(counts, s.id, groups) for s in round_state.statements}


def statement_support(state: RoomState, round_state: RoundState, statement_id: str) -> StatementSupport:
    """One statement's support, as `round_support` gives it, counting its own answers only
    (an answer's frame must not count the whole round again)."""
    counts: Counter[tuple[str, str, str]] = Counter(
        (statement_id, _group(state, participant_id), answers[statement_id])
        for participant_id, answers in round_state.answers.items()
        if statement_id in answers
    )
    return _support(counts, statement_id, _groups(state, round_state))


def statement_reports(state: RoomState, round_state: RoundState, *, include_hidden: bool) -> list[StatementReport]:
    """The round's statements with the ideas behind them (hidden ones only if asked for) and their support."""
    support = round_support(state, round_state)
    return [
        StatementReport(
            id=statement.id, text=statement.text, theme_ids=list(statement.theme_ids), serves=list(statement.serves),
            idea_ids=idea_ids(state, statement, include_hidden=include_hidden),
            **dict(support[statement.id]),
        )
        for statement in round_state.statements
    ]


def idea_ids(state: RoomState, statement: Statement, *, include_hidden: bool) -> list[str]:
    """The ideas now in the statement's themes, in arrival order."""
    themes = set(statement.theme_ids)
    return [
        idea.id for idea in state.ideas.values()
        if idea.theme_id in themes and (include_hidden or not idea.hidden)
    ]


def _counts(state: RoomState, round_state: RoundState) -> Counter[tuple[str, str, str]]:
    """(statement id, group, answer) → how many."""
    return Counter(
        (statement_id, _group(state, participant_id), answer)
        for participant_id, answers in round_state.answers.items()
        for statement_id, answer in answers.items()
    )


def _groups(state: RoomState, round_state: RoundState) -> list[str]:
    """The workshop's groups, then any other group an answer of the round came from."""
    return list(dict.fromkeys([*state.groups, *(_group(state, pid) for pid in round_state.answers)]))


def _support(counts: Counter[tuple[str, str, str]], statement_id: str, groups: list[str]) -> StatementSupport:
    answers = {
        group: Answers(
            agree=counts[statement_id, group, "agree"],
            disagree=counts[statement_id, group, "disagree"],
            passed=counts[statement_id, group, "pass"],
        )
        for group in groups
    }
    return StatementSupport(answers=answers, consensus=consensus(answers), dividing=dividing(answers))


def _group(state: RoomState, participant_id: str) -> str:
    participant = state.participants.get(participant_id)
    return participant.group if participant else ""
