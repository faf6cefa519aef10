"""Separable cost remaining benefit (SCRB), the classic method of US water-resources cost allocation.

Separable cost ``SC_i = c(N) − c(N ∖ i)`` (what i adds to the grand coalition). Remaining benefit
``RB_i = max(0, min(c(i), b_i) − SC_i)``, where ``b_i`` is i's alternative (the benefit, or the cost of
its best alternative); the variant here takes ``b_i = c(i)`` unless ``alternative`` is given, and clips
negative remaining benefits at 0 as the classic method does. The non-separable cost
``NSC = c(N) − Σ SC_j`` is split in proportion to remaining benefit: ``x_i = SC_i + NSC · RB_i / Σ RB``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from simulator.allocation.base import Allocation, AllocationError
from simulator.game import CostGame

__all__ = ["scrb", "scrb_shares", "separable_costs"]


def separable_costs(game: CostGame) -> np.ndarray:
    """``SC_i = c(N) − c(N ∖ i)`` in SEK, per player."""
    grand = (1 << game.n) - 1
    return game.grand_cost - np.array([game.cost(grand & ~(1 << i)) for i in range(game.n)])


def scrb_shares(
    standalone: Sequence[float],
    separable: Sequence[float],
    grand: float,
    alternative: Sequence[float] | None = None,
) -> np.ndarray:
    """SCRB from its inputs alone: stand-alone costs, separable costs and ``c(N)`` (SEK)."""
    standalone, separable = np.asarray(standalone, float), np.asarray(separable, float)
    justifiable = (
        standalone
        if alternative is None
        else np.minimum(standalone, np.asarray(alternative, float))
    )
    remaining = np.maximum(justifiable - separable, 0.0)
    nonseparable = grand - separable.sum()
    if abs(nonseparable) <= 1e-12 * max(1.0, abs(grand)):
        return separable.copy()
    if remaining.sum() <= 0:
        raise AllocationError(
            f"scrb: non-separable cost {nonseparable:.2f} SEK"
            " but no remaining benefit to split it by"
        )
    return separable + nonseparable * remaining / remaining.sum()


def scrb(game: CostGame, alternative: Sequence[float] | None = None) -> Allocation:
    """SCRB allocation of ``c(N)``, SEK per player (see the module docstring for the variant)."""
    separable = separable_costs(game)
    values = scrb_shares(game.standalone, separable, game.grand_cost, alternative)
    info = {
        "separable_costs": tuple(separable.tolist()),
        "non_separable_cost": float(game.grand_cost - separable.sum()),
    }
    return Allocation("scrb", game.players, values, info)
