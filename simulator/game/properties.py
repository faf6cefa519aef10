"""Sub-additivity of a cost game: does any pair of disjoint groups pay more together than apart?"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

from simulator.core import coalitions
from simulator.game.costgame import CostGame

__all__ = ["subadditivity_violation", "is_subadditive", "disjoint_pairs"]


def disjoint_pairs(
    n: int, vectorised: int = 12
) -> Iterator[tuple[NDArray[np.int64], NDArray[np.int64]]]:
    """All pairs of disjoint non-empty masks ``a < b``, in chunks of ``3**vectorised`` (later
    players looped)."""
    low = min(n, vectorised)
    a, b = np.zeros(1, dtype=np.int64), np.zeros(1, dtype=np.int64)
    for i in range(low):
        a, b = np.concatenate([a, a | 1 << i, a]), np.concatenate([b, b, b | 1 << i])
    for high in itertools.product(range(3), repeat=n - low):
        ha = sum(1 << (low + j) for j, d in enumerate(high) if d == 1)
        hb = sum(1 << (low + j) for j, d in enumerate(high) if d == 2)
        aa, bb = a | ha, b | hb
        keep = (aa > 0) & (bb > 0) & (aa < bb)
        yield aa[keep], bb[keep]


def subadditivity_violation(game: CostGame, tol: float = 0.005) -> tuple[str, str] | None:
    """Labels of the disjoint pair (S, T) with the largest ``c(S ∪ T) − c(S) − c(T)`` above
    ``tol`` SEK.

    ``None`` when the game is sub-additive. Checks all ``3**n`` pairs.

    >>> from simulator.game import CostGame
    >>> costs = {"A": 15, "B": 20, "C": 55, "A+B": 35, "A+C": 61, "B+C": 65, "A+B+C": 78}
    >>> print(subadditivity_violation(CostGame.from_mapping("ABC", costs)))
    None
    >>> subadditivity_violation(CostGame.from_mapping("ABC", {**costs, "A+B": 40}))  # 40 > 15 + 20
    ('A', 'B')
    """
    full = game.full_costs
    worst = tol
    pair: tuple[int, int] | None = None
    for a, b in disjoint_pairs(game.n):
        if a.size:
            gap = full[a | b] - full[a] - full[b]
            k = int(np.argmax(gap))
            if gap[k] > worst:
                worst = float(gap[k])
                pair = (int(a[k]), int(b[k]))
    return (
        None
        if pair is None
        else (coalitions.label(pair[0], game.players), coalitions.label(pair[1], game.players))
    )


def is_subadditive(game: CostGame, tol: float = 0.005) -> bool:
    """Whether ``c(S ∪ T) ≤ c(S) + c(T) + tol`` (SEK) for all disjoint non-empty S, T."""
    return subadditivity_violation(game, tol) is None
