"""Monte Carlo draws through the whole run: a leading axis of D draws on every array.

A run with draws must be, draw by draw, the plain run with those values: exactly so when every draw
is the scenario's value, and to 1e-12 when the draws differ (checked against a loop of plain runs,
with parameters of every service, of economics and sharing, and drawn facts). Policy parameters take
no draws. The staffing tables behind the queueing services give the agents of ``min_agents``.
"""

from __future__ import annotations

import dataclasses
import doctest
import importlib
from types import MappingProxyType

import numpy as np
import pytest
from helpers import SCENARIOS

from simulator import engine, queueing, scenario
from simulator.core.facts import Facts
from simulator.engine import draws, evaluation
from simulator.scenario import Scenario
from simulator.scenario.facts import load_facts
from simulator.services import queues, switchboard
from simulator.services.profiles import Profiles

DIAGNOSTICS = {"switchboard/workload/service_level", "switchboard/workload/abandonment"}
"""Left out with draws: the per-interval service levels of the staffing plan (see engine.run)."""

POLICY = {
    "economics.staffing_step",
    "economics.transition_years",
    "economics.commuting_years",
    "economics.notice_months",
    "economics.write_off_years",
    "sharing.representatives_per_member",
    "services.payroll.minimum_persons",
    "services.switchboard.service_level",
    "services.switchboard.answer_within",
    "services.switchboard.patience_seconds",
    "services.switchboard.minimum_agents_open",
    "services.switchboard.minimum_persons",
    "services.procurement.minimum_persons",
    "services.pension.post_step",
    "services.it_support.service_level",
    "services.it_support.answer_within",
    "services.it_support.minimum_persons",
    "services.it_support.local_post_step",
    "services.it_support.minimum_technicians",
    "services.managers.manager_minimum_fte",
}
"""The policy parameters of pitea_alvsbyn_high_service (max_occupancy, also a policy, is unset)."""


def _arrays(result: engine.RunResult) -> dict[str, np.ndarray]:
    """Every array of a run by name: workload, FTE, costs, one-off costs, choices, discount."""
    out = {"discount": np.asarray(result.discount())}
    for name, s in result.services.items():
        out |= {f"{name}/workload/{k}": np.asarray(m.values) for k, m in s.workload.items()}
        out |= {f"{name}/{k}": getattr(s, k) for k in ("fte", "fte_staffed", "fte_employed")}
        for group in ("costs", "one_off", "choices"):
            out |= {f"{name}/{group}/{k}": np.asarray(v) for k, v in getattr(s, group).items()}
    return out


def _value(sc: Scenario, path: str) -> float:
    block, *rest = path.split(".")
    if block == "services":
        return sc.services[rest[0]].params[rest[1]].value
    return {"economics": sc.economics, "sharing": sc.sharing}[block][rest[0]].value


def _with_values(sc: Scenario, values: dict[str, float]) -> Scenario:
    """The scenario with these parameter values (paths as in ``draws``)."""
    econ, sharing, services = dict(sc.economics), dict(sc.sharing), dict(sc.services)
    for path, value in values.items():
        block, *rest = path.split(".")
        if block == "services":
            setup = services[rest[0]]
            params = dict(setup.params)
            params[rest[1]] = dataclasses.replace(params[rest[1]], value=float(value))
            services[rest[0]] = dataclasses.replace(setup, params=MappingProxyType(params))
        else:
            target = econ if block == "economics" else sharing
            target[rest[0]] = dataclasses.replace(target[rest[0]], value=float(value))
    return dataclasses.replace(
        sc,
        economics=MappingProxyType(econ),
        sharing=MappingProxyType(sharing),
        services=MappingProxyType(services),
    )


def _facts_of(facts: Facts, draw: int) -> Facts:
    return dataclasses.replace(
        facts, population=facts.population[draw], employees=facts.employees[draw]
    )


def _tiled(facts: Facts, count: int) -> Facts:
    return dataclasses.replace(
        facts,
        population=np.repeat(facts.population[None], count, axis=0),
        employees=np.repeat(facts.employees[None], count, axis=0),
    )


