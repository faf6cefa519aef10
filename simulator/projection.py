"""Years: staffing policy, reduction through attrition, wages, one-off costs, NPV and payback.

Arrays are (Y, C): years first, coalitions last. Year 0 is the base year, the first year the
shared service runs.
"""

from __future__ import annotations

import numpy as np

__all__ = ["staffed", "employed", "wage_index", "spread_one_off", "discount_factors", "payback_year"]


def staffed(fte: np.ndarray, minimum: np.ndarray | float, step: float) -> np.ndarray:
    """Staffing policy: the FTE need rounded *up* to a multiple of ``step``, and at least ``minimum``.

    A tolerance of 1e-9 FTE keeps an exact multiple from rounding up to the next step.
    """
    rounded = np.ceil(fte / step - 1e-9) * step
    return np.maximum(rounded, minimum)


def employed(target: np.ndarray, before: np.ndarray, attrition: float) -> np.ndarray:
    """FTE on the payroll each year (the year's average) when staff are reduced only through attrition.

    Parameters
    ----------
    target : (..., Y, C) staffed FTE the service needs each year
    before : (..., C) FTE employed when sharing starts (for a coalition: the sum of its members'
        stand-alone staffing in the base year)
    attrition : share of staff leaving per year (not replaced while above target)

    Returns
    -------
    (..., Y, C) FTE: ``max(target[t], employed[t-1] × (1 - attrition))``, where the base year has
    half a year of leavers (mid-year convention: ``before × (1 - attrition) ** 0.5``); hiring is
    immediate.
    """
    out = np.empty_like(target)
    previous = before * (1.0 - attrition) ** -0.5  # so that the base year gets half a year of leavers
    for t in range(target.shape[-2]):  # a loop over years, vectorised over coalitions (and draws)
        previous = np.maximum(target[..., t, :], previous * (1.0 - attrition))
        out[..., t, :] = previous
    return out


def wage_index(years: np.ndarray, growth: float) -> np.ndarray:
    """(Y, 1) salary level relative to the base year (real growth compounding yearly)."""
    return ((1.0 + growth) ** (years - years[0]))[:, None]


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
