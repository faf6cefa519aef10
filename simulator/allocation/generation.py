"""Constraint generation for the stage LPs of :mod:`simulator.allocation.lp`.

A stage is solved on a working set ``W`` of coalitions; its solution ``(x, t)`` is then priced
against every proper coalition at once. With ``x(S)`` for all masks from
:func:`simulator.game.coalition_sums` (``n`` vectorised doublings, no member matrix), the violation
of ``S`` is::

    δ(S) = (x(S) − c(S)) / w_S − t

The ``batch`` coalitions of largest ``δ(S) > tol`` join ``W`` and the stage is solved again, warm.
When no coalition outside ``W`` is violated beyond ``tol``, ``(x, t)`` is feasible for the stage LP
over all coalitions, of which the LP over ``W`` is a relaxation: it is optimal, and the duals of
``W`` padded with zeros are optimal duals. That check is each stage's certificate.

Coalitions whose member vector lies in the span of ``N`` and the fixed coalitions have a determined
excess and are no longer constraints; :class:`Span` finds them, lazily, when first seen violated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.allocation.base import SolverError
from simulator.allocation.lp import ExcessProblem, StageModel, StageSolution, members
from simulator.game import coalition_sums

__all__ = ["Span", "Pricing", "StageResult", "solve_stage", "starting_set", "SPAN_TOL"]

SPAN_TOL = 1e-8


class Span:
    """An orthonormal basis (rows) of the span of ``N`` and the coalitions fixed so far."""

    def __init__(self, n: int) -> None:
        self.basis = np.full((1, n), 1.0 / np.sqrt(n))

    @property
    def rank(self) -> int:
        """Dimension of the span."""
        return len(self.basis)

    @property
    def complete(self) -> bool:
        """Whether the span is all of R^n (the allocation is then unique)."""
        return self.rank == self.basis.shape[1]

    def extend(self, vectors: NDArray[np.float64]) -> NDArray[np.intp]:
        """Add ``vectors``' rows to the span; return the rows that enlarged it, a maximal subset
        independent of the span and of each other. The new directions come from the residuals
        (projected out twice): by Gram–Schmidt for one or two, else the right singular vectors
        with a singular value of at least ``SPAN_TOL``."""
        residual = vectors - (vectors @ self.basis.T) @ self.basis
        residual -= (residual @ self.basis.T) @ self.basis
        if len(vectors) <= 2:
            chosen, directions = _gram_schmidt(residual)
        else:
            _, singular, vt = np.linalg.svd(residual, full_matrices=False)
            directions = vt[singular >= SPAN_TOL]
            full = len(directions) == len(vectors)
            chosen = np.arange(len(vectors)) if full else _gram_schmidt(residual)[0]
        self.basis = np.vstack([self.basis, directions])
        return chosen

    def contains(self, vectors: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Which rows of ``vectors`` lie in the span (residual norm below ``SPAN_TOL``)."""
        residual = vectors - (vectors @ self.basis.T) @ self.basis
        return np.linalg.norm(residual, axis=1) < SPAN_TOL


def _gram_schmidt(vectors: NDArray[np.float64]) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """The rows of ``vectors`` that each add a direction to the earlier ones, and those directions
    (orthonormal rows; Gram–Schmidt, projecting twice)."""
    chosen: list[int] = []
    basis = np.zeros((0, vectors.shape[1]))
    for row, vector in enumerate(vectors):
        residual = vector - (basis @ vector) @ basis
        residual -= (basis @ residual) @ basis
        norm = float(np.sqrt(residual @ residual))
        if norm >= SPAN_TOL:
            chosen.append(row)
            basis = np.vstack([basis, residual / norm])
    return np.array(chosen, dtype=np.intp), basis


class Pricing:
    """The violation check over all proper coalitions: ``offset[mask − 1]`` is ``−c(S)``, or
    ``−inf`` for coalitions already in the model or with a determined excess."""

    def __init__(self, problem: ExcessProblem) -> None:
        self.n = problem.n
        self.offset = -problem.costs
        uniform = bool((problem.weights == 1.0).all())
        self.reciprocal = None if uniform else 1.0 / problem.weights

    def exclude(self, masks: NDArray[np.int64]) -> None:
        """Leave ``masks`` out of every later check."""
        self.offset[masks - 1] = -np.inf

    def violations(self, x: NDArray[np.float64], t: float) -> NDArray[np.float64]:
        """``δ(S)`` for every proper coalition (``−inf`` where excluded), position ``mask − 1``."""
        delta = coalition_sums(x)[1:-1]
        delta += self.offset
        if self.reciprocal is not None:
            delta *= self.reciprocal
        delta -= t
        return delta

    def most_violated(
        self, x: NDArray[np.float64], t: float, tol: float, batch: int, span: Span
    ) -> tuple[NDArray[np.int64], float]:
        """Up to ``batch`` coalitions of largest ``δ(S) > tol`` outside the span, and the largest
        ``δ`` left outside the model (the certificate when no coalition is returned)."""
        delta = self.violations(x, t)
        while True:
            candidates = np.flatnonzero(delta > tol)
            if candidates.size == 0:
                return candidates.astype(np.int64), float(delta.max(initial=-np.inf))
            if candidates.size > batch:
                candidates = candidates[np.argpartition(delta[candidates], -batch)[-batch:]]
            masks = candidates.astype(np.int64) + 1
            if span.rank > 1:  # no proper coalition lies in the span of N alone
                dependent = span.contains(members(masks, self.n))
                if dependent.any():
                    self.exclude(masks[dependent])
                    delta[candidates[dependent]] = -np.inf
                    continue
            return masks, float(delta[candidates].max())


@dataclass(frozen=True, eq=False)
class StageResult:
    """A stage's optimum, the rounds of generation it took and its certificate: the largest
    violation ``δ`` over the coalitions outside the working set (normalised units); ``rows`` is
    the working set's size."""

    solution: StageSolution
    rounds: int
    rows: int
    worst: float


def solve_stage(
    model: StageModel, pricing: Pricing, span: Span, stage: int, tol: float, batch: int
) -> StageResult:
    """Solve the stage LP on the working set, adding the most violated coalitions until none is
    violated beyond ``tol``."""
    limit = len(pricing.offset) + 1
    for rounds in range(1, limit + 1):
        solution = model.solve(stage)
        masks, worst = pricing.most_violated(solution.x, solution.t, tol, batch, span)
        if masks.size == 0:
            return StageResult(solution, rounds, model.coalitions, worst)
        model.add(masks)
        pricing.exclude(masks)
    raise SolverError(f"{model.p.method}, stage {stage}: still violated after {limit} rounds")


def starting_set(problem: ExcessProblem, pricing: Pricing, batch: int) -> NDArray[np.int64]:
    """The singletons, their complements and the ``batch`` coalitions of largest excess per unit
    weight at the cheap point ``x_i ∝ c(i)`` (equal shares when ``Σ c(i) ≤ 0``)."""
    n = problem.n
    singles = np.left_shift(1, np.arange(n, dtype=np.int64))
    standalone = problem.costs[singles - 1]
    total = float(standalone.sum())
    x0 = standalone * (problem.grand / total) if total > 0 else np.full(n, problem.grand / n)
    excess = pricing.violations(x0, 0.0)
    if batch < len(excess):
        top = np.argpartition(excess, -batch)[-batch:] + 1
    else:
        top = np.arange(1, len(excess) + 1)
    return np.unique(np.concatenate([singles, ((1 << n) - 1) ^ singles, top]))