@pytest.fixture(scope="module", params=["pitea_alvsbyn", "lulea_region"])
def loaded(request: pytest.FixtureRequest) -> tuple[Scenario, Facts]:
    sc = scenario.load(SCENARIOS / f"{request.param}.yaml")
    return sc, load_facts(sc.data_dir, sc.municipalities, sc.years)


def test_draws_equal_to_the_scenario_reproduce_the_plain_run_exactly(
    loaded: tuple[Scenario, Facts],
) -> None:
    sc, facts = loaded
    specs = draws.parameter_specs(sc)
    same = {p: np.full(3, _value(sc, p)) for p, spec in specs.items() if not spec.policy}
    plain = _arrays(engine.run(sc, facts))
    drawn = engine.run(sc, _tiled(facts, 3), draws=same)
    got = _arrays(drawn)
    assert set(got) == set(plain) - DIAGNOSTICS
    for name, values in got.items():
        assert values.shape == (3, *plain[name].shape), name
        for d in range(3):
            assert np.array_equal(values[d], plain[name]), (name, d)
    assert all(s.queue is None for s in drawn.services.values())


@pytest.mark.parametrize("name", ["pitea_alvsbyn", "lulea_region", "pitea_alvsbyn_high_service"])
def test_distinct_draws_equal_a_loop_of_plain_runs(name: str) -> None:
    # every non-policy parameter of every service, economics and sharing, and the estimated facts
    sc = scenario.load(SCENARIOS / f"{name}.yaml")
    facts = load_facts(sc.data_dir, sc.municipalities, sc.years)
    rng = np.random.default_rng(14)
    drawn = draws.uniform(sc, 3, rng)
    drawn_facts = draws.facts_with_uncertainty(facts, 0.1, 3, rng)
    blocks = {path.rsplit(".", 1)[0] for path in drawn}
    assert {"economics", "sharing", *(f"services.{s}" for s in sc.services)} - blocks <= {
        "services.rescue_service"  # a given cost: no parameters
    }
    result = engine.run(sc, drawn_facts, draws=drawn)
    together = _arrays(result) | {f"npv/{k}": v for k, v in evaluation.npv_costs(result).items()}
    for d in range(3):
        plain = engine.run(
            _with_values(sc, {p: v[d] for p, v in drawn.items()}), _facts_of(drawn_facts, d)
        )
        alone = _arrays(plain) | {f"npv/{k}": v for k, v in evaluation.npv_costs(plain).items()}
        assert set(together) == set(alone) - DIAGNOSTICS
        for key, values in together.items():
            assert np.allclose(values[d], alone[key], rtol=1e-12, atol=0.0), (key, d)


def test_each_parameter_drawn_alone_equals_plain_runs() -> None:
    # a drawn parameter meets arrays of every shape the services build, with and without draws
    sc = scenario.load(SCENARIOS / "pitea_alvsbyn.yaml")
    facts = load_facts(sc.data_dir, sc.municipalities, sc.years)
    rng = np.random.default_rng(9)
    for path, spec in draws.parameter_specs(sc).items():
        if spec.policy:
            continue
        values = rng.uniform(spec.low, spec.high, 2)
        together = _arrays(engine.run(sc, facts, draws={path: values}))
        for d in range(2):
            alone = _arrays(engine.run(_with_values(sc, {path: values[d]}), facts))
            for key, array in together.items():
                assert array.shape == (2, *alone[key].shape), (path, key)
                assert np.allclose(array[d], alone[key], rtol=1e-12, atol=0.0), (path, key, d)


def test_a_drawn_population_places_the_host_in_each_draw() -> None:
    sc = scenario.load(SCENARIOS / "pitea_alvsbyn.yaml")
    facts = _tiled(load_facts(sc.data_dir, sc.municipalities, sc.years), 2)
    population = facts.population.copy()
    population[1, :, 1] = 3 * population[1, :, 0]  # in draw 1 Älvsbyn is the larger
    facts = dataclasses.replace(facts, population=population)
    result = engine.run(sc, facts)
    assert result.context.host[:, 0].tolist() == [[0, 1, 0], [0, 1, 1]]
    together = _arrays(result)
    for d in range(2):
        alone = _arrays(engine.run(sc, _facts_of(facts, d)))
        for key, values in together.items():
            assert np.allclose(values[d], alone[key], rtol=1e-12, atol=0.0), (key, d)


