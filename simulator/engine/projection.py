"""Years: one-off costs, NPV and payback (the staffing policy and wages are in
:mod:`simulator.services.staffing`).

Arrays are (Y, C): years first, coalitions last. Year 0 is the base year, the first year the
shared service runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Projection", "spread_one_off", "discount_factors", "payback_year", "payback_years"]


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


def payback_years(years: NDArray[np.int64], net_saving: NDArray[np.float64]) -> NDArray[np.float64]:
    """First year in which the cumulative net saving (undiscounted) reaches zero or more and stays
    there to the horizon, for every leading index of ``net_saving`` (..., Y); NaN where it never
    does (the cumulative saving is still negative in the last year).

    >>> years = np.array([2014, 2015, 2016, 2017])
    >>> net = np.array([[-100.0, 40.0, 40.0, 40.0], [5.0, 5.0, 5.0, -20.0]])
    >>> payback_years(years, net).tolist()
    [2017.0, nan]
    """
    cumulative = np.cumsum(net_saving, axis=-1)
    negative = cumulative < 0
    # index of the last negative year + 1 (0 when none is negative)
    last = np.where(negative.any(axis=-1), years.size - np.argmax(negative[..., ::-1], axis=-1), 0)
    padded = np.append(years.astype(np.float64), np.nan)
    return padded[last]


def payback_year(years: NDArray[np.int64], net_saving: NDArray[np.float64]) -> int | None:
    """:func:`payback_years` of one series (Y,): the year, or None if it never pays back."""
    found = float(payback_years(years, net_saving))
    return None if np.isnan(found) else int(found)


@dataclass(frozen=True)
class Projection:
    """The whole group over the years, today against shared, computed once per run.

    Arrays are (..., Y) (a leading axis of draws passes through), SEK. ``standalone`` is what the
    members pay today (alone, or their share of an arrangement already in place), ``shared`` the
    running cost shared, ``one_off`` the transition costs; ``net = standalone - shared - one_off``.
    ``npv_net`` (...) is the present value of ``net`` and ``payback`` (...) the payback year
    (NaN: never within the horizon).
    """

    years: NDArray[np.int64]
    standalone: NDArray[np.float64]
    shared: NDArray[np.float64]
    one_off: NDArray[np.float64]
    discount: NDArray[np.float64]

    @property
    def saving(self) -> NDArray[np.float64]:
        """Running saving each year (before one-off costs)."""
        return self.standalone - self.shared

    @property
    def net(self) -> NDArray[np.float64]:
        """Net saving each year (after one-off costs)."""
        return self.standalone - self.shared - self.one_off

    @property
    def cumulative(self) -> NDArray[np.float64]:
        """Cumulative net saving (undiscounted)."""
        return np.cumsum(self.net, axis=-1)

    @property
    def discounted(self) -> NDArray[np.float64]:
        """Net saving each year, discounted to the base year."""
        return self.net * self.discount

    @property
    def npv_net(self) -> NDArray[np.float64]:
        """Present value of the net saving over the horizon."""
        return self.discounted.sum(axis=-1)

    @property
    def payback(self) -> NDArray[np.float64]:
        """Payback year (NaN: never within the horizon)."""
        return payback_years(self.years, self.net)
