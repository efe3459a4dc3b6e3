"""The report as Markdown, with what the Word report holds: per round with statements its final
text (each sentence with its support per group and the ideas behind it) and the statements'
table; the appendix of numbered ideas. User text is escaped so that it always reads as text."""

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
    dots_after,
    flags,
    idea_note,
    method_paragraphs,
    number_ranges,
    outline,
    round_stats,
    round_title,
)
from cocreatie.transfer.export.support_table import (
    Cell,
    SupportTable,
    draagvlak_table,
    statement_line,
    statement_note,
    statement_table,
    table_note,
)

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
    sections = outline(state, options)
    for section in sections:
        lines += _round(state, section, labels, options)
    if any(section.appendix for section in sections):
        lines += _appendix(state, sections, labels, options)
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
    lines += [round_stats(section, labels), ""]
    if section.ambition:
        lines += _final_text(section, labels) + _statements(section, labels)
    lines += [f"### {labels.themes}", ""]
    if not section.themes:
        lines += [labels.no_themes, ""]
    for rank, theme in enumerate(section.themes, start=1):
        marks = "".join(f" · *{flag}*" for flag in flags(theme.support, labels))
        lines += [f"#### {rank}. {escape(theme.support.label)}{dots_after(theme, section, labels)}{marks}", ""]
        lines += [_idea(state, idea, labels, options) for idea in theme.ideas] + [""]
    if section.unassigned:
        lines += [f"#### {labels.unassigned}", ""]
        lines += [_idea(state, idea, labels, options) for idea in section.unassigned] + [""]
    if section.shows_dots:
        lines += _table(section, labels)
    return lines


def _final_text(section: RoundSection, labels: Labels) -> list[str]:
    """Each sentence in bold with the ideas behind it, and under it a line per statement."""
    if not section.final_text:
        return []
    lines = [f"### {labels.final_text}", ""]
    for sentence in section.final_text:
        refs = labels.idea_refs(number_ranges(sentence.ideas), len(sentence.ideas))
        lines += [f"**{escape(sentence.text)}** {escape(refs)}", ""]
        lines += [f"- *{labels.source.format(number=statement.number)}* {escape(statement_line(statement, labels))}"
                  for statement in sentence.statements]
        lines += [""] if sentence.statements else []
    return lines


def _statements(section: RoundSection, labels: Labels) -> list[str]:
    if not section.statements:
        return []
    return [f"### {labels.statements}", "", *_grid(statement_table(section, labels)), "",
            escape(statement_note(labels)), ""]


def _appendix(state: RoomState, sections: list[RoundSection], labels: Labels, options: Options) -> list[str]:
    """The numbered ideas the final texts refer to, by round and theme (an ordered list whose
    numbers are the references')."""
    lines = [f"## {labels.appendix}", "", escape(labels.appendix_intro), ""]
    for section in sections:
        if not section.appendix:
            continue
        lines += [f"### {round_title(section, labels)}", ""]
        for theme in section.appendix:
            lines += [f"#### {escape(theme.label)}", ""]
            lines += [f"{numbered.number}. {escape(numbered.idea.text)} "
                      f"({escape(idea_note(state, numbered.idea, labels, options))})" for numbered in theme.ideas]
            lines += [""]
    return lines


def _idea(state: RoomState, idea: Idea, labels: Labels, options: Options) -> str:
    return f"- {escape(idea.text)} ({escape(idea_note(state, idea, labels, options))})"


def _table(section: RoundSection, labels: Labels) -> list[str]:
    draagvlak = section.draagvlak
    lines = [f"### {labels.draagvlak}", ""]
    if not draagvlak.voters or not draagvlak.themes:
        return [*lines, labels.no_votes, ""]
    return [*lines, *_grid(draagvlak_table(draagvlak, labels)), "", escape(table_note(labels)), ""]


def _grid(table: SupportTable) -> list[str]:
    """The table's lines: text in the first column, figures aligned right."""
    return [_line(table.header), "|---|" + "---:|" * (len(table.header) - 1), *(_line(row) for row in table.rows)]


def _line(cells: list[Cell]) -> str:
    """One table row; a cell's detail follows its text in brackets."""
    return "| " + " | ".join(escape(f"{cell.text} ({cell.inline})" if cell.detail else cell.text)
                             for cell in cells) + " |"
