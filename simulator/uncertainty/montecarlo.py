"""Monte Carlo over every estimate's range: draws on a leading axis through the whole chain.

Each parameter that is an estimate (not a policy choice, see ``ParamSpec.policy``) and has a range
(``low < high``) gets a distribution (:mod:`simulator.uncertainty.distributions`, PERT by
default); facts marked ``estimate`` in ``scenarios/data`` get a relative uncertainty
(``uncertainty.facts`` of the scenario, ±3 % by default). The draws are cut into chunks of
:data:`CHUNK` draws; chunk ``i`` draws with its own generator from
``numpy.random.SeedSequence(seed).spawn(...)[i]``, so a result depends on the seed and the number
of draws only, never on how chunks are scheduled or on how many workers run them. Every chunk is
one run of the model with a leading axis of draws (:func:`simulator.engine.run`): services,
staffing, costs, projection and the cost games of every coalition and year.

What each draw gives (:class:`Outcome`, arrays with draws first):

- the group's running saving per service and year, the net saving per year (after one-off costs),
  its present value and the payback year;
- each member's cost and saving in present value under the Shapley value and under the proposed
  key (its weights held as agreed, applied to the draw's own drivers), and whether that key stays
  in the core (no group pays more than alone).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.allocation.shapley import shapley_values
from simulator.core import coalitions
from simulator.core.errors import InputError, nearest
from simulator.core.facts import Facts
from simulator.core.params import ParamSpec
from simulator.engine import RunResult, draws
from simulator.engine import run as run_model
from simulator.engine.projection import payback_years
from simulator.keys.shares import EQUAL, STANDALONE
from simulator.scenario import Scenario
from simulator.scenario.facts import load_facts
from simulator.services.drivers import DRIVER_MEASURES, FACT_DRIVERS
from simulator.uncertainty.distributions import Marginal, sample

__all__ = [
    "CHUNK",
    "Key",
    "Outcome",
    "Uncertain",
    "chunk_seeds",
    "chunk_sizes",
    "discount_factors",
    "drawn_driver",
    "driver_series",
    "default_facts",
    "draw_run",
    "evaluate_draws",
    "outcome",
    "rank_correlations",
    "run_chunk",
    "uncertain_parameters",
]

CHUNK = 1000
"""Draws per chunk: the unit of work and of memory (a chunk of the Luleå region holds ~100 MB)."""
CORE_TOLERANCE = 0.005
"""SEK: an excess below half an öre is rounding, not an objection."""


@dataclass(frozen=True)
class Uncertain:
    """One drawn parameter: its path in the scenario file and its distribution."""

    path: str
    marginal: Marginal

    @property
    def block(self) -> str:
        """``economics``, ``sharing`` or the service's name (Sobol groups)."""
        parts = self.path.split(".")
        return parts[1] if parts[0] == "services" else parts[0]


@dataclass(frozen=True)
class Key:
    """The proposed key of the whole agreement, held fixed across draws: drivers and weights.

    ``fixed`` holds the present-value shares of drivers the agreement fixes (historic cost, fixed
    percentages, an agreed key; a glide path's shares as of the agreement): the same in every
    draw. Other drivers take each draw's own figures."""

    drivers: tuple[str, ...]
    weights: tuple[float, ...]
    fixed: tuple[tuple[str, tuple[float, ...]], ...] = ()


def uncertain_parameters(scenario: Scenario) -> list[Uncertain]:
    """The scenario's estimates with a range, in scenario order, each with its distribution (the
    scenario's ``uncertainty.distributions`` for named ones, else ``uncertainty.distribution``).

    Raises ``InputError`` for a named parameter the scenario does not have, or a policy choice."""
    settings = scenario.uncertainty
    specs = draws.parameter_specs(scenario)
    for path in settings.distributions:
        _check_path(scenario, specs, path, "uncertainty.distributions")
    found = []
    for block, param in scenario.parameters():
        path = _path(scenario, block, param.name)
        if specs[path].policy or not param.low < param.high:
            continue
        kind = settings.distributions.get(path, settings.distribution)
        found.append(Uncertain(path, Marginal(kind, param.low, param.value, param.high)))
    return found


def _check_path(scenario: Scenario, specs: Mapping[str, ParamSpec], path: str, field: str) -> None:
    if path not in specs:
        allowed = "a parameter path of the scenario, " + nearest(path, list(specs))
        raise InputError(scenario.path, field, path, allowed)
    if specs[path].policy:
        raise InputError(scenario.path, field, path, "an estimate; a policy choice is not drawn")


