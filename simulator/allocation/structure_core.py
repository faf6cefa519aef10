"""Stability of a coalition structure: is there a way to share each block's cost that no group,
cutting across the blocks or not, would refuse?

For a partition ``P`` of the players, the coalition-structure core (Aumann & Drèze 1974) is the
set of allocations ``x`` with ``x(B) = c(B)`` for every block ``B`` of ``P`` (each block pays its
own cost) and ``x(S) ≤ c(S)`` for every coalition ``S`` (no group could do better on its own). It
is found, or shown empty, by the least-core LP over the structure:

    minimise ε  subject to  x(S) − c(S) ≤ ε  for every coalition S ∉ P,
                            x(B) = c(B)      for every block B ∈ P.

``ε ≤ 0`` (within a tolerance) means the structure is stable; otherwise ``ε`` is the most any group
would save by breaking away, and the LP names that group. Solved with HiGHS through
``scipy.optimize.linprog``.

>>> from simulator.game import CostGame
>>> game = CostGame(("A", "B", "C"), [10, 10, 15, 10, 21, 21, 32])
>>> verdict = structure_core(game, (0b011, 0b100))
>>> verdict.stable, round(verdict.epsilon, 2)  # A and B pay 7.5 each: 2.5 below alone
(True, -2.5)
>>> structure_core(game, (0b001, 0b010, 0b100)).objecting  # A and B save 5 together
'A+B'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from simulator.allocation.base import SolverError
from simulator.core import coalitions
from simulator.game import CostGame

__all__ = ["StructureVerdict", "structure_core"]

TOLERANCE = 0.005
"""SEK: a group saving less than half an öre is not an objection."""


@dataclass(frozen=True)
class StructureVerdict:
    """The least-core allocation over a structure: ``x`` (SEK per player), ``epsilon`` (SEK, the
    largest saving a group would make by breaking away; ≤ 0 when stable) and the group that
    would (``objecting``, empty when stable)."""

    x: NDArray[np.float64]
    epsilon: float
    objecting: str

    @property
    def stable(self) -> bool:
        """Whether the structure's core is non-empty (no group gains by breaking away)."""
        return self.epsilon <= TOLERANCE


def structure_core(game: CostGame, blocks: Sequence[int]) -> StructureVerdict:
    """The least-core allocation of ``game`` over the partition ``blocks`` (bitmasks)."""
    n = game.n
    member = coalitions.membership(n).T.astype(np.float64)  # (C, n): row S holds S's members
    is_block = np.zeros(member.shape[0], dtype=bool)
    is_block[np.asarray(blocks, dtype=np.int64) - 1] = True
    ones = np.ones((int((~is_block).sum()), 1))
    a_ub = np.hstack([member[~is_block], -ones])
    a_eq = np.hstack([member[is_block], np.zeros((int(is_block.sum()), 1))])
    objective = np.r_[np.zeros(n), 1.0]
    bounds = [(None, None)] * (n + 1)
    found = linprog(
        objective,
        A_ub=a_ub,
        b_ub=game.costs[~is_block],
        A_eq=a_eq,
        b_eq=game.costs[is_block],
        bounds=bounds,
        method="highs",
    )
    if found.status != 0:
        raise SolverError(f"structure core: the least-core LP did not solve ({found.message})")
    x = np.asarray(found.x[:n], dtype=np.float64)
    excess = member @ x - game.costs
    excess[is_block] = -np.inf
    worst = int(np.argmax(excess))
    epsilon = float(found.x[n]) if is_block.sum() < member.shape[0] else 0.0
    objecting = coalitions.label(worst + 1, game.players) if epsilon > TOLERANCE else ""
    return StructureVerdict(x, epsilon, objecting)
