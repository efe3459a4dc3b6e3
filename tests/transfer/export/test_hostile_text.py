"""No text that passed the text rule can break a report: random Unicode, biased towards what
Markdown, CSV, spreadsheets, XML and matplotlib give a meaning to, in every typed field of a
folded workshop, through every export. And the reproductions that broke one before."""

from __future__ import annotations

import csv
import io
import json
import re

import docx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cocreatie.models.state import RoomState
from cocreatie.models.text import (
    GROUP_MAX_CHARS,
    IDEA_MAX_CHARS,
    LABEL_MAX_CHARS,
    NAME_MAX_CHARS,
    PROMPT_MAX_CHARS,
    TITLE_MAX_CHARS,
    clean,
)
from cocreatie.transfer.export import export
from cocreatie.transfer.export.json_state import load_state
from cocreatie.transfer.export.markdown import escape
from tests.scripted_workshop import scripted

MEANINGFUL = (*"=+-@;,\t\n\r\"'#|*_`$\\<>&[]()!~:.1 \u00a0\u2028\u200d\u0301",
              ";=", ",+", "\t@", ';"-', "$\\frac$", "$x^2$", "\n# ", "1. ", "<b>", "&amp;", "**", "e\u0301")
"""Characters and pieces that mean something to Markdown, spreadsheets, XML or matplotlib."""
FORMULA = ("=", "+", "-", "@")
SPREADSHEET_SEPARATORS = (",", ";", "\t")
GLYPHS = "ignore:Glyph .* missing from font"
"""A letter the chart's font cannot draw becomes a box: a warning, not a broken report."""
BLOCK_START = re.compile(r"#+ |\| |- |> |\*\*")
UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")
BASE = scripted().state
UNSHRUNK = (Phase.explicit, Phase.generate)
"""A budget CI can keep: a failure is reported as found, since shrinking a workshop takes minutes."""


def _passes(text: str, max_chars: int) -> bool:
    try:
        clean(text, "text", max_chars)
    except ValueError:
        return False
    return True


