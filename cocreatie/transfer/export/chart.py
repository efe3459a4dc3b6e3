"""The support charts of a round, as PNGs: per theme (dots) or per statement (answers), each
group's support and the consensus.

Every theme and every statement is drawn. A round with many gets several charts, each at most
a page tall, rather than one chart whose bars shrink to hairlines.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from matplotlib import rc_context
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from cocreatie.rules.draagvlak import RoundDraagvlak
from cocreatie.rules.support import support
from cocreatie.transfer.export.labels import Labels
from cocreatie.transfer.export.outline import RoundSection, group_name
from cocreatie.transfer.export.support_table import group_size

# Okabe–Ito: distinguishable with the common forms of colour blindness, and in grey print.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
BAR_GAP = 0.8
WIDTH_INCHES = 6.5
FRAME_INCHES = 1.6
"""Title, axis and legend."""
BAR_INCHES = 0.15
MAX_INCHES = 8.5
"""The tallest chart that still fits an A4 page with its heading."""
TICK_CHARS = 28
SMALL_ALPHA = 0.45
SMALL_HATCH = "//"

Row = TypeVar("Row")


@dataclass(frozen=True)
class Bars:
    """One row of a chart: a theme or a statement."""

    label: str
    support: list[float | None]
    """Per group (in the legend's order); none without answers."""
    small: list[bool]
    """Per group: too small to read, drawn hatched and lighter."""
    consensus: float | None


@dataclass(frozen=True)
class Chart:
    title: str
    axis: str
    legend: list[tuple[str, bool]]
    """Per group: its name in the legend, and whether it is too small in every row."""
    rows: list[Bars]
    small_note: str | None = None
    """A legend entry for hatched bars, when smallness differs from row to row."""


def draagvlak_pngs(draagvlak: RoundDraagvlak, labels: Labels) -> list[bytes]:
    """One chart per page of themes, best supported on top; a small group is small throughout."""
    small = [group in draagvlak.too_small for group in draagvlak.group_voters]
    legend = [(f"{group_name(group, labels)} ({group_size(voters, too_small, labels)})", too_small)
              for (group, voters), too_small in zip(draagvlak.group_voters.items(), small, strict=True)]
    rows = [Bars(_tick(theme.label, theme.dividing, labels), [row.support for row in theme.groups], small,
                 theme.consensus.geometric_mean if theme.consensus else None)
            for theme in draagvlak.themes]
    return pngs(Chart(labels.chart_title, labels.chart_axis, legend, rows), labels)


def statement_pngs(section: RoundSection, labels: Labels) -> list[bytes]:
    """One chart per page of statements, in the facilitator's order, numbered as in the table;
    a group's answers differ per statement, so each bar says whether it is too small."""
    groups = section.statement_groups
    rows = []
    for statement in section.statements:
        answers = [statement.report.answers[group] for group in groups]
        rows.append(Bars(
            _tick(f"{statement.number}. {statement.report.text}", statement.report.dividing, labels, lines=2),
            [support(a) if a.seen else None for a in answers], [a.too_small and a.seen > 0 for a in answers],
            statement.report.consensus.geometric_mean if statement.report.consensus else None,
        ))
    legend = [(group_name(group, labels), False) for group in groups]
    return pngs(Chart(labels.chart_statements, labels.chart_statement_axis, legend, rows,
                      labels.chart_too_small), labels)


def pngs(chart: Chart, labels: Labels) -> list[bytes]:
    """The chart cut into pages. Labels are drawn as typed: a `$` in a theme or group starts
    no mathtext (which could fail to parse)."""
    pages = chart_pages(chart.rows, len(chart.legend))
    images = []
    for number, rows in enumerate(pages, start=1):
        title = chart.title if len(pages) == 1 else f"{chart.title} ({number}/{len(pages)})"
        buffer = io.BytesIO()
        with rc_context({"text.parse_math": False}):
            _figure(chart, rows, title, labels).savefig(buffer, format="png")
        images.append(buffer.getvalue())
    return images


def chart_pages(rows: Sequence[Row], groups: int) -> list[list[Row]]:
    """The rows in order, cut into runs that each make a chart at most MAX_INCHES tall."""
    per_page = max(int((MAX_INCHES - FRAME_INCHES) / (BAR_INCHES * max(groups, 2))), 1)
    return [list(rows[start:start + per_page]) for start in range(0, len(rows), per_page)]


def _height(rows: int, groups: int) -> float:
    return FRAME_INCHES + BAR_INCHES * rows * max(groups, 2)


def _figure(chart: Chart, rows: list[Bars], title: str, labels: Labels) -> Figure:
    groups = len(chart.legend)
    figure = Figure(figsize=(WIDTH_INCHES, _height(len(rows), groups)), dpi=150, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    height = BAR_GAP / max(groups, 1)
    places = [len(rows) - 1 - place for place in range(len(rows))]
    handles: list[Artist] = []
    for index, (name, small_throughout) in enumerate(chart.legend):
        colour = COLOURS[index % len(COLOURS)]
        positions = [place + BAR_GAP / 2 - height * (index + 0.5) for place in places]
        bars = axes.barh(positions, [row.support[index] or 0.0 for row in rows], height=height * 0.92, color=colour)
        for bar, row in zip(bars, rows, strict=True):
            if row.small[index]:
                bar.set_alpha(SMALL_ALPHA)
                bar.set_hatch(SMALL_HATCH)
        handles.append(_swatch(colour, name, small=small_throughout))
    if chart.small_note and any(any(row.small) for row in rows):
        handles.append(_swatch("#999999", chart.small_note, small=True))
    agreed = [(row.consensus, place) for row, place in zip(rows, places, strict=True) if row.consensus is not None]
    if agreed:
        handles.append(axes.scatter([mean for mean, _ in agreed], [place for _, place in agreed], marker="D",
                                    s=18, color="black", zorder=3, label=labels.chart_consensus))
    axes.set_yticks(places)
    axes.set_yticklabels([row.label for row in rows], fontsize=8)
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_xlabel(chart.axis, fontsize=8)
    axes.set_title(title, fontsize=10, loc="left")
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 3), fontsize=7,
                  frameon=False)
    return figure


def _swatch(colour: str, name: str, *, small: bool) -> Patch:
    return Patch(facecolor=colour, alpha=SMALL_ALPHA if small else 1.0, hatch=SMALL_HATCH if small else None,
                 label=name)


def _tick(label: str, dividing: bool, labels: Labels, lines: int | None = None) -> str:
    """The label wrapped (cut after `lines` lines, with " …": a statement's full text is in the
    table), "dividing" under it."""
    wrapped = textwrap.wrap(label, TICK_CHARS) or [""]
    if lines is not None and len(wrapped) > lines:
        wrapped = [*wrapped[:lines - 1], textwrap.shorten(" ".join(wrapped[lines - 1:]), TICK_CHARS, placeholder=" …")]
    return "\n".join([*wrapped, f"({labels.dividing})"] if dividing else wrapped)
