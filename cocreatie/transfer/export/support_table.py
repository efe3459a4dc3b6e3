"""The support tables of a round, as cells the Markdown and DOCX exports both lay out.

Per theme (dots) or statement (answers): per group the support with the people it rests on,
the consensus (its geometric mean over its product) and the weakest group. A cell has a main
text and a detail (a second, smaller line in Word, brackets in Markdown), so "75 %" is never
read without the "3 of 4" behind it. Under a sentence of the final text the same figures
make one line per statement (`statement_line`).
"""

from __future__ import annotations

from dataclasses import dataclass

from cocreatie.rules.draagvlak import RoundDraagvlak, ThemeSupport
from cocreatie.rules.support import MIN_ANSWERS, Answers, Consensus, support
from cocreatie.transfer.export.labels import Labels
from cocreatie.transfer.export.outline import RoundSection, StatementSection, group_name, percent


@dataclass(frozen=True)
class Cell:
    text: str
    detail: str = ""
    """Its lines, separated by "\n"."""

    @property
    def inline(self) -> str:
        """The detail on one line: "1 van 2, te klein"."""
        return self.detail.replace("\n", ", ")


@dataclass(frozen=True)
class SupportTable:
    header: list[Cell]
    rows: list[list[Cell]]
    groups: int
    """How many group columns follow the leading ones (a theme and its dots, or a statement)."""

    @property
    def leading(self) -> int:
        return len(self.header) - self.groups - 2


def draagvlak_table(draagvlak: RoundDraagvlak, labels: Labels) -> SupportTable:
    header = [
        Cell(labels.theme),
        Cell(labels.dots.capitalize()),
        *(Cell(group_name(group, labels), group_size(voters, group in draagvlak.too_small, labels))
          for group, voters in draagvlak.group_voters.items()),
        Cell(labels.consensus, labels.product),
        Cell(labels.weakest),
    ]
    return SupportTable(header, [_row(theme, labels) for theme in draagvlak.themes],
                        len(draagvlak.group_voters))


def statement_table(section: RoundSection, labels: Labels) -> SupportTable:
    """Per statement, in the facilitator's order: its number and text, per group the support
    with "agrees of answers" (too small marked in the cell: a group's answers differ per
    statement), the consensus and the weakest group."""
    groups = section.statement_groups
    header = [Cell(labels.statement), *(Cell(group_name(group, labels)) for group in groups),
              Cell(labels.consensus, labels.product), Cell(labels.weakest)]
    rows = [[Cell(f"{s.number}. {s.report.text}", _statement_detail(s, labels)),
             *(support_cell(s.report.answers[group], labels, mark_small=True) for group in groups),
             *consensus_cells(s.report.consensus, labels)]
            for s in section.statements]
    return SupportTable(header, rows, len(groups))


def statement_line(statement: StatementSection, labels: Labels) -> str:
    """One statement's figures on one line, for under a sentence of the final text:
    "politiek 80% (3 van 3) · … · consensus 52% (0,064) · zwakste groep: burger · verdeeld"."""
    parts = []
    for group, answers in statement.report.answers.items():
        cell = support_cell(answers, labels, mark_small=True)
        parts.append(f"{group_name(group, labels)} {cell.text}" + (f" ({cell.inline})" if cell.detail else ""))
    value = statement.report.consensus
    if value is not None:
        parts.append(labels.consensus_line.format(mean=percent(value.geometric_mean),
                                                  product=labels.number(value.product, 3)))
        parts.append(labels.weakest_line.format(group=group_name(value.weakest_group, labels)))
    if statement.report.dividing:
        parts.append(labels.dividing)
    return " · ".join(parts)


def served_lines(statement: StatementSection, labels: Labels) -> list[str]:
    """What a statement of a chained round serves: "dient: ronde 1, stelling 2: …", one a line."""
    return [labels.serves.format(round=s.round_number, number=s.number, text=s.text) for s in statement.serves]


def table_note(labels: Labels) -> str:
    return labels.table_note.format(min_voters=MIN_ANSWERS)


def statement_note(labels: Labels) -> str:
    return labels.statement_note.format(min_answers=MIN_ANSWERS)


def group_size(voters: int, too_small: bool, labels: Labels) -> str:
    """A group's number of voters, and "too small" when it has fewer than MIN_ANSWERS."""
    size = labels.voter_count(voters)
    return f"{size}, {labels.too_small}" if too_small else size


def support_cell(answers: Answers, labels: Labels, *, mark_small: bool = False) -> Cell:
    """The support with the number of people it rests on: "75 %" over "3 van 4" (agrees of
    answers, or supporters of voters), "te klein" on a line of its own if asked for; a dash
    without answers."""
    if not answers.seen:
        return Cell("–")
    detail = labels.of_voters.format(supporters=answers.agree, voters=answers.seen)
    if mark_small and answers.too_small:
        detail = f"{detail}\n{labels.too_small}"
    return Cell(percent(support(answers)), detail)


def consensus_cells(value: Consensus | None, labels: Labels) -> list[Cell]:
    """The geometric mean with the product behind it, and the weakest group; dashes when
    nobody voted."""
    if value is None:
        return [Cell("–")] * 2
    return [Cell(percent(value.geometric_mean), labels.number(value.product, 3)),
            Cell(group_name(value.weakest_group, labels))]


def _row(theme: ThemeSupport, labels: Labels) -> list[Cell]:
    return [
        Cell(theme.label, labels.dividing if theme.dividing else ""),
        Cell(str(theme.dots)),
        *(support_cell(row.answers, labels) for row in theme.groups),
        *consensus_cells(theme.consensus, labels),
    ]


def _statement_detail(statement: StatementSection, labels: Labels) -> str:
    marks = [labels.dividing] if statement.report.dividing else []
    return "\n".join([*marks, *served_lines(statement, labels)])
