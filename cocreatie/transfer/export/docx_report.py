"""The report as a Word document: title page, per round the prompt, for a round with
statements its final text (each sentence with its support per group and the numbers of the
ideas behind it) and its statements' table and charts, the themes by support with their
ideas, the draagvlak table and charts; then the appendix of numbered ideas and a short method
appendix; the workshop as title, author and language in the document properties."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.text.paragraph import Paragraph

from cocreatie.models.state import Idea, RoomState
from cocreatie.transfer.export.chart import draagvlak_pngs, statement_pngs
from cocreatie.transfer.export.docx_table import MUTED, TEXT_WIDTH, add_table
from cocreatie.transfer.export.labels import Labels, labels_for
from cocreatie.transfer.export.options import Options
from cocreatie.transfer.export.outline import (
    RoundSection,
    chain_line,
    created_on,
    dots_after,
    flags,
    group_name,
    idea_note,
    method_paragraphs,
    number_ranges,
    outline,
    round_stats,
    round_title,
)
from cocreatie.transfer.export.support_table import (
    draagvlak_table,
    statement_line,
    statement_note,
    statement_table,
    table_note,
)

LANGUAGE_TAGS = {"nl": "nl-BE", "fr": "fr-BE", "en": "en-GB"}
BODY_FONT = "Calibri"
MARGIN = Cm(2.2)
LINE_INDENT = Cm(0.5)
NOTE_SIZE = Pt(9)
LINE_SIZE = Pt(8.5)
"""A statement's figures under a sentence."""
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What XML 1.0 cannot hold; the text rule refuses all of it, but older or restored text may have it."""


def render(state: RoomState, options: Options) -> bytes:
    labels = labels_for(state.language)
    state = xml_safe(state)
    document = Document()
    _setup(document, state)
    _properties(document, state, labels)
    _title_page(document, state, labels)
    sections = outline(state, options)
    for section in sections:
        _round(document, state, section, labels, options)
    if any(section.appendix for section in sections):
        _appendix(document, state, sections, labels, options)
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
    _muted(document.add_paragraph(round_stats(section, labels)))
    if section.ambition:
        _final_text(document, section, labels)
        _statements(document, section, labels)
    document.add_heading(labels.themes, level=2)
    if not section.themes:
        document.add_paragraph(labels.no_themes)
    for rank, theme in enumerate(section.themes, start=1):
        title = f"{rank}. {theme.support.label}{dots_after(theme, section, labels)}"
        heading = document.add_heading(title, level=3)
        for flag in flags(theme.support, labels):
            heading.add_run(f"  · {flag}").italic = True
        _ideas(document, state, theme.ideas, labels, options)
    if section.unassigned:
        document.add_heading(labels.unassigned, level=3)
        _ideas(document, state, section.unassigned, labels, options)
    if section.shows_dots:
        _draagvlak(document, section, labels)


def _final_text(document: DocumentObject, section: RoundSection, labels: Labels) -> None:
    """Each sentence, the ideas behind it, and under it the support of each of its statements."""
    if not section.final_text:
        return
    document.add_heading(labels.final_text, level=2)
    for sentence in section.final_text:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = bool(sentence.statements)
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run(sentence.text).bold = True
        _muted(paragraph, f"  {labels.idea_refs(number_ranges(sentence.ideas), len(sentence.ideas))}")
        for place, statement in enumerate(sentence.statements, start=1):
            line = document.add_paragraph()
            line.paragraph_format.left_indent = LINE_INDENT
            line.paragraph_format.keep_with_next = place < len(sentence.statements)
            line.paragraph_format.space_after = Pt(2 if place < len(sentence.statements) else 8)
            line.add_run(f"{labels.source.format(number=statement.number)} ").bold = True
            line.add_run(statement_line(statement, labels))
            _muted(line, size=LINE_SIZE)


def _statements(document: DocumentObject, section: RoundSection, labels: Labels) -> None:
    """The table of the round's statements with their support per group, and their charts."""
    if not section.statements:
        return
    document.add_heading(labels.statements, level=2)
    add_table(document, statement_table(section, labels))
    _muted(document.add_paragraph(statement_note(labels)))
    for png in statement_pngs(section, labels):
        document.add_picture(io.BytesIO(png), width=TEXT_WIDTH)


def _appendix(
    document: DocumentObject, state: RoomState, sections: list[RoundSection], labels: Labels,
    options: Options,
) -> None:
    """The ideas the final texts refer to, by round and theme, each with its number."""
    _chapter(document, labels.appendix)
    _muted(document.add_paragraph(labels.appendix_intro))
    for section in sections:
        if not section.appendix:
            continue
        document.add_heading(round_title(section, labels), level=2)
        for theme in section.appendix:
            document.add_heading(theme.label, level=3)
            for numbered in theme.ideas:
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.left_indent = Cm(0.8)
                paragraph.paragraph_format.first_line_indent = Cm(-0.8)
                paragraph.paragraph_format.space_after = Pt(1)
                paragraph.add_run(f"{numbered.number}.\t{numbered.idea.text}")
                _muted(paragraph, f"  ({idea_note(state, numbered.idea, labels, options)})")


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
    add_table(document, draagvlak_table(draagvlak, labels))
    _muted(document.add_paragraph(table_note(labels)))
    for png in draagvlak_pngs(draagvlak, labels):
        document.add_picture(io.BytesIO(png), width=TEXT_WIDTH)


def _muted(paragraph: Paragraph, text: str | None = None, size: Length = NOTE_SIZE) -> None:
    """Grey, smaller text: appended as a run, or the paragraph's own runs."""
    runs = [paragraph.add_run(text)] if text is not None else paragraph.runs
    for run in runs:
        run.font.color.rgb = MUTED
        run.font.size = size
