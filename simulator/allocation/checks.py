"""Checks on an allocation: efficiency, individual rationality, core membership and savings.

The excess of a coalition S is ``x(S) − c(S)`` SEK: how much more its members pay together than S
would cost on its own. An allocation is in the core when it is efficient and no non-empty proper
coalition has a positive excess (to ``tol`` SEK). ``x(S)`` for all S comes from
:func:`simulator.game.coalition_sums`, which equals ``x @ coalitions.membership(n)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.allocation.base import Allocation
from simulator.core import coalitions
from simulator.game import CostGame, coalition_sums

__all__ = ["AllocationCheck", "check", "excesses", "most_dissatisfied", "TOLERANCE_SEK"]

TOLERANCE_SEK = 0.01
"""Efficiency, rationality and core membership are judged to the öre."""


@dataclass(frozen=True, eq=False)
class AllocationCheck:
    """The verdicts on one allocation.

    Attributes
    ----------
    method : the allocation's method
    efficient : ``|Σ x − c(N)| ≤ tol``
    efficiency_gap : ``Σ x − c(N)`` in SEK
    individually_rational : ``x_i ≤ c(i) + tol`` for every player
    in_core : efficient and ``max_excess ≤ tol``
    max_excess : largest ``x(S) − c(S)`` over non-empty proper coalitions, SEK (``None`` for one
        player)
    objecting_coalition : label of the coalition with that excess (``None`` for one player)
    saving : ``c(i) − x_i`` per player, SEK
    saving_share : ``saving / c(i)`` per player (NaN where ``c(i) = 0``)
    """

    method: str
    efficient: bool
    efficiency_gap: float
    individually_rational: bool
    in_core: bool
    max_excess: float | None
    objecting_coalition: str | None
    saving: NDArray[np.float64]
    saving_share: NDArray[np.float64]


def excesses(game: CostGame, x: ArrayLike) -> NDArray[np.float64]:
    """``x(S) − c(S)`` in SEK for every non-empty coalition, position ``mask − 1``."""
    return coalition_sums(np.asarray(x, dtype=np.float64))[1:] - game.costs


def most_dissatisfied(proper: NDArray[np.float64], tol: float) -> int:
    """Position of the coalition that objects most: the largest excess; among excesses within
    ``tol`` of it (a tie, up to rounding), the smallest coalition, then the lowest mask — so the
    coalition named does not depend on the last digits of the solver."""
    near = np.flatnonzero(proper >= proper.max() - tol)
    sizes = np.bitwise_count(near + 1)  # members of each coalition (position = mask − 1)
    return int(near[np.lexsort((near, sizes))[0]])


def check(game: CostGame, allocation: Allocation, tol: float = TOLERANCE_SEK) -> AllocationCheck:
    """Check ``allocation`` against ``game`` (see :class:`AllocationCheck`).

    The nucleolus of the three-player game (14, 18.5, 45.5) is in the core; the equal split is not,
    and the first coalition to object is A+B, paying 52 for what costs it 35:

    >>> from simulator.allocation import Allocation
    >>> from simulator.game import CostGame
    >>> costs = {"A": 15, "B": 20, "C": 55, "A+B": 35, "A+C": 61, "B+C": 65, "A+B+C": 78}
    >>> game = CostGame.from_mapping("ABC", costs)
    >>> verdict = check(game, Allocation("nucleolus", game.players, np.array([14, 18.5, 45.5])))
    >>> verdict.in_core, verdict.max_excess, verdict.saving.tolist()
    (True, -1.0, [1.0, 1.5, 9.5])
    >>> verdict = check(game, Allocation("equal", game.players, np.full(3, 26.0)))
    >>> verdict.in_core, verdict.objecting_coalition, verdict.max_excess
    (False, 'A+B', 17.0)
    """
    x = allocation.values
    gap = float(x.sum() - game.grand_cost)
    proper = excesses(game, x)[:-1]
    max_excess: float | None = None
    objecting: str | None = None
    if proper.size:
        worst = most_dissatisfied(proper, tol)
        max_excess = float(proper[worst])
        objecting = coalitions.label(worst + 1, game.players)
    saving = game.savings(x)
    standalone = game.standalone
    share = np.divide(saving, standalone, out=np.full(game.n, np.nan), where=standalone != 0)
    efficient = abs(gap) <= tol
    return AllocationCheck(
        method=allocation.method,
        efficient=efficient,
        efficiency_gap=gap,
        individually_rational=bool((saving >= -tol).all()),
        in_core=efficient and (max_excess is None or max_excess <= tol),
        max_excess=max_excess,
        objecting_coalition=objecting,
        saving=saving,
        saving_share=share,
    )
