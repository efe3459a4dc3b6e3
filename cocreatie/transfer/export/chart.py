"""The draagvlak chart of a round: per theme, each group's share of voters, as a PNG."""

from __future__ import annotations

import io
import textwrap

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from cocreatie.rules.draagvlak import RoundDraagvlak
from cocreatie.transfer.export.labels import Labels
from cocreatie.transfer.export.outline import group_header

# Okabe–Ito: distinguishable with the common forms of colour blindness, and in grey print.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
MAX_THEMES = 8
BAR_GAP = 0.8


def draagvlak_png(draagvlak: RoundDraagvlak, labels: Labels) -> bytes:
    """A horizontal grouped bar chart of the best supported themes, best on top. Labels are
    drawn as typed: a `$` in a theme or group starts no mathtext (which could fail to parse)."""
    buffer = io.BytesIO()
    with rc_context({"text.parse_math": False}):
        _figure(draagvlak, labels).savefig(buffer, format="png")
    return buffer.getvalue()


def _figure(draagvlak: RoundDraagvlak, labels: Labels) -> Figure:
    themes = draagvlak.themes[:MAX_THEMES]
    groups = list(draagvlak.group_voters)
    figure = Figure(figsize=(6.5, 1.3 + 0.15 * len(themes) * max(len(groups), 2)), dpi=150,
                    layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    height = BAR_GAP / max(len(groups), 1)
    for index, group in enumerate(groups):
        shares = [theme.groups[index].share or 0.0 for theme in themes]
        positions = [len(themes) - 1 - row + BAR_GAP / 2 - height * (index + 0.5)
                     for row in range(len(themes))]
        qualifies = group in draagvlak.qualifying
        axes.barh(positions, shares, height=height * 0.92, color=COLOURS[index % len(COLOURS)],
                  alpha=1.0 if qualifies else 0.45, hatch=None if qualifies else "//",
                  label=group_header(group, draagvlak.group_voters[group], qualifies, labels))
    axes.set_yticks(range(len(themes)))
    axes.set_yticklabels([textwrap.fill(t.label, 26) for t in reversed(themes)], fontsize=8)
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(PercentFormatter(xmax=1))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_xlabel(labels.chart_axis, fontsize=8)
    axes.set_title(labels.chart_title, fontsize=10, loc="left")
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(loc="outside lower center", ncols=min(len(groups), 4), fontsize=7,
                  frameon=False)
    return figure
