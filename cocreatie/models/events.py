"""The entries of a room's event stream. Each accepted change is one of these.

An entry is stored as two stream fields: `event` (the name below) and `data` (the
model as JSON, without the name). The fold in `cocreatie/stream/fold.py` reads them back.

The models are strict when an event is made (a misspelt field is a bug here), tolerant when
an entry is read (`parse_entry`): during a rolling upgrade a newer writer may add fields,
which an older reader ignores, and whole events, which it reads as `UnknownEvent`.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from cocreatie.models.state import AnswerChoice, IdeaPatch, Sentence, Theme
from cocreatie.models.workshop import Heading, Language, Moderation, Phase, Round, ScreenView

log = logging.getLogger(__name__)


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def data_json(self) -> str:
        return self.model_dump_json(exclude={"event"})


class WorkshopCreatedEvent(_Event):
    event: Literal["workshop.created"] = "workshop.created"
    title: str
    language: Language
    groups: list[str]
    rounds: list[Round]
    join_code: str
    created_at: float


class ParticipantJoined(_Event):
    event: Literal["participant.joined"] = "participant.joined"
    participant_id: str
    group: str
    name: str | None = None


class IdeaAdded(_Event):
    """The idea's id is the id of this entry."""

    event: Literal["idea.added"] = "idea.added"
    round_id: str
    participant_id: str
    client_id: str
    text: str
    at: float
    heading: str | None = None


class IdeaHidden(_Event):
    event: Literal["idea.hidden"] = "idea.hidden"
    idea_id: str
    hidden: bool = True


class IdeaApproved(_Event):
    """A pre-moderated idea may now reach the room."""

    event: Literal["idea.approved"] = "idea.approved"
    idea_id: str


class ModerationSet(_Event):
    event: Literal["moderation.set"] = "moderation.set"
    round_id: str
    mode: Moderation


class ScreenShown(_Event):
    event: Literal["screen.shown"] = "screen.shown"
    round_id: str
    view: ScreenView


class PhaseChanged(_Event):
    event: Literal["phase.changed"] = "phase.changed"
    round_id: str
    phase: Phase


class TimerStarted(_Event):
    event: Literal["timer.started"] = "timer.started"
    round_id: str
    seconds: int
    ends_at: float


class IdeaMoved(_Event):
    """A facilitator put one idea, or several at once, in a theme (None: unassigned). They stay there."""

    event: Literal["idea.moved"] = "idea.moved"
    idea_id: str
    theme_id: str | None
    idea_ids: list[str] = Field(default_factory=list)
    """All the ideas moved, `idea_id` first; empty when only `idea_id` moved."""

    def moved(self) -> list[str]:
        return self.idea_ids or [self.idea_id]


class ThemeRenamed(_Event):
    event: Literal["theme.renamed"] = "theme.renamed"
    theme_id: str
    label: str


class ThemesMerged(_Event):
    event: Literal["themes.merged"] = "themes.merged"
    theme_ids: list[str]
    into: str


class ThemeSplitRequested(_Event):
    event: Literal["theme.split"] = "theme.split"
    theme_id: str


class ThemePinned(_Event):
    event: Literal["theme.pinned"] = "theme.pinned"
    theme_id: str
    pinned: bool


class ReclusterRequested(_Event):
    event: Literal["recluster.requested"] = "recluster.requested"
    round_id: str
    themes: int | None = None
    """The number of themes the facilitator asked for; None: found."""


class ThemeView(BaseModel):
    """A theme as the worker publishes it; membership travels in `assign`."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    keywords: list[str] = Field(default_factory=list)
    representative: str | None = None


class ThemesUpdated(_Event):
    """The worker's result: the round's themes, and idea assignments that changed."""

    event: Literal["themes.updated"] = "themes.updated"
    round_id: str
    themes: list[ThemeView] | None = None
    """None: the themes stay as they are and only `assign` changes (the fast path), so
    that each new idea costs every socket a few bytes rather than every theme again."""
    assign: dict[str, str | None] = Field(default_factory=dict)
    model: str = ""
    full: bool = False
    placed: list[str] = Field(default_factory=list)
    """Ideas the worker placed on the facilitator's behalf (a split): they stay put."""
    suggest: dict[str, str] = Field(default_factory=dict)
    """Board only: the theme an unassigned idea probably belongs to (one click to move it).
    With `themes` they are all of the round's; on the fast path, those of its new ideas."""
    alike: list[tuple[str, str]] = Field(default_factory=list)
    """Board only: pairs of themes that read as one, offered for merging; with `themes` only."""


class VoteCast(_Event):
    event: Literal["vote.cast"] = "vote.cast"
    round_id: str
    participant_id: str
    dots: dict[str, int]


