from __future__ import annotations

import csv
import io

import pytest

from cocreatie.models.workshop import Language
from cocreatie.transfer.export import export
from cocreatie.transfer.export.csv_rows import COLUMNS
from cocreatie.transfer.export.options import Separator
from tests.scripted_workshop import GROUP_OF, IDEAS, LABELS, expected_support, scripted, theme_id


def rows(data: bytes, delimiter: str = ";") -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter)
    assert tuple(reader.fieldnames or ()) == COLUMNS
    parsed = list(reader)
    assert all(None not in row and None not in row.values() for row in parsed)
    return parsed


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


@pytest.mark.parametrize(
    ("language", "separator", "delimiter"),
    [(Language.nl, None, ";"), (Language.fr, None, ";"), (Language.en, None, ","),
     (Language.nl, Separator.comma, ","), (Language.en, Separator.semicolon, ";")],
)
def test_the_separator_follows_the_language_unless_asked(
    language: Language, separator: Separator | None, delimiter: str
) -> None:
    data = export(scripted(language).state, "csv", separator=separator)
    assert data.decode("utf-8-sig").splitlines()[0] == delimiter.join(COLUMNS)
    parsed = rows(data, delimiter)
    assert len(parsed) == sum(1 for idea in IDEAS if not idea[6])
    fietsbrug = next(row for row in parsed if row["text"].startswith("Een fietsbrug"))
    assert (fietsbrug["round"], fietsbrug["theme"], fietsbrug["group"]) == ("2", LABELS["fiets2"], "burger")


@pytest.mark.parametrize("separator", list(Separator))
def test_a_text_with_the_separator_in_it_stays_one_cell(separator: Separator) -> None:
    state = scripted().state
    idea = next(idea for idea in state.ideas.values() if not idea.hidden)
    idea.text = "Groen; blauw, en water"
    parsed = rows(export(state, "csv", separator=separator), separator.value)
    assert "Groen; blauw, en water" in {row["text"] for row in parsed}
