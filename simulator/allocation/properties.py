"""Whether a cost game's core is empty (a least-core LP); sub-additivity is in :mod:`simulator.game`."""

from __future__ import annotations

from simulator.allocation.nucleolus import least_core_value
from simulator.game import CostGame

__all__ = ["core_is_empty"]


def core_is_empty(game: CostGame, tol: float = 0.005) -> bool:
    """Whether the least-core value ε exceeds ``tol`` SEK (no allocation keeps every coalition content)."""
    return least_core_value(game) > tol
