"""Key families councils sign, as drivers on the cost games, so one optimiser serves them all.

Each family is stated in one sentence and one table a treasurer can apply
(:mod:`simulator.report.keywording`):

* ``equal``: equal shares (the SÖN proposal);
* ``price_list``: a fixed fee per member plus a price per unit of the service's own volume
  (Statens servicecenter: a monthly fee per customer plus a price per payslip). As weights it is
  ``equal`` and the volume; :func:`price_list` turns the weights into the fee and the price of a
  year;
* ``drivers``: weights on observable drivers (inhabitants, employees, the service's volume), with
  drivers that give the same shares merged (:func:`simulator.keys.shares.usable_drivers`);
* ``historic``: each member's own cost of the service in the year before the start, frozen (an
  observable budget figure: Umeå–Robertsfors–Vindeln's rescue service froze each member's 2018
  budget), optionally gliding to a driver key over N years (Gästrike räddningstjänst moved from
  historic cost to per inhabitant in 2022). In year ``y`` the key charges
  ``(1 − g_y) · historic + g_y · Σ w_k share_k`` with ``g_y = min(1, (y − first) / N)``; as
  drivers that is ``glide:<k>`` = ``(1 − g_y) · historic + g_y · share_k``;
* ``fixed``: one percentage per member, the same every year where that keeps everyone whole, else
  a percentage per member and year set in the agreement (:func:`schedule_shares`; driver
  ``schedule``, whose figures are each game's percentages);
* ``model``: weights that include each year's stand-alone cost, a model figure nobody can observe
  after the merger, only when the scenario asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pulp
from numpy.typing import NDArray

from simulator.core import coalitions
from simulator.game import CostGame
from simulator.keys.data import HALF_ORE, scale_of
from simulator.keys.milp import KeySolverError, _solver
from simulator.keys.shares import EQUAL, STANDALONE, driver_share

__all__ = [
    "FAMILIES",
    "GLIDE",
    "HISTORIC",
    "SCHEDULE",
    "glide_factors",
    "glided",
    "price_list",
    "schedule_shares",
    "target_driver",
    "with_fixed_drivers",
]

Games = Mapping[int | str, CostGame]

FAMILIES = ("agreed", "equal", "price_list", "drivers", "historic", "fixed", "model")
"""Every family, in the order a recommendation prefers them when several keep everyone whole: an
agreement in force first, then the simplest and most auditable."""
HISTORIC = "historic"
SCHEDULE = "schedule"
GLIDE = "glide:"
SCHEDULE_STEP = 0.001
"""A schedule's percentages are whole tenths of a per cent."""


def target_driver(driver: str) -> str:
    """The driver a glide path ends on (``glide:population`` → ``population``)."""
    return driver[len(GLIDE) :] if driver.startswith(GLIDE) else driver


def with_fixed_drivers(
    games: Games, fixed: Mapping[str, NDArray[np.float64]]
) -> dict[int | str, CostGame]:
    """The games with drivers whose figures the agreement fixes, the same in every game (the
    frozen ``historic`` costs, an agreed key's shares)."""
    extra = {name: np.asarray(figures, dtype=np.float64) for name, figures in fixed.items()}
    return {label: replace(g, drivers={**g.drivers, **extra}) for label, g in games.items()}


def glide_factors(labels: Sequence[int | str], first: int, years: int) -> dict[int | str, float]:
    """``g`` per game: ``min(1, (y − first) / years)``, 0 in the first year; the present value
    takes the mean over the years among ``labels``."""
    by_year: dict[int | str, float] = {
        label: min(1.0, max(0.0, (label - first) / years))
        for label in labels
        if isinstance(label, int)
    }
    mean = float(np.mean(list(by_year.values()))) if by_year else 1.0
    return {label: by_year.get(label, mean) for label in labels}


def glided(
    games: Games,
    drivers: Sequence[str],
    historic: NDArray[np.float64],
    factors: Mapping[int | str, float],
) -> dict[int | str, CostGame]:
    """The games with a ``glide:<k>`` driver per target driver ``k``: the historic shares, moved
    by ``factors[label]`` towards ``k``'s shares (each sums to 1)."""
    h = np.asarray(historic, dtype=np.float64) / np.sum(historic)
    out = {}
    for label, game in games.items():
        g = factors[label]
        extra = {}
        for d in drivers:
            share = driver_share(game, d)
            if share is not None:
                extra[f"{GLIDE}{d}"] = (1.0 - g) * h + g * share
        out[label] = replace(game, drivers={**game.drivers, **extra})
    return out


