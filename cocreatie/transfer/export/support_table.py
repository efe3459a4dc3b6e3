"""The draagvlak table of a round, as cells the Markdown and DOCX exports both lay out.

Per theme: its dots, per group the support with the voters it rests on, the consensus (its
geometric mean over its product) and the weakest group. A cell has a main text and a detail
(a second, smaller line in Word, brackets in Markdown), so "75 %" is never read without the
"3 of 4" behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cocreatie.rules.draagvlak import GroupSupport, RoundDraagvlak, ThemeSupport
from cocreatie.rules.support import MIN_ANSWERS, Consensus
from cocreatie.transfer.export.labels import Labels
from cocreatie.transfer.export.outline import group_name, percent


@dataclass(frozen=True)
class Cell:
    text: str
    detail: str = ""


@dataclass(frozen=True)
class SupportTable:
    header: list[Cell]
    rows: list[list[Cell]]
    groups: int
    """How many group columns follow the theme and its dots."""


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


def table_note(labels: Labels) -> str:
    return labels.table_note.format(min_voters=MIN_ANSWERS)


def group_size(voters: int, too_small: bool, labels: Labels) -> str:
    """A group's number of voters, and "too small" when it has fewer than MIN_ANSWERS."""
    size = labels.voter_count(voters)
    return f"{size}, {labels.too_small}" if too_small else size


def support_cell(row: GroupSupport, labels: Labels) -> Cell:
    """The support with the number of voters it rests on: "75 %" over "3 van 4"."""
    if row.support is None:
        return Cell("–")
    return Cell(percent(row.support), labels.of_voters.format(supporters=row.supporters, voters=row.voters))


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
        *(support_cell(row, labels) for row in theme.groups),
        *consensus_cells(theme.consensus, labels),
    ]
