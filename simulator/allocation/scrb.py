"""Separable cost remaining benefit (SCRB), the classic method of US water-resources cost
allocation.

Separable cost ``SC_i = c(N) − c(N ∖ i)`` (what i adds to the grand coalition). Remaining benefit
``RB_i = max(0, min(c(i), b_i) − SC_i)``, where ``b_i`` is i's alternative (the benefit, or the cost
of its best alternative); the variant here takes ``b_i = c(i)`` unless ``alternative`` is given, and
clips negative remaining benefits at 0 as the classic method does. The non-separable cost
``NSC = c(N) − Σ SC_j`` is split in proportion to remaining benefit:
``x_i = SC_i + NSC · RB_i / Σ RB``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.allocation.base import Allocation, AllocationError
from simulator.game import CostGame

__all__ = ["scrb", "scrb_shares", "separable_costs"]


def separable_costs(game: CostGame) -> NDArray[np.float64]:
    """``SC_i = c(N) − c(N ∖ i)`` in SEK, per player."""
    grand = (1 << game.n) - 1
    return game.grand_cost - np.array([game.cost(grand & ~(1 << i)) for i in range(game.n)])


def scrb_shares(
    standalone: ArrayLike,
    separable: ArrayLike,
    grand: float,
    alternative: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """SCRB from its inputs alone: stand-alone costs, separable costs and ``c(N)`` (SEK).

    Examples
    --------
    Young, Okada & Hashimoto (1979), "Cost allocation in water resources development — a case study
    of Sweden", IIASA WP-79-077: six municipalities of Skåne (A, H, K, L, M, T), million SEK. From
    Table 8 (alternative costs ``c(i)`` and separable costs ``c(N) − c(N − i)``) and
    ``c(N) = 83.82`` SCRB gives Table 7's 19.54, 13.28, 5.62, 10.90, 16.66, 17.82 (K 5.61 from the
    rounded inputs):

    >>> alone = [21.95, 17.08, 10.91, 15.88, 20.81, 21.98]
    >>> separable = [17.36, 9.85, 0.82, 6.40, 12.90, 14.06]
    >>> np.round(scrb_shares(alone, separable, 83.82), 2).tolist()
    [19.54, 13.28, 5.61, 10.9, 16.66, 17.82]
    """
    alone = np.asarray(standalone, float)
    marginal = np.asarray(separable, float)
    justifiable = alone
    if alternative is not None:
        justifiable = np.minimum(alone, np.asarray(alternative, float))
    remaining = np.maximum(justifiable - marginal, 0.0)
    nonseparable = grand - marginal.sum()
    if abs(nonseparable) <= 1e-12 * max(1.0, abs(grand)):
        return marginal.copy()
    if remaining.sum() <= 0:
        raise AllocationError(
            f"scrb: non-separable cost {nonseparable:.2f} SEK"
            " but no remaining benefit to split it by"
        )
    return marginal + nonseparable * remaining / remaining.sum()


def scrb(game: CostGame, alternative: ArrayLike | None = None) -> Allocation:
    """SCRB allocation of ``c(N)``, SEK per player (see the module docstring for the variant).

    Examples
    --------
    A alone 20, B alone 10, together 24: separable costs (14, 4), remaining benefits (6, 6), the
    non-separable 6 split 3 : 3:

    >>> from simulator.game import CostGame
    >>> game = CostGame.from_mapping("AB", {"A": 20, "B": 10, "A+B": 24})
    >>> scrb(game).values.tolist(), scrb(game).info["non_separable_cost"]
    ([17.0, 7.0], 6.0)
    """
    separable = separable_costs(game)
    values = scrb_shares(game.standalone, separable, game.grand_cost, alternative)
    info = {
        "separable_costs": tuple(separable.tolist()),
        "non_separable_cost": float(game.grand_cost - separable.sum()),
    }
    return Allocation("scrb", game.players, values, info)
