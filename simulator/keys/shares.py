"""Candidate drivers of a key, and each municipality's share of them in one cost game.

A key puts weights ``w_k`` (summing to 1) on candidate drivers. In game ``g`` municipality ``i``
pays ``x_i = c(N) · Σ_k w_k · share_ik``, where ``share_ik`` is i's share of driver ``k`` in that
game's year: ``equal`` → ``1/n``; ``standalone`` → ``c(i) / Σ_j c(j)``; any other driver ``d`` →
``d_i / Σ_j d_j`` (the game's own driver vector: that year's figures, or their mean over the years
for the present value).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from simulator.game import CostGame

__all__ = [
    "EQUAL",
    "MERGED",
    "SAME_SHARES",
    "STANDALONE",
    "KEY_SHARES",
    "default_drivers",
    "driver_share",
    "share_matrix",
    "usable_drivers",
]

EQUAL = "equal"
STANDALONE = "standalone"
KEY_SHARES = (EQUAL, STANDALONE)
"""Candidate drivers that are not volumes: equal shares (the fixed part of a fixed + variable key)
and shares of stand-alone cost."""


def default_drivers(volume: str | None = None) -> tuple[str, ...]:
    """Equal shares, inhabitants, employees and the service's own ``volume`` driver (if it has
    one): figures anyone can observe. Stand-alone cost, a model figure, only when asked for."""
    return tuple(dict.fromkeys([EQUAL, "population", "employees", *([volume] if volume else [])]))


def driver_share(game: CostGame, driver: str) -> NDArray[np.float64] | None:
    """Each player's share of ``driver`` in ``game`` (sums to 1), or None where the game lacks the
    driver or its figures are not non-negative with a positive sum."""
    if driver == EQUAL:
        return np.full(game.n, 1.0 / game.n)
    values = game.standalone if driver == STANDALONE else game.drivers.get(driver)
    if values is None or (values < 0).any() or values.sum() <= 0:
        return None
    return values / values.sum()


def share_matrix(game: CostGame, drivers: Sequence[str]) -> NDArray[np.float64]:
    """Shares ``(n, K)``: column k is each player's share of ``drivers[k]`` (every driver
    usable)."""
    columns = [driver_share(game, d) for d in drivers]
    missing = [d for d, c in zip(drivers, columns) if c is None]
    if missing:
        raise ValueError(f"drivers without usable figures in this game: {', '.join(missing)}")
    return np.column_stack([c for c in columns if c is not None])


MERGED = "same shares as "
"""How the reason of a driver merged into another begins (followed by that driver's name)."""
SAME_SHARES = 1e-9
"""Two drivers whose shares differ by no more than this (a fraction) for every member in every
game are the same key: weights on both are not identified (payslips are 1.25 × employees)."""


def usable_drivers(
    games: Mapping[int | str, CostGame], drivers: Sequence[str]
) -> tuple[tuple[str, ...], dict[str, str]]:
    """The drivers with usable figures in every game, and why each other one was left out.

    A driver proportional to an earlier one in every game (the same shares for every member) is
    merged into it: a key by payslips and one by employees then charge the same, so only the
    first is weighted and the other is listed as ``same shares as <first>``."""
    usable: list[str] = []
    skipped: dict[str, str] = {}
    shares: dict[str, list[NDArray[np.float64]]] = {}
    for driver in drivers:
        columns = [driver_share(game, driver) for game in games.values()]
        bad = [str(label) for label, column in zip(games, columns) if column is None]
        if not bad:
            same = next((d for d in usable if _same(shares[d], columns)), None)
            if same is None:
                usable.append(driver)
                shares[driver] = [c for c in columns if c is not None]
            else:
                skipped[driver] = f"{MERGED}{same} in every game (merged)"
        elif all(driver not in g.drivers for g in games.values()) and driver not in KEY_SHARES:
            skipped[driver] = "not a driver of these games"
        else:
            skipped[driver] = f"no positive total in {', '.join(bad)}"
    return tuple(usable), skipped


def _same(
    first: Sequence[NDArray[np.float64]], other: Sequence[NDArray[np.float64] | None]
) -> bool:
    """Whether two drivers give every member the same share in every game."""
    return all(
        b is not None and bool(np.abs(a - b).max() <= SAME_SHARES) for a, b in zip(first, other)
    )