def price_list(
    game: CostGame, drivers: Sequence[str], weights: NDArray[np.float64]
) -> tuple[float, dict[str, float]]:
    """The fixed fee per member (SEK) and the price per unit of each volume driver (SEK per unit)
    that charge what the key charges in ``game``: ``fee = c(N) · w_equal / n``,
    ``price_k = c(N) · w_k / Σ_i d_ik``.

    >>> g = CostGame.from_mapping(["A", "B"], {"A": 60.0, "B": 50.0, "A+B": 100.0},
    ...                           {"payslips": [300.0, 100.0]})
    >>> price_list(g, ["equal", "payslips"], np.array([0.2, 0.8]))
    (10.0, {'payslips': 0.2})
    """
    fee = 0.0
    prices = {}
    for d, w in zip(drivers, weights):
        if d == EQUAL:
            fee = game.grand_cost * float(w) / game.n
        elif w > 0 and d != STANDALONE:
            prices[d] = game.grand_cost * float(w) / float(np.sum(game.drivers[d]))
    return fee, prices


def schedule_shares(
    games: Games,
    npv_weights: Mapping[int | str, float],
    target: NDArray[np.float64],
    solver: str = "highs",
    name: str = "schedule",
) -> dict[int | str, NDArray[np.float64]] | None:
    """A percentage per member and year (whole tenths of a per cent) that keeps every group at or
    below its own cost in every year's game and in the present value; None when none does.

    The present-value game charges the years' percentages averaged with ``npv_weights`` (each
    year's discounted cost of the whole group). Among the schedules that keep everyone whole the
    one that changes least from year to year (Σ |p_y − p_{y−1}|) is chosen, then the one whose
    present value is closest to ``target`` (SEK per member, the nucleolus).
    """
    years = [label for label in games if label != "npv"]
    if not years:
        return None
    first = games[years[0]]
    n, units = first.n, round(1 / SCHEDULE_STEP)
    member = coalitions.membership(n)[:, :-1] > 0  # (n, proper coalitions)
    prob = pulp.LpProblem(name, pulp.LpMinimize)
    u = {
        (y, i): prob.add_variable(f"units_{y}_{i}", 0, units, pulp.LpInteger)
        for y in years
        for i in range(n)
    }
    for y in years:
        prob += pulp.lpSum(u[y, i] for i in range(n)) == units, f"total_{y}"
        _core_rows(prob, games[y], {i: [(u[y, i], 1.0)] for i in range(n)}, units, member, str(y))
    total = sum(npv_weights[y] for y in years) or 1.0
    mix = {i: [(u[y, i], npv_weights[y] / total) for y in years] for i in range(n)}
    if "npv" in games:
        _core_rows(prob, games["npv"], mix, units, member, "npv")
    change = []
    for a, b in zip(years, years[1:]):
        for i in range(n):
            d = prob.add_variable(f"change_{b}_{i}", 0)
            prob += d >= u[b, i] - u[a, i], f"up_{b}_{i}"
            prob += d >= u[a, i] - u[b, i], f"down_{b}_{i}"
            change.append(d)
    ref = games["npv"] if "npv" in games else first
    goal = np.asarray(target, dtype=np.float64) / (ref.grand_cost or 1.0) * units
    dev = []
    for i in range(n):
        d = prob.add_variable(f"dev_{i}", 0)
        expr = pulp.lpSum(v * c for v, c in mix[i])
        prob += d >= expr - float(goal[i]), f"dev_above_{i}"
        prob += d >= float(goal[i]) - expr, f"dev_below_{i}"
        dev.append(d)
    stable = pulp.lpSum(change) if change else pulp.LpAffineExpression()
    prob.setObjective(stable)
    status = pulp.LpStatus[prob.solve(_solver(solver))]
    if status == "Infeasible":
        return None
    if status != "Optimal":
        raise KeySolverError(f"schedule ({name}): {status}")
    if change:
        prob += stable <= float(pulp.value(stable)) + 0.5, "keep_stable"
    prob.setObjective(pulp.lpSum(dev))
    status = pulp.LpStatus[prob.solve(_solver(solver))]
    if status != "Optimal":
        raise KeySolverError(f"schedule ({name}, closeness): {status}")
    out: dict[int | str, NDArray[np.float64]] = {
        y: np.array([round(u[y, i].varValue) for i in range(n)], dtype=np.float64) / units
        for y in years
    }
    if "npv" in games:
        out["npv"] = np.sum([out[y] * npv_weights[y] / total for y in years], axis=0)
    return out


def _core_rows(
    prob: pulp.LpProblem,
    game: CostGame,
    terms: Mapping[int, Sequence[tuple[pulp.LpVariable, float]]],
    units: int,
    member: NDArray[np.bool_],
    label: str,
) -> None:
    """``x(S) ≤ c(S)`` (to half an öre) with ``x_i = c(N) · Σ terms_i / units``, scaled by
    ``|c(N)|``."""
    scale = scale_of(game)
    sign = float(np.sign(game.grand_cost) or 1.0)
    rhs = game.costs[:-1] / scale + HALF_ORE / scale
    for s in range(member.shape[1]):
        coeffs = [
            (v, sign * c / units)
            for i in np.flatnonzero(member[:, s]).tolist()
            for v, c in terms[i]
        ]
        prob += pulp.LpAffineExpression(coeffs) <= float(rhs[s]), f"core_{label}_S{s + 1}"
