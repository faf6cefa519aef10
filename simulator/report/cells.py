"""What each column of a tidy table shows in report.xlsx: its header, its cells in the report
language and the display format of its numbers.

Codes become words (``payroll`` → ``Löneadministration``, ``running`` → ``Löpande``, ``shapley``
→ ``Shapleyvärdet``, ``True`` → ``ja``); a year column that also holds the present value becomes a
``Period`` column of years (numbers) and ``Nuvärde`` (a word); units are translated word by word.
Numbers keep their value: only their display format is chosen, per column (SEK with a thousands
separator, FTE with two decimals) or per value where one column holds figures of any precision
(a parameter's 0.035 keeps three decimals, 0.3846 four).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import pandas as pd

from simulator.engine.catalogue import (
    component_label,
    driver_label,
    mechanism_label,
    service_title,
)
from simulator.report import labels
from simulator.report.texts import group, text

__all__ = ["Column", "columns", "header", "number_code", "exact_code", "magnitude_code"]

SEK = "#,##0"
SHARE = "0.0%"
PERCENT_NUMBER = '0.0" %"'
FTE = "0.00"

Shown = str | Callable[[object], str | None] | None
"""A column's display format: one Excel format code, one chosen per value, or none."""


@dataclass(frozen=True)
class Column:
    """One column as the workbook shows it: header, cells and number format."""

    name: str  # the tidy table's column
    title: str
    values: pd.Series
    shown: Shown


def header(column: str, lang: str, stem: str = "") -> str:
    """The header shown for ``column`` (of table ``stem``: a table may word a column its own way,
    ``header.<stem>.<column>``); unknown columns as named."""
    words = group("header", lang)
    return words.get(f"{stem}.{column}", words.get(column, column))


def exact_code(value: object) -> str | None:
    """The format that shows a given figure with all its decimals (``0.035`` → ``#,##0.000``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    places = labels.decimals(float(value))
    return SEK if places == 0 else f"#,##0.{'0' * places}"


def magnitude_code(value: object) -> str | None:
    """The format of a computed figure: at least three significant digits, no more decimals than
    that (``62 851``, ``12.3``, ``0.604``)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    size = abs(value)
    if size >= 100 or size == 0:
        return SEK
    if size >= 10:
        return "#,##0.0"
    if size >= 1:
        return "0.00"
    return "0.000"


def _percent_code(value: object) -> str | None:
    """A weight (a fraction) as a percentage with its own decimals (``0.15`` → ``0%``)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    places = labels.decimals(round(float(value) * 100, 6))
    return "0%" if places == 0 else f"0.{'0' * places}%"


def number_code(column: str, values: pd.Series, stem: str = "") -> Shown:
    """Display format of a column, from its name (and for ``saving_pct`` its range; per value for
    the figures of the assumptions and the workload)."""
    if column.endswith("_sek"):
        return SEK
    if column == "saving_pct":  # a share (0.12) or a number of percent (12.0): as the values are
        finite = pd.to_numeric(values, errors="coerce").abs()
        return SHARE if finite.max(skipna=True) <= 1.5 or finite.isna().all() else PERCENT_NUMBER
    if column.endswith("_pct"):
        return "0.00"
    if column.startswith("fte"):
        return FTE
    if column in ("weight", "step"):
        return _percent_code
    if column.startswith("p_"):  # a probability over the draws (p_in_core, p_all_save)
        return SHARE
    if stem == "assumptions" and column in ("value", "low", "high"):
        return exact_code
    if column == "value":
        return magnitude_code
    return None


def _translated(values: pd.Series, word: Callable[[object], object]) -> pd.Series:
    """``values`` with each distinct code replaced by its word (missing values stay missing)."""
    cache: dict[tuple[type, Hashable], object] = {}

    def one(value: object) -> object:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        key = (type(value), value if isinstance(value, Hashable) else str(value))  # 1 ≠ True
        if key not in cache:
            cache[key] = word(value)
        return cache[key]

    return values.astype(object).map(one)


def _words(lang: str) -> dict[str, Callable[[object], object]]:
    """How each known code column is worded."""
    kinds = group("kind", lang)
    objectives = group("objective", lang)
    families = group("family", lang)
    measures = group("measure", lang)
    origin_default = text("value.default", lang)
    return {
        "service": lambda v: service_title(str(v), lang),
        "method": lambda v: labels.method_label(str(v), lang),
        "key": lambda v: labels.key_label(str(v), lang),
        "driver": lambda v: _capital(driver_label(str(v), lang)),
        "objective": lambda v: objectives.get(str(v), v),
        "family": lambda v: families.get(str(v), v),
        "component": lambda v: component_label(str(v), lang),
        "kind": lambda v: kinds.get(str(v), v),
        "mechanism": lambda v: mechanism_label(str(v), lang),
        "measure": lambda v: measures.get(str(v), v),
        "unit": lambda v: labels.unit_label(str(v), lang),
        "weights": lambda v: labels.weights_text(str(v), lang),
        "block": lambda v: labels.block_label(str(v), lang),
        "origin": lambda v: origin_default if v == "default" else v,
    }


_YES_NO = (
    "in_core",
    "in_core_all_years",
    "recommended",
    "within_declared_range",
    "assumption",
    "stable",
)
_PERIODS = ("year", "worst_year", "period")


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def _is_period(values: pd.Series) -> bool:
    """A year column that also holds the present value (``npv``)."""
    return bool((values.astype(str) == labels.NPV).any())


def _cells(name: str, values: pd.Series, stem: str, lang: str) -> pd.Series:
    words = _words(lang)
    if name in _YES_NO:
        return _translated(values, lambda v: labels.yes_no(_truth(v), lang))
    if name in _PERIODS:
        return _translated(values, lambda v: labels.period_label(_year_text(v), lang))
    if stem == "assumptions" and name in ("value", "low", "high"):
        return _translated(values, lambda v: _parameter_value(v, lang))
    if name in words and not pd.api.types.is_numeric_dtype(values):
        return _translated(values, words[name])
    return values


def _truth(value: object) -> bool:
    return str(value).strip().lower() in ("true", "1", "1.0", "yes")


def _year_text(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, int) else value


def _parameter_value(value: object, lang: str) -> object:
    """A number stays a number (formatted per value); anything else in words."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return labels.value_text(value, lang)


def columns(stem: str, frame: pd.DataFrame, lang: str) -> list[Column]:
    """The columns of table ``stem`` as the workbook shows them, in order, without the scenario
    id (one value in every row: the summary sheet and every page's footer name it)."""
    out = []
    for name in map(str, frame.columns):
        if name == "scenario" and frame[name].nunique(dropna=False) <= 1:
            continue
        values = frame[name]
        title_of = "period" if name == "year" and _is_period(values) else name
        cells = _cells(name, values, stem, lang)
        out.append(
            Column(name, header(title_of, lang, stem), cells, number_code(name, values, stem))
        )
    return out
