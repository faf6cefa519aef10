"""Pension advice: hand-checked make-or-buy, travel to the non-host member, properties, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import ROUND_ECONOMICS, make_context, staff_context
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import scenario
from simulator.core import coalitions
from simulator.core.errors import InputError
from simulator.core.facts import Facts
from simulator.services import staffing
from simulator.services.base import Context
from simulator.services.pension import SERVICE

FIXTURES = Path(__file__).parent / "fixtures" / "services"


_context = staff_context


def _params(**changes: float) -> dict[str, float]:
    return {s.name: s.default for s in SERVICE.params if s.default is not None} | changes


# 10 % near retirement × 0.5 consultations a year; 2 h each; half-time minimum at 30 000 SEK/month;
# external 3 000 SEK per consultation; half in person, 5 per trip; 2 SEK/km at 50 km/h; 20 h coordination.
P = _params(
    consultations_per_person=0.5,
    hours_per_consultation=2.0,
    monthly_salary=30000.0,
    consultations_per_visit=5.0,
    coordination_hours_per_member=20.0,
)
HALF_TIME = 0.5 * 30000 * 12 * 1.5 * 1.2  # 324 000 SEK a year with PO 50 % and overhead 20 %


def _quarters(fte: np.ndarray, minimum: np.ndarray | float) -> np.ndarray:
    """FTE staffed in quarter-time steps, rounded up, at least ``minimum``."""
    return np.maximum(np.ceil(np.round(fte * 4, 9)) / 4, minimum)


def _cost(out) -> np.ndarray:
    """Staff (PO 50 %, overhead 20 %, no wage growth) plus the other costs, SEK a year."""
    group = out.staff["pension"]
    staff = _quarters(group.fte, group.minimum_fte) * group.monthly_salary * 12 * 1.5 * 1.2
    return staff + sum(out.costs.values())


def test_hand_checked_make_or_buy() -> None:
    ctx = _context((4000.0, 500.0))
    out = SERVICE.evaluate(ctx, P, None)
    # consultations: A 4 000 × 0.1 × 0.5 = 200, B 25, shared 225
    assert out.workload["consultations"].values[0] == pytest.approx([200.0, 25.0, 225.0])
    # A: 400 h → 0.25 FTE, staffed at the 0.5 minimum = 324 000 < 200 × 3 000 = 600 000 → in-house
    # B: in-house 324 000 > 25 × 3 000 = 75 000 → bought
    # shared: B's 25 × 0.5 / 5 = 2.5 trips × 2 × 100 km = 500 km → 10 h and 1 000 SEK;
    # hours 450 + 10 + 2 × 20 = 500 → 0.3125 FTE, staffed 0.5: 325 000 < 675 000 + 40 h × 600 → in-house
    assert out.choices["make_or_buy"][0].tolist() == [1.0, 0.0, 1.0]
    assert out.staff["pension"].fte[0] == pytest.approx([0.25, 0.0, 0.3125])
    assert out.costs["external"][0] == pytest.approx([0.0, 75000.0, 0.0])
    assert out.costs["travel"][0] == pytest.approx([0.0, 0.0, 1000.0])
    assert _cost(out)[0] == pytest.approx([HALF_TIME, 75000.0, HALF_TIME + 1000.0])


def test_bought_coalitions_have_no_staff_and_no_minimum() -> None:
    ctx = _context((500.0, 400.0))
    out = SERVICE.evaluate(ctx, P, None)
    assert out.choices["make_or_buy"][0].tolist() == [0.0, 0.0, 0.0]
    staffed = staffing.staffed(out.staff["pension"].fte, out.staff["pension"].minimum_fte, 0.25)
    assert staffed.tolist() == [[0.0, 0.0, 0.0]]
    # 25 + 20 consultations × 3 000 SEK; a shared purchase still needs 2 × 20 h of coordination
    assert out.costs["external"][0] == pytest.approx([75000.0, 60000.0, 135000.0])
    assert out.costs["coordination"][0] == pytest.approx([0.0, 0.0, 24000.0])


def test_travel_grows_with_distance() -> None:
    near = SERVICE.evaluate(_context((4000.0, 500.0), km=50.0), P, None)
    far = SERVICE.evaluate(_context((4000.0, 500.0), km=400.0), P, None)
    assert far.costs["travel"][0, 2] == pytest.approx(8 * near.costs["travel"][0, 2])
    assert far.workload["travel_hours"].values[0, 2] == pytest.approx(
        8 * near.workload["travel_hours"].values[0, 2]
    )


# Hand arithmetic for the property below (one year, no distance, no coordination): per employee
# 0.1 near retirement × 0.45 = 0.045 consultations × 2 h = 0.09 h. In-house: the FTE need rounded up
# to a quarter, at least the minimum, × 30 000 × 12 × 1.5 × 1.2 = 648 000 SEK per FTE. Bought:
# 0.045 × 3 000 = 135 SEK per employee.
PER_FTE = 30000 * 12 * 1.5 * 1.2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(50, 20000), min_size=2, max_size=4), st.floats(0.5, 1.0))
def test_choice_is_the_cheaper_and_pooled_staff_is_no_more_than_the_parts(
    employees, minimum
) -> None:
    ctx = _context(tuple(employees), km=0.0)
    p = _params(
        minimum_fte=minimum,
        coordination_hours_per_member=0.0,
        hours_per_consultation=2.0,
        monthly_salary=30000.0,
    )
    out = SERVICE.evaluate(ctx, p, None)
    pooled = ctx.membership.T @ np.asarray(employees)  # employees per coalition
    inside = _quarters(pooled * 0.09 / 1600, minimum) * PER_FTE
    bought = pooled * 135.0
    assert _cost(out)[0] == pytest.approx(np.minimum(inside, bought))
    assert out.choices["make_or_buy"][0].tolist() == (inside <= bought).astype(float).tolist()
    staffed = _quarters(pooled * 0.09 / 1600, minimum)
    singles = coalitions.singletons(len(employees)) - 1
    assert np.all(staffed <= staffed[singles] @ ctx.membership + 1e-9)


def _context_over_years(employees_a: list[float], **economics: float) -> Context:
    """A (``employees_a``, one figure a year from 2014) and B (500 employees), 100 km apart."""
    years = np.arange(2014, 2014 + len(employees_a))
    employees = np.column_stack([employees_a, np.full(years.size, 500.0)])
    facts = Facts(
        ("A", "B"),
        years,
        10 * employees,
        employees,
        np.array([[0.0, 100.0], [100.0, 0.0]]),
        pd.DataFrame(),
    )
    return make_context(facts, **(ROUND_ECONOMICS | economics))


def test_external_price_grows_with_wages() -> None:
    out = SERVICE.evaluate(_context_over_years([4000.0, 4000.0, 4000.0], wage_growth=0.1), P, None)
    # B buys 500 × 0.1 × 0.5 = 25 consultations at 3 000 SEK in 2014, at 3 300 in 2015 and 3 630 in 2016;
    # in-house it would pay the half-time minimum, 324 000, 356 400 and 392 040 SEK: bought every year.
    assert out.choices["make_or_buy"][:, 1].tolist() == [0.0, 0.0, 0.0]
    assert out.costs["external"][:, 1] == pytest.approx([75000.0, 82500.0, 90750.0])


@pytest.mark.parametrize(
    ("employees_a", "make"), [([2300.0, 2300.0, 2000.0], 1.0), ([2300.0, 2000.0, 2000.0], 0.0)]
)
def test_make_or_buy_is_decided_once_for_the_whole_horizon(employees_a, make) -> None:
    out = SERVICE.evaluate(_context_over_years(employees_a), P, None)
    # A alone: 0.1 × 0.5 = 0.05 consultations per employee. In-house the half-time minimum (2 300
    # employees need 230 h = 0.14 FTE) costs 324 000 SEK a year; bought 2 300 × 0.05 × 3 000 = 345 000,
    # 2 000 → 300 000. Year by year the choice would flip; over the horizon it does not:
    # 2 300, 2 300, 2 000: bought 990 000 > in-house 972 000 → in-house in all three years;
    # 2 300, 2 000, 2 000: bought 945 000 < 972 000 → bought in all three years.
    assert out.choices["make_or_buy"][:, 0].tolist() == [make] * 3
    assert out.costs["external"][:, 0] == pytest.approx(np.array(employees_a) * 150.0 * (1 - make))
    assert out.staff["pension"].fte[:, 0] == pytest.approx(
        np.array(employees_a) * 0.1 / 1600 * make
    )
    assert np.asarray(out.staff["pension"].minimum_fte)[:, 0].tolist() == [0.5 * make] * 3


@pytest.mark.parametrize(
    ("fixture", "field", "value"),
    [
        (
            "pension_share_below_zero.yaml",
            "services.pension.params.near_retirement_share.value",
            -0.1,
        ),
        ("pension_in_person_above_one.yaml", "services.pension.params.in_person_share.value", 1.2),
    ],
)
def test_bad_input_names_file_field_and_value(fixture: str, field: str, value: object) -> None:
    with pytest.raises(InputError) as caught:
        scenario.load(FIXTURES / fixture)
    assert (Path(caught.value.file).name, caught.value.field, caught.value.value) == (
        fixture,
        field,
        value,
    )