def rank_correlations(scenario: Scenario, parameters: Sequence[Uncertain]) -> NDArray[np.float64]:
    """The rank correlation matrix (k, k) of the drawn parameters, from ``uncertainty.correlations``
    (identity where none is given). Raises ``InputError`` for an unknown or undrawn parameter."""
    position = {p.path: j for j, p in enumerate(parameters)}
    matrix = np.eye(len(parameters))
    specs = draws.parameter_specs(scenario)
    for pair in scenario.uncertainty.correlations:
        for path in (pair.first, pair.second):
            _check_path(scenario, specs, path, "uncertainty.correlations")
            if path not in position:
                raise InputError(
                    scenario.path,
                    "uncertainty.correlations",
                    path,
                    "a parameter with a range (low < high), which is drawn",
                )
        i, j = position[pair.first], position[pair.second]
        matrix[i, j] = matrix[j, i] = pair.rank
    return matrix


def _path(scenario: Scenario, block: str, name: str) -> str:
    return f"{block}.{name}" if block in ("economics", "sharing") else f"services.{block}.{name}"


def chunk_sizes(count: int) -> list[int]:
    """The draws of each chunk: :data:`CHUNK` each, the last one the rest."""
    return [min(CHUNK, count - start) for start in range(0, count, CHUNK)]


