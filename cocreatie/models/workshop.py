"""A workshop and its rounds, as created over HTTP."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cocreatie.models.text import GroupName, Prompt, Title

DEFAULT_GROUPS = ("politiek", "administratie", "burger", "partner")


class Language(StrEnum):
    nl = "nl"
    fr = "fr"
    en = "en"


class RoundKind(StrEnum):
    mission = "mission"
    vision = "vision"
    strategy = "strategy"
    free = "free"


class Phase(StrEnum):
    draft = "draft"
    collect = "collect"
    cluster = "cluster"
    vote = "vote"
    closed = "closed"


class Moderation(StrEnum):
    """`open`: ideas reach the room at once; `pre`: only after the facilitator approves them."""

    open = "open"
    pre = "pre"


class ScreenView(StrEnum):
    """What the room sees of a round: its prompt only, its approved ideas, or ideas and themes."""

    prompt = "prompt"
    ideas = "ideas"
    themes = "themes"


class RoundSpec(BaseModel):
    """One round as asked for: a prompt and its kind."""

    model_config = ConfigDict(extra="forbid")

    prompt: Prompt
    kind: RoundKind = RoundKind.free
    dots: int = Field(default=3, ge=1, le=20)
    max_per_theme: int = Field(default=2, ge=1, le=20)
    timer_seconds: int | None = Field(default=None, ge=1, le=4 * 3600)


class WorkshopSpec(BaseModel):
    """The body of POST /api/workshops."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    language: Language = Language.nl
    groups: list[GroupName] = Field(default_factory=lambda: list(DEFAULT_GROUPS))
    rounds: list[RoundSpec] = Field(min_length=1, max_length=20)

    @field_validator("groups")
    @classmethod
    def groups_are_distinct(cls, groups: list[str]) -> list[str]:
        if not groups:
            raise ValueError("at least one stakeholder group is needed")
        if len(set(groups)) != len(groups):
            raise ValueError("stakeholder groups must be distinct")
        return groups


class Heading(BaseModel):
    """One heading of a seeded round: a theme of an earlier round, asked anew."""

    model_config = ConfigDict(frozen=True)

    theme_id: str
    label: str
    prompt: str


class Round(RoundSpec):
    """A round inside a workshop: the spec plus its id."""

    id: str


class WorkshopCreated(BaseModel):
    """The answer to POST /api/workshops."""

    workshop_id: str
    join_code: str
    facilitator_token: str
    urls: dict[str, str]
