"""The report as a Word document: title page, per round the prompt, the themes by support
with their ideas, the draagvlak table and chart, and a short method appendix."""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from cocreatie.models.state import Idea, RoomState
from cocreatie.transfer.export.chart import draagvlak_png
from cocreatie.transfer.export.labels import Labels, labels_for
from cocreatie.transfer.export.options import Options
from cocreatie.transfer.export.outline import (
    RoundSection,
    chain_line,
    created_on,
    flags,
    group_header,
    group_name,
    idea_note,
    method_paragraphs,
    outline,
    percent,
    round_title,
    support_cell,
)

LANGUAGE_TAGS = {"nl": "nl-BE", "fr": "fr-BE", "en": "en-GB"}
MUTED = RGBColor(0x59, 0x59, 0x59)
BODY_FONT = "Calibri"
TABLE_FONT = Pt(8)
HEADER_FONT = Pt(7.5)
MARGIN = Cm(2.2)
TEXT_WIDTH = Cm(21.0 - 2 * 2.2)
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 cannot hold; the text rule refuses all of it, but older or restored text may have it."""


def render(state: RoomState, options: Options) -> bytes:
    labels = labels_for(state.language)
    state = xml_safe(state)
    document = Document()
    _setup(document, state)
    _title_page(document, state, labels)
    for section in outline(state, options):
        _round(document, state, section, labels, options)
    _chapter(document, labels.method)
    for paragraph in method_paragraphs(state, labels, options):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xml_safe(state: RoomState) -> RoomState:
    """The state with every character XML cannot hold replaced by U+FFFD, so that text stored
    before the text rule, or restored from a file, still makes a report."""
    return RoomState.model_validate(_replaced(state.model_dump()))


def _replaced(value: Any) -> Any:
    if isinstance(value, str):
        return NOT_XML.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_replaced(key): _replaced(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_replaced(item) for item in value]
    return value


def _setup(document: DocumentObject, state: RoomState) -> None:
    """Margins, body font, title metadata and the proofing language."""
    document.core_properties.title = state.title
    document.core_properties.language = LANGUAGE_TAGS[state.language.value]
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE_TAGS[state.language.value])
    normal.element.get_or_add_rPr().append(language)


def _title_page(document: DocumentObject, state: RoomState, labels: Labels) -> None:
    for _ in range(6):
        document.add_paragraph()
    document.add_paragraph(state.title or labels.report, style="Title")
    document.add_paragraph(labels.subtitle, style="Subtitle")
    document.add_paragraph(f"{labels.report} · {created_on(state, labels)}")
    chain = document.add_paragraph()
    chain.add_run(f"{labels.chain}: ").bold = True
    chain.add_run(chain_line(state, labels))
    present = document.add_paragraph()
    present.add_run(f"{labels.groups_present}: ").bold = True
    present.add_run(", ".join(f"{group_name(group, labels)} {count}"
                              for group, count in state.group_counts().items()))


def _round(
    document: DocumentObject, state: RoomState, section: RoundSection, labels: Labels,
    options: Options,
) -> None:
    round_state = section.round
    _chapter(document, round_title(section, labels))
    document.add_paragraph(round_state.prompt, style="Intense Quote")
    if section.source is not None:
        document.add_paragraph(labels.built_on.format(
            number=section.source.number, prompt=section.source.round.prompt))
    if section.headings:
        document.add_paragraph(labels.headings).runs[0].bold = True
        for heading in section.headings:
            document.add_paragraph(heading.prompt, style="List Bullet")
    stats = labels.stats.format(ideas=section.idea_count, voters=section.draagvlak.voters)
    rules = labels.rules.format(dots=round_state.dots, max_per_theme=round_state.max_per_theme)
    _muted(document.add_paragraph(f"{stats} {rules}"))
    document.add_heading(labels.themes, level=2)
    if not section.themes:
        document.add_paragraph(labels.no_themes)
    for rank, theme in enumerate(section.themes, start=1):
        title = f"{rank}. {theme.support.label} — {labels.dot_count(theme.support.dots)}"
        heading = document.add_heading(title, level=3)
        for flag in flags(theme.support, labels):
            heading.add_run(f"  · {flag}").italic = True
        _ideas(document, state, theme.ideas, labels, options)
    if section.unassigned:
        document.add_heading(labels.unassigned, level=3)
        _ideas(document, state, section.unassigned, labels, options)
    _draagvlak(document, section, labels)


def _chapter(document: DocumentObject, title: str) -> None:
    """A level-1 heading that starts a new page."""
    document.add_heading(title, level=1).paragraph_format.page_break_before = True


def _ideas(
    document: DocumentObject, state: RoomState, ideas: list[Idea], labels: Labels,
    options: Options,
) -> None:
    for idea in ideas:
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(idea.text)
        _muted(paragraph, f"  ({idea_note(state, idea, labels, options)})")


def _draagvlak(document: DocumentObject, section: RoundSection, labels: Labels) -> None:
    draagvlak = section.draagvlak
    document.add_heading(labels.draagvlak, level=2).paragraph_format.page_break_before = True
    if not draagvlak.voters or not draagvlak.themes:
        document.add_paragraph(labels.no_votes)
        return
    heads = [group_header(g, n, g in draagvlak.qualifying, labels).replace(" (", "\n(")
             for g, n in draagvlak.group_voters.items()]
    rows = [[theme.label, str(theme.dots),
             *(support_cell(row.share, row.ideas) for row in theme.groups),
             percent(theme.breadth)] for theme in draagvlak.themes]
    _table(document, [labels.theme, labels.dots.capitalize(), *heads, labels.breadth], rows)
    _muted(document.add_paragraph(
        labels.table_note.format(min_voters=draagvlak.rules.min_voters)))
    document.add_picture(io.BytesIO(draagvlak_png(draagvlak, labels)), width=TEXT_WIDTH)


def _table(document: DocumentObject, header: list[str], rows: list[list[str]]) -> None:
    """A compact table: first column text, the others numbers aligned right."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fill(table.rows[0].cells, header, HEADER_FONT)
    for row in rows:
        _fill(table.add_row().cells, row, TABLE_FONT)
    widths = _widths(len(header))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _widths(columns: int) -> list[Length]:
    """Theme label wide, dots and breadth narrow, the groups share what is left."""
    label, narrow = Cm(3.0), Cm(1.6)
    group = Cm((TEXT_WIDTH.cm - label.cm - 2 * narrow.cm) / max(columns - 3, 1))
    return [label, narrow, *[group] * (columns - 3), narrow]


def _fill(cells: list[_Cell], values: list[str], size: Length) -> None:
    for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.add_run(value).font.size = size
        if column:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _muted(paragraph: Paragraph, text: str | None = None) -> None:
    """Grey, smaller text: appended as a run, or the paragraph's own runs."""
    runs = [paragraph.add_run(text)] if text is not None else paragraph.runs
    for run in runs:
        run.font.color.rgb = MUTED
        run.font.size = Pt(9)
