"""A key applied to cost games: who pays what in each, and the core check of each.

Excesses are compared across games as shares of the game's ``|c(N)|`` (see
:mod:`simulator.keys.data`): the worst game is the one whose objecting coalition pays most beyond
its own cost relative to what the whole group pays that year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.allocation import Allocation, AllocationCheck, check
from simulator.game import CostGame
from simulator.keys.data import scale_of
from simulator.keys.shares import share_matrix

__all__ = ["KEY_METHOD", "GameVerdict", "KeyEvaluation", "apply_key", "evaluate"]

KEY_METHOD = "proposed_key"


def apply_key(game: CostGame, drivers: Sequence[str], weights: ArrayLike) -> NDArray[np.float64]:
    """``x = c(N) · shares @ w``: SEK per player, summing to ``c(N)``."""
    return game.grand_cost * share_matrix(game, drivers) @ np.asarray(weights, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class GameVerdict:
    """One game under one key: the allocation (SEK), its check, and the excess as a share of
    ``|c(N)|``."""

    label: int | str
    game: CostGame
    allocation: NDArray[np.float64]
    check: AllocationCheck

    @property
    def scaled_excess(self) -> float:
        """Largest ``(x(S) − c(S)) / |c(N)|`` over proper coalitions (−inf for one player)."""
        excess = self.check.max_excess
        return -np.inf if excess is None else excess / scale_of(self.game)


@dataclass(frozen=True, eq=False)
class KeyEvaluation:
    """A key (weights on drivers) checked in every game."""

    drivers: tuple[str, ...]
    weights: NDArray[np.float64]
    verdicts: tuple[GameVerdict, ...]

    @property
    def in_core(self) -> bool:
        """In the core of every game (to the öre)."""
        return all(v.check.in_core for v in self.verdicts)

    @property
    def worst(self) -> GameVerdict:
        """The game with the largest scaled excess (the first such, in game order)."""
        return max(self.verdicts, key=lambda v: v.scaled_excess)

    def verdict(self, label: int | str) -> GameVerdict:
        """The verdict on the game ``label``."""
        return next(v for v in self.verdicts if v.label == label)


def evaluate(
    games: Mapping[int | str, CostGame],
    drivers: Sequence[str],
    weights: ArrayLike,
    method: str = KEY_METHOD,
) -> KeyEvaluation:
    """Apply the key to every game and check each allocation.

    Examples
    --------
    Piteå (42 000 inhabitants) and Älvsbyn (8 000) share an office costing 6.3 M SEK, against 5.2 M
    and 1.9 M alone. Half equal shares, half by population charges Älvsbyn 2.079 M: 179 000 SEK
    more than going alone. Shares of stand-alone cost keep both whole:

    >>> from simulator.game import CostGame
    >>> costs = {"Piteå": 5.2e6, "Älvsbyn": 1.9e6, "Piteå+Älvsbyn": 6.3e6}
    >>> game = CostGame.from_mapping(["Piteå", "Älvsbyn"], costs, {"population": [42_000, 8_000]})
    >>> half = evaluate({2024: game}, ["equal", "population"], [0.5, 0.5])
    >>> np.round(half.verdict(2024).allocation, 2).tolist()
    [4221000.0, 2079000.0]
    >>> half.in_core, half.worst.check.objecting_coalition, round(half.worst.check.max_excess, 2)
    (False, 'Älvsbyn', 179000.0)
    >>> evaluate({2024: game}, ["standalone"], [1.0]).in_core
    True
    """
    verdicts = []
    for label, game in games.items():
        x = apply_key(game, drivers, weights)
        verdicts.append(
            GameVerdict(label, game, x, check(game, Allocation(method, game.players, x)))
        )
    frozen = np.array(weights, dtype=np.float64)
    frozen.setflags(write=False)
    return KeyEvaluation(tuple(drivers), frozen, tuple(verdicts))
