"""``report.xlsx``: one sheet per tidy table and an assumptions sheet, formatted for reading in
Excel.

Values are written as they are in the CSV tables (money in SEK, unrounded); only the display is
formatted: SEK with a thousands separator (``#,##0``, shown as ``1 234 567`` in Swedish Excel),
shares as percent, FTE with two decimals. Every sheet has a frozen, bold header row, an autofilter
and column widths that fit. Text that a spreadsheet would read as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is stored as text with Excel's quote prefix, so it
is never evaluated.

The file is written with xlsxwriter in constant-memory mode: each row goes to disk as it is
written and a cell refers to one of a handful of shared formats, so the Luleå region's 170 000
cells take a fraction of a second. The same tables give the same bytes (fixed document time; the
zip entries carry xlsxwriter's fixed 1980 time stamp).
"""

from __future__ import annotations

import dataclasses
import datetime
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from simulator.report.texts import group
from simulator.scenario import Scenario, assumptions

__all__ = [
    "write_workbook",
    "assumptions_table",
    "sheet_name",
    "header",
    "ASSUMPTION_COLUMNS",
    "FORMULA_START",
]

ASSUMPTION_COLUMNS = assumptions.COLUMNS
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_SEK = "#,##0"
_SHARE = "0.0%"
_PERCENT_NUMBER = '0.0" %"'
_FTE = "0.00"
_DECIMAL = "#,##0.00"
_MIN_WIDTH = 6  # characters
_MAX_WIDTH = 60
_SAMPLE = 2000  # rows read to size a column
_DIGIT_PX = 7  # a character of column width, pixels (a digit of Calibri 11, Excel's default)
_FIXED_TIME = datetime.datetime(2000, 1, 1)  # the document's time stamps: reproducible bytes
_HEADER_LOOK = {
    "bold": True,
    "pattern": 1,
    "bg_color": "#EDEDED",
    "bottom": 1,
    "bottom_color": "#808080",
    "valign": "top",
    "text_wrap": True,
}


def sheet_name(stem: str, lang: str) -> str:
    """The sheet of table ``stem`` (``costs`` → ``Kostnader``); unknown stems as given, at most
    31 characters."""
    return group("sheet", lang).get(stem, stem[:31])


def header(column: str, lang: str, stem: str = "") -> str:
    """The header shown for ``column`` (of table ``stem``: a table may word a column its own way,
    ``header.<stem>.<column>``); unknown columns as named."""
    words = group("header", lang)
    return words.get(f"{stem}.{column}", words.get(column, column))


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    """Every parameter and setting the scenario uses (see
    :func:`simulator.scenario.assumptions.assumptions_table`)."""
    return assumptions.assumptions_table(scenario)


@dataclasses.dataclass(frozen=True)
class _Formats:
    """The workbook's few cell formats, each made once and shared by every cell that uses it."""

    header: Format
    header_as_text: Format
    as_text: Format  # the quote prefix: text that would otherwise read as a formula
    numbers: Mapping[str, Format]

    @classmethod
    def of(cls, book: Workbook) -> _Formats:
        codes = (_SEK, _SHARE, _PERCENT_NUMBER, _FTE, _DECIMAL)
        return cls(
            header=book.add_format(_HEADER_LOOK),
            header_as_text=book.add_format({**_HEADER_LOOK, "quote_prefix": True}),
            as_text=book.add_format({"quote_prefix": True}),
            numbers={code: book.add_format({"num_format": code}) for code in codes},
        )


def _number_format(column: str, values: pd.Series) -> str | None:
    """Display format of a numeric column, from its name (and, for ``saving_pct``, its range)."""
    if column.endswith("_sek"):
        return _SEK
    if column == "saving_pct":  # a share (0.12) or a number of percent (12.0): as the values are
        finite = pd.to_numeric(values, errors="coerce").abs()
        return _SHARE if finite.max(skipna=True) <= 1.5 or finite.isna().all() else _PERCENT_NUMBER
    if column.startswith("fte"):
        return _FTE
    if column == "value":
        return _DECIMAL
    return None


