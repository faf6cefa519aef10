"""Whether a cost game's core is empty (a least-core LP); sub-additivity is in
:mod:`simulator.game`."""

from __future__ import annotations

from simulator.allocation.nucleolus import least_core_value
from simulator.game import CostGame

__all__ = ["core_is_empty"]


def core_is_empty(game: CostGame, tol: float = 0.005) -> bool:
    """Whether the least-core value ε exceeds ``tol`` SEK (no allocation keeps every coalition
    content).

    The three-player majority game as a cost game (every pair saves 1 of 2, all three save 1 of 3)
    has an empty core:

    >>> from simulator.game import CostGame
    >>> costs = {"A": 1, "B": 1, "C": 1, "A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 2}
    >>> core_is_empty(CostGame.from_mapping("ABC", costs))
    True
    """
    return least_core_value(game) > tol
