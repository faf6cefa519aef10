"""What every service model must do: stay finite for a member without staff or inhabitants, and let a
leading axis (Monte Carlo draws) pass through with the same numbers as one draw at a time."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from helpers import make_context
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.facts import Facts
from simulator.services import REGISTRY
from simulator.services.base import Context, ServiceOutput

SERVICES = ("payroll", "switchboard", "procurement", "pension", "it_support", "managers")
YEARS = np.array([2014, 2015, 2016])


def _facts(population: np.ndarray, employees: np.ndarray) -> Facts:
    """Facts for A, B, C (30 and 60 km apart) from (..., Y, 3) population and employees."""
    distance = np.array([[0.0, 30.0, 60.0], [30.0, 0.0, 30.0], [60.0, 30.0, 0.0]])
    return Facts(("A", "B", "C"), YEARS, population, employees, distance, pd.DataFrame())


def _context(population: np.ndarray, employees: np.ndarray) -> Context:
    """Context at the declared economics with 2 % wage growth; managers see 3 FTE of another service
    in every coalition. Hosts come from the first draw's base year (they are not drawn)."""
    first = (0,) * (population.ndim - 2)
    ctx = make_context(_facts(population[first], employees[first]), wage_growth=0.02)
    other = np.broadcast_to(3.0, (*employees.shape[:-1], ctx.size.size))
    return dataclasses.replace(
        ctx, facts=_facts(population, employees), service_fte=MappingProxyType({"payroll": other})
    )


def _evaluate(name: str, ctx: Context) -> ServiceOutput:
    service = REGISTRY[name]
    params = {s.name: s.default for s in service.params if s.default is not None}
    return service.evaluate(ctx, params, None)


def _arrays(out: ServiceOutput) -> dict[str, np.ndarray]:
    """Every array of a service's output, by name."""
    arrays = {f"workload.{k}": m.values for k, m in out.workload.items()}
    for k, group in out.staff.items():
        arrays[f"staff.{k}.fte"] = group.fte
        arrays[f"staff.{k}.minimum_fte"] = group.minimum_fte
    arrays |= {f"costs.{k}": v for k, v in out.costs.items()}
    arrays |= {f"one_off.{k}": v for k, v in out.one_off.items()}
    arrays |= {f"choices.{k}": v for k, v in out.choices.items()}
    return {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()}


# Three members over three years: A 42 000 inhabitants and 4 200 employees, B 8 000 and 700, C 16 000 and
# 1 500, growing 1 % a year.
GROWTH = 1.01 ** np.arange(3)[:, None]
POPULATION = np.array([42000.0, 8000.0, 16000.0]) * GROWTH
EMPLOYEES = np.array([4200.0, 700.0, 1500.0]) * GROWTH


@pytest.mark.parametrize("name", SERVICES)
@pytest.mark.parametrize("empty", [0, 1, 2])
@pytest.mark.parametrize("drivers", ["both", "employees", "population"])
def test_a_member_without_employees_or_inhabitants_gives_finite_results(
    name, empty, drivers
) -> None:
    population, employees = POPULATION.copy(), EMPLOYEES.copy()
    if drivers in ("both", "population"):
        population[:, empty] = 0.0
    if drivers in ("both", "employees"):
        employees[:, empty] = 0.0
    with np.errstate(all="raise"):  # no 0 × inf, 0 / 0 or overflow on the way
        out = _evaluate(name, _context(population, employees))
    bad = [k for k, v in _arrays(out).items() if not np.all(np.isfinite(v))]
    assert bad == []


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(SERVICES),
    st.integers(0, 2),
    st.lists(st.floats(0.0, 100000.0), min_size=3, max_size=3),
    st.lists(st.floats(0.0, 0.2), min_size=3, max_size=3),
)
def test_any_member_can_be_empty(name, empty, population, staff_share) -> None:
    population = np.tile(population, (3, 1))
    employees = population * np.asarray(staff_share)
    population[:, empty], employees[:, empty] = 0.0, 0.0
    out = _evaluate(name, _context(population, employees))
    assert all(np.all(np.isfinite(v)) for v in _arrays(out).values())


@pytest.mark.parametrize("name", [*SERVICES, "given_cost"])
def test_a_leading_axis_of_draws_gives_each_draw_its_own_numbers(name) -> None:
    # two draws: the facts as they are, and a second with B's inhabitants and staff halved
    second = np.array([1.0, 0.5, 1.0])
    population = np.stack([POPULATION, POPULATION * second])  # (2, Y, n)
    employees = np.stack([EMPLOYEES, EMPLOYEES * second])
    settings = REGISTRY[name].settings_model
    given_cost = {"annual_cost": 100000.0, "source": "assumption: test"}
    setup = settings.model_validate(given_cost) if name == "given_cost" else None
    service = REGISTRY[name]
    params = {s.name: s.default for s in service.params if s.default is not None}
    both = _arrays(service.evaluate(_context(population, employees), params, setup))
    for draw in (0, 1):
        one = _arrays(service.evaluate(_context(population[draw], employees[draw]), params, setup))
        assert set(both) == set(one)
        for key, value in one.items():
            # arrays that do not depend on the facts (one-off costs, a fixed fee) need no draws axis
            drawn = np.broadcast_to(
                both[key], (2, *np.broadcast_shapes(both[key].shape[1:], value.shape))
            )
            assert drawn[draw] == pytest.approx(
                np.broadcast_to(value, drawn.shape[1:]), rel=1e-12
            ), key


def test_identical_draws_give_the_same_numbers_twice() -> None:
    population, employees = np.stack([POPULATION] * 2), np.stack([EMPLOYEES] * 2)
    for name in SERVICES:
        both = _arrays(_evaluate(name, _context(population, employees)))
        one = _arrays(_evaluate(name, _context(POPULATION, EMPLOYEES)))
        for key, value in one.items():
            if both[key].ndim > value.ndim:
                assert both[key][0] == pytest.approx(value, rel=1e-12) and both[key][
                    1
                ] == pytest.approx(value)
            else:
                assert both[key] == pytest.approx(value, rel=1e-12)
