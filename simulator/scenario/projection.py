"""Facts past the last data year: each municipality's last trend, extended and marked.

Method (stated in every projected row's source): the municipality's last figure, changed each year
by the slope of the least-squares straight line through its figures of the last ``TREND_YEARS``
data years, rounded to whole persons and never below zero. Starting from the last figure keeps the
series without a jump at the last data year. A series is projected only when it has all of its
last ``TREND_YEARS`` years (a gap there is a gap in the data, reported as such). At
most ``PROJECTION_YEARS`` years past the last data year are projected; the rows get the status
``projection``. A municipality's own projection (e.g. SCB's regional projection) entered in the CSV
with status ``projection`` counts as data and is extended only past its last year.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["PROJECTION_YEARS", "TREND_YEARS", "projectable", "projected_rows", "slope"]

TREND_YEARS = 5
"""Data years the trend is fitted on (the last five: long enough to smooth one odd year, short
enough to follow the present direction)."""
PROJECTION_YEARS = 10
"""Years past the last data year a trend is extended to (a five-year trend says little beyond)."""


def projectable(have: Sequence[int]) -> tuple[int, ...]:
    """The years after the last of ``have`` that may be projected: none unless ``have`` holds
    each of its last ``TREND_YEARS`` years."""
    if not len(have):
        return ()
    last = int(max(have))
    if not set(range(last - TREND_YEARS + 1, last + 1)) <= {int(y) for y in have}:
        return ()
    return tuple(range(last + 1, last + 1 + PROJECTION_YEARS))


def slope(years: np.ndarray, values: np.ndarray) -> float:
    """Slope per year of the least-squares straight line through the points (two or more)."""
    x = years.astype(float) - years.mean()
    return float((x * (values - values.mean())).sum() / (x * x).sum())


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def projected_rows(table: pd.DataFrame, municipality: str, years: Sequence[int]) -> pd.DataFrame:
    """Rows (the columns of ``table``) projecting ``municipality``'s series to each of ``years``
    past its last data year (years the data have, or beyond ``PROJECTION_YEARS``, are left
    out)."""
    own = table[table["municipality"] == municipality].sort_values("year")
    wanted = [y for y in years if y in projectable(own["year"].tolist())]
    if own.empty or not wanted:
        return table.iloc[:0]
    last = int(own["year"].iloc[-1])
    basis = own[own["year"] > last - TREND_YEARS]
    step = slope(basis["year"].to_numpy(), basis["value"].to_numpy(dtype=float))
    level = float(own["value"].iloc[-1])
    figures = ", ".join(f"{y} {_fmt(v)}" for y, v in zip(basis["year"], basis["value"]))
    unit = own["unit"].iloc[-1]
    rows = []
    for year in wanted:
        value = max(0.0, float(round(level + step * (year - last))))
        rows.append(
            {
                "municipality": municipality,
                "year": year,
                "value": value,
                "unit": unit,
                "status": "projection",
                "source": (
                    f"projection: {_fmt(level)} in {last} {step:+.1f} {unit} a year (the "
                    f"least-squares linear trend of the last {len(basis)} data years: "
                    f"{figures}) × {year - last} to {year}; rounded to whole {unit}"
                ),
            }
        )
    return pd.DataFrame(rows, columns=table.columns).astype(table.dtypes.to_dict())
