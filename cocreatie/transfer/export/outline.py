"""The shape of a report, shared by the Markdown and DOCX exports: rounds, themes, ideas."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from cocreatie.models.state import Idea, RoomState, RoundState
from cocreatie.models.workshop import Heading
from cocreatie.rules.draagvlak import RoundDraagvlak, ThemeSupport, round_draagvlak
from cocreatie.rules.support import DIVIDING_Z, MIN_ANSWERS
from cocreatie.transfer.export.labels import Labels
from cocreatie.transfer.export.options import Options


@dataclass(frozen=True)
class ThemeSection:
    support: ThemeSupport
    ideas: list[Idea]


@dataclass(frozen=True)
class RoundSection:
    number: int
    round: RoundState
    draagvlak: RoundDraagvlak
    themes: list[ThemeSection]
    unassigned: list[Idea]
    source: RoundSection | None
    headings: list[Heading]

    @property
    def idea_count(self) -> int:
        return sum(len(theme.ideas) for theme in self.themes) + len(self.unassigned)


def outline(state: RoomState, options: Options) -> list[RoundSection]:
    """Every round in workshop order; themes ordered by support, ideas by time."""
    sections: dict[str, RoundSection] = {}
    for number, round_state in enumerate(state.rounds, start=1):
        ideas = sorted(
            (idea for idea in state.ideas.values()
             if idea.round_id == round_state.id and (options.include_hidden or not idea.hidden)),
            key=lambda idea: (idea.at, idea.id),
        )
        draagvlak = round_draagvlak(state, round_state)
        themes = [
            ThemeSection(support, [idea for idea in ideas if idea.theme_id == support.theme_id])
            for support in draagvlak.themes
        ]
        source_id = round_state.seeded_from
        sections[round_state.id] = RoundSection(
            number=number,
            round=round_state,
            draagvlak=draagvlak,
            themes=themes,
            unassigned=[idea for idea in ideas if idea.theme_id not in round_state.themes],
            source=sections.get(source_id) if source_id else None,
            headings=round_state.headings,
        )
    return list(sections.values())


def author(state: RoomState, idea: Idea, options: Options) -> str | None:
    """The idea's author's display name, only when names were asked for."""
    if not options.include_names:
        return None
    participant = state.participants.get(idea.participant_id)
    return participant.name if participant else None


def idea_note(state: RoomState, idea: Idea, labels: Labels, options: Options) -> str:
    """What follows an idea in the report: its group, the author if asked, hidden or not."""
    note = [group_name(idea.group, labels)]
    if name := author(state, idea, options):
        note.append(name)
    if idea.hidden:
        note.append(labels.hidden)
    return ", ".join(note)


def group_name(group: str, labels: Labels) -> str:
    return group or labels.unknown_group


def round_title(section: RoundSection, labels: Labels) -> str:
    return f"{labels.round} {section.number} · {labels.kinds[section.round.kind]}"


def chain_line(state: RoomState, labels: Labels) -> str:
    """The sequence of rounds, e.g. "Missie → Visie → Strategie"."""
    return " → ".join(labels.kinds[round_state.kind] for round_state in state.rounds)


def created_on(state: RoomState, labels: Labels) -> str:
    return datetime.fromtimestamp(state.created_at, tz=UTC).strftime(labels.date_format)


def method_paragraphs(state: RoomState, labels: Labels, options: Options) -> list[str]:
    values = {
        "model": f" ({state.model})" if state.model else "",
        "min_voters": MIN_ANSWERS,
        "z": labels.number(DIVIDING_Z, 4),
    }
    paragraphs = [text.format(**values) for text in labels.method_text]
    paragraphs.append(labels.hidden_in if options.include_hidden else labels.hidden_out)
    paragraphs.append(labels.names_in if options.include_names else labels.names_out)
    return paragraphs


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def flags(support: ThemeSupport, labels: Labels) -> list[str]:
    return [labels.dividing] if support.dividing else []
