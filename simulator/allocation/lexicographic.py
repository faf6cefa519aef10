"""The lexicographic stages of the nucleolus family, each solved by constraint generation.

Stage ``k`` minimises the largest excess ``t`` (per unit weight) over the coalitions not yet fixed
(the LP of :mod:`simulator.allocation.lp`), by :func:`~simulator.allocation.generation.solve_stage`
on a working set that persists from stage to stage in one HiGHS model. At its certified optimum:

* the free rows with a dual value above ``tol`` are tight at *every* optimum (complementary
  slackness against any optimal dual; the working-set duals padded with zeros are optimal for the
  LP over all coalitions); a maximal subset of them independent of ``N`` and the coalitions fixed
  so far is fixed at the level ``t_k`` (so the equalities stay consistent), the rest released;
* the rows whose member vector then lies in the span of ``N`` and the fixed coalitions have a
  determined excess and are released (tested to ``SPAN_TOL``);
* from stage 2 on, ``t ≥ t_floor`` keeps the LP over a small working set bounded
  (:func:`floor_level`); it never binds at a certified optimum.

The stages end when the fixed coalitions and ``N`` span ``R^n``: the allocation is then unique.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from simulator.allocation.base import SolverError
from simulator.allocation.generation import (
    Pricing,
    Span,
    StageResult,
    solve_stage,
    starting_set,
)
from simulator.allocation.lp import ExcessProblem, StageModel, StageSolution

__all__ = ["lexicographic", "batch_size", "floor_level"]


def batch_size(n: int) -> int:
    """How many violated coalitions join the working set per round (and how many of the largest
    excesses at the starting point seed it): ``2n``."""
    return 2 * n


def floor_level(problem: ExcessProblem, first: float) -> float:
    """A level below every later stage's optimum.

    Every later feasible point has ``e(N∖S) ≤ w_{N∖S} t_1`` (stage 1's certificate, and levels only
    fall), so ``e(S) = c(N) − c(S) − c(N∖S) − e(N∖S) ≥ c(N) − 2 max|c| − max w · max(t_1, 0) = b``;
    then ``e(S)/w_S ≥ min(b, 0) / min w``. Returned: twice ``min(b, −max|c|) / min w``, less 1.
    """
    largest = max(float(np.abs(problem.costs).max()), abs(problem.grand))
    weights = problem.weights
    bound = problem.grand - 2.0 * largest - float(weights.max()) * max(first, 0.0)
    return 2.0 * min(bound, -largest) / float(weights.min()) - 1.0


def _tight(model: StageModel, solution: StageSolution, tol: float, stage: int) -> NDArray[np.intp]:
    """The free rows with a dual value above ``tol``."""
    tight = np.flatnonzero(model.free & (solution.duals > tol))
    if tight.size == 0:
        raise SolverError(
            f"{model.p.method}, stage {stage}: no coalition has a positive dual value"
        )
    return tight


def _dependent(model: StageModel, span: Span, tight: NDArray[np.intp]) -> NDArray[np.intp]:
    """The free rows other than ``tight`` whose member vector lies in ``span``."""
    free = model.free.copy()
    free[tight] = False
    rows = np.flatnonzero(free)
    return rows[span.contains(model.vectors[rows])]


def lexicographic(
    problem: ExcessProblem,
    tol: float,
    start: NDArray[np.int64] | None = None,
    stages: int | None = None,
) -> tuple[NDArray[np.float64], list[StageResult]]:
    """Run the stages to the end (or to stage ``stages``) from the working set ``start`` (masks;
    default :func:`~simulator.allocation.generation.starting_set`; all ``2**n − 2`` masks give the
    LP over every coalition): the allocation (normalised units) and each stage's result."""
    n = problem.n
    batch = batch_size(n)
    model = StageModel(problem)
    pricing = Pricing(problem)
    span = Span(n)
    first = starting_set(problem, pricing, batch) if start is None else start
    model.add(first)
    pricing.exclude(first)
    results: list[StageResult] = []
    for stage in range(1, n + 1):
        result = solve_stage(model, pricing, span, stage, tol, batch)
        results.append(result)
        if stage == stages:
            return result.solution.x, results
        tight = _tight(model, result.solution, tol, stage)
        fixed = tight[span.extend(model.vectors[tight])]
        if span.complete:
            return result.solution.x, results
        model.fix(fixed, result.solution.t, _dependent(model, span, fixed))
        if stage == 1:
            model.floor(floor_level(problem, result.solution.t))
    raise SolverError(f"{problem.method}: the allocation is still not unique after {n} stages")