class VotesRevealed(_Event):
    event: Literal["votes.revealed"] = "votes.revealed"
    round_id: str
    revealed: bool = True


class StatementAdded(_Event):
    """The statement's id is the id of this entry; it comes last in its round's order."""

    event: Literal["statement.added"] = "statement.added"
    round_id: str
    text: str
    theme_ids: list[str] = Field(default_factory=list)
    serves: list[str] = Field(default_factory=list)


class StatementEdited(_Event):
    event: Literal["statement.edited"] = "statement.edited"
    round_id: str
    statement_id: str
    text: str


class StatementRemoved(_Event):
    """The statement leaves its round with its answers and its place in the final text."""

    event: Literal["statement.removed"] = "statement.removed"
    round_id: str
    statement_id: str


class StatementsOrdered(_Event):
    """The round's statements named come first, in this order; any others keep theirs after them."""

    event: Literal["statements.ordered"] = "statements.ordered"
    round_id: str
    statement_ids: list[str]


class StatementAnswered(_Event):
    """A participant's answer; it replaces their earlier answer to the statement."""

    event: Literal["statement.answered"] = "statement.answered"
    round_id: str
    statement_id: str
    participant_id: str
    answer: AnswerChoice


class FinalTextSet(_Event):
    """The round's final text, whole: it replaces the earlier one."""

    event: Literal["final_text.set"] = "final_text.set"
    round_id: str
    sentences: list[Sentence]


class RoundSeeded(_Event):
    """The themes of a closed round become the headings of a later one."""

    event: Literal["round.seeded"] = "round.seeded"
    round_id: str
    source_round_id: str
    headings: list[Heading]


class CommandUndone(_Event):
    """The facilitator's command `undone` (an entry id) is reversed: ideas and themes get back
    the values they had before it (a theme None: it did not exist), in the theme order `order`."""

    event: Literal["command.undone"] = "command.undone"
    undone: str
    command: str
    round_id: str
    ideas: dict[str, IdeaPatch] = Field(default_factory=dict)
    themes: dict[str, Theme | None] = Field(default_factory=dict)
    order: list[str] = Field(default_factory=list)


class UndoCleared(_Event):
    """Nothing is left to undo: a restored workshop starts with no history of commands."""

    event: Literal["undo.cleared"] = "undo.cleared"


class WorkshopEdited(_Event):
    """The workshop's set-up as the facilitator edited it: the whole new configuration."""

    event: Literal["workshop.edited"] = "workshop.edited"
    title: str
    language: Language
    groups: list[str]
    renamed_groups: dict[str, str] = Field(default_factory=dict)
    rounds: list[Round]


class UnknownEvent(_Event):
    """Never written: an entry that a newer version wrote under a name this one does not know.
    Readers go past it (the fold changes nothing but the last event id) instead of stopping."""

    event: Literal["unknown"] = "unknown"
    name: str
    """The entry's own event name."""


Event = Annotated[
    WorkshopCreatedEvent
    | ParticipantJoined
    | IdeaAdded
    | IdeaHidden
    | IdeaApproved
    | ModerationSet
    | ScreenShown
    | PhaseChanged
    | TimerStarted
    | IdeaMoved
    | ThemeRenamed
    | ThemesMerged
    | ThemeSplitRequested
    | ThemePinned
    | ReclusterRequested
    | ThemesUpdated
    | VoteCast
    | VotesRevealed
    | RoundSeeded
    | StatementAdded
    | StatementEdited
    | StatementRemoved
    | StatementsOrdered
    | StatementAnswered
    | FinalTextSet
    | CommandUndone
    | UndoCleared
    | WorkshopEdited
    | UnknownEvent,
    Field(discriminator="event"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def _names(union: object) -> frozenset[str]:
    """The `event` name of every model in an annotated union of events."""
    return frozenset(member.model_fields["event"].default for member in get_args(get_args(union)[0]))


KNOWN_NAMES = _names(Event) - {UnknownEvent.model_fields["event"].default}
_skipped_names: set[str] = set()


def parse_entry(fields: dict[str, str]) -> Event:
    """Rebuild an event from its two stream fields, ignoring fields this version does not
    know (in nested models too); an unknown event name is logged once per name and process."""
    name = fields["event"]
    if name not in KNOWN_NAMES:
        return _unknown(name)
    return EVENT_ADAPTER.validate_python({"event": name, **json.loads(fields["data"])}, extra="ignore")


def _unknown(name: str) -> UnknownEvent:
    if name not in _skipped_names:
        _skipped_names.add(name)
        log.warning("skipping stream entries of an event this version does not know", extra={"event": name})
    return UnknownEvent(name=name)
