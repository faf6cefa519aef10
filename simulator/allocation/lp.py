"""The excess linear programme behind the nucleolus family, with two interchangeable solvers.

Stage ``k`` solves (in normalised units)::

    min t   s.t.  a_S · x − w_S t ≤ c(S)        free coalitions S
                  a_S · x       = c(S) + w_S t_j  coalitions fixed at an earlier stage j
                  Σ x           = c(N)            efficiency
                  x_i           ≤ u_i             imputation bounds (u_i = c(i)), or none

:class:`PulpStages` builds a named pulp model each stage (small games); :class:`HighsStages` keeps
one highspy model in matrix form and changes it between stages (warm start; large games).
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import pulp
from numpy.typing import NDArray

from simulator.allocation.base import SolverError

__all__ = ["ExcessProblem", "StageSolution", "HighsStages", "PulpStages"]


@dataclass(frozen=True, eq=False)
class ExcessProblem:
    """Rows are the proper coalitions (masks ``1 … 2**n − 2``); ``upper`` is ``+inf`` where
    unbounded."""

    members: NDArray[np.float64]  # (m, n) 0/1
    costs: NDArray[np.float64]  # (m,)
    weights: NDArray[np.float64]  # (m,) > 0
    grand: float
    upper: NDArray[np.float64]  # (n,)
    method: str


@dataclass(frozen=True, eq=False)
class StageSolution:
    """Allocation ``x``, excess level ``t`` and the absolute row duals of the coalition rows."""

    x: NDArray[np.float64]
    t: float
    duals: NDArray[np.float64]


class HighsStages:
    """The stage LPs on one highspy model in column-wise matrix form, modified in place between
    stages."""

    def __init__(self, problem: ExcessProblem) -> None:
        self.p = problem
        m, n = problem.members.shape
        self.h = highspy.Highs()
        for option, value in (
            ("output_flag", False),
            ("presolve", "off"),
            ("primal_feasibility_tolerance", 1e-10),
            ("dual_feasibility_tolerance", 1e-10),
        ):
            self.h.setOptionValue(option, value)
        cols = [np.append(np.flatnonzero(problem.members[:, j]), m) for j in range(n)] + [
            np.arange(m)
        ]
        vals = [np.ones(len(c)) for c in cols[:-1]] + [-problem.weights]
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n + 1, m + 1
        lp.col_cost_ = np.append(np.zeros(n), 1.0)
        lp.col_lower_ = np.full(n + 1, -highspy.kHighsInf)
        lp.col_upper_ = np.append(
            np.where(np.isfinite(problem.upper), problem.upper, highspy.kHighsInf),
            highspy.kHighsInf,
        )
        lp.row_lower_ = np.append(np.full(m, -highspy.kHighsInf), problem.grand)
        lp.row_upper_ = np.append(problem.costs, problem.grand)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.concatenate(([0], np.cumsum([len(c) for c in cols]))).astype(
            np.int32
        )
        lp.a_matrix_.index_ = np.concatenate(cols).astype(np.int32)
        lp.a_matrix_.value_ = np.concatenate(vals)
        self.h.passModel(lp)

    def solve(self, stage: int) -> StageSolution:
        """Solve the current stage; raise SolverError naming method and stage if not optimal."""
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            text = self.h.modelStatusToString(status)
            raise SolverError(f"{self.p.method}, stage {stage}: HiGHS status {text}")
        solution = self.h.getSolution()
        m = len(self.p.costs)
        col = np.asarray(solution.col_value)
        return StageSolution(col[:-1], float(col[-1]), np.abs(np.asarray(solution.row_dual)[:m]))

    def fix(self, rows: NDArray[np.intp], level: float) -> None:
        """Turn ``rows`` into equalities at excess level ``level``."""
        n = self.p.members.shape[1]
        for row in rows:
            self.h.changeCoeff(int(row), n, 0.0)
        bound = self.p.costs[rows] + self.p.weights[rows] * level
        # highspy 1.15 binds changeRowsBounds but its stub (_core/__init__.pyi) omits it
        self.h.changeRowsBounds(  # type: ignore[attr-defined]
            len(rows), rows.astype(np.int32), bound, bound
        )

    def release(self, rows: NDArray[np.intp]) -> None:
        """Drop ``rows`` (their excess is already determined by the fixed ones)."""
        free = np.full(len(rows), highspy.kHighsInf)
        # highspy 1.15 binds changeRowsBounds but its stub (_core/__init__.pyi) omits it
        self.h.changeRowsBounds(  # type: ignore[attr-defined]
            len(rows), rows.astype(np.int32), -free, free
        )


class PulpStages:
    """The stage LPs as named pulp models (``x_<i>``, ``excess_level``, ``excess_S<mask>``,
    ``efficiency``)."""

    def __init__(self, problem: ExcessProblem, solver: str = "highs") -> None:
        self.p = problem
        self.state = np.zeros(len(problem.costs), dtype=np.int8)  # 0 free, 1 fixed, 2 released
        self.level = np.zeros(len(problem.costs))
        self.solver = pulp.HiGHS(msg=False) if solver == "highs" else pulp.PULP_CBC_CMD(msg=False)

    def solve(self, stage: int) -> StageSolution:
        """Build, solve and read back the stage-``stage`` model."""
        p = self.p
        m = p.members.shape[0]
        prob = pulp.LpProblem(f"{p.method}_stage_{stage}", pulp.LpMinimize)
        x = [
            prob.add_variable(f"x_{i}", upBound=float(u) if np.isfinite(u) else None)
            for i, u in enumerate(p.upper)
        ]
        t = prob.add_variable("excess_level")
        prob += t
        for row in range(m):
            paid = pulp.lpSum(x[j] for j in np.flatnonzero(p.members[row]))
            if self.state[row] == 0:
                prob += (
                    paid - float(p.weights[row]) * t <= float(p.costs[row]),
                    f"excess_S{row + 1}",
                )
            elif self.state[row] == 1:
                prob += (
                    paid == float(p.costs[row] + p.weights[row] * self.level[row]),
                    f"fixed_S{row + 1}",
                )
        prob += pulp.lpSum(x) == p.grand, "efficiency"
        status = pulp.LpStatus[prob.solve(self.solver)]
        if status != "Optimal":
            raise SolverError(f"{p.method}, stage {stage}: {self.solver.name} status {status}")
        duals = np.zeros(m)
        for row in np.flatnonzero(self.state == 0).tolist():
            pi = prob.get_constraint_by_name(f"excess_S{row + 1}").pi
            if pi is None:
                raise SolverError(
                    f"{p.method}, stage {stage}: {self.solver.name} returned no duals"
                )
            duals[row] = abs(pi)
        return StageSolution(
            np.array([v.varValue for v in x], dtype=float), float(t.varValue), duals
        )

    def fix(self, rows: NDArray[np.intp], level: float) -> None:
        """Turn ``rows`` into equalities at excess level ``level``."""
        self.state[rows] = 1
        self.level[rows] = level

    def release(self, rows: NDArray[np.intp]) -> None:
        """Drop ``rows`` from the model."""
        self.state[rows] = 2
