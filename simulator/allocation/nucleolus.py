"""Nucleolus, per-capita nucleolus and least core of a cost game, by sequential linear programmes.

The excess of coalition S under allocation x is ``e(S) = x(S) − c(S)`` SEK (what S pays beyond its own
cost). The nucleolus minimises the largest excess, then the next, and so on (lexicographically, to the
end); the per-capita nucleolus (Young 1985) does the same with ``e(S) / size(S)``, where ``size(S)`` is the
coalition's population (or another driver) when given, otherwise its number of members.

Each stage solves the LP of :mod:`simulator.allocation.lp`. Coalitions whose row has a dual value above
``tol`` (default 1e-9, on costs scaled to at most 1 in absolute value) are tight in every optimal
solution and are fixed at that stage's level; coalitions whose member vector lies in the span of the fixed
ones (tested to 1e-8) are dropped. The process stops when the fixed coalitions and N span R^n, i.e. when
the allocation is unique.
"""

from __future__ import annotations

import numpy as np

from simulator.allocation.base import Allocation, AllocationError, SolverError
from simulator.allocation.lp import ExcessProblem, HighsStages, PulpStages
from simulator.game import CostGame

__all__ = [
    "nucleolus",
    "per_capita_nucleolus",
    "least_core",
    "least_core_value",
    "TOLERANCE",
    "PULP_MAX_PLAYERS",
    "MAX_PLAYERS",
]

TOLERANCE = 1e-9
PULP_MAX_PLAYERS = 8
MAX_PLAYERS = 20
_SPAN_TOL = 1e-8


def _problem(
    game: CostGame, method: str, sizes: np.ndarray | None, domain: str
) -> tuple[ExcessProblem, float, float]:
    """The stage LP data in normalised units, with the cost scale (SEK) and the size scale."""
    n = game.n
    if n > MAX_PLAYERS:
        raise AllocationError(f"{method}: limited to {MAX_PLAYERS} players; got {n}")
    if domain not in ("imputation", "preimputation"):
        raise AllocationError(
            f"{method}: domain must be 'imputation' or 'preimputation'; got {domain!r}"
        )
    if domain == "imputation" and game.standalone.sum() < game.grand_cost - 1e-12 * abs(
        game.grand_cost
    ):
        raise AllocationError(
            f"{method}: the imputation set is empty (Σ c(i) < c(N)); use domain='preimputation'"
        )
    masks = np.arange(1, (1 << n) - 1, dtype=np.int64)
    members = ((masks[:, None] >> np.arange(n)) & 1).astype(np.float64)
    weights = np.ones(len(masks)) if sizes is None else members @ sizes
    if (weights <= 0).any():
        raise AllocationError(f"{method}: every coalition needs a positive size")
    scale = float(np.abs(game.costs).max()) or 1.0
    size_scale = float(weights.max()) if len(weights) else 1.0
    upper = game.standalone / scale if domain == "imputation" else np.full(n, np.inf)
    problem = ExcessProblem(
        members,
        game.costs[:-1] / scale,
        weights / size_scale,
        game.grand_cost / scale,
        upper,
        method,
    )
    return problem, scale, size_scale


def _stages(problem: ExcessProblem, backend: str) -> HighsStages | PulpStages:
    n = problem.members.shape[1]
    if backend == "auto":
        backend = "pulp" if n <= PULP_MAX_PLAYERS else "highs"
    if backend == "highs":
        return HighsStages(problem)
    if backend in ("pulp", "pulp-cbc"):
        return PulpStages(problem, "cbc" if backend == "pulp-cbc" else "highs")
    raise AllocationError(
        f"{problem.method}: backend must be auto, highs, pulp or pulp-cbc; got {backend!r}"
    )


def _span(vectors: np.ndarray) -> np.ndarray:
    """Orthonormal rows spanning ``vectors``' rows."""
    _, singular, vt = np.linalg.svd(vectors, full_matrices=False)
    return vt[singular > _SPAN_TOL * singular[0]]


