"""``report.xlsx``: a summary sheet to read and print first, then one sheet per tidy table, the
assumptions and their sources, in the report language.

Values are written as they are in the CSV tables (money in SEK, unrounded); codes become words and
only the display of numbers is formatted (see :mod:`simulator.report.cells`). Every sheet has a
frozen, bold header row, an autofilter, column widths that fit, and a page setup for A4: portrait
or landscape as the columns need, fitted to the page width, the header row repeated on every page
and a footer naming the scenario, the sheet and the page. A table longer than
:data:`PRINTED_ROWS` stays on its sheet for filtering but out of the print area; a table longer
than a sheet holds is cut at :data:`SHEET_ROWS`; the summary sheet says which, and where the whole
table is (its CSV file). Text that a spreadsheet would read as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is stored as text with Excel's quote prefix.

The file is written with xlsxwriter in constant-memory mode (each row goes to disk as it is
written). The same tables and charts give the same bytes (fixed document time).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from xlsxwriter import Workbook

from simulator.report import cells, front
from simulator.report.cells import header
from simulator.report.formatting import number
from simulator.report.labels import NPV
from simulator.report.results import Results
from simulator.report.summary_sheet import SummarySheet
from simulator.report.texts import group, text
from simulator.report.xlsx import (
    DIGIT_PX,
    FONT,
    FORMULA_START,
    HEADER_LOOK,
    ROW_PT,
    Formats,
    listed,
    page_setup,
    write_cell,
)
from simulator.scenario import Scenario, assumptions

__all__ = [
    "write_workbook",
    "write_report",
    "assumptions_table",
    "sheet_name",
    "header",
    "ASSUMPTION_COLUMNS",
    "FORMULA_START",
    "SHEET_ROWS",
    "PRINTED_ROWS",
    "READING_ORDER",
    "WORKBOOK_ROWS",
]

ASSUMPTION_COLUMNS = assumptions.COLUMNS
SHEET_ROWS = 1_048_576
"""Rows of a worksheet (Excel's limit, the header row included)."""
WORKBOOK_ROWS = 100_000
"""Longest table written to the workbook. Longer tables (the detail tables of a region of many
members: 25 million rows for the 14 of Norrbotten) stay in their CSV files only, and the summary
sheet says so: a sheet of hundreds of thousands of rows is read by nobody and takes minutes to
write."""
PRINTED_ROWS = 200
"""Longest table printed: about five A4 pages. Longer tables stay on their sheet, out of the print
area."""
READING_ORDER = (
    "projection",
    "allocations",
    "keys",
    "key_comparison",
    "key_tradeoff",
    "saving_sources",
    "staffing",
    "jobs",
    "game",
    "costs",
    "workload",
)
"""The order of the table sheets: what a reader looks for first; tables not named follow."""

_MIN_WIDTH = 6  # characters
_MAX_WIDTH = 60
_SAMPLE = 2000  # rows read to size a column
_PORTRAIT_MOST = 125  # the widest table printed portrait (at 80 % or more): more rows a page
_FIXED_TIME = datetime.datetime(2000, 1, 1)  # the document's time stamps: reproducible bytes
_WRAPPED = {
    ("assumptions", "block"): 22,
    ("assumptions", "name"): 34,
    ("assumptions", "value"): 16,
    ("assumptions", "unit"): 20,
    ("sources", "source"): 100,
}
"""Columns whose text wraps, with their width in characters (each row as high as its text)."""
_ALWAYS_PRINTED = ("assumptions", "sources")
"""Printed however long: what every figure rests on."""
_CENTRED = ("year", "worst_year", "first_year", "last_year")
"""Columns of years (and the present value): centred, so a year and ``Nuvärde`` line up."""


def sheet_name(stem: str, lang: str) -> str:
    """The sheet of table ``stem`` (``costs`` → ``Kostnader``); unknown stems as given, at most
    31 characters."""
    return group("sheet", lang).get(stem, stem[:31])


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    """Every parameter and setting the scenario uses (see
    :func:`simulator.scenario.assumptions.assumptions_table`)."""
    return assumptions.assumptions_table(scenario)


def _longest(column: cells.Column) -> int:
    """The longest text of a column, characters (of its first rows)."""
    lengths = column.values.head(_SAMPLE).astype(str).str.len()
    return int(lengths.max()) if lengths.notna().any() else 0


def _lines(words: str, width: int) -> int:
    """Lines ``words`` take wrapped at ``width`` characters (breaking at spaces, and inside a
    word longer than a line)."""
    lines, used = 1, 0
    for word in words.split():
        size = len(word)
        if used and used + 1 + size > width:
            lines, used = lines + 1, 0
        lines += (max(size - 1, 0)) // width
        used = (used + 1 + size if used else size) if size <= width else size % width
    return lines


def _width(column: cells.Column) -> float:
    """Column width, characters: the longest value (or the title), within 6 … 60, plus 2."""
    sample = column.values.head(_SAMPLE)
    if pd.api.types.is_numeric_dtype(sample) and not pd.api.types.is_bool_dtype(sample):
        longest = sample.abs().max(skipna=True)
        digits = len(f"{longest:,.0f}") if pd.notna(longest) and math.isfinite(longest) else 1
        longest_text = digits + 4
    else:
        lengths = sample.astype(str).str.len()
        longest_text = int(lengths.max()) if lengths.notna().any() else 0  # an empty column: 0
    title = max((len(word) for word in column.title.split()), default=0)
    return float(min(max(longest_text, title, len(column.title) * 0.5, _MIN_WIDTH), _MAX_WIDTH) + 2)


class _Sheet:
    """One table sheet: its columns as shown, and how it is printed."""

    def __init__(self, stem: str, frame: pd.DataFrame, lang: str, printed_columns: int = 0) -> None:
        self.stem = stem
        self.name = sheet_name(stem, lang)
        self.rows = len(frame)
        self.shown_rows = min(self.rows, SHEET_ROWS - 1)
        self.print_rows = self.shown_rows
        if self.rows > PRINTED_ROWS and "year" in frame.columns:
            present = (frame["year"].astype(str) == NPV).to_numpy()
            if 0 < present.sum() <= PRINTED_ROWS:  # the present value first, and only it printed
                frame = pd.concat([frame[present], frame[~present]], ignore_index=True)
                self.print_rows = int(present.sum())
        self.columns = cells.columns(stem, frame.iloc[: self.shown_rows], lang)
        self.widths = [_width(c) for c in self.columns]
        self.printed_columns = printed_columns or len(self.columns)
        self.wrapped = {
            j: _WRAPPED[(stem, c.name)]
            for j, c in enumerate(self.columns)
            if (stem, c.name) in _WRAPPED
        }
        for j, cap in self.wrapped.items():
            self.widths[j] = min(_longest(self.columns[j]), cap) + 2.0

    @property
    def printed(self) -> bool:
        return self.print_rows <= PRINTED_ROWS or self.stem in _ALWAYS_PRINTED

    @property
    def partly_printed(self) -> bool:
        return self.printed and self.print_rows < self.shown_rows

    @property
    def cut(self) -> bool:
        return self.shown_rows < self.rows

    @property
    def landscape(self) -> bool:
        return sum(self.widths[: self.printed_columns]) > _PORTRAIT_MOST


def _write_table(wb: Workbook, sheet: _Sheet, f: Formats, footer: str, lang: str) -> None:
    ws = wb.add_worksheet(sheet.name)
    head = f.get(**HEADER_LOOK)
    for j, (column, width) in enumerate(zip(sheet.columns, sheet.widths)):
        ws.set_column_pixels(j, j, round(width * DIGIT_PX))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, sheet.shown_rows, max(len(sheet.columns), 1) - 1)
    page_setup(ws, sheet.landscape, footer, lang)
    ws.repeat_rows(0)
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(0)  # gridlines on paper too: long tables are read along the rows
    if not sheet.printed:  # an empty cell right of the table: nothing is printed
        ws.print_area(0, len(sheet.columns) + 1, 0, len(sheet.columns) + 1)
    elif sheet.printed_columns < len(sheet.columns) or sheet.partly_printed:
        ws.print_area(0, 0, sheet.print_rows, sheet.printed_columns - 1)
    lines = [math.ceil(len(c.title) / max(w - 2, 1)) for c, w in zip(sheet.columns, sheet.widths)]
    ws.set_row(0, ROW_PT * min(max(lines, default=1), 4))
    for j, column in enumerate(sheet.columns):
        title = column.title
        ws.write_string(
            0,
            j,
            title,
            f.get(quote_prefix=True, **HEADER_LOOK) if title.startswith(FORMULA_START) else head,
        )
    wrap = f.get(text_wrap=True, valign="top")
    centred = f.get(align="center", valign="top")
    lists = [c.values.tolist() for c in sheet.columns]
    shown = [c.shown for c in sheet.columns]
    fixed = [f.number(s if isinstance(s, str) else None) for s in shown]
    for i, row in enumerate(zip(*lists), start=1):
        if sheet.wrapped:
            lines = [
                _lines(row[j], round((cap + 2) * 1.1))
                for j, cap in sheet.wrapped.items()
                if isinstance(row[j], str)
            ]
            if max(lines, default=1) > 1:
                ws.set_row(i, ROW_PT * max(lines))
        for j, value in enumerate(row):
            rule = shown[j]
            if j in sheet.wrapped and isinstance(value, str):
                style = wrap
            elif callable(rule):
                style = f.number(rule(value))
            elif sheet.columns[j].name in _CENTRED:
                style = centred
            else:
                style = fixed[j]
            write_cell(ws, i, j, value, style, f)