def test_chunks_give_the_values_of_one_run() -> None:
    sc = scenario.load(SCENARIOS / "pitea_alvsbyn.yaml")
    facts = load_facts(sc.data_dir, sc.municipalities, sc.years)
    drawn = draws.uniform(sc, 5, np.random.default_rng(1))
    whole = engine.run(sc, facts, draws=drawn).running()
    parts = [r.running() for r in evaluation.run_chunks(sc, facts, drawn, size=2)]
    assert [p.shape[0] for p in parts] == [2, 2, 1]
    assert np.array_equal(np.concatenate(parts), whole)


def test_policy_parameters_are_declared_and_refused() -> None:
    sc = scenario.load(SCENARIOS / "pitea_alvsbyn_high_service.yaml")
    specs = draws.parameter_specs(sc)
    assert {path for path, spec in specs.items() if spec.policy} == POLICY
    for path in POLICY:
        with pytest.raises(ValueError, match=f"{path} is a policy choice"):
            engine.run(sc, draws={path: [1.0, 2.0]})


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"services.payroll.hours_per_payslp": [0.3]}, "did you mean 'services.payroll.hours_"),
        ({"services.payrol.hours_per_payslip": [0.3]}, "unknown parameter"),
        ({"economics.discount": [0.03]}, "did you mean 'economics.discount_rate'"),
        ({"services.pension.near_retirement_share": [0.1, 1.5]}, "a share between 0 and 1"),
        ({"economics.wage_growth": [[0.01]]}, "1-d array"),
        ({"economics.wage_growth": [0.01, np.nan]}, "is not a number >= 0"),
        ({"economics.wage_growth": [0.01], "economics.discount_rate": [0.03, 0.04]}, "same count"),
    ],
)
def test_bad_draws_are_refused_with_the_parameter_named(given: dict, message: str) -> None:
    sc = scenario.load(SCENARIOS / "pitea_alvsbyn.yaml")
    with pytest.raises(ValueError, match=message):
        engine.run(sc, draws=given)


def test_uniform_draws_stay_in_the_declared_ranges_and_leave_policy_alone() -> None:
    sc = scenario.load(SCENARIOS / "lulea_region.yaml")
    specs = draws.parameter_specs(sc)
    drawn = draws.uniform(sc, 500, np.random.default_rng(2))
    assert set(drawn) == {p for p, s in specs.items() if not s.policy}
    for path, values in drawn.items():
        assert values.shape == (500,)
        assert specs[path].low <= values.min() <= values.max() <= specs[path].high, path


def test_estimated_facts_are_drawn_and_verified_ones_kept() -> None:
    sc = scenario.load(SCENARIOS / "lulea_region.yaml")
    facts = load_facts(sc.data_dir, sc.municipalities, sc.years)
    drawn = draws.facts_with_uncertainty(facts, 0.05, 200, np.random.default_rng(3))
    assert drawn.population.shape == (200, *facts.population.shape)
    sources = facts.sources[facts.sources["series"] == "population"]
    verified = sources[sources["status"] == "verified"].iloc[0]
    i = int(np.flatnonzero(facts.years == verified["year"])[0])
    j = facts.municipalities.index(verified["municipality"])
    assert np.all(drawn.population[:, i, j] == facts.population[i, j])
    ratio = drawn.employees / facts.employees  # every employee figure is an estimate
    assert 0.95 <= ratio.min() < 0.96 and 1.04 < ratio.max() <= 1.05
    assert np.allclose(ratio, ratio[:, :1, :])  # one factor per draw and municipality


