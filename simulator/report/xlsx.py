"""The pieces every sheet of report.xlsx shares: cell formats made once, cells that are never a
formula, the A4 page setup with its footer, and the sizes the layout is reckoned in."""

from __future__ import annotations

import math
from collections.abc import Sequence
from types import MappingProxyType

import numpy as np
import pandas as pd
from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from simulator.report.texts import text

__all__ = [
    "Formats",
    "cell_value",
    "write_cell",
    "page_setup",
    "listed",
    "FORMULA_START",
    "DIGIT_PX",
    "PORTRAIT_CHARS",
    "LANDSCAPE_CHARS",
    "ROW_PT",
    "PAGE_PT",
    "HEADER_LOOK",
    "FONT",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Text a spreadsheet would read as a formula: stored with the quote prefix."""
DIGIT_PX = 7
"""A character of column width, pixels (a digit of Arial 10 or Calibri 11)."""
PORTRAIT_CHARS = 100
"""Characters of column width across a portrait A4 page at 100 %."""
LANDSCAPE_CHARS = 145
"""Characters of column width across a landscape A4 page at 100 %."""
ROW_PT = 15.0
"""The default row height, points."""
PAGE_PT = {"portrait": 740.0, "landscape": 500.0}
"""Printable height of an A4 page within the margins and footer, points."""
A4 = 9
HEADER_LOOK = {
    "bold": True,
    "pattern": 1,
    "bg_color": "#EDEDED",
    "bottom": 1,
    "bottom_color": "#808080",
    "valign": "top",
    "text_wrap": True,
}
FONT = MappingProxyType({"font_name": "Arial", "font_size": 10})
"""Arial: on every office computer, and LibreOffice prints it with Liberation Sans, of the same
widths, so columns are as wide on paper as they were laid out."""


class Formats:
    """The workbook's cell formats, each made once and shared by every cell that uses it."""

    def __init__(self, book: Workbook) -> None:
        self._book = book
        self._made: dict[tuple[tuple[str, object], ...], Format] = {}

    def get(self, **look: object) -> Format:
        key = tuple(sorted(look.items()))
        if key not in self._made:
            self._made[key] = self._book.add_format(dict(look))
        return self._made[key]

    def number(self, code: str | None) -> Format:
        return self.get(num_format=code or "General", valign="top")


def cell_value(value: object) -> object:
    """A plain Python value: numpy scalars unwrapped; NaN, ±inf, NA and empty text as ``None``
    (no cell)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or value is pd.NA or value is pd.NaT or value == "":
        return None
    return value


def write_cell(
    ws: Worksheet, row: int, col: int, value: object, shown: Format | None, f: Formats
) -> None:
    """One cell: numbers with their display format, text never as a formula; ``None`` leaves the
    cell empty."""
    value = cell_value(value)
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, shown)
    else:
        as_text = str(value)
        quoted = (
            f.get(quote_prefix=True, **_look(shown)) if as_text.startswith(FORMULA_START) else shown
        )
        ws.write_string(row, col, as_text, quoted)


def _look(shown: Format | None) -> dict[str, object]:
    return {"text_wrap": True} if shown is not None and shown.text_wrap else {}


def page_setup(ws: Worksheet, landscape: bool, footer: str, lang: str) -> None:
    """A4, orientation, fitted to the page width, a footer with the scenario, sheet and page."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    page = text("workbook.footer", lang)
    ws.set_footer(f"&L{_escaped(footer)} – &A&R{page}")


def _escaped(words: str) -> str:
    """Text for a header or footer: ``&`` doubled (a lone one starts a control code)."""
    return words.replace("&", "&&")[:200]


def listed(parts: Sequence[str], lang: str) -> str:
    """``a``, ``a och b``, ``a, b och c``."""
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {text('key.and', lang)} {parts[-1]}"
