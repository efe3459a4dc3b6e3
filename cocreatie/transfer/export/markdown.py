"""The report as Markdown. User text is escaped so that it always reads as text."""

from __future__ import annotations

import re

from cocreatie.models.state import Idea, RoomState
from cocreatie.models.text import LINE_BREAKS
from cocreatie.transfer.export.labels import Labels, labels_for
from cocreatie.transfer.export.options import Options
from cocreatie.transfer.export.outline import (
    RoundSection,
    chain_line,
    created_on,
    flags,
    idea_note,
    method_paragraphs,
    outline,
    round_title,
)
from cocreatie.transfer.export.support_table import Cell, draagvlak_table, table_note

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_BLOCK_START = re.compile(r"^(\d*)([.)+=-])")


def escape(text: str) -> str:
    """One line, with a backslash before what Markdown (or inline HTML) could give a meaning to,
    so text stays text: a line break in stored text would start a heading or a list."""
    one_line = LINE_BREAKS.sub(" ", text).strip()
    return _BLOCK_START.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", one_line))


def render(state: RoomState, options: Options) -> bytes:
    labels = labels_for(state.language)
    lines = [
        f"# {escape(state.title or labels.report)}",
        "",
        f"{labels.report} · {created_on(state, labels)}",
        "",
        f"**{labels.chain}:** {chain_line(state, labels)}",
        "",
    ]
    for section in outline(state, options):
        lines += _round(state, section, labels, options)
    lines += [f"## {labels.method}", ""]
    for paragraph in method_paragraphs(state, labels, options):
        lines += [escape(paragraph), ""]
    return "\n".join(lines).encode("utf-8")


def _round(state: RoomState, section: RoundSection, labels: Labels, options: Options) -> list[str]:
    round_state = section.round
    lines = [f"## {round_title(section, labels)}", "", f"> {escape(round_state.prompt)}", ""]
    if section.source is not None:
        built_on = labels.built_on.format(number=section.source.number,
                                          prompt=section.source.round.prompt)
        lines += [escape(built_on), ""]
    if section.headings:
        lines += [f"**{labels.headings}:**", ""]
        lines += [f"- {escape(heading.prompt)}" for heading in section.headings] + [""]
    stats = labels.stats.format(ideas=section.idea_count, voters=section.draagvlak.voters)
    rules = labels.rules.format(dots=round_state.dots, max_per_theme=round_state.max_per_theme)
    lines += [f"{stats} {rules}", "", f"### {labels.themes}", ""]
    if not section.themes:
        lines += [labels.no_themes, ""]
    for rank, theme in enumerate(section.themes, start=1):
        marks = "".join(f" · *{flag}*" for flag in flags(theme.support, labels))
        lines += [f"#### {rank}. {escape(theme.support.label)} — "
                  f"{labels.dot_count(theme.support.dots)}{marks}", ""]
        lines += [_idea(state, idea, labels, options) for idea in theme.ideas] + [""]
    if section.unassigned:
        lines += [f"#### {labels.unassigned}", ""]
        lines += [_idea(state, idea, labels, options) for idea in section.unassigned] + [""]
    return lines + _table(section, labels)


def _idea(state: RoomState, idea: Idea, labels: Labels, options: Options) -> str:
    return f"- {escape(idea.text)} ({escape(idea_note(state, idea, labels, options))})"


def _table(section: RoundSection, labels: Labels) -> list[str]:
    draagvlak = section.draagvlak
    lines = [f"### {labels.draagvlak}", ""]
    if not draagvlak.voters or not draagvlak.themes:
        return [*lines, labels.no_votes, ""]
    table = draagvlak_table(draagvlak, labels)
    lines += [_line(table.header), "|---|" + "---:|" * (len(table.header) - 1)]
    lines += [_line(row) for row in table.rows]
    return [*lines, "", escape(table_note(labels)), ""]


def _line(cells: list[Cell]) -> str:
    """One table row; a cell's detail follows its text in brackets."""
    return "| " + " | ".join(escape(f"{cell.text} ({cell.detail})" if cell.detail else cell.text)
                             for cell in cells) + " |"
