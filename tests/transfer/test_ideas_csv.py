from __future__ import annotations

import csv
import io

import pytest

from cocreatie.errors import InvalidMessage
from cocreatie.transfer.export import export
from cocreatie.transfer.ideas_csv import ImportedIdea, parse_ideas_csv
from tests.scripted_workshop import GROUPS, IDEAS, scripted


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_texts_and_groups_are_read_with_any_usual_delimiter(delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerows([["Text", "Group"], ["Meer groen, minder beton", "burger"],
                      ["  Eén loket  ", ""]])
    ideas = parse_ideas_csv(buffer.getvalue().encode("utf-8-sig"))
    assert ideas == [
        ImportedIdea(line=2, text="Meer groen, minder beton", group="burger"),
        ImportedIdea(line=3, text="Eén loket", group=None),
    ]


def test_a_lone_text_column_and_blank_rows() -> None:
    data = b"text\nFietsstraten\n\nDeelauto's\n"
    assert [idea.text for idea in parse_ideas_csv(data)] == ["Fietsstraten", "Deelauto's"]


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        (b"idea\nx\n", "column named 'text'"),
        (b"text,group\n  ,burger\n", "line 2: the idea is empty"),
        ("text\n" + "x" * 281 + "\n", "line 2: the idea is longer than 280"),
        (b"text\n\"bel\x07\"\n", "line 2: the idea contains control characters"),
        (b"text,group\nx,koning\n", "line 2: unknown stakeholder group 'koning'"),
        (b"text\nmeer groen, minder beton\n", "line 2: more fields than columns"),
        (b"text\n\xff\xfe\n", "not UTF-8"),
    ],
)
def test_a_bad_file_is_refused_naming_the_line(data: bytes | str, complaint: str) -> None:
    raw = data.encode() if isinstance(data, str) else data
    with pytest.raises(InvalidMessage, match=complaint):
        parse_ideas_csv(raw, groups=GROUPS)


def test_the_csv_export_imports_again_as_the_same_ideas() -> None:
    exported = export(scripted().state, "csv")
    imported = parse_ideas_csv(exported, groups=GROUPS)
    visible = [idea[3] for idea in IDEAS if not idea[6]]
    assert sorted(idea.text for idea in imported) == sorted(visible)
    assert "=Fietsstraten rond de scholen" in {idea.text for idea in imported}
