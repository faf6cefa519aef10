"""The key optimiser as a pulp MILP: build, solve, read back.

Variables: ``units_<d>`` (integer, 0 … U with U = 1/step) and ``weight_<d> = units_<d> / U``
(``grid_<d>``), with ``Σ units = U`` (``grid_total``).

Constraint families (rows from :mod:`simulator.keys.data`, all divided by the game's ``|c(N)|``):

* ``core_<game>_S<mask>``: ``rows · w ≤ rhs + allowance`` (``x(S) ≤ c(S)``; allowance half an öre,
  or the least excess ε* when no key reaches the core);
* ``excess_<game>_S<mask>``: ``rows · w − excess ≤ rhs`` (least-excess model: minimise ``excess``;
  also solved with continuous units, to see whether a finer step would reach the core);
* objectives, each with its own variables: ``nucleolus`` / ``shapley`` (Σ ``dev_<i>``, with
  ``deviation_above_<i>`` / ``deviation_below_<i>``: ``dev_i ≥ ±(x_i − target_i) / |c(N)|`` in the
  reference game); ``spread`` (``saving_max − saving_min`` over the relative savings
  ``1 − x_i / c(i)``, ``saving_max_<i>`` / ``saving_min_<i>``); ``count`` (Σ binary ``used_<d>``,
  ``units_<d> ≤ U · used_<d>``); ``count_limit``: ``Σ used_<d> ≤ k`` (at most k drivers);
* ``keep_<objective>``: a solved objective stays at its optimum while the next one is minimised.

Rows that no key on the simplex can violate (their largest coefficient is within the allowance) are
left out: they bind for no ``w``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pulp
from numpy.typing import NDArray

from simulator.allocation.base import SolverError
from simulator.keys.data import KeyData

__all__ = [
    "KeyModel",
    "KeySolverError",
    "NoKeyInCore",
    "least_excess_weights",
    "optimise_units",
    "scaled_excess",
    "SOLVERS",
]

SOLVERS = ("highs", "cbc")
_KEEP_SLACK = 1e-7  # relative slack when a solved continuous objective is kept


class KeySolverError(SolverError):
    """The key MILP did not solve to optimality; the message names the constraint family."""


class NoKeyInCore(KeySolverError):
    """No key on the grid satisfies every ``core_*`` row: the caller falls back to the least
    excess."""


def scaled_excess(data: KeyData, weights: NDArray[np.float64]) -> float:
    """The largest ``(x(S) − c(S)) / |c(N)|`` over every row, for weights ``(K,)``."""
    return float((data.rows @ weights - data.rhs).max())


def _solver(name: str) -> pulp.LpSolver:
    """The pulp solver called ``name`` (``highs`` or ``cbc``), silent and solving to optimality."""
    if name == "highs":
        return pulp.HiGHS(
            msg=False,
            gapRel=0.0,
            gapAbs=1e-10,
            mip_feasibility_tolerance=1e-9,
            primal_feasibility_tolerance=1e-9,
        )
    if name == "cbc":
        with warnings.catch_warnings():  # pulp 3.3 announces its bundled CBC will move to an extra
            warnings.simplefilter("ignore", DeprecationWarning)
            return pulp.PULP_CBC_CMD(msg=False, gapRel=0.0, gapAbs=1e-10)
    raise ValueError(f"solver must be one of {', '.join(SOLVERS)}; got {name!r}")


def _expr(pairs: Sequence[tuple[pulp.LpVariable, float]]) -> pulp.LpAffineExpression:
    """``Σ coefficient · variable`` over the pairs with a non-zero coefficient."""
    return pulp.LpAffineExpression([(v, float(c)) for v, c in pairs if c != 0.0])


class KeyModel:
    """One pulp model over the grid of weights; families are added by the methods below."""

    def __init__(self, data: KeyData, solver: str, name: str, integer: bool = True) -> None:
        self.data = data
        self.solver = _solver(solver)
        self.prob = pulp.LpProblem(name, pulp.LpMinimize)
        u = data.units
        cat = pulp.LpInteger if integer else pulp.LpContinuous
        self.units = [self.prob.add_variable(f"units_{d}", 0, u, cat) for d in data.drivers]
        self.weights = [self.prob.add_variable(f"weight_{d}", 0, 1) for d in data.drivers]
        for d, w, m in zip(data.drivers, self.weights, self.units):
            self.prob += _expr([(w, 1.0), (m, -1.0 / u)]) == 0, f"grid_{d}"
        self.prob += pulp.lpSum(self.units) == u, "grid_total"
        self._count: pulp.LpAffineExpression | None = None

    def _name(self, row: int, family: str) -> str:
        """``<family>_<game>_S<mask>`` for constraint row ``row``."""
        return f"{family}_{self.data.labels[self.data.row_game[row]]}_S{self.data.row_mask[row]}"

    def add_core(self, allowance: NDArray[np.float64]) -> None:
        """``core_*``: ``rows · w ≤ rhs + allowance`` for the rows some key could violate."""
        d = self.data
        for r in np.flatnonzero(d.rows.max(axis=1) > d.rhs + allowance).tolist():
            self.prob += (
                _expr(list(zip(self.weights, d.rows[r]))) <= float(d.rhs[r] + allowance[r]),
                self._name(r, "core"),
            )

    def add_excess(self) -> pulp.LpVariable:
        """``excess_*``: ``rows · w − excess ≤ rhs``; rows that cannot attain the largest excess are
        left out (their largest value is below the smallest value some row has for every ``w``)."""
        d = self.data
        excess = self.prob.add_variable("excess")
        floor = (d.rows.min(axis=1) - d.rhs).max()
        for r in np.flatnonzero(d.rows.max(axis=1) - d.rhs >= floor).tolist():
            self.prob += (
                _expr([*zip(self.weights, d.rows[r]), (excess, -1.0)]) <= float(d.rhs[r]),
                self._name(r, "excess"),
            )
        return excess

    def distance(self, target: NDArray[np.float64]) -> pulp.LpAffineExpression:
        """Σ_i |x_i − target_i| / |c(N)| in the reference game (target in SEK)."""
        d = self.data
        goal = target / d.reference_scale
        devs = [self.prob.add_variable(f"dev_{i}", 0) for i in range(len(goal))]
        for i, dev in enumerate(devs):
            share = list(zip(self.weights, d.reference_shares[i]))
            self.prob += _expr([*share, (dev, -1.0)]) <= float(goal[i]), f"deviation_above_{i}"
            self.prob += (
                _expr([*((w, -c) for w, c in share), (dev, -1.0)]) <= float(-goal[i]),
                f"deviation_below_{i}",
            )
        return pulp.lpSum(devs)

    def spread(self) -> pulp.LpAffineExpression:
        """Largest minus smallest relative saving ``1 − x_i / c(i)`` in the reference game
        (c(i) ≠ 0)."""
        d = self.data
        game = d.reference
        high, low = self.prob.add_variable("saving_max"), self.prob.add_variable("saving_min")
        for i in np.flatnonzero(game.standalone != 0):
            pay = (
                d.reference_shares[i] * d.reference_scale / game.standalone[i]
            )  # x_i / c(i) per driver
            self.prob += _expr([*zip(self.weights, -pay), (high, -1.0)]) <= -1.0, f"saving_max_{i}"
            self.prob += _expr([*zip(self.weights, pay), (low, 1.0)]) <= 1.0, f"saving_min_{i}"
        return high - low

    def count(self) -> pulp.LpAffineExpression:
        """Number of drivers with a non-zero weight (its variables made once per model)."""
        if self._count is None:
            drivers = self.data.drivers
            used = [self.prob.add_variable(f"used_{d}", cat=pulp.LpBinary) for d in drivers]
            for d, m, z in zip(drivers, self.units, used):
                self.prob += _expr([(m, 1.0), (z, -float(self.data.units))]) <= 0, f"used_{d}"
            self._count = pulp.lpSum(used)
        return self._count

    def limit_count(self, k: int) -> pulp.LpAffineExpression:
        """``count_limit``: at most ``k`` drivers with a non-zero weight; returns the count."""
        count = self.count()
        self.prob += count <= k, "count_limit"
        return count

    def solve(self, objective: pulp.LpAffineExpression, family: str) -> float:
        """Minimise ``objective``; raise naming ``family`` (the constraints added last) if not
        optimal."""
        self.prob.setObjective(objective)
        status = pulp.LpStatus[self.prob.solve(self.solver)]
        if status == "Infeasible":
            error = NoKeyInCore if family == "core" else KeySolverError
            raise error(
                f"key optimiser ({self.prob.name}): the {family} constraints admit no key on the "
                f"grid ({self.solver.name} status {status})"
            )
        if status != "Optimal":
            raise KeySolverError(
                f"key optimiser ({self.prob.name}, {family} constraints): "
                f"{self.solver.name} status {status}"
            )
        return float(pulp.value(objective))

    def units_value(self) -> NDArray[np.int64]:
        """The solved units, checked to be whole and to sum to U."""
        raw = np.array([m.varValue for m in self.units], dtype=float)
        units = np.round(raw).astype(np.int64)
        if np.abs(raw - units).max() > 1e-6 or units.sum() != self.data.units or (units < 0).any():
            raise KeySolverError(
                f"key optimiser ({self.prob.name}): grid constraints not met by the solution {raw}"
            )
        return units


def least_excess_weights(
    data: KeyData, solver: str, name: str, integer: bool = True, at_most: int | None = None
) -> NDArray[np.float64]:
    """Weights of a key with the smallest largest scaled excess over all rows: on the grid, or in
    any steps (``integer=False``: the linear relaxation, to tell the grid's limits from the
    drivers'); with at most ``at_most`` drivers when given."""
    model = KeyModel(
        data,
        solver,
        f"{name}_least_excess" if integer else f"{name}_least_excess_any_step",
        integer,
    )
    if at_most is not None:
        model.limit_count(at_most)
    model.solve(pulp.LpAffineExpression(model.add_excess()), "excess")
    if integer:
        return model.units_value() / data.units
    return np.clip(np.array([w.varValue for w in model.weights], dtype=float), 0.0, None)


def _objective(
    model: KeyModel, kind: str, target: NDArray[np.float64] | None
) -> pulp.LpAffineExpression:
    """The expression of objective ``kind``: ``count``, ``spread`` or the distance to ``target``."""
    if kind == "count":
        return model.count()
    if kind == "spread":
        return model.spread()
    if target is None:
        raise ValueError(f"key objective {kind!r} needs a target allocation")
    return model.distance(target)


def optimise_units(
    data: KeyData,
    objectives: Sequence[tuple[str, NDArray[np.float64] | None]],
    allowance: NDArray[np.float64],
    solver: str,
    name: str,
    at_most: int | None = None,
) -> NDArray[np.int64]:
    """Units of the key that minimises ``objectives`` in turn (each kept at its optimum for the
    next), subject to the core rows with ``allowance`` (and at most ``at_most`` drivers when
    given). Raises NoKeyInCore when the rows admit no key."""
    model = KeyModel(data, solver, name)
    model.add_core(allowance)
    if at_most is not None:
        model.limit_count(at_most)
    family = "core"  # the constraints added since the last solve
    for stage, (kind, target) in enumerate(objectives):
        if stage and kind == "count" and np.count_nonzero(model.units_value()) == 1:
            continue  # one driver already: nothing to simplify
        expr = _objective(model, kind, target)
        value = model.solve(expr, family)
        slack = 0.5 if kind == "count" else _KEEP_SLACK * max(1.0, abs(value))
        model.prob += expr <= value + slack, f"keep_{kind}"
        family = f"keep_{kind}"
    return model.units_value()