def _cell_value(value: object) -> object:
    """A plain Python value: numpy scalars unwrapped; NaN, ±inf, NA and empty text as ``None``
    (no cell)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT or value == "":
        return None
    return value


def _column_values(frame: pd.DataFrame, column: object) -> list[object]:
    """The cells of ``column`` as plain values; a year column that also holds ``npv`` is read
    from CSV as text, and its years are written as numbers."""
    values = [_cell_value(v) for v in frame[column].tolist()]
    if str(column) == "year":
        return [int(v) if isinstance(v, str) and v.isdigit() else v for v in values]
    return values


def _write_cell(
    ws: Worksheet, row: int, col: int, value: object, shown: Format | None, formats: _Formats
) -> None:
    """One cell: numbers with the column's display format, text never as a formula; ``None``
    leaves the cell empty."""
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, shown)
    else:
        text = str(value)
        ws.write_string(row, col, text, formats.as_text if text.startswith(FORMULA_START) else None)


def _fill(
    ws: Worksheet,
    frame: pd.DataFrame,
    shown: list[str | None],
    lang: str,
    f: _Formats,
    stem: str = "",
) -> None:
    """The header row, then every row of ``frame`` in order (as constant-memory mode needs)."""
    for j, column in enumerate(frame.columns):
        title = header(str(column), lang, stem)
        ws.write_string(
            0, j, title, f.header_as_text if title.startswith(FORMULA_START) else f.header
        )
    formats = [f.numbers[code] if code else None for code in shown]
    columns = [_column_values(frame, column) for column in frame.columns]
    for i, row in enumerate(zip(*columns), start=1):
        for j, value in enumerate(row):
            _write_cell(ws, i, j, value, formats[j], f)


def _width(frame: pd.DataFrame, column: object, title: str, shown: str | None) -> float:
    """Column width, characters: the longest value (or the title), within 6 … 60, plus 2."""
    sample = frame[column].head(_SAMPLE)
    if shown in (_SEK, _DECIMAL) and pd.api.types.is_numeric_dtype(sample):
        longest = sample.abs().max(skipna=True)
        digits = len(f"{longest:,.0f}") if pd.notna(longest) and math.isfinite(longest) else 1
        longest_text = digits + (3 if shown == _DECIMAL else 0) + 1
    else:
        lengths = sample.astype(str).str.len()
        longest_text = int(lengths.max()) if lengths.notna().any() else 0  # an empty column: 0
    return float(min(max(longest_text, len(title) * 0.9, _MIN_WIDTH), _MAX_WIDTH) + 2)


def _layout(
    ws: Worksheet, frame: pd.DataFrame, shown: list[str | None], lang: str, stem: str = ""
) -> None:
    """Column widths, the frozen header row and the autofilter over every row."""
    for j, (column, code) in enumerate(zip(frame.columns, shown)):
        width = _width(frame, column, header(str(column), lang, stem), code)
        ws.set_column_pixels(j, j, round(width * _DIGIT_PX))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(frame), max(len(frame.columns), 1) - 1)


def write_workbook(
    tables: Mapping[str, pd.DataFrame], assumptions: pd.DataFrame, path: Path, lang: str = "sv"
) -> None:
    """Write ``report.xlsx``: one sheet per table (in the given order), then the assumptions sheet.

    Parameters
    ----------
    tables : tidy tables by stem (``costs``, ``staffing``, …); a ``None`` table is left out
    assumptions : every parameter used (see :func:`assumptions_table`)
    path : the file to write
    lang : ``"sv"`` or ``"en"``: sheet names and column headers (the values are as in the CSV files)
    """
    with Workbook(str(path), {"constant_memory": True}) as book:
        book.set_properties({"author": "samverkan", "created": _FIXED_TIME})
        formats = _Formats.of(book)
        for stem, frame in [*tables.items(), ("assumptions", assumptions)]:
            if frame is None:
                continue
            ws = book.add_worksheet(sheet_name(stem, lang))
            shown = [_number_format(str(c), frame[c]) for c in frame.columns]
            _layout(ws, frame, shown, lang, stem)
            _fill(ws, frame, shown, lang, formats, stem)
