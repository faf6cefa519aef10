"""The summary sheet of report.xlsx laid out row by row: headings, wrapped paragraphs over the
sheet's width, small tables and the charts, with page breaks so that no chart is cut across two
pages (constant-memory mode writes rows in order, so each row's height is set as it is written).
"""

from __future__ import annotations

import math
from pathlib import Path

from xlsxwriter import Workbook

from simulator.report import front
from simulator.report.texts import text
from simulator.report.xlsx import (
    DIGIT_PX,
    HEADER_LOOK,
    LANDSCAPE_CHARS,
    PAGE_PT,
    PORTRAIT_CHARS,
    ROW_PT,
    Formats,
    page_setup,
    write_cell,
)

__all__ = ["SummarySheet", "png_size", "FIRST", "OTHER"]

FIRST = 34
"""Characters: the summary sheet's first column (labels, methods, services)."""
OTHER = 13
"""Characters: each other column of the summary sheet."""


class SummarySheet:
    """The summary sheet, laid out row by row (constant-memory mode writes rows in order)."""

    def __init__(self, wb: Workbook, f: Formats, lang: str, columns: int) -> None:
        self.ws = wb.add_worksheet(text("sheet.summary", lang))
        self.f = f
        self.row = 0
        self.columns = max(columns, 2)
        self.breaks: list[int] = []
        self.after_table = False
        self.page_pt = 0.0
        self.chars = FIRST + OTHER * (self.columns - 1)
        self.landscape = self.chars > PORTRAIT_CHARS
        self.scale = min(
            100, int(100 * (LANDSCAPE_CHARS if self.landscape else PORTRAIT_CHARS) / self.chars)
        )
        self.page_height = PAGE_PT["landscape" if self.landscape else "portrait"] * 100 / self.scale
        self.ws.set_column_pixels(0, 0, FIRST * DIGIT_PX)
        self.ws.set_column_pixels(1, self.columns - 1, OTHER * DIGIT_PX)
        self.ws.hide_gridlines(2)

    def _advance(self, height_pt: float) -> None:
        """Move to the next row; a page break before a row that would cross the page's end."""
        if self.page_pt + height_pt > self.page_height and self.row > 0:
            self.breaks.append(self.row)
            self.page_pt = 0.0
        self.page_pt += height_pt
        self.row += 1

    def new_page(self) -> None:
        """The next row starts a page."""
        if self.page_pt > 0:
            self.breaks.append(self.row)
            self.page_pt = 0.0

    def heading(self, block: front.Heading) -> None:
        size = 15 if block.level == 0 else 12
        if block.level > 0:
            self._advance(ROW_PT)  # a blank row before each section
        per_line = self.chars * 10 / size
        height = size * 1.5 * max(1, math.ceil(len(block.text) / per_line))
        look = self.f.get(bold=True, font_size=size, text_wrap=True, valign="bottom")
        self.ws.set_row(self.row, height)
        self.ws.merge_range(self.row, 0, self.row, self.columns - 1, block.text, look)
        self._advance(height)

    def paragraph(self, block: front.Paragraph) -> None:
        per_line = self.chars * 1.05
        lines = sum(max(1, math.ceil(len(part) / per_line)) for part in block.text.split("\n"))
        height = ROW_PT * lines + 2
        look = self.f.get(text_wrap=True, valign="top")
        self.ws.set_row(self.row, height)
        self.ws.merge_range(self.row, 0, self.row, self.columns - 1, block.text, look)
        self._advance(height)

    def table(self, block: front.Table) -> None:
        if self.after_table:
            self._advance(ROW_PT)  # a blank row between two tables
        if any(block.head):
            heights = [
                math.ceil(len(h) / (OTHER if j else FIRST)) for j, h in enumerate(block.head)
            ]
            height = ROW_PT * max(1, min(max(heights), 3))
            self.ws.set_row(self.row, height)
            for j, title in enumerate(block.head):
                self.ws.write_string(self.row, j, title, self.f.get(**HEADER_LOOK))
            self._advance(height)
        formats = block.formats or [None] * len(block.head)
        for values in block.rows:
            lines = math.ceil(len(str(values[0])) / (FIRST - 1)) if values else 1
            height = ROW_PT * max(1, lines)
            self.ws.set_row(self.row, height)
            for j, value in enumerate(values):
                code = formats[j] if j < len(formats) and isinstance(value, float) else None
                look = self.f.get(num_format=code or "General", valign="top", text_wrap=not code)
                write_cell(self.ws, self.row, j, value, look, self.f)
            self._advance(height)

    def picture(self, block: front.Picture, scale_px: float) -> None:
        width_px, height_px = png_size(block.path)
        scale = min(1.0, scale_px / width_px)
        rows = math.ceil(height_px * scale / (ROW_PT * 4 / 3)) + 1
        if self.page_pt + rows * ROW_PT > self.page_height:
            self.breaks.append(self.row)
            self.page_pt = 0.0
        self.ws.insert_image(
            self.row, 0, str(block.path), {"x_scale": scale, "y_scale": scale, "object_position": 3}
        )
        for _ in range(rows):
            self._advance(ROW_PT)

    def finish(self, footer: str, lang: str) -> None:
        page_setup(self.ws, self.landscape, footer, lang)
        self.ws.fit_to_pages(1, 0)
        self.ws.print_area(0, 0, max(self.row - 1, 0), self.columns - 1)
        self.ws.set_h_pagebreaks(self.breaks)


def png_size(path: Path) -> tuple[float, float]:
    """Width and height of a PNG as a sheet shows it, pixels at 96 dpi (from its own dpi)."""
    data = path.read_bytes()
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    dpi = 96.0
    at = data.find(b"pHYs")
    if at > 0:
        per_metre = int.from_bytes(data[at + 4 : at + 8], "big")
        if data[at + 12] == 1 and per_metre > 0:
            dpi = per_metre * 0.0254
    return width * 96 / dpi, height * 96 / dpi
