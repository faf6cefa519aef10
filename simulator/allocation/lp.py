"""The excess linear programme behind the nucleolus family, on one HiGHS model kept across stages.

Stage ``k`` solves, over a working set ``W`` of proper coalitions (in normalised units)::

    min t   s.t.  a_S · x − w_S t ≤ c(S)           free coalitions S ∈ W
                  a_S · x       = c(S) + w_S t_j    coalitions fixed at an earlier stage j
                  Σ x           = c(N)              efficiency
                  x_i           ≤ u_i               imputation bounds (u_i = c(i)), or none
                  t             ≥ t_floor           a level no excess can fall below, or none

where ``a_S ∈ {0, 1}^n`` is the member vector of ``S`` and ``w_S > 0`` its weight (1, or its size).
:class:`StageModel` holds the model in highspy's matrix form: columns ``x_1 … x_n, t``; row 0 is
efficiency, then one row a coalition in the order added. Coalitions join as inequalities; fixing one
releases its inequality (bounds ±∞) and appends its equality, whose slack enters the basis at its
bound — the basis stays non-singular (zeroing ``t``'s coefficient in place would not) and the last
optimum stays feasible. Every solve starts from the previous basis (primal simplex, warm).
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
from numpy.typing import NDArray

from simulator.allocation.base import SolverError

__all__ = ["ExcessProblem", "StageSolution", "StageModel", "members"]

_INF = highspy.kHighsInf
_PRIMAL = 4  # simplex_strategy: after fixing, the last optimum stays feasible
_DUAL = 1
_OPTIONS = (
    ("output_flag", False),
    ("presolve", "off"),
    ("simplex_strategy", _PRIMAL),
    ("primal_feasibility_tolerance", 1e-10),
    ("dual_feasibility_tolerance", 1e-10),
)


@dataclass(frozen=True, eq=False)
class ExcessProblem:
    """The game in normalised units; ``costs[mask − 1]`` and ``weights[mask − 1]`` for every proper
    coalition (masks ``1 … 2**n − 2``); ``upper`` is ``+inf`` where unbounded."""

    costs: NDArray[np.float64]  # (2**n − 2,)
    weights: NDArray[np.float64]  # (2**n − 2,) > 0
    grand: float
    upper: NDArray[np.float64]  # (n,)
    method: str

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.upper)


@dataclass(frozen=True, eq=False)
class StageSolution:
    """Allocation ``x``, excess level ``t`` and the absolute duals of the coalition rows (in the
    order added)."""

    x: NDArray[np.float64]
    t: float
    duals: NDArray[np.float64]


def members(masks: NDArray[np.int64], n: int) -> NDArray[np.float64]:
    """The 0/1 member vectors of ``masks``, shape ``(len(masks), n)``."""
    return ((masks[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(np.float64)


class StageModel:
    """The stage LPs on one highspy model. Coalition row ``r`` (HiGHS row ``r + 1``) holds the
    coalition ``masks[r]`` with member vector ``vectors[r]``; ``free[r]`` says whether it is still
    an inequality in ``t`` (neither fixed nor released); ``coalitions`` counts those added."""

    def __init__(self, problem: ExcessProblem) -> None:
        """The model with the efficiency row only; :meth:`add` brings the coalitions."""
        n = problem.n
        self.p = problem
        self.masks = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, n))
        self.free = np.zeros(0, dtype=bool)
        self.coalitions = 0
        self.h = highspy.Highs()
        for option, value in _OPTIONS:
            self.h.setOptionValue(option, value)
        upper = np.where(np.isfinite(problem.upper), problem.upper, _INF)
        none = np.zeros(0, dtype=np.int32)
        self.h.addCols(
            n + 1,
            np.append(np.zeros(n), 1.0),
            np.full(n + 1, -_INF),
            np.append(upper, _INF),
            0,
            none,
            none,
            np.zeros(0),
        )
        self.h.addRow(problem.grand, problem.grand, n, np.arange(n, dtype=np.int32), np.ones(n))

    def add(self, masks: NDArray[np.int64]) -> None:
        """Add the rows ``a_S · x − w_S t ≤ c(S)`` of the coalitions ``masks``."""
        lower = np.full(len(masks), -_INF)
        self._append(masks, members(masks, self.p.n), -self.p.weights[masks - 1], lower, True)
        self.coalitions += len(masks)

    def fix(self, rows: NDArray[np.intp], level: float, dropped: NDArray[np.intp]) -> None:
        """Fix the coalitions of rows ``rows`` at excess level ``level`` (new equality rows
        ``a_S · x = c(S) + w_S level`` replace their inequalities) and release the rows
        ``dropped`` (their excess is determined by the fixed ones)."""
        masks = self.masks[rows]
        bound = self.p.costs[masks - 1] + self.p.weights[masks - 1] * level
        released = np.concatenate([rows, dropped])
        self.free[released] = False
        infinite = np.full(len(released), _INF)
        # highspy binds changeRowsBounds but its stub (_core/__init__.pyi) omits it
        self.h.changeRowsBounds(  # type: ignore[attr-defined]
            len(released), (released + 1).astype(np.int32), -infinite, infinite
        )
        self._append(masks, self.vectors[rows], np.zeros(len(rows)), bound, False)

    def _append(
        self,
        masks: NDArray[np.int64],
        vectors: NDArray[np.float64],
        level: NDArray[np.float64],
        lower: NDArray[np.float64],
        free: bool,
    ) -> None:
        """Append the rows ``lower ≤ a_S · x + level_S t ≤ upper``: ``upper = c(S)`` for free
        rows, ``= lower`` for fixed ones."""
        entries = np.hstack([vectors, level[:, None]])
        nonzero = entries != 0
        starts = np.zeros(len(masks), dtype=np.int32)
        np.cumsum(np.count_nonzero(nonzero[:-1], axis=1), out=starts[1:])
        index = np.nonzero(nonzero)[1].astype(np.int32)
        upper = self.p.costs[masks - 1] if free else lower
        self.h.addRows(len(masks), lower, upper, len(index), starts, index, entries[nonzero])
        self.masks = np.append(self.masks, masks)
        self.vectors = np.vstack([self.vectors, vectors])
        self.free = np.append(self.free, np.full(len(masks), free))

    def solve(self, stage: int) -> StageSolution:
        """Solve the current model, warm; if HiGHS does not report an optimum, once more from a
        fresh basis by dual simplex; then raise SolverError naming method, stage and status."""
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            warm = self.h.modelStatusToString(self.h.getModelStatus())
            self.h.clearSolver()
            self.h.setOptionValue("simplex_strategy", _DUAL)
            self.h.run()
            self.h.setOptionValue("simplex_strategy", _PRIMAL)
            status = self.h.getModelStatus()
            if status != highspy.HighsModelStatus.kOptimal:
                text = self.h.modelStatusToString(status)
                raise SolverError(
                    f"{self.p.method}, stage {stage}: HiGHS status {text} (warm start: {warm})"
                )
        solution = self.h.getSolution()
        col = np.asarray(solution.col_value)
        return StageSolution(col[:-1], float(col[-1]), np.abs(np.asarray(solution.row_dual)[1:]))

    def floor(self, level: float) -> None:
        """Bound the excess level below: ``t ≥ level``."""
        self.h.changeColBounds(self.p.n, level, _INF)
