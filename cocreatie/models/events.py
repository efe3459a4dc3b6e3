"""The entries of a room's event stream. Each accepted change is one of these.

An entry is stored as two stream fields: `event` (the name below) and `data` (the
model as JSON, without the name). The fold in `cocreatie/stream/fold.py` reads them back.
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from cocreatie.models.workshop import Heading, Language, Phase, Round


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


class IdeaHidden(_Event):
    event: Literal["idea.hidden"] = "idea.hidden"
    idea_id: str
    hidden: bool = True


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
    """A facilitator put an idea in a theme (None: unassigned). It stays there."""

    event: Literal["idea.moved"] = "idea.moved"
    idea_id: str
    theme_id: str | None


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


class VoteCast(_Event):
    event: Literal["vote.cast"] = "vote.cast"
    round_id: str
    participant_id: str
    dots: dict[str, int]


class VotesRevealed(_Event):
    event: Literal["votes.revealed"] = "votes.revealed"
    round_id: str
    revealed: bool = True


class RoundSeeded(_Event):
    """The themes of a closed round become the headings of a later one."""

    event: Literal["round.seeded"] = "round.seeded"
    round_id: str
    source_round_id: str
    headings: list[Heading]


Event = Annotated[
    WorkshopCreatedEvent
    | ParticipantJoined
    | IdeaAdded
    | IdeaHidden
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
    | RoundSeeded,
    Field(discriminator="event"),
]

EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_entry(fields: dict[str, str]) -> Event:
    """Rebuild an event from its two stream fields."""
    return EVENT_ADAPTER.validate_python({"event": fields["event"], **json.loads(fields["data"])})
