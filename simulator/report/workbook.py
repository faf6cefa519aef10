"""``report.xlsx``: one sheet per tidy table and an assumptions sheet, formatted for reading in
Excel.

Values are written as they are in the CSV tables (money in SEK, unrounded); only the display is
formatted: SEK with a thousands separator (``#,##0``, shown as ``1 234 567`` in Swedish Excel),
shares as percent, FTE with two decimals. Every sheet has a frozen, bold header row, an autofilter
and column widths that fit. Text that a spreadsheet would read as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is stored as text with Excel's quote prefix, so it
is never evaluated.
"""

from __future__ import annotations

import datetime
import math
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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
_FIXED_TIME = datetime.datetime(2000, 1, 1)  # document and zip time stamps: reproducible bytes


def sheet_name(stem: str, lang: str) -> str:
    """The sheet of table ``stem`` (``costs`` → ``Kostnader``); unknown stems as given, at most
    31 characters."""
    return group("sheet", lang).get(stem, stem[:31])


def header(column: str, lang: str) -> str:
    """The header shown for ``column``; unknown columns as named."""
    return group("header", lang).get(column, column)


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    """Every parameter and setting the scenario uses (see
    :func:`simulator.scenario.assumptions.assumptions_table`)."""
    return assumptions.assumptions_table(scenario)


def _number_format(column: str, values: pd.Series) -> str | None:
    """Display format of a numeric column, from its name (and, for ``saving_pct``, its range)."""
    if column.endswith("_sek"):
        return _SEK
    if (
        column == "saving_pct"
    ):  # a share (0.12) or a number of percent (12.0): whichever the values are
        finite = pd.to_numeric(values, errors="coerce").abs()
        return _SHARE if finite.max(skipna=True) <= 1.5 or finite.isna().all() else _PERCENT_NUMBER
    if column.startswith("fte"):
        return _FTE
    if column == "value":
        return _DECIMAL
    return None


def _cell_value(value: object) -> object:
    """A plain Python value for openpyxl: numpy scalars unwrapped, NaN and ±inf as empty cells."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _write_text(cell: Cell, value: str) -> None:
    cell.value = value
    if value.startswith(FORMULA_START):
        cell.data_type = "s"  # never a formula
        cell.quotePrefix = True  # and shown, and kept on editing, as text


def _fill(ws: Worksheet, frame: pd.DataFrame, lang: str) -> None:
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="EDEDED")
    line = Border(bottom=Side(style="thin", color="808080"))
    for j, column in enumerate(frame.columns, start=1):
        cell = ws.cell(row=1, column=j)
        _write_text(cell, header(str(column), lang))
        cell.font = bold
        cell.fill = grey
        cell.border = line
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    formats = [_number_format(str(c), frame[c]) for c in frame.columns]
    years = [str(c) == "year" for c in frame.columns]
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for j, (value, shown, year) in enumerate(zip(row, formats, years), start=1):
            value = _cell_value(value)
            if year and isinstance(value, str) and value.isdigit():
                value = int(value)  # a year column that also holds "npv" is read from CSV as text
            cell = ws.cell(row=i, column=j)
            if isinstance(value, str):
                _write_text(cell, value)
            else:
                cell.value = value
                if (
                    shown is not None
                    and isinstance(value, (int, float))
                    and not isinstance(value, bool)
                ):
                    cell.number_format = shown


def _width(frame: pd.DataFrame, column: object, title: str, shown: str | None) -> float:
    sample = frame[column].head(_SAMPLE)
    if shown in (_SEK, _DECIMAL) and pd.api.types.is_numeric_dtype(sample):
        longest = sample.abs().max(skipna=True)
        digits = len(f"{longest:,.0f}") if pd.notna(longest) and math.isfinite(longest) else 1
        longest_text = digits + (3 if shown == _DECIMAL else 0) + 1
    else:
        longest_text = int(sample.astype(str).str.len().max()) if len(sample) else 0
    return float(min(max(longest_text, len(title) * 0.9, _MIN_WIDTH), _MAX_WIDTH) + 2)


def _layout(ws: Worksheet, frame: pd.DataFrame, lang: str) -> None:
    for j, column in enumerate(frame.columns, start=1):
        shown = _number_format(str(column), frame[column])
        ws.column_dimensions[get_column_letter(j)].width = _width(
            frame, column, header(str(column), lang), shown
        )
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(frame.columns), 1))
    ws.auto_filter.ref = f"A1:{last}{len(frame) + 1}"


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
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "samverkan"
    book.properties.created = book.properties.modified = _FIXED_TIME
    for stem, frame in [*tables.items(), ("assumptions", assumptions)]:
        if frame is None:
            continue
        ws = book.create_sheet(sheet_name(stem, lang))
        _fill(ws, frame, lang)
        _layout(ws, frame, lang)
    book.save(Path(path))
    _fix_zip_times(Path(path))


def _fix_zip_times(path: Path) -> None:
    """Rewrite the workbook's zip entries with one fixed time stamp, so that identical tables give
    identical bytes (openpyxl stamps every entry, and the document's modified time, with the time
    of writing)."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            info.date_time = _FIXED_TIME.timetuple()[:6]
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            target.writestr(info, data)
