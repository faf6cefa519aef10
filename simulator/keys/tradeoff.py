"""Simplicity as a choice: the closest key with at most k drivers, for k = 1 … K.

A board may prefer a key of one or two drivers to the closest blend of four, if it gives up little.
For each k the key MILP of :mod:`simulator.keys.milp` gets one more constraint, ``count_limit``
(``Σ used_d ≤ k``), and is solved in two stages: the key closest in L1 to the target allocation
(nucleolus or Shapley value of the reference game) among the keys with at most k drivers in the
core of every game, then the fewest drivers among the closest. Where no key with at most k drivers
is in the core, the keys with at most k drivers and the smallest largest scaled excess
``(x(S) − c(S)) / |c(N)|`` are searched instead (the fallback of
:func:`~simulator.keys.proposal.propose_key`) and the point is marked out of the core.

The keys allowed grow with k, so the distance of the in-core points falls (weakly) as k grows, and
so does the least excess of the points out of the core. :func:`simplest_within` reads the curve:
the key with the fewest drivers whose distance is within a stated fraction of the closest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.core.errors import InputError, nearest
from simulator.game import CostGame
from simulator.keys.compare import weights_text
from simulator.keys.data import HALF_ORE, KeyData, key_data, scale_of
from simulator.keys.evaluate import evaluate
from simulator.keys.proposal import check_grid, reference_targets, solve_units
from simulator.keys.shares import usable_drivers

__all__ = ["COLUMNS", "TARGETS", "TradeoffPoint", "simplest_within", "tradeoff", "tradeoff_rows"]

COLUMNS = (
    "k",
    "weights",
    "distance_sek",
    "distance_pct",
    "in_core",
    "worst_excess_sek",
    "worst_year",
)
"""The columns of :func:`tradeoff_rows`, in order."""
TARGETS = ("nucleolus", "shapley")
"""Allocations of the reference game a key can be brought close to."""


@dataclass(frozen=True, eq=False)
class TradeoffPoint:
    """The closest key with at most ``k`` drivers.

    Attributes
    ----------
    k : the most drivers allowed a non-zero weight
    drivers : the drivers with a non-zero weight (at most ``k``), in candidate order
    weights : their weights, integer multiples of the step summing to 1
    distance_sek : Σ_i |x_i − target_i| in the reference game, SEK
    distance_pct : ``distance_sek`` as a percentage of ``|c(N)|`` of the reference game
    in_core : every municipality and group pays at most its own cost in every game (to the öre)
    worst_excess_sek : the largest ``x(S) − c(S)``, SEK, in the game where it is largest relative
        to ``|c(N)|`` (negative: the smallest margin of a key in the core)
    worst_label : that game (year or ``npv``)
    """

    k: int
    drivers: tuple[str, ...]
    weights: NDArray[np.float64]
    distance_sek: float
    distance_pct: float
    in_core: bool
    worst_excess_sek: float
    worst_label: int | str


def tradeoff(
    games: Mapping[int | str, CostGame],
    drivers: Sequence[str],
    *,
    step: float = 0.05,
    reference: int | str = "npv",
    solver: str = "highs",
    target: str = "nucleolus",
) -> list[TradeoffPoint]:
    """The closest key with at most k drivers, for k = 1 … K (K usable candidate drivers).

    Parameters
    ----------
    games : label (year or ``npv``) → cost game, same players in each; all are constraints
    drivers : candidate drivers; those without usable figures, or with the same shares as an
        earlier one, are left out (:func:`~simulator.keys.shares.usable_drivers`)
    step : weights are integer multiples of ``step`` (must divide 1)
    reference : label of the game the distance is measured in
    solver : ``highs`` or ``cbc`` (through pulp)
    target : ``nucleolus`` or ``shapley`` of the reference game

    Raises
    ------
    InputError
        For invalid arguments or when no candidate driver is usable.
    KeySolverError
        When a MILP does not solve to optimality (the message names the constraint family).
    """
    usable = _usable(games, drivers, step, reference, target)
    data = key_data(games, usable, reference, step)
    goal = reference_targets(games[reference])[target]
    points = []
    for k in range(1, len(usable) + 1):
        units = _units(data, target, goal, k, solver)
        points.append(_point(games, data, reference, goal, k, units / data.units))
    return points


def simplest_within(points: Sequence[TradeoffPoint], within: float) -> TradeoffPoint:
    """The point with the fewest drivers whose distance is at most ``(1 + within)`` times the
    smallest (``within`` a fraction: 0.10 for 10 %), the closer one on a tie.

    Only points in the core qualify when any is; otherwise every point does, measured against the
    closest of them. The distances are compared to half an öre.
    """
    if not points:
        raise ValueError("simplest_within needs at least one trade-off point")
    if not within >= 0:
        raise InputError(None, "within", within, "a fraction of at least 0 (0.10 for 10 %)")
    pool = [p for p in points if p.in_core] or list(points)
    limit = (1.0 + within) * min(p.distance_sek for p in pool) + HALF_ORE
    return min(
        (p for p in pool if p.distance_sek <= limit),
        key=lambda p: (len(p.drivers), p.distance_sek, p.k),
    )


def tradeoff_rows(points: Sequence[TradeoffPoint]) -> list[dict[str, object]]:
    """One row per point: k, the weights in words (``equal 0.2, population 0.8``), the distance
    (SEK and % of ``|c(N)|``), in the core or not, and the worst excess (SEK) with its game."""
    return [
        {
            "k": p.k,
            "weights": weights_text(p.drivers, p.weights),
            "distance_sek": p.distance_sek,
            "distance_pct": p.distance_pct,
            "in_core": p.in_core,
            "worst_excess_sek": p.worst_excess_sek,
            "worst_year": p.worst_label,
        }
        for p in points
    ]


def _units(
    data: KeyData, target: str, goal: NDArray[np.float64], k: int, solver: str
) -> NDArray[np.int64]:
    """Units of the closest key with at most ``k`` drivers, then the fewest drivers among those:
    in the core, or else with the least excess (the proposal's stages and fallback)."""
    stages = [(target, goal), ("count", None)]
    return solve_units(data, stages, solver, f"key_tradeoff_at_most_{k}", at_most=k)[0]


def _point(
    games: Mapping[int | str, CostGame],
    data: KeyData,
    reference: int | str,
    goal: NDArray[np.float64],
    k: int,
    weights: NDArray[np.float64],
) -> TradeoffPoint:
    """The key's point on the curve, checked in every game."""
    evaluation = evaluate(games, data.drivers, weights)
    distance = float(np.abs(evaluation.verdict(reference).allocation - goal).sum())
    worst = evaluation.worst
    used = weights > 0
    kept = weights[used]
    kept.setflags(write=False)
    return TradeoffPoint(
        k=k,
        drivers=tuple(d for d, u in zip(data.drivers, used) if u),
        weights=kept,
        distance_sek=distance,
        distance_pct=100.0 * distance / scale_of(games[reference]),
        in_core=evaluation.in_core,
        worst_excess_sek=float(worst.check.max_excess or 0.0),
        worst_label=worst.label,
    )


def _usable(
    games: Mapping[int | str, CostGame],
    drivers: Sequence[str],
    step: float,
    reference: int | str,
    target: str,
) -> tuple[str, ...]:
    """The usable candidate drivers, after checking the arguments (InputError naming the field)."""
    if target not in TARGETS:
        raise InputError(None, "target", target, nearest(str(target), TARGETS))
    check_grid(games, step, reference, None, step_field="step")
    usable, skipped = usable_drivers(games, drivers)
    if not usable:
        reasons = "; ".join(f"{d}: {why}" for d, why in skipped.items()) or "none given"
        raise InputError(None, "drivers", list(drivers), f"a usable driver ({reasons})")
    return usable
