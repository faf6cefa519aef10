"""Years: one-off costs, NPV and payback (the staffing policy and wages are in
:mod:`simulator.services.staffing`).

Arrays are (Y, C): years first, coalitions last. Year 0 is the base year, the first year the
shared service runs.
"""

from __future__ import annotations

import numpy as np

__all__ = ["spread_one_off", "discount_factors", "payback_year"]


def spread_one_off(total: np.ndarray, n_years: int, spread: float) -> np.ndarray:
    """(Y, C) one-off costs: ``total`` (C,) spread evenly over the first ``spread`` (whole) years,
    at most the years there are."""
    k = max(1, min(int(spread), n_years))
    out = np.zeros((n_years, total.shape[-1]))
    out[:k] = total / k
    return out


def discount_factors(years: np.ndarray, rate: float) -> np.ndarray:
    """(Y,) factors ``1 / (1 + rate) ** (year - base year)``; the base year is not discounted."""
    return (1.0 + rate) ** -(years - years[0]).astype(np.float64)


def payback_year(years: np.ndarray, net_saving: np.ndarray) -> int | None:
    """First year in which the cumulative net saving (undiscounted) reaches zero or more and stays
    there to the horizon; None if it never does."""
    cumulative = np.cumsum(net_saving)
    negative = np.flatnonzero(cumulative < 0)
    if negative.size == 0:
        return int(years[0])
    last = negative[-1]
    return int(years[last + 1]) if last + 1 < years.size else None
