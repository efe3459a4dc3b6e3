"""Exports of a folded room: RoomState → bytes, in Markdown, CSV, JSON or DOCX.

Each format lives in its own module with `render(state, options) -> bytes`; it is
imported only when asked for, so the web process loads matplotlib and python-docx
only when someone downloads a DOCX.
"""

from __future__ import annotations

import importlib
from typing import Literal

from cocreatie.errors import InvalidMessage
from cocreatie.models.state import RoomState
from cocreatie.transfer.export.options import Options, Separator

Format = Literal["md", "csv", "json", "docx"]

MODULES: dict[str, str] = {
    "md": "cocreatie.transfer.export.markdown",
    "csv": "cocreatie.transfer.export.csv_rows",
    "json": "cocreatie.transfer.export.json_state",
    "docx": "cocreatie.transfer.export.docx_report",
}
MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def export(
    state: RoomState,
    fmt: Format,
    *,
    include_hidden: bool = False,
    include_names: bool = False,
    separator: Separator | None = None,
) -> bytes:
    """The workshop in one format. Hidden ideas and display names stay out unless asked for;
    the CSV's separator is the workshop language's unless one is given."""
    if fmt not in MODULES:
        raise InvalidMessage(f"unknown export format {fmt!r}; choose one of {', '.join(MODULES)}")
    module = importlib.import_module(MODULES[fmt])
    rendered: bytes = module.render(state, Options(include_hidden, include_names, separator))
    return rendered
