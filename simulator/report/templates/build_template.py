"""Build the default template of the decision document, ``beslutsunderlag.docx``.

Run from the repository root after changing the layout (the template is shipped with the package
and read by :mod:`simulator.report.document`)::

    python simulator/report/templates/build_template.py

A municipality's own template (``samverkan document --template FILE.docx``) keeps its letterhead
and uses the same placeholders (docxtpl / Jinja2): ``{{ kind }}``, ``{{ title }}``,
``{{ sender }}``, ``{{ footer }}``, ``{{ date }}``, ``{{ reference }}``, ``{{ scenario }}``, the
labels ``{{ labels.date }}``, ``{{ labels.reference }}``, ``{{ labels.scenario }}``, the headings
``{{ headings.<section> }}`` and one paragraph ``{{p <section> }}`` per section, the sections being
``proposals``, ``summary``, ``background``, ``economics``, ``key``, ``risks`` and ``appendices``.
The document's content is written with the paragraph styles Normal, Heading 2, Caption,
Table Text, Table Heading, Proposal and Source Note, and the table style Table Grid; a template
that lacks one of them gets it from this default template.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

TEMPLATE = Path(__file__).with_name("beslutsunderlag.docx")
SECTIONS = ("proposals", "summary", "background", "economics", "key", "risks", "appendices")
SANS = "Arial"
SERIF = "Times New Roman"
INK = RGBColor(0x1A, 0x1A, 0x1A)
GREY = RGBColor(0x55, 0x55, 0x55)


def _font(style, name: str, size: float, bold: bool = False, colour: RGBColor = INK) -> None:
    """Set a style's font, dropping the theme fonts that would override the name."""
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = colour
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:cs"), name)


def _spacing(style, before: float, after: float, line: float | None = None) -> None:
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line


def _styles(doc) -> None:
    styles = doc.styles
    _font(styles["Normal"], SERIF, 11.5)
    _spacing(styles["Normal"], 0, 6, 1.1)
    for name, size, before in (("Title", 18, 6), ("Heading 1", 14, 18), ("Heading 2", 11.5, 12)):
        _font(styles[name], SANS, size, bold=True)
        _spacing(styles[name], before, 6)
        styles[name].paragraph_format.keep_with_next = True
    title = styles["Title"].element.get_or_add_pPr()
    for border in title.findall(qn("w:pBdr")):  # the default template underlines the title
        title.remove(border)
    _font(styles["Subtitle"], SANS, 9, colour=GREY)
    styles["Subtitle"].font.all_caps = True
    styles["Subtitle"].font.italic = False
    _font(styles["Caption"], SANS, 9, colour=INK)
    styles["Caption"].font.italic = False
    _spacing(styles["Caption"], 3, 12)
    for name in ("Header", "Footer"):
        _font(styles[name], SANS, 8.5, colour=GREY)
        properties = styles[name].element.get_or_add_pPr()
        for tabs in properties.findall(qn("w:tabs")):  # the default's stops are for Letter paper
            properties.remove(tabs)
    table_text = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = styles["Normal"]
    _font(table_text, SANS, 8.5)
    _spacing(table_text, 1, 1, 1.0)
    table_heading = styles.add_style("Table Heading", WD_STYLE_TYPE.PARAGRAPH)
    table_heading.base_style = table_text
    _font(table_heading, SANS, 8.5, bold=True)
    proposal = styles.add_style("Proposal", WD_STYLE_TYPE.PARAGRAPH)
    proposal.base_style = styles["Normal"]
    proposal.paragraph_format.left_indent = Cm(0.8)
    proposal.paragraph_format.first_line_indent = Cm(-0.8)
    proposal.paragraph_format.tab_stops.add_tab_stop(Cm(0.8))
    _spacing(proposal, 0, 8)
    note = styles.add_style("Source Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    _font(note, SANS, 8, colour=GREY)
    _spacing(note, 0, 10, 1.0)


def _page(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)  # 17 cm text: the charts' width
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)


def _page_field(paragraph) -> None:
    """Append a PAGE field (the page number) to ``paragraph``."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1")):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _letterhead(doc) -> None:
    section = doc.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    header = section.header.paragraphs[0]
    header.text = "{{ sender }}\t{{ kind }}"
    header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    footer = section.footer.paragraphs[0]
    footer.text = "{{ footer }}\t"
    footer.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    _page_field(footer)


def _title_block(doc) -> None:
    doc.add_paragraph("{{ kind }}", style="Subtitle")
    doc.add_paragraph("{{ title }}", style="Title")
    table = doc.add_table(rows=3, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Cm(3.5), Cm(13.5)
    for row, key in zip(table.rows, ("date", "reference", "scenario")):
        row.cells[0].width, row.cells[1].width = Cm(3.5), Cm(13.5)
        label = row.cells[0].paragraphs[0]
        label.text = f"{{{{ labels.{key} }}}}"
        label.style = doc.styles["Table Heading"]
        value = row.cells[1].paragraphs[0]
        value.text = f"{{{{ {key} }}}}"
        value.style = doc.styles["Table Text"]
    doc.add_paragraph("")


def build(path: Path = TEMPLATE) -> Path:
    """Write the template to ``path``; return it."""
    doc = Document()
    _styles(doc)
    _page(doc)
    _letterhead(doc)
    doc.core_properties.title = "Beslutsunderlag"
    doc.core_properties.author = "samverkan"
    _title_block(doc)
    for name in SECTIONS:
        heading = doc.add_paragraph(f"{{{{ headings.{name} }}}}", style="Heading 1")
        if name == "appendices":
            heading.paragraph_format.page_break_before = True
        doc.add_paragraph(f"{{{{p {name} }}}}")
    doc.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE))
