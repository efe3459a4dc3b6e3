from __future__ import annotations

import re

import pytest

from cocreatie.models.workshop import Language
from cocreatie.transfer.export import export
from cocreatie.transfer.export.markdown import escape
from tests.scripted_workshop import GROUPS, expected_support, scripted


def table_rows(markdown: str, heading: str) -> list[list[str]]:
    """The body rows of the first table after each `heading`, cells stripped."""
    tables = []
    for block in markdown.split(f"### {heading}")[1:]:
        lines = [line for line in block.split("\n\n")[1].splitlines() if line.startswith("|")]
        tables.append([[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]])
    return [row for table in tables for row in table]


def test_the_draagvlak_tables_show_the_recomputed_numbers() -> None:
    markdown = export(scripted().state, "md").decode()
    expected = {truth.label: truth for themes in expected_support().values()
                for truth in themes.values()}
    rows = table_rows(markdown, "Draagvlak per stakeholdergroep")
    assert len(rows) == len(expected)
    for label, dots, *cells, breadth in rows:
        truth = expected[label]
        assert int(dots) == truth.dots
        for group, cell in zip(GROUPS, cells, strict=True):
            share = truth.share(group)
            shown = "–" if share is None else f"{share:.0%}"
            assert cell == f"{shown} ({truth.ideas[group]})"
        assert breadth == f"{truth.breadth():.0%}"


def test_themes_are_listed_by_dots_in_each_round() -> None:
    markdown = export(scripted().state, "md").decode()
    for section, themes in zip(markdown.split("## Ronde ")[1:], expected_support().values(),
                               strict=True):
        listed = re.findall(r"^#### \d+\. (.+) — (\d+) stippen", section, re.MULTILINE)
        dots = [int(count) for _, count in listed]
        assert dots == sorted(dots, reverse=True)
        assert {label for label, _ in listed} == {truth.label for truth in themes.values()}


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        (Language.nl, ["## Ronde 1 · Visie", "### Thema's, volgens steun", "## Werkwijze"]),
        (Language.fr, ["## Tour 1 · Vision", "### Thèmes, par soutien", "## Méthode"]),
        (Language.en, ["## Round 1 · Vision", "### Themes, by support", "## Method"]),
    ],
)
def test_headings_follow_the_workshop_language(language: Language, headings: list[str]) -> None:
    markdown = export(scripted(language).state, "md").decode()
    for heading in headings:
        assert f"\n{heading}\n" in markdown


def test_user_text_is_escaped_so_it_stays_text() -> None:
    markdown = export(scripted().state, "md", include_hidden=True).decode()
    assert "test test \\<b\\>123\\</b\\>" in markdown
    assert "<b>" not in markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("# kop", "\\# kop"), ("1. punt", "1\\. punt"), ("- min", "\\- min"),
     ("a|b *c* [d](e)", "a\\|b \\*c\\* \\[d\\](e)"), ("gewoon tekst", "gewoon tekst")],
)
def test_escape(text: str, escaped: str) -> None:
    assert escape(text) == escaped
