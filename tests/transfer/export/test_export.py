from __future__ import annotations

import io

import docx
import pytest

from cocreatie.errors import InvalidMessage
from cocreatie.transfer.export import MEDIA_TYPES, Format, export
from tests.scripted_workshop import HIDDEN_TEXTS, NAMES, scripted

FORMATS: list[Format] = ["md", "csv", "json", "docx"]


def readable(data: bytes, fmt: Format) -> str:
    """All the text of an export, for searching."""
    if fmt != "docx":
        return data.decode("utf-8-sig")
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("fmt", FORMATS)
def test_names_and_hidden_ideas_stay_out_by_default(fmt: Format) -> None:
    text = readable(export(scripted().state, fmt), fmt)
    for secret in [*NAMES.values(), *HIDDEN_TEXTS]:
        assert secret not in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_names_and_hidden_ideas_appear_when_asked(fmt: Format) -> None:
    data = export(scripted().state, fmt, include_hidden=True, include_names=True)
    text = readable(data, fmt)
    assert NAMES["p1"] in text
    assert "spam spam" in text


def test_every_format_has_a_media_type() -> None:
    assert set(MEDIA_TYPES) == set(FORMATS)


def test_an_unknown_format_is_a_client_error() -> None:
    with pytest.raises(InvalidMessage, match="unknown export format 'pdf'"):
        export(scripted().state, "pdf")  # type: ignore[arg-type]