def chunk_seeds(seed: int, count: int) -> list[np.random.SeedSequence]:
    """One seed sequence per chunk of :data:`CHUNK` draws (the last chunk may be shorter)."""
    return np.random.SeedSequence(seed).spawn(-(-count // CHUNK))


@dataclass(frozen=True)
class Outcome:
    """What the draws give; every array has the draws first.

    saving : (D, S + 1, Y) the group's running saving per service (and ``total`` last), SEK
    net : (D, Y) the group's net saving (after one-off costs), SEK
    npv : (D,) present value of the net saving, SEK
    payback : (D,) payback year (NaN: not within the horizon)
    shapley_cost, key_cost : (D, n) each member's cost in present value, SEK
    standalone : (D, n) each member's cost alone in present value (c(i) of the npv game), SEK
    key_in_core : (D,) whether the proposed key leaves every group no worse off than alone
    values : (D, k) the drawn parameter values, in the order of the parameters
    """

    years: tuple[int, ...]
    services: tuple[str, ...]
    municipalities: tuple[str, ...]
    saving: NDArray[np.float64]
    net: NDArray[np.float64]
    npv: NDArray[np.float64]
    payback: NDArray[np.float64]
    shapley_cost: NDArray[np.float64]
    key_cost: NDArray[np.float64]
    standalone: NDArray[np.float64]
    key_in_core: NDArray[np.bool_]
    values: NDArray[np.float64]

    @property
    def shapley_saving(self) -> NDArray[np.float64]:
        """(D, n) each member's saving against today under the Shapley value."""
        return self.standalone - self.shapley_cost

    @property
    def key_saving(self) -> NDArray[np.float64]:
        """(D, n) each member's saving against today under the proposed key."""
        return self.standalone - self.key_cost

    @staticmethod
    def joined(parts: Sequence[Outcome]) -> Outcome:
        """The chunks' outcomes one after the other (in chunk order)."""
        first = parts[0]
        arrays = {
            name: np.concatenate([getattr(p, name) for p in parts])
            for name in (
                "saving",
                "net",
                "npv",
                "payback",
                "shapley_cost",
                "key_cost",
                "standalone",
                "key_in_core",
                "values",
            )
        }
        return Outcome(first.years, first.services, first.municipalities, **arrays)


def run_chunk(
    scenario: Scenario,
    facts: Facts,
    parameters: Sequence[Uncertain],
    correlation: NDArray[np.float64],
    key: Key,
    size: int,
    seed: np.random.SeedSequence,
) -> Outcome:
    """``size`` draws with the chunk's own generator, run through the model, reduced to outcomes."""
    result, values = draw_run(scenario, facts, parameters, correlation, size, seed)
    return outcome(result, key, values)


def draw_run(
    scenario: Scenario,
    facts: Facts,
    parameters: Sequence[Uncertain],
    correlation: NDArray[np.float64],
    size: int,
    seed: np.random.SeedSequence,
) -> tuple[RunResult, NDArray[np.float64]]:
    """The model run on ``size`` draws from the chunk's own generator, and the drawn values (D, k):
    the parameters first, then the facts marked ``estimate``."""
    rng = np.random.default_rng(seed)
    values = sample([p.marginal for p in parameters], correlation, size, rng)
    relative = scenario.uncertainty.facts
    drawn_facts = draws.facts_with_uncertainty(facts, relative, size, rng) if relative else facts
    return _run(scenario, drawn_facts, parameters, values), values


def evaluate_draws(
    scenario: Scenario,
    facts: Facts,
    parameters: Sequence[Uncertain],
    values: NDArray[np.float64],
    key: Key,
) -> Outcome:
    """The model run with the given parameter values (D, k) (and facts), reduced to outcomes."""
    return outcome(_run(scenario, facts, parameters, values), key, values)


def _run(
    scenario: Scenario,
    facts: Facts,
    parameters: Sequence[Uncertain],
    values: NDArray[np.float64],
) -> RunResult:
    """The model run with the parameters' drawn values (D, k) and the given facts."""
    given = {p.path: values[:, j] for j, p in enumerate(parameters)}
    return run_model(scenario, facts, draws=given) if given else run_model(scenario, facts)


def outcome(result: RunResult, key: Key, values: NDArray[np.float64]) -> Outcome:
    """Reduce a run with a leading axis of draws to the outcomes a council asks about."""
    services = tuple(s for s in result.services if s != "governance")
    discount = discount_factors(result)  # (Y,) or (D, Y) when the discount rate is drawn
    factors = discount[..., :, None]
    running = [result.services[s].running for s in services]
    alone = [
        result.services[s].today(r).sum(axis=-1) for s, r in zip(services, running, strict=True)
    ]
    shared_total = result.running()
    per_service = [a - r[..., -1] for a, r in zip(alone, running, strict=True)]
    alone_total = sum(s.today(s.running).sum(axis=-1) for s in result.services.values())
    saving = np.stack([*per_service, alone_total - shared_total[..., -1]], axis=-2)
    net = saving[..., -1, :] - result.one_off()[..., -1]
    present = ((shared_total + result.one_off()) * factors).sum(axis=-2)  # (D, C): the npv game
    n = len(result.scenario.municipalities)
    standalone = present[..., coalitions.singletons(n) - 1]  # c(i), as in allocations.csv
    key_cost = _key_cost(result, key, present)
    excess = key_cost @ coalitions.membership(n) - present
    return Outcome(
        years=tuple(int(y) for y in result.context.years),
        services=(*services, "total"),
        municipalities=result.scenario.municipalities,
        saving=saving,
        net=net,
        npv=(net * discount).sum(axis=-1),
        payback=payback_years(result.context.years, net),
        shapley_cost=shapley_values(present),
        key_cost=key_cost,
        standalone=standalone,
        key_in_core=(excess <= CORE_TOLERANCE).all(axis=-1),
        values=values,
    )


def discount_factors(result: RunResult) -> NDArray[np.float64]:
    """Discount factors per year, (Y,), or (D, Y) with a drawn discount rate."""
    factors = np.asarray(result.discount(), dtype=np.float64)
    return factors.reshape(*factors.shape[:-2], factors.shape[-1]) if factors.ndim >= 3 else factors


def _key_cost(result: RunResult, key: Key, present: NDArray[np.float64]) -> NDArray[np.float64]:
    """(D, n) each member's cost under the key: c(N) × Σ_k w_k · share of driver k, the drivers
    taken in each draw as the present-value game takes them (their mean over the years)."""
    n = len(result.scenario.municipalities)
    singles = coalitions.singletons(n) - 1
    shares = np.zeros(present.shape[:-1] + (n,))
    fixed = dict(key.fixed)
    for driver, weight in zip(key.drivers, key.weights):
        if weight:
            if driver in fixed:
                figures = np.broadcast_to(np.asarray(fixed[driver]), present[..., singles].shape)
            else:
                figures = _driver(result, driver, present[..., singles])
            shares = shares + weight * figures / figures.sum(axis=-1, keepdims=True)
    return present[..., -1:] * shares


def _driver(result: RunResult, driver: str, alone: NDArray[np.float64]) -> NDArray[np.float64]:
    """(D, n) one driver's figures per member in each draw."""
    if driver == EQUAL:
        return np.ones_like(alone)
    if driver == STANDALONE:
        return alone
    return np.broadcast_to(driver_series(result, driver).mean(axis=-2), alone.shape)


def drawn_driver(driver: str) -> bool:
    """Whether a key driver takes each draw's own figures (equal shares, stand-alone cost,
    inhabitants, employees, a service's volume) rather than figures the agreement fixes."""
    return driver in (EQUAL, STANDALONE) or driver in FACT_DRIVERS or driver in DRIVER_MEASURES


def driver_series(result: RunResult, driver: str) -> NDArray[np.float64]:
    """(Y, n), or (D, Y, n) where drawn, one observable driver's yearly figures per member: the
    facts' inhabitants or employees, or a service's volume for a member alone."""
    facts = result.context.facts
    if driver in ("population", "employees"):
        return np.asarray(facts.population if driver == "population" else facts.employees)
    service, measure = DRIVER_MEASURES[driver]
    singles = coalitions.singletons(len(result.scenario.municipalities)) - 1
    return np.asarray(result.services[service].workload[measure].values[..., singles])


def default_facts(scenario: Scenario) -> Facts:
    """The scenario's facts as read from its data folder."""
    return load_facts(scenario.data_dir, scenario.municipalities, scenario.years)
