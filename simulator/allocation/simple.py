"""Classical keys: equal shares, proportional to a driver or to stand-alone cost, fixed + variable, equal savings.

Every function returns an :class:`Allocation` of ``c(N)`` (SEK a year) that sums to ``c(N)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulator.allocation.base import Allocation, AllocationError
from simulator.game import CostGame

__all__ = ["equal", "proportional", "standalone", "fixed_variable", "equal_savings"]


def _shares(weights: Sequence[float], n: int, what: str) -> np.ndarray:
    """Weights normalised to sum 1; they must be finite, non-negative and not all zero."""
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n,) or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise AllocationError(
            f"{what}: need {n} finite, non-negative weights with a positive sum; got {w.tolist()}"
        )
    return w / w.sum()


def equal(game: CostGame) -> Allocation:
    """Equal shares: ``c(N) / n`` each."""
    return Allocation("equal", game.players, np.full(game.n, game.grand_cost / game.n))


def proportional(
    game: CostGame, weights: Sequence[float], name: str = "proportional"
) -> Allocation:
    """``c(N)`` in proportion to a driver (population, employees, payslips, …), one weight per player."""
    return Allocation(name, game.players, game.grand_cost * _shares(weights, game.n, name))


def standalone(game: CostGame) -> Allocation:
    """``c(N)`` in proportion to each player's stand-alone cost ``c(i)``."""
    return proportional(game, game.standalone, "standalone")


def fixed_variable(game: CostGame, fixed_share: float, weights: Sequence[float]) -> Allocation:
    """A fixed part ``fixed_share · c(N)`` split equally, the rest in proportion to ``weights``.

    Parameters
    ----------
    fixed_share : share of ``c(N)`` split equally, in ``[0, 1]``
    weights : the driver for the variable part, one per player
    """
    if not 0.0 <= fixed_share <= 1.0:
        raise AllocationError(f"fixed_variable: fixed_share must lie in [0, 1]; got {fixed_share}")
    total = game.grand_cost
    values = fixed_share * total / game.n + (1.0 - fixed_share) * total * _shares(
        weights, game.n, "fixed_variable"
    )
    return Allocation("fixed_variable", game.players, values, {"fixed_share": fixed_share})


def equal_savings(game: CostGame) -> Allocation:
    """Each player saves the same: ``x_i = c(i) − (Σ c(j) − c(N)) / n``."""
    saving = (game.standalone.sum() - game.grand_cost) / game.n
    return Allocation("equal_savings", game.players, game.standalone - saving)