def _source_notes(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The assumptions with a note number for their source, and the numbered sources (each once,
    in order of first use)."""
    numbers: dict[str, int] = {}
    for source in table["source"].astype(str):
        numbers.setdefault(source, len(numbers) + 1)
    noted = table.assign(source_note=[numbers[str(s)] for s in table["source"]])
    order = ["block", "name", "value", "unit", "low", "high", "within_declared_range"]
    order += ["assumption", "origin", "source_note", "description", "source"]
    sources = pd.DataFrame({"note": list(numbers.values()), "source": list(numbers)})
    return noted[[c for c in order if c in noted.columns]], sources


def _table_sheets(
    tables: Mapping[str, pd.DataFrame | None], assumptions: pd.DataFrame, lang: str
) -> list[_Sheet]:
    known = [stem for stem in READING_ORDER if stem in tables]
    stems = known + [stem for stem in tables if stem not in known]
    sheets = [
        _Sheet(stem, frame, lang)
        for stem in stems
        if (frame := tables[stem]) is not None and len(frame) <= WORKBOOK_ROWS
    ]
    if {"source", "description"} <= set(assumptions.columns):
        noted, sources = _source_notes(assumptions)
        sheets.append(_Sheet("assumptions", noted, lang, printed_columns=len(noted.columns) - 2))
        sheets.append(_Sheet("sources", sources, lang))
    else:
        sheets.append(_Sheet("assumptions", assumptions, lang))
    return sheets


def _notes(
    sheets: Sequence[_Sheet], lang: str, csv_only: Mapping[str, int] | None = None
) -> list[front.Block]:
    """What the reader of the summary must know about the other sheets (and the tables that are
    in CSV only: ``csv_only`` maps their stems to their numbers of rows)."""
    csv_only = csv_only or {}
    files = ", ".join(
        [f"{s.stem}.csv" for s in sheets if s.stem not in ("assumptions", "sources")]
        + [f"{stem}.csv" for stem in csv_only]
    )
    out: list[front.Block] = [
        front.Heading(text("workbook.sheets", lang)),
        front.Paragraph(text("workbook.sheets.note", lang, files=files)),
    ]
    if csv_only:
        each = listed(
            [
                text("workbook.rows", lang, sheet=f"{stem}.csv", rows=number(rows, 0, lang))
                for stem, rows in csv_only.items()
            ],
            lang,
        )
        limit = number(WORKBOOK_ROWS, 0, lang)
        out.append(front.Paragraph(text("workbook.csv_only", lang, tables=each, limit=limit)))
    for s in sheets:
        if s.cut:
            rows = number(s.rows, 0, lang)
            shown = number(s.shown_rows, 0, lang)
            out.append(
                front.Paragraph(
                    text(
                        "workbook.truncated",
                        lang,
                        sheet=s.name,
                        rows=rows,
                        shown=shown,
                        file=f"{s.stem}.csv",
                    )
                )
            )
    partly = [s for s in sheets if s.partly_printed]
    if partly:
        each = listed(
            [
                text(
                    "workbook.rows_of",
                    lang,
                    sheet=s.name,
                    printed=number(s.print_rows, 0, lang),
                    rows=number(s.shown_rows, 0, lang),
                )
                for s in partly
            ],
            lang,
        )
        out.append(front.Paragraph(text("workbook.present_printed", lang, sheets=each)))
    long = [s for s in sheets if not s.printed]
    if long:
        each = listed(
            [
                text("workbook.rows", lang, sheet=s.name, rows=number(s.shown_rows, 0, lang))
                for s in long
            ],
            lang,
        )
        out.append(front.Paragraph(text("workbook.not_printed", lang, sheets=each)))
    names = {s.stem: s.name for s in sheets}
    if "sources" in names:
        column = header("source_note", lang)
        out.append(
            front.Paragraph(
                text("workbook.sources_note", lang, sheet=names["sources"], column=column)
            )
        )
    return out


def _summary_columns(blocks: Sequence[front.Block]) -> int:
    return max((len(b.head) for b in blocks if isinstance(b, front.Table)), default=2)


def write_workbook(
    tables: Mapping[str, pd.DataFrame | None],
    assumptions: pd.DataFrame,
    path: Path,
    lang: str = "sv",
    *,
    summary: Sequence[front.Block] = (),
    charts: Sequence[Path] = (),
    footer: str = "",
) -> None:
    """Write ``report.xlsx``: the summary sheet, one sheet per table (in :data:`READING_ORDER`),
    then the assumptions and their sources.

    Parameters
    ----------
    tables : tidy tables by stem (``costs``, ``staffing``, …); a ``None`` table is left out
    assumptions : every parameter used (see :func:`assumptions_table`)
    path : the file to write
    lang : ``"sv"`` or ``"en"``: sheet names, headers and the words for codes
    summary : the summary sheet's content (see :func:`simulator.report.front.blocks`); the sheet
        always ends with notes on the other sheets
    charts : PNG charts shown on the summary sheet, in order
    footer : what every printed page's footer names (the scenario)
    """
    sheets = _table_sheets(tables, assumptions, lang)
    csv_only = {
        stem: len(frame)
        for stem, frame in tables.items()
        if frame is not None and len(frame) > WORKBOOK_ROWS
    }
    content = [*summary, *_notes(sheets, lang, csv_only)]
    with Workbook(
        str(path), {"constant_memory": True, "default_format_properties": dict(FONT)}
    ) as wb:
        # a copy: xlsxwriter adds keys to the dict it is given, which would change the next workbook
        wb.set_properties({"author": "samverkan", "created": _FIXED_TIME})
        f = Formats(wb)
        page = SummarySheet(wb, f, lang, _summary_columns(content))
        for block in content:
            page.after_table = isinstance(block, front.Table) and page.after_table
            if isinstance(block, front.Heading):
                page.heading(block)
            elif isinstance(block, front.Paragraph):
                page.paragraph(block)
            elif isinstance(block, front.Table):
                page.table(block)
                page.after_table = True
        if charts:
            page.new_page()
            page.heading(front.Heading(text("workbook.charts", lang), level=0))
            width_px = page.chars * DIGIT_PX
            for chart in charts:
                page.picture(front.Picture(chart), width_px)
        page.finish(footer, lang)
        for sheet in sheets:
            _write_table(wb, sheet, f, footer, lang)


def write_report(results: Results, path: Path, charts: Sequence[Path] = ()) -> None:
    """Write the run's ``report.xlsx``: its summary, tables, assumptions and PNG ``charts``."""
    lang = results.scenario.language
    write_workbook(
        results.tables,
        assumptions_table(results.scenario),
        path,
        lang,
        summary=front.blocks(results, lang),
        charts=[c for c in charts if c.suffix == ".png"],
        footer=f"{results.scenario.title} ({results.scenario.id})",
    )
