from __future__ import annotations

import io

import docx
import pytest
from docx.document import Document

from cocreatie.models.workshop import Language
from cocreatie.transfer.export import export
from tests.scripted_workshop import GROUPS, IDEAS, expected_support, scripted

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
        assert header[0] == "Thema" and header[-1] == "Breedte"
        assert header[2:-1] == [
            f"{g}\n(n={voters[g]}){'' if voters[g] >= 3 else '*'}" for g in GROUPS
        ], round_id
        by_label = {truth.label: truth for truth in themes.values()}
        for row in table.rows[1:]:
            label, dots, *cells, breadth = (cell.text for cell in row.cells)
            truth = by_label.pop(label)
            assert int(dots) == truth.dots
            for group, cell in zip(GROUPS, cells, strict=True):
                share = truth.share(group)
                assert cell == f"{'–' if share is None else f'{share:.0%}'} ({truth.ideas[group]})"
            assert breadth == f"{truth.breadth():.0%}"
        assert not by_label


def test_one_chart_per_round_as_png() -> None:
    document = reopened()
    assert len(document.inline_shapes) == 2
    images = [part for part in document.part.package.parts if part.partname.endswith(".png")]
    assert len(images) == 2 and all(part.blob.startswith(PNG) for part in images)


@pytest.mark.parametrize(
    ("language", "headings"),
    [(Language.fr, ["Tour 1 · Vision", "Tour 2 · Stratégie", "Méthode"]),
     (Language.en, ["Round 1 · Vision", "Round 2 · Strategy", "Method"])],
)
def test_headings_follow_the_workshop_language(language: Language, headings: list[str]) -> None:
    assert styled(reopened(language), "Heading 1") == headings
