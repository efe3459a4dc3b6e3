"""The shape of a report, shared by the Markdown and DOCX exports: rounds, themes, ideas, and
for a round with statements (DESIGN §8) its statements, its final text and the ideas behind it.

The ideas behind the statements are numbered once for the whole report (round by round, theme
by theme in the order the statements name them), so that a sentence refers to them as
"[ideeën 4–6]" and the appendix lists each number once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from cocreatie.models.state import Idea, RoomState, RoundState
from cocreatie.models.workshop import Heading
from cocreatie.rules.draagvlak import RoundDraagvlak, ThemeSupport, round_draagvlak
from cocreatie.rules.statements import StatementReport, answerers, statement_reports
from cocreatie.rules.support import DIVIDING_Z, MIN_ANSWERS
from cocreatie.transfer.export.labels import Labels
from cocreatie.transfer.export.options import Options


@dataclass(frozen=True)
class ThemeSection:
    support: ThemeSupport
    ideas: list[Idea]


@dataclass(frozen=True)
class Served:
    """A statement of an earlier round that a statement serves."""

    round_number: int
    number: int
    text: str


@dataclass(frozen=True)
class StatementSection:
    number: int
    """Its place in the round's statements (the facilitator's order), from 1."""
    report: StatementReport
    ideas: list[int]
    """The numbers of the ideas behind it in the appendix."""
    serves: list[Served]


@dataclass(frozen=True)
class SentenceSection:
    text: str
    statements: list[StatementSection]
    ideas: list[int]
    """The union of its statements' ideas, by number."""


@dataclass(frozen=True)
class NumberedIdea:
    number: int
    idea: Idea


@dataclass(frozen=True)
class AppendixTheme:
    label: str
    ideas: list[NumberedIdea]


@dataclass(frozen=True)
class RoundSection:
    number: int
    round: RoundState
    draagvlak: RoundDraagvlak
    themes: list[ThemeSection]
    unassigned: list[Idea]
    source: RoundSection | None
    headings: list[Heading]
    statements: list[StatementSection]
    final_text: list[SentenceSection]
    appendix: list[AppendixTheme]
    """The ideas behind the round's statements, numbered, by theme."""
    answerers: int

    @property
    def idea_count(self) -> int:
        return sum(len(theme.ideas) for theme in self.themes) + len(self.unassigned)

    @property
    def ambition(self) -> bool:
        """The round has statements or a final text: the report shows them (else it is as before)."""
        return bool(self.round.statements or self.round.final_text)

    @property
    def shows_dots(self) -> bool:
        """The dot vote is reported: there was one, or the round has nothing else to show."""
        return bool(self.draagvlak.voters) or not self.ambition

    @property
    def statement_groups(self) -> list[str]:
        """The groups of the statements' support, in the workshop's order."""
        return list(self.statements[0].report.answers) if self.statements else []


def outline(state: RoomState, options: Options) -> list[RoundSection]:
    """Every round in workshop order; themes ordered by support, ideas by time."""
    sections: dict[str, RoundSection] = {}
    numbers: dict[str, int] = {}
    """Idea id → its number in the appendix, growing round by round."""
    served: dict[str, Served] = {}
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
        reports = statement_reports(state, round_state, include_hidden=options.include_hidden)
        appendix = _appendix(state, reports, numbers)
        statements = _statements(reports, numbers, served)
        served.update({s.report.id: Served(number, s.number, s.report.text) for s in statements})
        sections[round_state.id] = RoundSection(
            number=number,
            round=round_state,
            draagvlak=draagvlak,
            themes=themes,
            unassigned=[idea for idea in ideas if idea.theme_id not in round_state.themes],
            source=sections.get(source_id) if source_id else None,
            headings=round_state.headings,
            statements=statements,
            final_text=_final_text(round_state, statements),
            appendix=appendix,
            answerers=answerers(round_state),
        )
    return list(sections.values())


def _statements(
    reports: list[StatementReport], numbers: dict[str, int], served: dict[str, Served],
) -> list[StatementSection]:
    """The round's statements numbered in order, each with its ideas' numbers and what it serves
    of the earlier rounds."""
    return [
        StatementSection(place, report, sorted(numbers[i] for i in report.idea_ids),
                         [served[s] for s in report.serves if s in served])
        for place, report in enumerate(reports, start=1)
    ]


def _appendix(state: RoomState, reports: list[StatementReport], numbers: dict[str, int]) -> list[AppendixTheme]:
    """The ideas behind the round's statements, theme by theme in the order the statements name
    them, each numbered after the last number given (`numbers` grows)."""
    theme_ids = dict.fromkeys(theme_id for report in reports for theme_id in report.theme_ids)
    behind = {idea_id for report in reports for idea_id in report.idea_ids}
    appendix = []
    for theme_id in theme_ids:
        ideas = [state.ideas[i] for i in state.ideas if i in behind and state.ideas[i].theme_id == theme_id
                 and i not in numbers]
        if not ideas:
            continue
        numbers.update({idea.id: len(numbers) + n for n, idea in enumerate(ideas, start=1)})
        theme_round = state.round_of_theme(theme_id)
        label = theme_round.themes[theme_id].label if theme_round else theme_id
        appendix.append(AppendixTheme(label, [NumberedIdea(numbers[idea.id], idea) for idea in ideas]))
    return appendix


def _final_text(round_state: RoundState, statements: list[StatementSection]) -> list[SentenceSection]:
    by_id = {s.report.id: s for s in statements}
    sentences = []
    for sentence in round_state.final_text:
        sources = [by_id[s] for s in sentence.statement_ids if s in by_id]
        ideas = sorted({number for source in sources for number in source.ideas})
        sentences.append(SentenceSection(sentence.text, sources, ideas))
    return sentences


def number_ranges(numbers: list[int]) -> str:
    """Sorted numbers with runs of three or more shortened: "1–3, 7, 9, 10"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)


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


def round_stats(section: RoundSection, labels: Labels) -> str:
    """Ideas and voters; the vote's rules when there was a dot vote (or nothing else); for a
    round with statements, how many answered them."""
    round_state = section.round
    parts = [labels.stats.format(ideas=section.idea_count, voters=section.draagvlak.voters)]
    if section.shows_dots:
        parts.append(labels.rules.format(dots=round_state.dots, max_per_theme=round_state.max_per_theme))
    if section.ambition:
        parts.append(labels.answered.format(answerers=section.answerers))
    return " ".join(parts)


def dots_after(theme: ThemeSection, section: RoundSection, labels: Labels) -> str:
    """What follows a theme's label in its heading: " — 15 stippen" when the dots are reported."""
    return f" — {labels.dot_count(theme.support.dots)}" if section.shows_dots else ""


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
    if any(round_state.statements for round_state in state.rounds):
        paragraphs.append(labels.method_statements.format(**values))
    paragraphs.append(labels.hidden_in if options.include_hidden else labels.hidden_out)
    paragraphs.append(labels.names_in if options.include_names else labels.names_out)
    return paragraphs


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def flags(support: ThemeSupport, labels: Labels) -> list[str]:
    return [labels.dividing] if support.dividing else []
