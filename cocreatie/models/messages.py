"""WebSocket messages, both directions. Client messages are a union keyed by `type`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, field_validator

from cocreatie.models.state import AnswerChoice
from cocreatie.models.text import (
    IDEA_MAX_CHARS,
    GroupName,
    IdeaText,
    ParticipantName,
    TextRule,
    ThemeLabel,
    Title,
    clean_idea,
)
from cocreatie.models.workshop import Language, Moderation, Phase, RoundSpec, ScreenView

ClientId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
EntityId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
EventId = Annotated[str, StringConstraints(pattern=r"^\d+-\d+$", max_length=41)]

clean_text = clean_idea
"""An idea's text by the one text rule (`cocreatie.models.text`); the CSV import uses it too."""

STATEMENT_MAX_CHARS = IDEA_MAX_CHARS
SENTENCE_MAX_CHARS = 2 * IDEA_MAX_CHARS
"""A sentence of the final text may merge statements."""
StatementText = Annotated[str, AfterValidator(TextRule("statement", STATEMENT_MAX_CHARS))]
SentenceText = Annotated[str, AfterValidator(TextRule("sentence", SENTENCE_MAX_CHARS))]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParticipantHello(_In):
    type: Literal["hello"]
    participant_token: str | None = Field(default=None, max_length=100)
    last_event_id: EventId | None = None
    name: ParticipantName | None = None
    group: Annotated[str, StringConstraints(max_length=40)] | None = None
    batch: bool = False
    """True: events that are ready at once may come as one `events` message."""

    @field_validator("name", mode="before")
    @classmethod
    def blank_name_is_none(cls, name: Any) -> Any:
        """A name left blank (spaces only) is no name; anything else follows the text rule."""
        return None if isinstance(name, str) and not name.strip() else name


class FacilitatorHello(_In):
    type: Literal["hello"]
    token: str = Field(max_length=100)
    last_event_id: EventId | None = None
    batch: bool = False
    """True: events that are ready at once may come as one `events` message."""


class IdeaSubmit(_In):
    type: Literal["idea.submit"]
    client_id: ClientId
    text: IdeaText = Field(max_length=4 * IDEA_MAX_CHARS)
    heading: EntityId | None = None
    """The theme id of the seeded heading the idea answers."""


class VoteCastMessage(_In):
    type: Literal["vote.cast"]
    round_id: EntityId
    dots: dict[EntityId, Annotated[int, Field(ge=0, le=20)]] = Field(max_length=200)


class StatementAnswer(_In):
    type: Literal["statement.answer"]
    statement_id: EventId
    answer: AnswerChoice


class PhaseSet(_In):
    type: Literal["phase.set"]
    round_id: EntityId
    phase: Phase


class TimerStart(_In):
    type: Literal["timer.start"]
    round_id: EntityId
    seconds: int = Field(ge=0, le=4 * 3600)


class IdeaHide(_In):
    type: Literal["idea.hide"]
    idea_id: EventId
    hidden: bool = True


class IdeaMove(_In):
    """One idea (`idea_id`) or several at once (`idea_ids`) into a theme (None: unassigned)."""

    type: Literal["idea.move"]
    idea_id: EventId | None = None
    idea_ids: list[EventId] = Field(default_factory=list, max_length=500)
    theme_id: EntityId | None

    def moved(self) -> list[str]:
        return list(dict.fromkeys([*([self.idea_id] if self.idea_id else []), *self.idea_ids]))


class IdeaApprove(_In):
    type: Literal["idea.approve"]
    idea_id: EventId


class ModerationSetMessage(_In):
    type: Literal["moderation.set"]
    round_id: EntityId
    mode: Moderation


class ScreenShow(_In):
    type: Literal["screen.show"]
    round_id: EntityId
    view: ScreenView


class Undo(_In):
    type: Literal["undo"]


class GroupEdit(_In):
    name: GroupName
    was: GroupName | None = None
    """The group's name before a rename; None: a group as it was, or a new one."""


class RoundEdit(RoundSpec):
    id: EntityId | None = None
    """An existing round's id; None: a new round."""


class WorkshopEdit(_In):
    """The set-up as the board edits it; a field left out stays as it is."""

    type: Literal["workshop.edit"]
    title: Title | None = None
    language: Language | None = None
    groups: list[GroupEdit] | None = Field(default=None, min_length=1, max_length=20)
    rounds: list[RoundEdit] | None = Field(default=None, min_length=1, max_length=20)


class ThemeRename(_In):
    type: Literal["theme.rename"]
    theme_id: EntityId
    label: ThemeLabel


class ThemeMerge(_In):
    type: Literal["theme.merge"]
    theme_ids: list[EntityId] = Field(min_length=2, max_length=50)


