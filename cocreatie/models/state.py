"""The folded state of a room: what a new socket receives and what exports are made of."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cocreatie.errors import NotFound
from cocreatie.models.workshop import Heading, Language, Moderation, Phase, RoundKind, ScreenView

IMPORT_PARTICIPANT_PREFIX = "import:"


def capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]


def keyword_label(keywords: Sequence[str]) -> str:
    """An automatic theme's label when its own is withheld: its best keyword, capitalised."""
    return capitalised(keywords[0]) if keywords else ""


class Participant(BaseModel):
    id: str
    group: str
    name: str | None = None


class Idea(BaseModel):
    """An idea; its id is the id of its `idea.added` entry."""

    id: str
    round_id: str
    participant_id: str
    client_id: str
    group: str
    text: str
    at: float
    hidden: bool = False
    waiting: bool = False
    """Pre-moderated and not yet approved: the board sees it, the room does not."""
    heading: str | None = None
    """The seeded heading (its theme id) the author said the idea answers."""
    theme_id: str | None = None
    placed: bool = False
    decided: bool = False
    """The worker has answered it: a theme, or "not yet in a theme" (board only)."""


class IdeaPatch(BaseModel):
    """What a facilitator's command may change of an idea, as it was before."""

    model_config = ConfigDict(frozen=True)

    theme_id: str | None
    placed: bool
    hidden: bool
    waiting: bool

    @classmethod
    def of(cls, idea: Idea) -> IdeaPatch:
        return cls(theme_id=idea.theme_id, placed=idea.placed, hidden=idea.hidden, waiting=idea.waiting)


class Theme(BaseModel):
    id: str
    label: str
    keywords: list[str] = Field(default_factory=list)
    representative: str | None = None
    pinned: bool = False
    renamed: bool = False
    touched: bool = False
    """The facilitator renamed, pinned, merged into, split or moved an idea into it: it keeps its members."""


AnswerChoice = Literal["agree", "disagree", "pass"]
"""A participant's answer to a statement (DESIGN §8)."""


class Statement(BaseModel):
    """A sentence the facilitator drafted from themes (or wrote); its id is the id of its
    `statement.added` entry. A round keeps its statements in the facilitator's order."""

    id: str
    text: str
    theme_ids: list[str] = Field(default_factory=list)
    serves: list[str] = Field(default_factory=list)
    """Statements of earlier rounds this one serves (chained rounds keep their lineage)."""


class Sentence(BaseModel):
    """One sentence of a round's final text, with the statements it came from."""

    text: str
    statement_ids: list[str] = Field(default_factory=list)


class RoundState(BaseModel):
    id: str
    prompt: str
    kind: RoundKind
    dots: int
    max_per_theme: int
    timer_seconds: int | None = None
    phase: Phase = Phase.draft
    moderation: Moderation = Moderation.open
    screen: ScreenView = ScreenView.themes
    timer_ends_at: float | None = None
    themes: dict[str, Theme] = Field(default_factory=dict)
    votes: dict[str, dict[str, int]] = Field(default_factory=dict)
    revealed: bool = False
    seeded_from: str | None = None
    headings: list[Heading] = Field(default_factory=list)
    suggest: dict[str, str] = Field(default_factory=dict)
    """The board's hints (never the room's): unassigned idea → the theme it probably belongs to."""
    alike: list[tuple[str, str]] = Field(default_factory=list)
    """The board's hints: pairs of themes that read as one, offered for merging."""
    statements: list[Statement] = Field(default_factory=list)
    answers: dict[str, dict[str, AnswerChoice]] = Field(default_factory=dict)
    """Per participant, their answer per statement (kept like ballots: the board's alone)."""
    final_text: list[Sentence] = Field(default_factory=list)

    def statement(self, statement_id: str) -> Statement | None:
        return next((s for s in self.statements if s.id == statement_id), None)


class UndoRecord(BaseModel):
    """A facilitator command that `undo` can reverse: what it changed, as it was before."""

    event_id: str
    command: str
    round_id: str
    ideas: dict[str, IdeaPatch] = Field(default_factory=dict)
    themes: dict[str, Theme | None] = Field(default_factory=dict)
    order: list[str] = Field(default_factory=list)


UNDO_DEPTH = 50
"""How many of the facilitator's latest commands stay undoable."""


class RoomState(BaseModel):
    workshop_id: str
    title: str = ""
    language: Language = Language.nl
    groups: list[str] = Field(default_factory=list)
    join_code: str = ""
    created_at: float = 0.0
    rounds: list[RoundState] = Field(default_factory=list)
    current_round_id: str | None = None
    ideas: dict[str, Idea] = Field(default_factory=dict)
    participants: dict[str, Participant] = Field(default_factory=dict)
    model: str = ""
    last_event_id: str = "0-0"
    undo_log: list[UndoRecord] = Field(default_factory=list)
    """The commands `undo` may still reverse, newest last, at most UNDO_DEPTH; an undone one leaves."""

    def round(self, round_id: str) -> RoundState | None:
        return next((r for r in self.rounds if r.id == round_id), None)

    def round_of_theme(self, theme_id: str) -> RoundState | None:
        """The round that holds this theme (theme ids are unique in a workshop)."""
        return next((r for r in self.rounds if theme_id in r.themes), None)

    def require_round(self, round_id: str) -> RoundState:
        """The round, or NotFound naming it."""
        round_state = self.round(round_id)
        if round_state is None:
            raise NotFound(f"no round {round_id!r} in this workshop")
        return round_state

    def ballots_of(self, participant_id: str) -> dict[str, dict[str, int]]:
        """One participant's dots per round (so a phone that comes back sees its own vote)."""
        return {r.id: r.votes[participant_id] for r in self.rounds if participant_id in r.votes}

    def answers_of(self, participant_id: str) -> dict[str, dict[str, AnswerChoice]]:
        """One participant's answers per round (so a phone that comes back sees its own)."""
        return {r.id: r.answers[participant_id] for r in self.rounds if participant_id in r.answers}

    def round_of_statement(self, statement_id: str) -> RoundState | None:
        """The round that holds this statement (its id is an entry id: unique in a workshop)."""
        return next((r for r in self.rounds if r.statement(statement_id) is not None), None)

    def group_counts(self) -> dict[str, int]:
        """People present per group (the stand-ins that carry imported ideas do not count)."""
        counts = dict.fromkeys(self.groups, 0)
        for participant in self.participants.values():
            if not participant.id.startswith(IMPORT_PARTICIPANT_PREFIX):
                counts[participant.group] = counts.get(participant.group, 0) + 1
        return counts