def _lexicographic(
    problem: ExcessProblem, lps: HighsStages | PulpStages, tol: float
) -> tuple[np.ndarray, list[float]]:
    """Run the stages to the end; the allocation (normalised) and the excess level of each stage."""
    m, n = problem.members.shape
    free, levels = np.ones(m, dtype=bool), []
    basis = np.full((1, n), 1.0 / np.sqrt(n))
    for stage in range(1, m + 1):
        solution = lps.solve(stage)
        tight = np.flatnonzero(free & (solution.duals > tol))
        if tight.size == 0:
            raise SolverError(
                f"{problem.method}, stage {stage}: no coalition has a positive dual value"
            )
        lps.fix(tight, solution.t)
        free[tight] = False
        levels.append(solution.t)
        basis = _span(np.vstack([basis, problem.members[tight]]))
        residual = problem.members - (problem.members @ basis.T) @ basis
        dependent = free & (np.linalg.norm(residual, axis=1) < _SPAN_TOL)
        if dependent.any():
            lps.release(np.flatnonzero(dependent))
            free[dependent] = False
        if len(basis) == n:
            return solution.x, levels
    raise SolverError(f"{problem.method}: the allocation is still not unique after {m} stages")


def _solve(
    game: CostGame, method: str, sizes: np.ndarray | None, domain: str, backend: str, tol: float
) -> Allocation:
    if game.n == 1:
        return Allocation(method, game.players, [game.grand_cost], {"stages": 0, "levels": ()})
    problem, scale, size_scale = _problem(game, method, sizes, domain)
    lps = _stages(problem, backend)
    x, levels = _lexicographic(problem, lps, tol)
    info = {
        "stages": len(levels),
        "levels": tuple(t * scale / size_scale for t in levels),
        "domain": domain,
        "tolerance": tol,
        "backend": type(lps).__name__,
    }
    return Allocation(method, game.players, x * scale, info)


def nucleolus(
    game: CostGame, domain: str = "imputation", backend: str = "auto", tol: float = TOLERANCE
) -> Allocation:
    """The nucleolus (``domain='imputation'``: ``x_i ≤ c(i)``) or pre-nucleolus, SEK per player.

    ``info["levels"]`` are the successive largest excesses in SEK.
    """
    return _solve(game, "nucleolus", None, domain, backend, tol)


def per_capita_nucleolus(
    game: CostGame,
    sizes: np.ndarray | None = None,
    domain: str = "imputation",
    backend: str = "auto",
    tol: float = TOLERANCE,
) -> Allocation:
    """The per-capita nucleolus: excess divided by coalition size.

    Parameters
    ----------
    sizes : each player's size (e.g. population); a coalition's size is the sum over its members.
        ``None`` divides by the number of members.
    """
    n = game.n
    weights = np.ones(n) if sizes is None else np.asarray(sizes, dtype=np.float64)
    if weights.shape != (n,) or not np.isfinite(weights).all() or (weights <= 0).any():
        raise AllocationError(
            f"per_capita_nucleolus: need {n} positive sizes; got {weights.tolist()}"
        )
    allocation = _solve(game, "per_capita_nucleolus", weights, domain, backend, tol)
    sized = {"sizes": "members" if sizes is None else "given"}
    return Allocation(
        allocation.method, allocation.players, allocation.values, {**allocation.info, **sized}
    )


def least_core(game: CostGame, domain: str = "preimputation", backend: str = "auto") -> Allocation:
    """A point of the least core and its value ε (``info["epsilon"]``, SEK).

    ε is the smallest amount such that ``x(S) ≤ c(S) + ε`` for every proper coalition S; the core is
    non-empty iff ε ≤ 0. The point is the solver's optimal vertex (the nucleolus is a canonical one).
    """
    if game.n == 1:
        return Allocation("least_core", game.players, [game.grand_cost], {"epsilon": float("-inf")})
    problem, scale, _ = _problem(game, "least_core", None, domain)
    lps = _stages(problem, backend)
    solution = lps.solve(1)
    info = {"epsilon": solution.t * scale, "domain": domain, "backend": type(lps).__name__}
    return Allocation("least_core", game.players, solution.x * scale, info)


def least_core_value(game: CostGame) -> float:
    """The least-core value ε in SEK (``-inf`` for one player: no proper coalition constrains x)."""
    return float(least_core(game).info["epsilon"])
