"""Writing the parts of the decision document into a Word sub-document: paragraphs, numbered
proposals, tables with a numbered caption above, figures with a numbered caption below.

Only named styles are used (Normal, Heading 2, Caption, Table Text, Table Heading, Proposal,
Source Note; the table style Table Grid), so a municipality's template decides how they look.
Tables and figures are numbered across the whole document by one :class:`Numbers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

__all__ = ["PARAGRAPH_STYLES", "TABLE_STYLE", "Numbers", "Part"]

PARAGRAPH_STYLES = (
    "Normal",
    "Heading 2",
    "Caption",
    "Table Text",
    "Table Heading",
    "Proposal",
    "Source Note",
)
"""The paragraph styles the document writes with (a template lacking one gets the default's)."""
TABLE_STYLE = "Table Grid"
TEXT_WIDTH_CM = 17.0
"""The text width of the default template (A4 less 2 cm margins): the charts' own width."""
_HEADER_FILL = "E8EDF2"
_KEEP_TOGETHER = 20
"""Tables of at most this many rows are kept on one page (with their caption)."""


@dataclass
class Numbers:
    """Running numbers of tables and figures, and the caption words of the language."""

    table_word: str
    figure_word: str
    tables: int = 0
    figures: int = 0


@dataclass
class Part:
    """One section's sub-document (a docxtpl ``Subdoc``, which acts as a python-docx
    ``Document``) and the shared numbering."""

    doc: Document
    numbers: Numbers
    written: list[str] = field(default_factory=list)

    def paragraph(self, text: str, style: str = "Normal", lead: str = "") -> None:
        """A paragraph; ``lead`` is set in bold before the text."""
        para = self.doc.add_paragraph(style=style)
        if lead:
            para.add_run(lead).bold = True
            para.add_run(" ")
        para.add_run(text)

    def heading(self, text: str, new_page: bool = False) -> None:
        """A sub-heading (Heading 2), on a new page with ``new_page``."""
        para = self.doc.add_paragraph(text, style="Heading 2")
        para.paragraph_format.page_break_before = new_page

    def proposal(self, number: int, text: str) -> None:
        """A numbered proposal: the number, a tab, the self-contained text."""
        self.doc.add_paragraph(f"{number}.\t{text}", style="Proposal")

    def table(
        self,
        caption: str,
        head: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths_cm: Sequence[float],
        *,
        right: Sequence[bool] | None = None,
        bold_last: bool = False,
        groups: Sequence[int] = (),
    ) -> int:
        """A table with a numbered caption above; ``right`` aligns columns right (numbers),
        ``bold_last`` sets the last row in bold (a total), ``groups`` are indices of rows that
        span the table as a bold group heading. Returns the table's number."""
        self.numbers.tables += 1
        number = self.numbers.tables
        label = self.doc.add_paragraph(style="Caption")
        label.add_run(f"{self.numbers.table_word} {number}.").bold = True
        label.add_run(f" {caption}")
        label.paragraph_format.keep_with_next = True
        table = self.doc.add_table(rows=1, cols=len(head))
        table.style = TABLE_STYLE
        table.autofit = False
        for column, width in zip(table.columns, widths_cm):
            column.width = Cm(width)
        aligned = list(right) if right is not None else [False] * len(head)
        _fill_row(table.rows[0].cells, head, "Table Heading", aligned, widths_cm)
        _repeat_header(table.rows[0])
        for cell in table.rows[0].cells:
            _shade(cell, _HEADER_FILL)
        for i, values in enumerate(rows):
            row = table.add_row()
            _keep_row(row)
            cells = row.cells
            if i in groups:
                merged = cells[0].merge(cells[-1])
                merged.paragraphs[0].style = "Table Heading"
                merged.paragraphs[0].add_run(values[0])
                continue
            style = "Table Heading" if bold_last and i == len(rows) - 1 else "Table Text"
            _fill_row(cells, values, style, aligned, widths_cm)
        if len(rows) <= _KEEP_TOGETHER:
            _keep_together(table)
        self.doc.add_paragraph(style="Source Note")
        return number

    def figure(self, image: Path, caption: str, width_cm: float = TEXT_WIDTH_CM) -> int:
        """A picture at ``width_cm`` with a numbered caption below; returns its number."""
        self.numbers.figures += 1
        number = self.numbers.figures
        picture = self.doc.add_paragraph(style="Normal")
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(str(image), width=Cm(width_cm))
        label = self.doc.add_paragraph(style="Caption")
        label.add_run(f"{self.numbers.figure_word} {number}.").bold = True
        label.add_run(f" {caption}")
        return number


def _fill_row(
    cells: Sequence, values: Sequence[str], style: str, right: Sequence[bool], widths: Sequence
) -> None:
    for cell, value, align, width in zip(cells, values, right, widths):
        cell.width = Cm(width)
        para = cell.paragraphs[0]
        para.style = style
        para.add_run(value)
        if align:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _keep_together(table) -> None:
    """Keep every row of ``table`` with the next, so a short table is not split over pages."""
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _keep_row(row) -> None:
    """Never split ``row`` over two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_header(row) -> None:
    """Repeat the heading row on every page a long table runs over."""
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
