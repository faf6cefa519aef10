"""Tidy tables to CSV: the bytes of ``DataFrame.to_csv(index=False, lineterminator="\\n",
float_format="%.6f")``, written in blocks of rows with one ``%`` format a row.

A region of 14 municipalities has tables of millions of rows (16 383 groups × years × services ×
measures), which pandas writes at a few hundred thousand rows a second. Here each block of rows
is one format string: a column that holds one value throughout the block (the scenario, the
year, the service, the measure, the unit; blocks end where such a column changes) is written into
the format once; numbers are formatted by ``%``
in C (``%.6f`` is pandas' own ``float_format``, so the digits are the same); text is quoted as
the ``csv`` module quotes it (``QUOTE_MINIMAL``), once per distinct value. Missing values are
empty, as pandas writes them. Only the rows of one block are held as values and text at a time.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["write_csv", "BLOCK_ROWS"]

BLOCK_ROWS = 65_536
"""Rows formatted and written at a time (a few MB of text)."""

_FLOAT = "%.6f"


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` (UTF-8) as ``frame.to_csv(path, index=False,
    lineterminator="\\n", float_format="%.6f")`` would, byte for byte."""
    if frame.columns.empty or any(_kind(frame[c]) not in "fiubOS" for c in frame):
        frame.to_csv(path, index=False, lineterminator="\n", float_format=_FLOAT)
        return
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(_field(str(c)) for c in frame.columns) + "\n")
        columns = [_Column(frame[c]) for c in frame.columns]
        for start, stop in _blocks(frame):
            specs, values = zip(*(c.block(start, stop) for c in columns))
            varying = [v for v in values if v is not None]
            line = ",".join(specs) + "\n"
            if varying:
                out.write("".join(map(line.__mod__, zip(*varying))))
            else:
                out.write((line % ()) * (stop - start))


def _blocks(frame: pd.DataFrame) -> list[tuple[int, int]]:
    """Blocks of at most ``BLOCK_ROWS`` rows that do not cross a change of a column that changes
    seldom (on average after a thousand rows or more: the year, service or measure of a tidy
    table), so that within a block such a column holds one value and goes into the format."""
    rows = len(frame)
    cuts = {0, rows}
    for column in frame.columns:
        if _kind(frame[column]) in "fF":
            continue
        values = frame[column].to_numpy()
        try:
            changes = np.flatnonzero(values[1:] != values[:-1]) + 1
        except (TypeError, ValueError):  # a pandas NA compares to nothing: no cut, text by row
            continue
        if changes.size * 1000 <= rows:
            cuts.update(changes.tolist())
    edges = sorted(cuts)
    return [
        (start, min(start + BLOCK_ROWS, stop))
        for begin, stop in zip(edges[:-1], edges[1:])
        for start in range(begin, stop, BLOCK_ROWS)
    ]


def _texts(texts: list[str]) -> tuple[str, list[object] | None]:
    """A block's texts as a format and values (None: one text throughout, in the format)."""
    if texts and texts.count(texts[0]) == len(texts):
        return texts[0].replace("%", "%%"), None
    return "%s", list(texts)


class _Column:
    """One column, a block of rows at a time: numbers as they are, text quoted once per distinct
    value (kept for the next blocks)."""

    def __init__(self, series: pd.Series) -> None:
        self.series = series
        self.kind = _kind(series)
        if self.kind == "f" and series.isna().any():
            self.kind = "F"  # floats with missing values: empty cells, as text
        self.shown: dict[tuple[type, object], str] = {}
        self.plain: set[object] = set()  # texts written as they are
        self.changed: dict[object, str] = {}  # texts quoted, missing values empty

    def block(self, start: int, stop: int) -> tuple[str, list[object] | None]:
        """The format of rows ``start:stop`` and their values (None: one text, in the format).

        Floats without a missing value go to ``%.6f``, whole numbers and booleans to ``%s``;
        everything else (text, a year or ``npv``, floats with missing values) is turned into its
        text: by distinct value where equal values have one text (a text column, floats), else
        value by value (an object column may hold 1, 1.0 and True, which are equal)."""
        values = self.series.iloc[start:stop].to_numpy()
        if self.kind in "fiub":
            return (_FLOAT if self.kind == "f" else "%s"), values.tolist()
        if self.kind == "O":
            return _texts([self._shown(v) for v in values.tolist()])
        if self.kind == "S":
            return self._strings(values.tolist())
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        shown = [self._shown(u) for u in np.asarray(uniques, dtype=object).tolist()]
        return _texts(np.asarray([*shown, ""], dtype=object)[codes].tolist())

    def _strings(self, values: list[object]) -> tuple[str, list[object] | None]:
        """A block of a text column: written as they are, unless a value is missing or must be
        quoted (each distinct value is looked at once, in the first block that has it)."""
        distinct = set(values)
        if len(distinct) == 1:
            return self._shown(values[0]).replace("%", "%%"), None
        for value in distinct - self.plain - self.changed.keys():
            shown = self._shown(value)
            if shown == value:
                self.plain.add(value)
            else:
                self.changed[value] = shown
        if not distinct.isdisjoint(self.changed):
            values = [self.changed.get(v, v) for v in values]
        return "%s", values

    def _shown(self, value: object) -> str:
        """``value`` as pandas writes it (see :func:`_text`), made once."""
        key = (type(value), value)  # 1, 1.0 and True are equal keys, but not the same text
        found = self.shown.get(key)
        if found is None:
            found = _text(value, self.kind)
            self.shown[key] = found
        return found


def _kind(series: pd.Series) -> str:
    """The numpy kind of a column's values, ``S`` for pandas text (``str``), ``?`` for other
    pandas types."""
    if isinstance(series.dtype, pd.StringDtype):
        return "S"
    return series.dtype.kind if isinstance(series.dtype, np.dtype) else "?"


def _text(value: object, kind: str) -> str:
    """A value as pandas writes it in a CSV cell: a missing value empty, a float column's numbers
    by ``%.6f``, anything else by ``str``, quoted where the ``csv`` module would."""
    if value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value))):
        return ""
    if kind in "fF":
        return _FLOAT % value
    return _field(str(value))


def _field(text: str) -> str:
    """``text`` quoted as ``csv.writer`` (``QUOTE_MINIMAL``) quotes a cell among others."""
    if text == "":
        return ""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([text])
    return buffer.getvalue()[:-1]
