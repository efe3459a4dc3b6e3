"""The draagvlak charts of a round: per theme, each group's support and the consensus, as PNGs.

Every theme is drawn. A round with many themes gets several charts, each at most a page tall,
rather than one chart whose bars shrink to hairlines.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from cocreatie.rules.draagvlak import RoundDraagvlak, ThemeSupport
from cocreatie.transfer.export.labels import Labels
from cocreatie.transfer.export.outline import group_name
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


def draagvlak_pngs(draagvlak: RoundDraagvlak, labels: Labels) -> list[bytes]:
    """One horizontal grouped bar chart per page of themes, best supported on top. Labels are
    drawn as typed: a `$` in a theme or group starts no mathtext (which could fail to parse)."""
    pages = chart_pages(draagvlak.themes, len(draagvlak.group_voters))
    charts = []
    for number, themes in enumerate(pages, start=1):
        title = labels.chart_title if len(pages) == 1 else f"{labels.chart_title} ({number}/{len(pages)})"
        buffer = io.BytesIO()
        with rc_context({"text.parse_math": False}):
            _figure(draagvlak, themes, title, labels).savefig(buffer, format="png")
        charts.append(buffer.getvalue())
    return charts


def chart_pages(themes: list[ThemeSupport], groups: int) -> list[list[ThemeSupport]]:
    """The themes in order, cut into runs that each make a chart at most MAX_INCHES tall."""
    per_page = max(int((MAX_INCHES - FRAME_INCHES) / (BAR_INCHES * max(groups, 2))), 1)
    return [themes[start:start + per_page] for start in range(0, len(themes), per_page)]


def _height(themes: int, groups: int) -> float:
    return FRAME_INCHES + BAR_INCHES * themes * max(groups, 2)


def _figure(draagvlak: RoundDraagvlak, themes: list[ThemeSupport], title: str, labels: Labels) -> Figure:
    groups = list(draagvlak.group_voters)
    figure = Figure(figsize=(WIDTH_INCHES, _height(len(themes), len(groups))), dpi=150, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    height = BAR_GAP / max(len(groups), 1)
    rows = [len(themes) - 1 - row for row in range(len(themes))]
    for index, group in enumerate(groups):
        support = [theme.groups[index].support or 0.0 for theme in themes]
        positions = [row + BAR_GAP / 2 - height * (index + 0.5) for row in rows]
        readable = group not in draagvlak.too_small
        name = f"{group_name(group, labels)} ({group_size(draagvlak.group_voters[group], not readable, labels)})"
        axes.barh(positions, support, height=height * 0.92, color=COLOURS[index % len(COLOURS)],
                  alpha=1.0 if readable else 0.45, hatch=None if readable else "//", label=name)
    agreed = [(theme.consensus.geometric_mean, row) for theme, row in zip(themes, rows, strict=True)
              if theme.consensus is not None]
    if agreed:
        axes.scatter([mean for mean, _ in agreed], [row for _, row in agreed], marker="D", s=18,
                     color="black", zorder=3, label=labels.chart_consensus)
    axes.set_yticks(rows)
    axes.set_yticklabels([_tick(theme, labels) for theme in themes], fontsize=8)
    axes.set_ylim(-0.6, len(themes) - 0.4)
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_xlabel(labels.chart_axis, fontsize=8)
    axes.set_title(title, fontsize=10, loc="left")
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(loc="outside lower center", ncols=min(len(groups) + 1, 3), fontsize=7, frameon=False)
    return figure


def _tick(theme: ThemeSupport, labels: Labels) -> str:
    label = textwrap.fill(theme.label, 26)
    return f"{label}\n({labels.dividing})" if theme.dividing else label