def _random_case(rng: np.random.Generator, case: int) -> dict:
    erlang_a = case % 3 == 0
    size = 300 if erlang_a else 3000
    return {
        "traffic": np.where(
            rng.random(size) < 0.05, 0.0, rng.uniform(0, rng.choice([2, 10, 40, 150]), size)
        ),
        "aht": float(rng.uniform(60, 600))
        if case % 2
        else rng.choice(rng.uniform(60, 600, 7), size),
        "target_service_level": float(rng.uniform(0.5, 0.95)),
        "within": float(rng.choice([0.0, 20.0, 60.0, 180.0])),
        "patience": float(rng.uniform(30, 600)) if erlang_a else None,
        "max_occupancy": float(rng.uniform(0.6, 0.95)) if case % 4 == 1 else None,
        "floor": int(rng.integers(0, 3)),
    }


@pytest.mark.parametrize("case", range(24))
def test_staffing_by_table_equals_min_agents(case: int) -> None:
    # Erlang C and A (with patience, as pitea_alvsbyn_high_service), occupancy caps, floors 0–2,
    # one handling time or several, queues from a fraction of an Erlang to well past the recursion
    args = _random_case(np.random.default_rng(case), case)
    expected = queueing.min_agents(**args)
    assert np.array_equal(queueing.min_agents_by_table(**args), expected)


@pytest.mark.parametrize("patience", [None, 150.0])
def test_a_week_with_drawn_handling_times_equals_min_agents_interval_by_interval(patience):
    # a table per draw's handling time; every interval of every coalition, year and draw
    rng = np.random.default_rng(5)
    calls = rng.uniform(0.0, 4e5, (20, 3, 7))
    calls[0, 0, 0] = 0.0
    p = {
        "open_days": rng.uniform(245, 252, (20, 1, 1)),
        "aht_seconds": rng.uniform(60, 600, (20, 1, 1)),
    }
    p |= {"service_level": 0.85, "answer_within": 30.0}
    p |= {} if patience is None else {"patience_seconds": patience}
    targets = queues.queue_targets(p, floor=2)
    week = queues.week_staffing(calls, p, Profiles(), targets)
    traffic = switchboard.interval_traffic(calls, p, Profiles())  # (weekday, interval, D, Y, C)
    agents = queueing.min_agents(traffic, p["aht_seconds"], 0.85, 30.0, patience=patience, floor=2)
    assert np.array_equal(week.agents, agents.sum(axis=(0, 1)))
    assert np.array_equal(week.peak, agents.max(axis=(0, 1)))
    assert np.array_equal(week.peak_traffic, traffic.max(axis=(0, 1)))


@pytest.mark.parametrize("patience", [None, 120.0])
def test_week_totals_at_the_limits_are_decided_by_min_agents(patience: float | None) -> None:
    # traffic right at a limit (where the table's bracket leaves doubt) in some intervals
    profiles = Profiles(
        interval_minutes=30, intraday=(2.0, 1.0, 1.0), weekday=(3.0, 1.0), source="t"
    )
    targets = queueing.QueueTargets(0.8, 20.0, patience=patience, floor=1)
    p = {"open_days": 250.0, "aht_seconds": 180.0}
    shares = np.multiply.outer(profiles.weekday_array(), profiles.intraday_array()).ravel()
    table = queueing.staffing_table(np.array([180.0]), targets, np.array([40.0]))
    limits = table.limits[0, :25]
    # calls a year that put the busiest interval exactly at a limit, and beside it
    weeks = 250.0 / 2
    calls = np.concatenate([limits, limits * (1 + 1e-12), limits * (1 - 1e-12)])
    calls = calls / shares.max() * 3600.0 / 180.0 * 0.5 * weeks
    week = queues.week_staffing(calls[None, :], p, profiles, targets)
    traffic = queues.offered_traffic(shares, calls[None, :] / weeks, 0.5, 180.0)
    agents = queueing.min_agents(traffic, 180.0, 0.8, 20.0, patience=patience)
    assert np.array_equal(week.agents, agents.sum(axis=0))
    assert np.array_equal(week.peak, agents.max(axis=0))
    assert np.array_equal(week.peak_traffic, traffic.max(axis=0))


@pytest.mark.parametrize(
    "module", ["simulator.engine.draws", "simulator.services.common", "simulator.services.queues"]
)
def test_docstring_examples_run(module: str) -> None:
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    result = doctest.testmod(importlib.import_module(module), optionflags=flags)
    assert result.failed == 0