def typed(max_chars: int) -> st.SearchStrategy[str]:
    """Text a person could get through the rule, as the rule leaves it."""
    pieces = st.characters(exclude_categories=["Cc", "Cf", "Cs"]) | st.sampled_from(MEANINGFUL)
    raw = st.lists(pieces, min_size=1, max_size=max_chars // 2).map("".join)
    return raw.filter(lambda text: _passes(text, max_chars)).map(lambda text: clean(text, "text", max_chars))


@st.composite
def hostile_states(draw: st.DrawFn) -> RoomState:
    """The scripted workshop with every typed text replaced."""
    state = BASE.model_copy(deep=True)
    state.title = draw(typed(TITLE_MAX_CHARS))
    groups = dict(zip(state.groups, draw(st.lists(typed(GROUP_MAX_CHARS), min_size=4, max_size=4, unique=True)),
                      strict=True))
    state.groups = list(groups.values())
    for participant in state.participants.values():
        participant.group = groups[participant.group]
        participant.name = draw(typed(NAME_MAX_CHARS))
    for idea in state.ideas.values():
        idea.group, idea.text = groups[idea.group], draw(typed(IDEA_MAX_CHARS))
    for round_state in state.rounds:
        round_state.prompt = draw(typed(PROMPT_MAX_CHARS))
        for theme in round_state.themes.values():
            theme.label = draw(typed(LABEL_MAX_CHARS))
    return state


def shape(markdown: str) -> list[tuple[str, int]]:
    """Per line: the block it starts (heading, table row, list item, quote) and its table cells."""
    return [(_block(line), len(UNESCAPED_PIPE.findall(line))) for line in markdown.splitlines()]


def _block(line: str) -> str:
    start = BLOCK_START.match(line)
    return start.group() if start else ""


BASE_SHAPE = shape(export(BASE, "md", include_hidden=True, include_names=True).decode())


def cells(data: bytes, delimiter: str) -> list[list[str]]:
    """The CSV as a spreadsheet that splits on `delimiter` reads it."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def assert_markdown_holds(state: RoomState) -> None:
    markdown = export(state, "md", include_hidden=True, include_names=True).decode("utf-8")
    assert shape(markdown) == BASE_SHAPE
    assert all(escape(idea.text) in markdown for idea in state.ideas.values())


def assert_csv_holds(state: RoomState) -> None:
    data = export(state, "csv", include_hidden=True, include_names=True)
    assert len(cells(data, ";")) == len(state.ideas) + 1
    for delimiter in SPREADSHEET_SEPARATORS:
        starts = [cell for row in cells(data, delimiter) for cell in row if cell.startswith(FORMULA)]
        assert not starts, f"split on {delimiter!r}"


def assert_json_holds(state: RoomState) -> None:
    data = export(state, "json", include_hidden=True, include_names=True)
    assert load_state(data).model_dump() == state.model_copy(update={"undo_log": []}).model_dump()
    assert json.loads(data)["state"]["title"] == state.title


@settings(max_examples=30, deadline=None, database=None, phases=UNSHRUNK,
          suppress_health_check=[HealthCheck.too_slow])
@given(state=hostile_states())
def test_markdown_csv_and_json_hold_any_typed_text(state: RoomState) -> None:
    assert_markdown_holds(state)
    assert_csv_holds(state)
    assert_json_holds(state)


@pytest.mark.filterwarnings(GLYPHS)
@settings(max_examples=8, deadline=None, database=None, phases=UNSHRUNK,
          suppress_health_check=[HealthCheck.too_slow])
@given(state=hostile_states())
def test_docx_holds_any_typed_text(state: RoomState) -> None:
    document = docx.Document(io.BytesIO(export(state, "docx", include_hidden=True, include_names=True)))
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert document.core_properties.title == state.title
    assert all(idea.text in body for idea in state.ideas.values())


def _with_text(**texts: str) -> RoomState:
    """The scripted workshop with a name, a theme label or an idea's text set as stored."""
    state = BASE.model_copy(deep=True)
    if "name" in texts:
        next(p for p in state.participants.values() if p.name).name = texts["name"]
    if "label" in texts:
        next(iter(state.rounds[0].themes.values())).label = texts["label"]
    if "idea" in texts:
        next(i for i in state.ideas.values() if i.theme_id and not i.hidden).text = texts["idea"]
    return state


def test_a_stored_name_with_line_breaks_starts_no_heading() -> None:
    markdown = export(_with_text(name="Jan\n# Kop\r\n- lijst"), "md", include_names=True).decode()
    assert "(politiek, Jan \\# Kop - lijst)" in markdown
    assert shape(markdown) == shape(export(BASE, "md", include_names=True).decode())


@pytest.mark.parametrize("text", ["Fietsen;=HYPERLINK(\"http://x\")", "a,+1", "b\t@SUM(1)", 'c;"=1+1'])
@pytest.mark.parametrize("delimiter", SPREADSHEET_SEPARATORS)
def test_a_formula_after_a_separator_is_defused(text: str, delimiter: str) -> None:
    data = export(_with_text(idea=text), "csv")
    assert not [cell for row in cells(data, delimiter) for cell in row if cell.startswith(FORMULA)]


@pytest.mark.parametrize("label", ["kosten $\\frac$ en", "$5 of $10", "a_{b}^c $x$"])
def test_a_theme_label_with_dollars_draws_as_typed_in_the_chart(label: str) -> None:
    document = docx.Document(io.BytesIO(export(_with_text(label=label), "docx")))
    assert any(label in paragraph.text for paragraph in document.paragraphs)


def test_stored_text_xml_cannot_hold_still_makes_a_docx() -> None:
    """U+0001 in a name or U+FFFF in an idea (stored before the rule, or restored from a file)."""
    state = _with_text(name="An\x01", idea="Fietsstraten\uffff")
    document = docx.Document(io.BytesIO(export(state, "docx", include_names=True)))
    assert any(paragraph.text.startswith("Fietsstraten\ufffd ") for paragraph in document.paragraphs)
    assert any("An\ufffd" in paragraph.text for paragraph in document.paragraphs)
