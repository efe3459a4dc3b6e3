"""The ideas as CSV: one row per idea, UTF-8 with a byte-order mark so Excel reads accents,
split by semicolons for a Dutch or French workshop (a Belgian Excel reads them as columns) and
by commas for an English one, unless the export asks for the other.

A text that a spreadsheet would run as a formula (starting with = + - @) gets a leading
apostrophe; `cocreatie.transfer.ideas_csv` strips it again. So does every such start after a
`;`, `,` or tab inside a text, because a spreadsheet that splits on that character would make
it the start of a cell.
"""

from __future__ import annotations

import csv
import io
import re

from cocreatie.models.state import Idea, RoomState
from cocreatie.transfer.export.options import Options
from cocreatie.transfer.export.outline import author, outline

COLUMNS = ("round", "round_id", "theme", "theme_id", "text", "group", "theme_votes", "hidden",
           "author")
FORMULA_START = re.compile(r'^(?=[=+\-@\t\r])|(?<=[;,\t])(?="*[=+\-@\t\r])')
"""Where a cell would begin with a formula: the text's start, or just after a separator,
also behind quotes there (a spreadsheet reads `"=x` after a split as `=x`)."""


def render(state: RoomState, options: Options) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n",
                            delimiter=options.csv_separator(state.language))
    writer.writeheader()
    for section in outline(state, options):
        for theme in section.themes:
            for idea in theme.ideas:
                writer.writerow(_row(state, section.number, idea, options,
                                     theme.support.label, theme.support.dots))
        for idea in section.unassigned:
            writer.writerow(_row(state, section.number, idea, options, "", 0))
    return buffer.getvalue().encode("utf-8-sig")


def defuse(text: str) -> str:
    """Keep a spreadsheet from reading user text as a formula."""
    return FORMULA_START.sub("'", text)


def _row(
    state: RoomState, number: int, idea: Idea, options: Options, label: str, votes: int
) -> dict[str, object]:
    return {
        "round": number,
        "round_id": idea.round_id,
        "theme": defuse(label),
        "theme_id": idea.theme_id if label else "",
        "text": defuse(idea.text),
        "group": defuse(idea.group),
        "theme_votes": votes,
        "hidden": "true" if idea.hidden else "false",
        "author": defuse(author(state, idea, options) or ""),
    }
