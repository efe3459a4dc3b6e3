"""The folded state of a room: what a new socket receives and what exports are made of."""

from __future__ import annotations

from pydantic import BaseModel, Field

from cocreatie.errors import NotFound
from cocreatie.models.workshop import Heading, Language, Phase, RoundKind

# A stakeholder group of one would name the author: the room sees neither.
PRIVATE_IDEA_FIELDS = frozenset({"participant_id", "group"})


IMPORT_PARTICIPANT_PREFIX = "import:"


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
    theme_id: str | None = None
    placed: bool = False


class Theme(BaseModel):
    id: str
    label: str
    keywords: list[str] = Field(default_factory=list)
    representative: str | None = None
    pinned: bool = False
    renamed: bool = False


class RoundState(BaseModel):
    id: str
    prompt: str
    kind: RoundKind
    dots: int
    max_per_theme: int
    phase: Phase = Phase.draft
    timer_ends_at: float | None = None
    themes: dict[str, Theme] = Field(default_factory=dict)
    votes: dict[str, dict[str, int]] = Field(default_factory=dict)
    revealed: bool = False
    seeded_from: str | None = None
    headings: list[Heading] = Field(default_factory=list)

    def counted_ballots(self) -> dict[str, dict[str, int]]:
        """Each voter's dots on the round's current themes.

        Dots on a theme that has since disappeared (merged away, re-clustered) no longer
        count; a participant left with no dots on a current theme is not a voter.
        """
        ballots: dict[str, dict[str, int]] = {}
        for participant_id, dots in self.votes.items():
            ballot = {t: n for t, n in dots.items() if n > 0 and t in self.themes}
            if ballot:
                ballots[participant_id] = ballot
        return ballots

    def voter_count(self) -> int:
        """Participants whose ballot counts (a withdrawn, empty ballot does not)."""
        return len(self.counted_ballots())

    def tally(self) -> dict[str, int]:
        """Dots per theme of the round, every theme present (zero if nobody chose it)."""
        totals = dict.fromkeys(self.themes, 0)
        for ballot in self.counted_ballots().values():
            for theme_id, count in ballot.items():
                totals[theme_id] += count
        return totals


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

    def round(self, round_id: str) -> RoundState | None:
        return next((r for r in self.rounds if r.id == round_id), None)

    def require_round(self, round_id: str) -> RoundState:
        """The round, or NotFound naming it."""
        round_state = self.round(round_id)
        if round_state is None:
            raise NotFound(f"no round {round_id!r} in this workshop")
        return round_state

    def public_view(self) -> dict[str, object]:
        """What participants and the projector may see: no hidden ideas, no names, no ballots."""
        data = self.model_dump(mode="json", exclude={"participants"})
        data["ideas"] = {
            idea_id: {key: value for key, value in idea.items() if key not in PRIVATE_IDEA_FIELDS}
            for idea_id, idea in data["ideas"].items()
            if not idea["hidden"]
        }
        for round_state, round_data in zip(self.rounds, data["rounds"], strict=True):
            del round_data["votes"]
            round_data["voters"] = round_state.voter_count()
            if round_state.revealed or round_state.phase is Phase.closed:
                round_data["tally"] = round_state.tally()
        data["present"] = self.group_counts()
        return data

    def ballots_of(self, participant_id: str) -> dict[str, dict[str, int]]:
        """One participant's dots per round (so a phone that comes back sees its own vote)."""
        return {r.id: r.votes[participant_id] for r in self.rounds if participant_id in r.votes}

    def facilitator_view(self) -> dict[str, object]:
        data = self.model_dump(mode="json")
        data["present"] = self.group_counts()
        for round_state, round_data in zip(self.rounds, data["rounds"], strict=True):
            round_data["tally"] = round_state.tally()
        return data

    def group_counts(self) -> dict[str, int]:
        """People present per group (the stand-ins that carry imported ideas do not count)."""
        counts = dict.fromkeys(self.groups, 0)
        for participant in self.participants.values():
            if not participant.id.startswith(IMPORT_PARTICIPANT_PREFIX):
                counts[participant.group] = counts.get(participant.group, 0) + 1
        return counts

