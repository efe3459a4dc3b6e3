from __future__ import annotations

import csv
import io

from cocreatie.transfer.export import export
from cocreatie.transfer.export.csv_rows import COLUMNS
from tests.scripted_workshop import GROUP_OF, IDEAS, LABELS, expected_support, scripted, theme_id


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_one_row_per_visible_idea_with_its_theme_and_the_votes_on_it() -> None:
    parsed = rows(export(scripted().state, "csv"))
    expected = expected_support()
    visible = [idea for idea in IDEAS if not idea[6]]
    assert len(parsed) == len(visible)
    by_text = {row["text"].removeprefix("'"): row for row in parsed}
    for _, round_id, participant, text, _, final, _ in visible:
        row = by_text[text]
        assert row["round"] == round_id.removeprefix("r")
        assert row["group"] == GROUP_OF[participant]
        assert row["hidden"] == "false" and row["author"] == ""
        if final is None:
            assert (row["theme"], row["theme_votes"]) == ("", "0")
        else:
            assert row["theme"] == LABELS[final]
            assert int(row["theme_votes"]) == expected[round_id][theme_id(final)].dots


def test_hidden_rows_and_authors_only_when_asked() -> None:
    parsed = rows(export(scripted().state, "csv", include_hidden=True, include_names=True))
    assert len(parsed) == len(IDEAS)
    assert {row["text"] for row in parsed if row["hidden"] == "true"} == {"test test <b>123</b>",
                                                                         "spam spam"}
    assert {row["author"] for row in parsed} == {"", "Annelies Vermeersch", "Jef Claes"}


def test_a_text_a_spreadsheet_would_run_as_a_formula_is_defused() -> None:
    parsed = rows(export(scripted().state, "csv"))
    assert "'=Fietsstraten rond de scholen" in {row["text"] for row in parsed}
