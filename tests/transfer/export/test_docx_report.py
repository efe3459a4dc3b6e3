from __future__ import annotations

import io

import docx
import pytest
from docx.document import Document

from cocreatie.models.workshop import Language
from cocreatie.rules.draagvlak import round_draagvlak
from cocreatie.transfer.export import export
from cocreatie.transfer.export.chart import chart_pages
from tests.dot_workshop import dot_workshop, theme_label
from tests.scripted_workshop import GROUPS, IDEAS, expected_support, scripted
from tests.transfer.export.support_truth import consensus_cells, group_cells, group_heads

PNG = b"\x89PNG\r\n\x1a\n"


def reopened(language: Language = Language.nl) -> Document:
    return docx.Document(io.BytesIO(export(scripted(language).state, "docx")))


def styled(document: Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def test_title_page_rounds_and_appendix_in_dutch() -> None:
    document = reopened()
    assert styled(document, "Title") == ["Fusie Zonnedaal–Beekhoven: toekomstgesprek"]
    assert styled(document, "Heading 1") == ["Ronde 1 · Visie", "Ronde 2 · Strategie", "Werkwijze"]
    assert styled(document, "Intense Quote") == ["Waar staat onze nieuwe gemeente in 2035?",
                                                 "Hoe realiseren we die visie?"]
    assert "Verloop: Visie → Strategie" in [p.text for p in document.paragraphs]
    assert document.core_properties.language == "nl-BE"
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (section.page_width.cm, section.page_height.cm) == pytest.approx((21.0, 29.7), abs=0.01)


def test_themes_by_dots_with_their_visible_ideas() -> None:
    document = reopened()
    themes = styled(document, "Heading 3")
    expected = {truth.label: truth.dots for round_ in expected_support().values()
                for truth in round_.values()}
    listed = [t for t in themes if "—" in t]
    assert len(listed) == len(expected)
    for title in listed:
        label = title.split(". ", 1)[1].split(" — ")[0]
        assert f" — {expected[label]} stippen" in title
    bullets = styled(document, "List Bullet")
    assert len(bullets) == sum(1 for idea in IDEAS if not idea[6])
    assert "Meer bomen en schaduw op de pleinen  (burger)" in bullets


def test_the_draagvlak_tables_hold_the_recomputed_numbers() -> None:
    document = reopened()
    assert len(document.tables) == 2
    for table, (round_id, themes) in zip(document.tables, expected_support().items(), strict=True):
        header = [cell.text for cell in table.rows[0].cells]
        voters = next(iter(themes.values())).voters
        assert header[:2] == ["Thema", "Stippen"] and header[-2:] == ["Consensus\nproduct", "Zwakste groep"]
        assert header[2:-2] == [f"{group}\n{size}" for group, size in group_heads(voters)], round_id
        by_label = {truth.label: truth for truth in themes.values()}
        for row in table.rows[1:]:
            label, dots, *cells, consensus, weakest = (cell.text for cell in row.cells)
            truth = by_label.pop(label.removesuffix("\nverdeeld"))
            assert int(dots) == truth.dots
            assert cells == [f"{support}\n{of}" if of else support for support, of in group_cells(truth)]
            mean, product, weakest_group = consensus_cells(truth)
            assert (consensus, weakest) == (f"{mean}\n{product}", weakest_group)
        assert not by_label


def test_the_metadata_names_the_workshop_not_the_library() -> None:
    properties = reopened().core_properties
    title = "Fusie Zonnedaal–Beekhoven: toekomstgesprek"
    assert (properties.title, properties.author, properties.last_modified_by) == (title, title, title)
    assert properties.language == "nl-BE"
    assert "python-docx" not in (properties.comments or "")
    assert properties.created is not None and properties.created.year == 2026


@pytest.mark.parametrize(("language", "tag"), [(Language.fr, "fr-BE"), (Language.en, "en-GB")])
def test_the_metadata_carries_the_workshop_language(language: Language, tag: str) -> None:
    assert reopened(language).core_properties.language == tag


def test_every_one_of_many_themes_is_in_the_table_and_the_charts() -> None:
    themes = 14
    ballots = {group: [[index % themes, (index * 5 + 3) % themes] for index in range(number, number + 4)]
               for number, group in enumerate(GROUPS)}
    state = dot_workshop(themes, ballots)
    document = docx.Document(io.BytesIO(export(state, "docx")))
    (table,) = document.tables
    listed = {row.cells[0].text.split("\n")[0] for row in table.rows[1:]}
    assert listed == {theme_label(index) for index in range(themes)}
    draagvlak = round_draagvlak(state, state.rounds[0])
    pages = chart_pages(draagvlak.themes, len(GROUPS))
    assert len(pages) > 1 and [theme for page in pages for theme in page] == draagvlak.themes
    assert len(document.inline_shapes) == len(pages)


def test_two_voters_per_group_still_show_support_marked_too_small_and_a_consensus() -> None:
    state = dot_workshop(2, {"politiek": [[0], [0, 1]], "burger": [[0], [1]], "partner": [[1], [1]]})
    (table,) = docx.Document(io.BytesIO(export(state, "docx"))).tables
    assert [cell.text for cell in table.rows[0].cells][2:5] == [
        f"{group}\n2 stemmers, te klein" for group in ("politiek", "burger", "partner")]
    first = next(row for row in table.rows[1:] if row.cells[0].text == theme_label(0))
    assert [cell.text for cell in first.cells][1:] == [
        "3", "75%\n2 van 2", "50%\n1 van 2", "25%\n0 van 2", "45%\n0,094", "partner"]


@pytest.mark.parametrize(
    ("language", "headings"),
    [(Language.fr, ["Tour 1 · Vision", "Tour 2 · Stratégie", "Méthode"]),
     (Language.en, ["Round 1 · Vision", "Round 2 · Strategy", "Method"])],
)
def test_headings_follow_the_workshop_language(language: Language, headings: list[str]) -> None:
    assert styled(reopened(language), "Heading 1") == headings
