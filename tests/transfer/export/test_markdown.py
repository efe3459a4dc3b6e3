from __future__ import annotations

import re

import pytest

from cocreatie.models.workshop import Language
from cocreatie.transfer.export import export
from cocreatie.transfer.export.markdown import escape
from tests.scripted_workshop import expected_support, scripted
from tests.transfer.export.support_truth import consensus_cells, group_cells, group_heads


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
    for label, dots, *cells, consensus, weakest in rows:
        truth = expected[label.removesuffix(" (verdeeld)")]
        assert int(dots) == truth.dots
        shown = [f"{support} ({voters})" if voters else support for support, voters in group_cells(truth)]
        assert cells == shown
        mean, product, weakest_group = consensus_cells(truth)
        assert (consensus, weakest) == (f"{mean} ({product})", weakest_group)
    assert {row[0] for row in rows} >= {"Mobiliteit (verdeeld)", "Fietsroutes (verdeeld)"}


def test_the_table_heads_name_each_group_with_its_voters() -> None:
    markdown = export(scripted().state, "md").decode()
    heads = [line for line in markdown.splitlines() if line.startswith("| Thema |")]
    for head, themes in zip(heads, expected_support().values(), strict=True):
        voters = next(iter(themes.values())).voters
        cells = [cell.strip() for cell in head.strip("|").split("|")]
        assert cells[2:-2] == [f"{group} ({size})" for group, size in group_heads(voters)]
        assert cells[-2:] == ["Consensus (product)", "Zwakste groep"]
    assert "partner (2 stemmers, te klein)" in heads[0]


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