class ThemeSplit(_In):
    type: Literal["theme.split"]
    theme_id: EntityId


class ThemePin(_In):
    type: Literal["theme.pin"]
    theme_id: EntityId
    pinned: bool = True


class VotesReveal(_In):
    type: Literal["votes.reveal"]
    round_id: EntityId
    revealed: bool = True


class RoundSeed(_In):
    type: Literal["round.seed"]
    round_id: EntityId
    source_round_id: EntityId
    theme_ids: list[EntityId] | None = Field(default=None, max_length=50)


class StatementAdd(_In):
    type: Literal["statement.add"]
    round_id: EntityId
    text: StatementText = Field(max_length=4 * STATEMENT_MAX_CHARS)
    theme_ids: list[EntityId] = Field(default_factory=list, max_length=50)
    """The themes (of that round) the statement came from; none for one the facilitator wrote."""
    serves: list[EventId] = Field(default_factory=list, max_length=50)
    """Statements of earlier rounds this one serves: a strategy statement names the vision
    statement it makes real, and the report shows the chain."""


class StatementEdit(_In):
    type: Literal["statement.edit"]
    statement_id: EventId
    text: StatementText = Field(max_length=4 * STATEMENT_MAX_CHARS)


class StatementRemove(_In):
    type: Literal["statement.remove"]
    statement_id: EventId


class StatementOrder(_In):
    type: Literal["statement.order"]
    round_id: EntityId
    statement_ids: list[EventId] = Field(min_length=1, max_length=200)


class SentenceSpec(_In):
    text: SentenceText = Field(max_length=4 * SENTENCE_MAX_CHARS)
    statement_ids: list[EventId] = Field(min_length=1, max_length=50)


class TextSet(_In):
    type: Literal["text.set"]
    round_id: EntityId
    sentences: list[SentenceSpec] = Field(max_length=100)
    """The whole final text; an empty list clears it."""


class Recluster(_In):
    type: Literal["recluster"]
    round_id: EntityId
    themes: int | None = Field(default=None, ge=1, le=50)


StatementCommand = StatementAdd | StatementEdit | StatementRemove | StatementOrder | TextSet
"""The facilitator's commands on a round's statements and final text (DESIGN §8)."""

ParticipantMessage = Annotated[
    IdeaSubmit | VoteCastMessage | StatementAnswer, Field(discriminator="type")
]
FacilitatorCommand = Annotated[
    PhaseSet | TimerStart | IdeaHide | IdeaMove | ThemeRename | ThemeMerge | ThemeSplit
    | ThemePin | Recluster | VotesReveal | RoundSeed | IdeaApprove | ModerationSetMessage | ScreenShow
    | Undo | WorkshopEdit | StatementCommand,
    Field(discriminator="type"),
]
FACILITATOR_TYPES = frozenset(
    {"phase.set", "timer.start", "idea.hide", "idea.move", "theme.rename", "theme.merge",
     "theme.split", "theme.pin", "recluster", "votes.reveal", "round.seed", "idea.approve",
     "moderation.set", "screen.show", "undo", "workshop.edit", "statement.add", "statement.edit",
     "statement.remove", "statement.order", "text.set"}
)

PARTICIPANT_HELLO: TypeAdapter[ParticipantHello] = TypeAdapter(ParticipantHello)
FACILITATOR_HELLO: TypeAdapter[FacilitatorHello] = TypeAdapter(FacilitatorHello)
PARTICIPANT_MESSAGE: TypeAdapter[ParticipantMessage] = TypeAdapter(ParticipantMessage)
FACILITATOR_COMMAND: TypeAdapter[FacilitatorCommand] = TypeAdapter(FacilitatorCommand)


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class IdeaAccepted(_Out):
    type: Literal["idea.accepted"] = "idea.accepted"
    client_id: str
    event_id: str
    waiting: bool = False
    """True: pre-moderation holds the idea until the facilitator approves it."""


class VoteAccepted(_Out):
    type: Literal["vote.accepted"] = "vote.accepted"
    round_id: str
    dots: dict[str, int]
    event_id: str


class AnswerAccepted(_Out):
    type: Literal["answer.accepted"] = "answer.accepted"
    round_id: str
    statement_id: str
    answer: AnswerChoice
    event_id: str


class ErrorMessage(_Out):
    type: Literal["error"] = "error"
    code: str
    message: str
    client_id: str | None = None
    round_id: str | None = None
    statement_id: str | None = None


class ScreenHello(_In):
    type: Literal["hello"]
    last_event_id: EventId | None = None
    batch: bool = False
    """True: events that are ready at once may come as one `events` message."""


SCREEN_HELLO: TypeAdapter[ScreenHello] = TypeAdapter(ScreenHello)
