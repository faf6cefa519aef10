"""Classical keys: equal shares, proportional to a driver or to stand-alone cost, fixed + variable,
equal savings.

Every function returns an :class:`Allocation` of ``c(N)`` (SEK a year) that sums to ``c(N)``. The
examples share a payroll office between Piteå (5.2 M SEK alone, 42 000 inhabitants) and Älvsbyn
(1.9 M SEK alone, 8 000 inhabitants); together it costs 6.3 M SEK (illustrative figures).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.allocation.base import Allocation, AllocationError
from simulator.game import CostGame

__all__ = ["equal", "proportional", "standalone", "fixed_variable", "equal_savings"]


def _shares(weights: ArrayLike, n: int, what: str) -> NDArray[np.float64]:
    """Weights normalised to sum 1; they must be finite, non-negative and not all zero."""
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n,) or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise AllocationError(
            f"{what}: need {n} finite, non-negative weights with a positive sum; got {w.tolist()}"
        )
    return w / w.sum()


def equal(game: CostGame) -> Allocation:
    """Equal shares: ``c(N) / n`` each.

    >>> from simulator.game import CostGame
    >>> game = CostGame.from_mapping(["Piteå", "Älvsbyn"], {"Piteå": 5.2e6, "Älvsbyn": 1.9e6,
    ...                                                     "Piteå+Älvsbyn": 6.3e6})
    >>> equal(game).values.tolist()
    [3150000.0, 3150000.0]
    """
    return Allocation("equal", game.players, np.full(game.n, game.grand_cost / game.n))


def proportional(game: CostGame, weights: ArrayLike, name: str = "proportional") -> Allocation:
    """``c(N)`` in proportion to a driver (population, employees, payslips, …), one weight per
    player.

    >>> from simulator.game import CostGame
    >>> game = CostGame.from_mapping(["Piteå", "Älvsbyn"], {"Piteå": 5.2e6, "Älvsbyn": 1.9e6,
    ...                                                     "Piteå+Älvsbyn": 6.3e6})
    >>> np.round(proportional(game, [42_000, 8_000]).values, 2).tolist()  # 6.3 M · 42/50, · 8/50
    [5292000.0, 1008000.0]
    """
    return Allocation(name, game.players, game.grand_cost * _shares(weights, game.n, name))


def standalone(game: CostGame) -> Allocation:
    """``c(N)`` in proportion to each player's stand-alone cost ``c(i)``.

    >>> from simulator.game import CostGame
    >>> game = CostGame.from_mapping(["Piteå", "Älvsbyn"], {"Piteå": 5.2e6, "Älvsbyn": 1.9e6,
    ...                                                     "Piteå+Älvsbyn": 6.3e6})
    >>> np.round(standalone(game).values, 2).tolist()  # 6.3 M · 52/71, · 19/71
    [4614084.51, 1685915.49]
    """
    return proportional(game, game.standalone, "standalone")


def fixed_variable(game: CostGame, fixed_share: float, weights: ArrayLike) -> Allocation:
    """A fixed part ``fixed_share · c(N)`` split equally, the rest in proportion to ``weights``.

    Parameters
    ----------
    fixed_share : share of ``c(N)`` split equally, in ``[0, 1]``
    weights : the driver for the variable part, one per player

    Examples
    --------
    40 % split equally (1.26 M each), 60 % (3.78 M) by population (84 % : 16 %):

    >>> from simulator.game import CostGame
    >>> game = CostGame.from_mapping(["Piteå", "Älvsbyn"], {"Piteå": 5.2e6, "Älvsbyn": 1.9e6,
    ...                                                     "Piteå+Älvsbyn": 6.3e6})
    >>> np.round(fixed_variable(game, 0.4, [42_000, 8_000]).values, 2).tolist()
    [4435200.0, 1864800.0]
    """
    if not 0.0 <= fixed_share <= 1.0:
        raise AllocationError(f"fixed_variable: fixed_share must lie in [0, 1]; got {fixed_share}")
    total = game.grand_cost
    values = fixed_share * total / game.n + (1.0 - fixed_share) * total * _shares(
        weights, game.n, "fixed_variable"
    )
    return Allocation("fixed_variable", game.players, values, {"fixed_share": fixed_share})


def equal_savings(game: CostGame) -> Allocation:
    """Each player saves the same: ``x_i = c(i) − (Σ c(j) − c(N)) / n``.

    >>> from simulator.game import CostGame
    >>> game = CostGame.from_mapping(["Piteå", "Älvsbyn"], {"Piteå": 5.2e6, "Älvsbyn": 1.9e6,
    ...                                                     "Piteå+Älvsbyn": 6.3e6})
    >>> equal_savings(game).values.tolist()  # saving 0.8 M in all, 0.4 M each
    [4800000.0, 1500000.0]
    """
    saving = (game.standalone.sum() - game.grand_cost) / game.n
    return Allocation("equal_savings", game.players, game.standalone - saving)
