"""Cost games built from a few numbers: for examples, tests and benchmarks.

* :func:`airport_game` — Littlechild & Owen (1973): a runway long enough for the largest plane
  serves all, ``c(S) = max_{i ∈ S} r_i``. Its Shapley value splits each runway segment equally among
  the players who need it.
* :func:`pooled_game` — a shared service with economies of scale and a cost of coordination:
  ``c(S) = F + Σ_{i∈S} f_i + (Σ_{i∈S} v_i)^α + κ · |S| (|S| − 1) / 2`` SEK (``α ≤ 1``; sub-additive
  when ``κ = 0``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from simulator.game import CostGame, coalition_sums

__all__ = ["airport_game", "pooled_game", "random_pooled_game"]


def airport_game(players: Sequence[str], runway: Sequence[float]) -> CostGame:
    """``c(S) = max_{i∈S} runway_i`` (SEK), runway costs non-negative.

    >>> airport_game(["a", "b", "c"], [1.0, 3.0, 2.0]).costs.tolist()  # a, b, ab, c, ac, bc, abc
    [1.0, 3.0, 3.0, 2.0, 2.0, 3.0, 3.0]
    """
    out = np.zeros(1 << len(players))
    for i, cost in enumerate(runway):
        out[1 << i : 2 << i] = np.maximum(out[: 1 << i], cost)
    return CostGame(tuple(players), out[1:])


def pooled_game(
    players: Sequence[str],
    fixed: ArrayLike,
    volumes: ArrayLike,
    alpha: float,
    overhead: float = 0.0,
    coordination: float = 0.0,
) -> CostGame:
    """The pooled-service game of the module docstring; ``volumes`` also become the ``volume``
    driver."""
    n = len(players)
    size = coalition_sums(np.ones(n))[1:]
    costs = (
        overhead
        + coalition_sums(np.asarray(fixed, float))[1:]
        + coalition_sums(np.asarray(volumes, float))[1:] ** alpha
        + coordination * size * (size - 1) / 2
    )
    return CostGame(tuple(players), costs, {"volume": np.asarray(volumes, float)})


def random_pooled_game(n: int, rng: np.random.Generator, coordination: float = 0.0) -> CostGame:
    """A pooled game with random fixed costs (1–5), volumes (1–100) and α in [0.5, 0.9]; players
    ``P1 … Pn``."""
    return pooled_game(
        [f"P{i + 1}" for i in range(n)],
        rng.uniform(1, 5, n),
        rng.uniform(1, 100, n),
        float(rng.uniform(0.5, 0.9)),
        overhead=2.0,
        coordination=coordination,
    )
