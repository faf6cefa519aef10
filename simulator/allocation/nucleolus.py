"""Nucleolus, per-capita nucleolus and least core of a cost game, by sequential linear programmes.

The excess of coalition S under allocation x is ``e(S) = x(S) − c(S)`` SEK (what S pays beyond its
own cost). The nucleolus minimises the largest excess, then the next, and so on (lexicographically,
to the end); the per-capita nucleolus (Young 1985) does the same with ``e(S) / size(S)``, where
``size(S)`` is the coalition's population (or another driver) when given, otherwise its number of
members. The least core is the first stage alone.

Each stage solves the LP of :mod:`simulator.allocation.lp` on one HiGHS model by constraint
generation (:mod:`simulator.allocation.generation`): on a working set of coalitions — at first the
singletons, their complements and the ``2n`` largest excesses at ``x_i ∝ c(i)`` — adding the ``2n``
most violated of all ``2**n − 2`` coalitions until none is violated beyond ``tol`` (default 1e-9, on
costs scaled to at most 1 in absolute value), which certifies the stage's optimum. Coalitions whose
row has a dual value above ``tol`` are tight in every optimal solution and are fixed at that stage's
level; coalitions whose member vector lies in the span of the fixed ones (tested to 1e-8) are
dropped (:mod:`simulator.allocation.lexicographic`). The process stops when the fixed coalitions and
N span R^n, i.e. when the allocation is unique.

``info`` records, per stage, the excess level (``levels``, SEK per unit size), the rounds of
generation (``rounds``), the working-set size (``working_set``) and the certificate: the largest
``e(S)/w_S − t`` over the coalitions outside the working set (``max_violation``, ≤ ``tol`` in
normalised units).

The examples turn a textbook value game ``v`` into a cost game with stand-alone costs 20:
``c(S) = 20·|S| − v(S)``, so that the cost nucleolus is ``20 − y`` for the value nucleolus ``y``.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.allocation.base import Allocation, AllocationError
from simulator.allocation.generation import StageResult
from simulator.allocation.lexicographic import lexicographic
from simulator.allocation.lp import ExcessProblem
from simulator.game import CostGame, coalition_sums

__all__ = [
    "nucleolus",
    "per_capita_nucleolus",
    "least_core",
    "least_core_value",
    "TOLERANCE",
    "MAX_PLAYERS",
    "BACKENDS",
]

TOLERANCE = 1e-9
MAX_PLAYERS = 20
BACKENDS = ("auto", "highs")  # both: HiGHS with constraint generation (the pulp path is gone)


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
    standalone = game.standalone
    if domain == "imputation" and standalone.sum() < game.grand_cost - 1e-12 * abs(game.grand_cost):
        raise AllocationError(
            f"{method}: the imputation set is empty (Σ c(i) < c(N)); use domain='preimputation'"
        )
    if sizes is None:
        weights = np.ones((1 << n) - 2)
    else:
        weights = coalition_sums(sizes)[1:-1]
        if (weights <= 0).any():
            raise AllocationError(f"{method}: every coalition needs a positive size")
    scale = float(np.abs(game.costs).max()) or 1.0
    size_scale = float(weights.max()) if len(weights) else 1.0
    upper = standalone / scale if domain == "imputation" else np.full(n, np.inf)
    problem = ExcessProblem(
        game.costs[:-1] / scale, weights / size_scale, game.grand_cost / scale, upper, method
    )
    return problem, scale, size_scale


def _backend(method: str, backend: str) -> None:
    if backend not in BACKENDS:
        raise AllocationError(
            f"{method}: backend must be 'auto' or 'highs' (HiGHS with constraint generation; "
            f"the pulp path is gone); got {backend!r}"
        )


def _facts(results: list[StageResult], per_unit: float) -> dict[str, object]:
    """What the stages did, for ``Allocation.info``: rounds, working-set sizes, certificates."""
    return {
        "rounds": tuple(r.rounds for r in results),
        "working_set": tuple(r.rows for r in results),
        "max_violation": tuple(r.worst * per_unit for r in results),
        "backend": "highs",
    }


def _solve(
    game: CostGame,
    method: str,
    sizes: NDArray[np.float64] | None,
    domain: str,
    backend: str,
    tol: float,
) -> Allocation:
    """The (per-capita) nucleolus by the stages of :func:`lexicographic`, in SEK."""
    _backend(method, backend)
    if game.n == 1:
        alone = np.array([game.grand_cost])
        return Allocation(method, game.players, alone, {"stages": 0, "levels": ()})
    problem, scale, size_scale = _problem(game, method, sizes, domain)
    if domain == "imputation" and problem.upper.sum() - problem.grand <= tol:
        point = "none: the imputation set is the one point x = c(i)"
        facts = {"stages": 0, "levels": (), "domain": domain, "tolerance": tol, "backend": point}
        return Allocation(method, game.players, game.standalone, facts)
    x, results = lexicographic(problem, tol)
    info = {
        "stages": len(results),
        "levels": tuple(r.solution.t * scale / size_scale for r in results),
        "domain": domain,
        "tolerance": tol,
        **_facts(results, scale / size_scale),
    }
    return Allocation(method, game.players, x * scale, info)


def nucleolus(
    game: CostGame, domain: str = "imputation", backend: str = "auto", tol: float = TOLERANCE
) -> Allocation:
    """The nucleolus (``domain='imputation'``: ``x_i ≤ c(i)``) or pre-nucleolus, SEK per player.

    ``info["levels"]`` are the successive largest excesses in SEK.

    Parameters
    ----------
    backend : ``'auto'`` or ``'highs'``, the same: HiGHS (highspy) with constraint generation.
    tol : dual values and violations above ``tol`` (costs scaled to at most 1) count.

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
    _backend("least_core", backend)
    if game.n == 1:
        return np.array([game.grand_cost]), -math.inf, {}
    problem, scale, _ = _problem(game, "least_core", None, domain)
    x, results = lexicographic(problem, TOLERANCE, stages=1)
    facts = {"domain": domain, **_facts(results, scale)}
    return x * scale, results[0].solution.t * scale, facts


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
