"""Ideas from another tool or a paper session: a CSV with a `text` column, optionally `group`.

Pure: it checks and returns the ideas; the caller writes the events that start the round.
Each text follows the same rules as an idea typed on a phone (`clean_text`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from cocreatie.errors import InvalidMessage
from cocreatie.models.messages import clean_text

MAX_ROWS = 5000
MAX_GROUP_CHARS = 40
DELIMITERS = ",;\t"
FORMULA_GUARD = ("'=", "'+", "'-", "'@")


class ImportedIdea(BaseModel):
    model_config = ConfigDict(frozen=True)

    line: int
    text: str
    group: str | None = None


def parse_ideas_csv(data: bytes, *, groups: Sequence[str] | None = None) -> list[ImportedIdea]:
    """The ideas of a CSV file, or `InvalidMessage` naming the first bad line.

    The header is matched case-insensitively; the delimiter may be a comma, a semicolon
    (as Excel writes it in Flanders) or a tab. Rows with nothing in them are skipped. With
    `groups`, a row's group must be one of them.
    """
    text = _decode(data)
    reader = csv.DictReader(io.StringIO(text), dialect=_dialect(text))
    columns = {name.strip().casefold(): name for name in reader.fieldnames or []}
    if "text" not in columns:
        raise InvalidMessage("the CSV file needs a `text` column (no column named 'text' in its header)")
    ideas: list[ImportedIdea] = []
    for row in reader:
        if None in row:
            raise InvalidMessage(
                f"line {reader.line_num}: more fields than columns; quote texts with a delimiter"
            )
        if not any((value or "").strip() for value in row.values()):
            continue
        if len(ideas) == MAX_ROWS:
            raise InvalidMessage(f"at most {MAX_ROWS} ideas can be imported at once")
        group = (row[columns["group"]] or "").strip() if "group" in columns else ""
        ideas.append(_idea(reader.line_num, row[columns["text"]] or "", group or None, groups))
    return ideas


def _idea(line: int, text: str, group: str | None, groups: Sequence[str] | None) -> ImportedIdea:
    try:
        cleaned = clean_text(text[1:] if text.startswith(FORMULA_GUARD) else text)
    except ValueError as exc:
        raise InvalidMessage(f"line {line}: {exc}") from exc
    if group is not None and (len(group) > MAX_GROUP_CHARS or (groups and group not in groups)):
        raise InvalidMessage(f"line {line}: unknown stakeholder group {group!r}")
    return ImportedIdea(line=line, text=cleaned, group=group)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidMessage("the CSV file is not UTF-8 text") from exc


def _dialect(text: str) -> type[csv.Dialect]:
    """The delimiter of the header line; a lone `text` column reads as plain CSV."""
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel
