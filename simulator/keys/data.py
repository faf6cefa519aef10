"""The optimiser's data: every core constraint of every game as one row over the candidate drivers.

In game ``g`` coalition ``S`` pays ``x^g(S) = c^g(N) · Σ_k w_k · share^g_k(S)``, where
``share^g_k(S)`` is S's share of driver ``k`` (the share matrix times the membership matrix). Each
game is scaled by ``|c^g(N)|``, so a row reads ``row · w ≤ c^g(S) / |c^g(N)|``: coalition costs as
shares of what the whole group pays that year (or in present value). The same scale makes excesses
comparable across years.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.core import coalitions
from simulator.game import CostGame
from simulator.keys.shares import share_matrix

__all__ = ["KeyData", "key_data", "scale_of", "HALF_ORE"]

HALF_ORE = 0.005
"""Rows are met to half an öre (SEK), within the öre tolerance of the allocation checks."""


def scale_of(game: CostGame) -> float:
    """``|c(N)|`` in SEK (1 for a game that costs nothing)."""
    return abs(game.grand_cost) or 1.0


@dataclass(frozen=True, eq=False)
class KeyData:
    """Rows ``(R, K)`` and right-hand sides ``(R,)`` of the core constraints, with their game and
    mask.

    Attributes
    ----------
    drivers : candidate drivers, the columns
    labels : game labels (year or ``npv``); ``row_game`` indexes them
    rows, rhs : ``rows @ w ≤ rhs`` is ``x(S) ≤ c(S)``, both divided by ``|c(N)|``
    tolerance : half an öre per row, divided by ``|c(N)|``
    row_game, row_mask : the game (index into labels) and coalition (mask) of each row
    reference_shares : ``(n, K)`` signed shares of the reference game, so
        ``x / |c(N)| = reference_shares @ w``
    reference : the reference game (present value), for the objectives
    units : ``1 / step``: weights are ``units_k / units``
    """

    drivers: tuple[str, ...]
    labels: tuple[int | str, ...]
    rows: NDArray[np.float64]
    rhs: NDArray[np.float64]
    tolerance: NDArray[np.float64]
    row_game: NDArray[np.int64]
    row_mask: NDArray[np.int64]
    reference_shares: NDArray[np.float64]
    reference: CostGame
    units: int

    @property
    def reference_scale(self) -> float:
        """``|c(N)|`` of the reference game, SEK."""
        return scale_of(self.reference)


def _game_rows(
    game: CostGame, drivers: Sequence[str]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Signed coalition shares ``(2**n − 2, K)`` and scaled costs of the proper coalitions."""
    scale = scale_of(game)
    sign = np.sign(game.grand_cost) or 1.0
    proper = coalitions.membership(game.n)[:, :-1]
    return sign * proper.T @ share_matrix(game, drivers), game.costs[:-1] / scale


def key_data(
    games: Mapping[int | str, CostGame], drivers: Sequence[str], reference: int | str, step: float
) -> KeyData:
    """Stack the rows of every game (vectorised per game: shares @ membership)."""
    labels = tuple(games)
    parts = [_game_rows(games[label], drivers) for label in labels]
    counts = [len(rhs) for _, rhs in parts]
    ref = games[reference]
    return KeyData(
        drivers=tuple(drivers),
        labels=labels,
        rows=np.vstack([r for r, _ in parts]).reshape(-1, len(drivers)),
        rhs=np.concatenate([b for _, b in parts]),
        tolerance=np.repeat([HALF_ORE / scale_of(games[label]) for label in labels], counts),
        row_game=np.repeat(np.arange(len(labels)), counts),
        row_mask=np.concatenate([np.arange(1, c + 1) for c in counts]).astype(np.int64),
        reference_shares=(np.sign(ref.grand_cost) or 1.0) * share_matrix(ref, drivers),
        reference=ref,
        units=round(1 / step),
    )
