"""The staffing policy (rounding, minimums), reduction through attrition, and the wage index.

Arrays are (..., Y, C): years, then coalitions last. Year 0 is the base year, the first year the
shared service runs.
"""

from __future__ import annotations

import numpy as np

__all__ = ["staffed", "employed", "wage_index"]


def staffed(fte: np.ndarray, minimum: np.ndarray | float, step: float) -> np.ndarray:
    """Staffing policy: the FTE need rounded *up* to a multiple of ``step``, and at least
    ``minimum``.

    A tolerance of 1e-9 FTE keeps an exact multiple from rounding up to the next step.
    """
    rounded = fte / step
    rounded -= 1e-9
    np.ceil(rounded, out=rounded)
    rounded *= step
    return np.maximum(rounded, minimum)


def employed(
    target: np.ndarray,
    before: np.ndarray,
    attrition: float | np.ndarray,
    redeployment: float | np.ndarray = 0.0,
) -> np.ndarray:
    """FTE on the payroll each year (the year's average) when staff are reduced only through
    attrition.

    Parameters
    ----------
    target : (..., Y, C) staffed FTE the service needs each year
    before : (..., C) FTE employed when sharing starts (for a coalition: the sum of its members'
        stand-alone staffing in the base year)
    attrition : share of staff leaving per year (not replaced while above target); a number or
        drawn (D, 1, 1)
    redeployment : share of the staff above target that moves each year to vacant posts
        elsewhere in the municipality (omplacering) after attrition; a number or drawn (D, 1, 1)

    Returns
    -------
    (..., Y, C) FTE: ``e = max(target[t], employed[t-1] × (1 - attrition))``, then
    ``target[t] + (e - target[t]) × (1 - redeployment)``, where the base year has half a year of
    leavers (mid-year convention: ``before × (1 - attrition) ** 0.5``); hiring is immediate.

    >>> employed(np.array([[1.0], [1.0]]), np.array([2.0]), 0.0, 0.5).ravel().tolist()
    [1.5, 1.25]
    """
    out = np.empty(np.broadcast_shapes(target.shape, np.shape(attrition)))
    # (..., 1, C), so that the base year gets half a year of leavers
    previous = np.asarray(before)[..., None, :] * (1.0 - attrition) ** -0.5
    moving = not (np.ndim(redeployment) == 0 and float(redeployment) == 0.0)
    for t in range(target.shape[-2]):  # a loop over years, vectorised over coalitions (and draws)
        now = target[..., t : t + 1, :]
        previous = np.maximum(now, previous * (1.0 - attrition))
        if moving:
            previous = now + (previous - now) * (1.0 - redeployment)
        out[..., t : t + 1, :] = previous
    return out


def wage_index(
    years: np.ndarray, growth: float | np.ndarray, since: int | None = None
) -> np.ndarray:
    """(Y, 1) salary level relative to the year salaries are priced in, ``since`` (default the
    first year): real growth compounding yearly; (D, Y, 1) for a drawn growth (D, 1, 1).

    >>> wage_index(np.array([2018, 2019]), 0.01, since=2013).round(4).ravel().tolist()
    [1.051, 1.0615]
    """
    first = years[0] if since is None else since
    return (1.0 + growth) ** (years - first)[:, None]
