"""A support table in Word: compact, the first column text and the figures aligned right,
each figure's detail on a second, grey line, the header repeated on every page."""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from docx.table import Table, _Cell, _Row

from cocreatie.transfer.export.support_table import Cell, SupportTable

MUTED = RGBColor(0x59, 0x59, 0x59)
TABLE_FONT = Pt(7.5)
HEADER_FONT = Pt(7)
CELL_MARGIN = Cm(0.1)
TEXT_WIDTH = Cm(21.0 - 2 * 2.2)
"""A4 less the report's margins."""
THEME_COLUMNS = (Cm(2.6), Cm(1.6))
"""A theme's label and its dots."""
STATEMENT_COLUMNS = (Cm(4.6),)
"""A statement's number and text."""
CONSENSUS, WEAKEST = Cm(1.7), Cm(2.2)


def add_table(document: DocumentObject, content: SupportTable) -> None:
    table = document.add_table(rows=1, cols=len(content.header))
    table.style = "Light Grid Accent 1"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _narrow_margins(table)
    _fill(table.rows[0].cells, content.header, HEADER_FONT)
    _row_property(table.rows[0], "w:tblHeader")
    for row in content.rows:
        added = table.add_row()
        _fill(added.cells, row, TABLE_FONT)
        _row_property(added, "w:cantSplit")
    for column, width in zip(table.columns, _widths(content), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _row_property(row: _Row, name: str) -> None:
    """Switch a row property on: `w:tblHeader` repeats the row on every page the table runs
    over, `w:cantSplit` keeps a row (a statement and its figures) on one page."""
    properties = row._tr.get_or_add_trPr()
    switch = OxmlElement(name)
    switch.set(qn("w:val"), "true")
    properties.append(switch)


def _widths(content: SupportTable) -> list[Length]:
    """The leading columns (a theme and its dots, or a statement) and the consensus at fixed
    widths, the groups share what is left."""
    leading = THEME_COLUMNS if content.leading == len(THEME_COLUMNS) else STATEMENT_COLUMNS
    fixed = sum(width.cm for width in leading) + CONSENSUS.cm + WEAKEST.cm
    group = Cm((TEXT_WIDTH.cm - fixed) / max(content.groups, 1))
    return [*leading, *[group] * content.groups, CONSENSUS, WEAKEST]


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
    """Each cell's text, and its detail's lines under it in grey."""
    for column, (cell, value) in enumerate(zip(cells, values, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.add_run(value.text).font.size = size
        for line in value.detail.splitlines():
            paragraph.add_run().add_break()
            detail = paragraph.add_run(line)
            detail.font.size, detail.font.color.rgb = size, MUTED
        if column:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
