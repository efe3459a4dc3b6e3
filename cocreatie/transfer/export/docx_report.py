"""The report as a Word document: title page, per round the prompt, the themes by support
with their ideas, the draagvlak table and charts, and a short method appendix; the
workshop as title, author and language in the document properties."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from cocreatie.models.state import Idea, RoomState
from cocreatie.transfer.export.chart import draagvlak_pngs
from cocreatie.transfer.export.labels import Labels, labels_for
from cocreatie.transfer.export.options import Options
from cocreatie.transfer.export.outline import (
    RoundSection,
    chain_line,
    created_on,
    flags,
    group_name,
    idea_note,
    method_paragraphs,
    outline,
    round_title,
)
from cocreatie.transfer.export.support_table import Cell, SupportTable, draagvlak_table, table_note

LANGUAGE_TAGS = {"nl": "nl-BE", "fr": "fr-BE", "en": "en-GB"}
MUTED = RGBColor(0x59, 0x59, 0x59)
BODY_FONT = "Calibri"
TABLE_FONT = Pt(7.5)
HEADER_FONT = Pt(7)
MARGIN = Cm(2.2)
CELL_MARGIN = Cm(0.1)
TEXT_WIDTH = Cm(21.0 - 2 * 2.2)
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 cannot hold; the text rule refuses all of it, but older or restored text may have it."""


def render(state: RoomState, options: Options) -> bytes:
    labels = labels_for(state.language)
    state = xml_safe(state)
    document = Document()
    _setup(document, state)
    _properties(document, state, labels)
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
    """Margins, body font and the proofing language."""
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


def _properties(document: DocumentObject, state: RoomState, labels: Labels) -> None:
    """What a file manager and Word's Info pane show: the workshop wrote it, in its language,
    on the day it began; nothing is left of the template's "python-docx" and 2013."""
    properties = document.core_properties
    made_by = state.title or labels.report
    properties.title = state.title
    properties.author = properties.last_modified_by = made_by
    properties.subject = labels.subtitle
    properties.comments = ""
    properties.language = LANGUAGE_TAGS[state.language.value]
    properties.created = properties.modified = datetime.fromtimestamp(state.created_at, tz=UTC)
    properties.revision = 1


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
    _table(document, draagvlak_table(draagvlak, labels))
    _muted(document.add_paragraph(table_note(labels)))
    for png in draagvlak_pngs(draagvlak, labels):
        document.add_picture(io.BytesIO(png), width=TEXT_WIDTH)


def _table(document: DocumentObject, content: SupportTable) -> None:
    """A compact table: first column text, the others numbers aligned right; the header
    repeats on every page the table runs over."""
    table = document.add_table(rows=1, cols=len(content.header))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _narrow_margins(table)
    _fill(table.rows[0].cells, content.header, HEADER_FONT)
    _repeat_header(table.rows[0])
    for row in content.rows:
        _fill(table.add_row().cells, row, TABLE_FONT)
    for column, width in zip(table.columns, _widths(content.groups), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _repeat_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _widths(groups: int) -> list[Length]:
    """Theme label wide, dots and the consensus narrow, the groups share what is left."""
    label, dots, consensus, weakest = Cm(2.6), Cm(1.6), Cm(1.7), Cm(2.2)
    group = Cm((TEXT_WIDTH.cm - label.cm - dots.cm - consensus.cm - weakest.cm) / max(groups, 1))
    return [label, dots, *[group] * groups, consensus, weakest]


def _narrow_margins(table: Table) -> None:
    """Cell margins of 1 mm instead of Word's 1.9 mm, so a group's name fits its column."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN.twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def _fill(cells: list[_Cell], values: list[Cell], size: Length) -> None:
    """Each cell's text, and its detail on a second line in grey."""
    for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.add_run(value.text).font.size = size
        if value.detail:
            paragraph.add_run().add_break()
            detail = paragraph.add_run(value.detail)
            detail.font.size, detail.font.color.rgb = size, MUTED
        if column:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _muted(paragraph: Paragraph, text: str | None = None) -> None:
    """Grey, smaller text: appended as a run, or the paragraph's own runs."""
    runs = [paragraph.add_run(text)] if text is not None else paragraph.runs
    for run in runs:
        run.font.color.rgb = MUTED
        run.font.size = Pt(9)
