"""Propose one key for one service: the weights, the allocation in every game, and the checks.

The key must keep every coalition at or below its own cost in every game given (each year of the
agreement and the present value). Among those keys the objective chooses, in stages (each kept at
its optimum while the next is minimised):

* ``nucleolus`` / ``shapley``: closest in L1 to that allocation of the reference game, then fewest
  drivers;
* ``even_savings``: smallest spread (largest minus smallest) of the relative savings
  ``(c(i) − x_i) / c(i)`` in the reference game, then closest to the nucleolus;
* ``simplicity``: fewest drivers with a non-zero weight, then closest to the nucleolus.

When no key on the grid reaches the core (or a game's core is empty), the optimiser first minimises
the largest excess ``(x(S) − c(S)) / |c(N)|`` over all games and coalitions (the share of that
game's total cost by which the most dissatisfied group pays beyond its own cost), then applies the
objective among the keys that achieve it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from simulator.allocation import AllocationError, core_is_empty, nucleolus, shapley
from simulator.core.errors import InputError, nearest
from simulator.game import CostGame
from simulator.keys.data import KeyData, key_data
from simulator.keys.evaluate import GameVerdict, KeyEvaluation, evaluate
from simulator.keys.milp import (
    KeySolverError,
    NoKeyInCore,
    least_excess_weights,
    optimise_units,
    scaled_excess,
)
from simulator.keys.shares import KEY_SHARES, default_drivers, usable_drivers

__all__ = [
    "KeyProposal",
    "propose_key",
    "OBJECTIVES",
    "check_grid",
    "reference_targets",
    "solve_units",
]

OBJECTIVES: Mapping[str, tuple[str, ...]] = {
    "nucleolus": ("nucleolus", "count"),
    "shapley": ("shapley", "count"),
    "even_savings": ("spread", "nucleolus"),
    "simplicity": ("count", "nucleolus"),
}
"""Objective → the stages minimised in turn."""
_RELAXED_SLACK = 1e-8  # scaled: what the least excess may miss by the solver's tolerances
_ANY_STEP_TOL = 1e-9  # largest scaled excess of real weights still counted as reaching the core


@dataclass(frozen=True, eq=False)
class KeyProposal:
    """A proposed key for one service and how it fares.

    Attributes
    ----------
    service : the service (or ``total``)
    step, objective : the grid step and the objective it was chosen by
    reference : label of the game the objective is measured in (the present value)
    evaluation : the key's weights on the candidate drivers and its verdict in every game
    targets : nucleolus and Shapley value of the reference game, SEK per player
    empty_cores : games whose core is empty (no allocation at all keeps every group whole)
    least_excess : whether the optimiser had to fall back to the smallest largest excess
    finer_step_reaches_core : in that fallback, whether weights in finer steps (any real weights)
        would keep every group whole, i.e. the grid rather than the drivers is what fails (False
        otherwise)
    skipped : candidate drivers left out, and why
    """

    service: str
    step: float
    objective: str
    reference: int | str
    evaluation: KeyEvaluation
    targets: Mapping[str, NDArray[np.float64]]
    empty_cores: tuple[int | str, ...]
    least_excess: bool
    finer_step_reaches_core: bool = False
    skipped: Mapping[str, str] = field(default_factory=dict)

    @property
    def players(self) -> tuple[str, ...]:
        """Municipalities, in game order."""
        return self.evaluation.verdicts[0].game.players

    @property
    def drivers(self) -> tuple[str, ...]:
        """The candidate drivers (weights may be zero)."""
        return self.evaluation.drivers

    @property
    def weights(self) -> NDArray[np.float64]:
        """Weight of each candidate driver, integer multiples of ``step`` summing to 1."""
        return self.evaluation.weights

    @property
    def key(self) -> dict[str, float]:
        """The drivers with a non-zero weight: ``{driver: weight}``."""
        return {d: float(w) for d, w in zip(self.drivers, self.weights) if w > 0}

    @property
    def in_core(self) -> bool:
        """Every municipality and group pays at most its own cost in every game."""
        return self.evaluation.in_core

    @property
    def worst(self) -> GameVerdict:
        """The game with the largest excess relative to its ``|c(N)|``."""
        return self.evaluation.worst

    def allocation(self, label: int | str) -> NDArray[np.float64]:
        """SEK per municipality in game ``label``."""
        return self.evaluation.verdict(label).allocation

    def distance(self, target: str = "nucleolus") -> float:
        """Σ |x_i − target_i| in the reference game, SEK."""
        return float(np.abs(self.allocation(self.reference) - self.targets[target]).sum())


def reference_targets(game: CostGame) -> dict[str, NDArray[np.float64]]:
    """Nucleolus (over imputations, else pre-imputations) and Shapley value of ``game``, SEK."""
    try:
        centre = nucleolus(game).values
    except AllocationError:  # Σ c(i) < c(N): no imputation
        centre = nucleolus(game, domain="preimputation").values
    return {"nucleolus": centre, "shapley": shapley(game).values}


def propose_key(
    games: Mapping[int | str, CostGame],
    drivers: Sequence[str] | None = None,
    *,
    service: str = "service",
    step: float = 0.05,
    objective: str = "nucleolus",
    reference: int | str = "npv",
    solver: str = "highs",
    origin: str | Path | None = None,
) -> KeyProposal:
    """The key on the grid that keeps every coalition whole in every game, chosen by ``objective``.

    Parameters
    ----------
    games : label (year or ``npv``) → cost game, same players in each; all are constraints
    drivers : candidate drivers (None: :func:`~simulator.keys.shares.default_drivers`);
        a driver without positive figures in some game is left out and listed in ``skipped``
    step : weights are integer multiples of ``step`` (must divide 1)
    objective : ``nucleolus``, ``shapley``, ``even_savings`` or ``simplicity`` (module docstring)
    reference : label of the game the objective is measured in
    solver : ``highs`` or ``cbc`` (through pulp)
    origin : the scenario file, named in input errors

    Raises
    ------
    InputError
        For invalid arguments or when no candidate driver is usable.
    KeySolverError
        When a MILP does not solve to optimality (the message names the constraint family).
    """
    candidates = _check(
        games, default_drivers() if drivers is None else drivers, step, objective, reference, origin
    )
    usable, skipped = usable_drivers(games, candidates)
    if not usable:
        reasons = "; ".join(f"{d}: {why}" for d, why in skipped.items())
        raise InputError(
            origin,
            "keys.drivers",
            list(candidates),
            f"at least one driver with a positive total in every game of {service} ({reasons})",
        )
    data = key_data(games, usable, reference, step)
    targets = reference_targets(games[reference])
    stages = [(kind, targets.get(kind)) for kind in OBJECTIVES[objective]]
    name = "key_" + re.sub(r"\W", "_", service)
    units, fallback = solve_units(data, stages, solver, name)
    finer = False
    if fallback:
        any_step = least_excess_weights(data, solver, name, integer=False)
        finer = scaled_excess(data, any_step) <= _ANY_STEP_TOL
    empty = tuple(label for label, game in games.items() if core_is_empty(game))
    return KeyProposal(
        service=service,
        step=step,
        objective=objective,
        reference=reference,
        evaluation=evaluate(games, usable, units / data.units),
        targets=targets,
        empty_cores=empty,
        least_excess=fallback,
        finer_step_reaches_core=finer,
        skipped=skipped,
    )


def solve_units(
    data: KeyData,
    stages: Sequence[tuple[str, NDArray[np.float64] | None]],
    solver: str,
    name: str,
    at_most: int | None = None,
) -> tuple[NDArray[np.int64], bool]:
    """Units of the key the stages choose among those in the core of every game (with at most
    ``at_most`` drivers when given), else among those with the least largest excess; and whether
    it fell back to the least excess."""
    try:
        return optimise_units(data, stages, data.tolerance, solver, name, at_most), False
    except NoKeyInCore:
        pass
    least = scaled_excess(data, least_excess_weights(data, solver, name, at_most=at_most))
    allowance = data.tolerance + least + _RELAXED_SLACK  # the solver's feasibility tolerance
    try:
        return optimise_units(data, stages, allowance, solver, f"{name}_relaxed", at_most), True
    except NoKeyInCore as error:
        raise KeySolverError(f"{error} (core rows relaxed by the least excess)") from None


def check_grid(
    games: Mapping[int | str, CostGame],
    step: float,
    reference: int | str,
    origin: str | Path | None,
    step_field: str = "keys.step",
) -> None:
    """The step divides 1, the reference is one of the games, and the games share two or more
    players (InputError naming the field)."""
    if not 0 < step <= 1 or abs(round(1 / step) * step - 1) > 1e-9:
        raise InputError(
            origin,
            step_field,
            step,
            "a step in (0, 1] that divides 1 into whole parts (e.g. 0.05)",
        )
    if reference not in games:
        raise InputError(
            origin,
            "reference",
            reference,
            "the label of one of the games: " + ", ".join(map(str, games)),
        )
    players = {game.players for game in games.values()}
    if len(players) != 1 or len(next(iter(players))) < 2:
        raise InputError(
            origin, "games", sorted(players), "games over the same two or more players"
        )


def _check(
    games: Mapping[int | str, CostGame],
    drivers: Sequence[str],
    step: float,
    objective: str,
    reference: int | str,
    origin: str | Path | None,
) -> tuple[str, ...]:
    """The candidate drivers, after checking every argument (InputError naming the field)."""
    if objective not in OBJECTIVES:
        raise InputError(origin, "keys.objective", objective, nearest(str(objective), OBJECTIVES))
    check_grid(games, step, reference, origin)
    if not drivers:
        raise InputError(origin, "keys.drivers", list(drivers), "at least one candidate driver")
    known = {*KEY_SHARES, *(d for game in games.values() for d in game.drivers)}
    for i, driver in enumerate(drivers):
        if driver not in known:
            raise InputError(
                origin,
                f"keys.drivers[{i}]",
                driver,
                "a candidate driver; " + nearest(driver, known),
            )
    if len(set(drivers)) != len(drivers):
        raise InputError(origin, "keys.drivers", list(drivers), "each driver once")
    return tuple(drivers)
