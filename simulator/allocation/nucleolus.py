"""Nucleolus, per-capita nucleolus and least core of a cost game, by sequential linear programmes.

The excess of coalition S under allocation x is ``e(S) = x(S) − c(S)`` SEK (what S pays beyond its
own cost). The nucleolus minimises the largest excess, then the next, and so on (lexicographically,
to the end); the per-capita nucleolus (Young 1985) does the same with ``e(S) / size(S)``, where
``size(S)`` is the coalition's population (or another driver) when given, otherwise its number of
members.

Each stage solves the LP of :mod:`simulator.allocation.lp`. Coalitions whose row has a dual value
above ``tol`` (default 1e-9, on costs scaled to at most 1 in absolute value) are tight in every
optimal solution and are fixed at that stage's level; coalitions whose member vector lies in the
span of the fixed ones (tested to 1e-8) are dropped. The process stops when the fixed coalitions and
N span R^n, i.e. when the allocation is unique.

The examples turn a textbook value game ``v`` into a cost game with stand-alone costs 20:
``c(S) = 20·|S| − v(S)``, so that the cost nucleolus is ``20 − y`` for the value nucleolus ``y``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

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
    game: CostGame, method: str, sizes: NDArray[np.float64] | None, domain: str
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


def _span(vectors: NDArray[np.float64]) -> NDArray[np.float64]:
    """Orthonormal rows spanning ``vectors``' rows."""
    _, singular, vt = np.linalg.svd(vectors, full_matrices=False)
    return vt[singular > _SPAN_TOL * singular[0]]


def _lexicographic(
    problem: ExcessProblem, lps: HighsStages | PulpStages, tol: float
) -> tuple[NDArray[np.float64], list[float]]:
    """Run the stages to the end; the allocation (normalised) and the excess level of each stage."""
    m, n = problem.members.shape
    free = np.ones(m, dtype=bool)
    levels: list[float] = []
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
    game: CostGame,
    method: str,
    sizes: NDArray[np.float64] | None,
    domain: str,
    backend: str,
    tol: float,
) -> Allocation:
    """The (per-capita) nucleolus by the stages of :func:`_lexicographic`, in SEK."""
    if game.n == 1:
        alone = np.array([game.grand_cost])
        return Allocation(method, game.players, alone, {"stages": 0, "levels": ()})
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

    Examples
    --------
    Peleg & Sudhölter (2007), Introduction to the Theory of Cooperative Games, 2nd ed., Example
    5.5.12, p. 96: ``v(12) = 10``, ``v(N) = 2``, else 0. Pre-nucleolus ``y = (3, 3, −4)``, nucleolus
    ``y = (1, 1, 0)``:

    >>> from simulator.game import CostGame
    >>> costs = {"1": 20, "2": 20, "3": 20, "1+2": 30, "1+3": 40, "2+3": 40, "1+2+3": 58}
    >>> game = CostGame.from_mapping("123", costs)
    >>> np.round(nucleolus(game).values, 2).tolist()
    [19.0, 19.0, 20.0]
    >>> np.round(nucleolus(game, domain="preimputation").values, 2).tolist()
    [17.0, 17.0, 24.0]
    """
    return _solve(game, "nucleolus", None, domain, backend, tol)


def per_capita_nucleolus(
    game: CostGame,
    sizes: ArrayLike | None = None,
    domain: str = "imputation",
    backend: str = "auto",
    tol: float = TOLERANCE,
) -> Allocation:
    """The per-capita nucleolus: excess divided by coalition size.

    Parameters
    ----------
    sizes : each player's size (e.g. population); a coalition's size is the sum over its members.
        ``None`` divides by the number of members.

    Examples
    --------
    Young (1985), "Monotonic solutions of cooperative games", Int. J. Game Theory 14: 65–72:
    ``v = (0, 0, 0, 0, 9, 10, 12)`` for 1, 2, 3, 12, 13, 23, N gives ``y = (2/3, 7/6, 61/6)``:

    >>> from simulator.game import CostGame
    >>> costs = {"1": 20, "2": 20, "3": 20, "1+2": 40, "1+3": 31, "2+3": 30, "1+2+3": 48}
    >>> allocation = per_capita_nucleolus(CostGame.from_mapping("123", costs))
    >>> np.round(allocation.values, 2).tolist()
    [19.33, 18.83, 9.83]
    >>> np.round(allocation.info["levels"], 4).tolist()  # −2/3, −11/12
    [-0.6667, -0.9167]
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


def _least_core_point(
    game: CostGame, domain: str, backend: str
) -> tuple[NDArray[np.float64], float, dict[str, object]]:
    """A least-core point and ε, both in SEK, with the solver facts for ``Allocation.info``."""
    if game.n == 1:
        return np.array([game.grand_cost]), -math.inf, {}
    problem, scale, _ = _problem(game, "least_core", None, domain)
    lps = _stages(problem, backend)
    solution = lps.solve(1)
    facts: dict[str, object] = {"domain": domain, "backend": type(lps).__name__}
    return solution.x * scale, solution.t * scale, facts


def least_core(game: CostGame, domain: str = "preimputation", backend: str = "auto") -> Allocation:
    """A point of the least core and its value ε (``info["epsilon"]``, SEK).

    ε is the smallest amount such that ``x(S) ≤ c(S) + ε`` for every proper coalition S; the core
    is non-empty iff ε ≤ 0. The point is the solver's optimal vertex (the nucleolus is a canonical
    one).

    Examples
    --------
    The three-player majority game (``v(S) = 1`` for ``|S| ≥ 2``) has an empty core: its least-core
    value is 1/3, at the equal split ``y = (1/3, 1/3, 1/3)``:

    >>> from simulator.game import CostGame
    >>> costs = {"1": 20, "2": 20, "3": 20, "1+2": 39, "1+3": 39, "2+3": 39, "1+2+3": 59}
    >>> allocation = least_core(CostGame.from_mapping("123", costs))
    >>> round(allocation.info["epsilon"], 4), np.round(allocation.values, 2).tolist()
    (0.3333, [19.67, 19.67, 19.67])
    """
    x, epsilon, facts = _least_core_point(game, domain, backend)
    return Allocation("least_core", game.players, x, {"epsilon": epsilon, **facts})


def least_core_value(game: CostGame) -> float:
    """The least-core value ε in SEK (``-inf`` for one player: no proper coalition constrains x)."""
    return _least_core_point(game, "preimputation", "auto")[1]
