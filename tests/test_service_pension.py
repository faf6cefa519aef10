"""Pension advice: hand-checked posts in 5 % steps on two and three members, the engine leaving the
post as it is, make-or-buy, draws, subadditivity of the staffing, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import ROUND_ECONOMICS, make_context, staff_context
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import scenario
from simulator.core.errors import InputError
from simulator.core.facts import Facts
from simulator.engine import evaluation
from simulator.services.base import Context
from simulator.services.pension import SERVICE

FIXTURES = Path(__file__).parent / "fixtures" / "services"


_context = staff_context


def _params(**changes: float) -> dict[str, float]:
    return {s.name: s.default for s in SERVICE.params if s.default is not None} | changes


# 10 % near retirement × 0.5 consultations a year; 2 h each; 40 h of competence upkeep per adviser;
# posts in 5 % steps at 30 000 SEK/month; external 3 000 SEK per consultation; half in person,
# 5 per trip; 20 h coordination per member. Round economics: 1 600 h, PO 50 %, overhead 20 %,
# 2 SEK/km at 50 km/h, quarter-time staffing_step (which the post must not meet).
P = _params(
    consultations_per_person=0.5,
    hours_per_consultation=2.0,
    monthly_salary=30000.0,
    consultations_per_visit=5.0,
    coordination_hours_per_member=20.0,
    competence_hours=40.0,
    post_step=0.05,
)
FTE = 30000 * 12 * 1.5 * 1.2  # 648 000 SEK a year for an FTE with PO 50 % and overhead 20 %
HOUR = FTE / 1600  # 405 SEK an hour


def _cost(out) -> np.ndarray:
    """Running cost a year of every coalition, SEK."""
    return sum(out.costs.values())


def test_hand_checked_two_members() -> None:
    ctx = _context((4000.0, 500.0))
    out = SERVICE.evaluate(ctx, P, None)
    # consultations: A 4 000 × 0.1 × 0.5 = 200, B 25, shared 225
    assert out.workload["consultations"].values[0] == pytest.approx([200.0, 25.0, 225.0])
    # A: 400 h + 40 h upkeep = 440 h = 0.275 FTE → post 0.30; B: 50 + 40 = 90 h = 0.05625 → 0.10
    # shared: B's 25 × 0.5 / 5 = 2.5 trips × 2 × 100 km = 500 km → 10 h and 1 000 SEK; 2 × 20 h
    # coordination; 450 + 10 + 40 + 40 = 540 h = 0.3375 FTE → 0.35; one adviser in each
    assert out.workload["adviser_fte"].values[0] == pytest.approx([0.275, 0.05625, 0.3375])
    assert out.workload["post_fte"].values[0] == pytest.approx([0.30, 0.10, 0.35])
    assert out.workload["advisers"].values[0].tolist() == [1.0, 1.0, 1.0]
    # in-house 0.30 × 648 000 = 194 400 < 200 × 3 000; 64 800 < 25 × 3 000 = 75 000; shared too
    assert out.choices["make_or_buy"][0].tolist() == [1.0, 1.0, 1.0]
    costs = {k: v[0].tolist() for k, v in out.costs.items()}
    assert costs["advice"] == pytest.approx([400 * HOUR, 50 * HOUR, 450 * HOUR])
    assert costs["competence"] == pytest.approx([40 * HOUR] * 3)  # 16 200 each: one adviser
    # the post above the need: 0.025, 0.04375 and 0.0125 FTE
    assert costs["rounding"] == pytest.approx([16200.0, 28350.0, 8100.0])
    assert costs["travel_time"] == pytest.approx([0.0, 0.0, 10 * HOUR])
    assert costs["travel"] == pytest.approx([0.0, 0.0, 1000.0])
    assert costs["coordination"] == pytest.approx([0.0, 0.0, 40 * HOUR])
    assert costs["external"] == pytest.approx([0.0, 0.0, 0.0])
    # 0.35 × 648 000 + 1 000; saving 259 200 − 227 800 = 31 400: rounding 36 450 and the upkeep
    # 16 200 saved, less travel and coordination 21 250
    assert _cost(out)[0] == pytest.approx([194400.0, 64800.0, 227800.0])


def test_the_engine_pays_the_post_as_stepped() -> None:
    ctx = _context((4000.0, 500.0))
    result = evaluation.cost_result(ctx, SERVICE, SERVICE.evaluate(ctx, P, None))
    # 0.30, 0.10 and 0.35 FTE at 648 000 (plus 1 000 SEK of car), not the quarter-time 0.5, 0.25 and
    # 0.5 of the scenario's staffing_step; no staff group, so no attrition or commuting either
    assert result.running[0] == pytest.approx([194400.0, 64800.0, 227800.0])
    assert result.fte_staffed[0].tolist() == [0.0, 0.0, 0.0]
    # the saving by mechanism: rounding 36 450, specialists (the upkeep) 16 200, sharing −21 250;
    # one-off: B's migration 20 000 and 80 project hours at 600 SEK = 68 000
    saving = {m: float(v[0, 0] + v[0, 1] - v[0, 2]) for m, v in result.sources.items()}
    saving = {m: v for m, v in saving.items() if abs(v) > 1e-6}
    assert saving == pytest.approx(
        {"specialists": 16200.0, "rounding": 36450.0, "sharing": -21250.0, "one_off": -68000.0}
    )


def test_three_members_by_hand() -> None:
    ctx = _context((8000.0, 8000.0, 1000.0), km=30.0)
    out = SERVICE.evaluate(ctx, P, None)
    # coalitions A, B, A+B, C, A+C, B+C, A+B+C; consultations 400, 400, 800, 50, 450, 450, 850
    # A: 800 h + 40 upkeep = 0.525 FTE → 0.55; C: 100 + 40 = 0.0875 → 0.10
    # A+B (host A): B's 200 in-person meetings / 5 = 40 trips × 60 km = 2 400 km → 48 h;
    # 1 600 + 48 + 40 coordination = 1 688 h > one position (1 600 − 40 h): two advisers, 80 h
    # upkeep → 1 768 h = 1.105 FTE → 1.15. A+C: 900 + 6 + 40 + 40 = 986 h → 0.61625 → 0.65
    # A+B+C: 1 700 + 54 + 60 + 80 = 1 894 h → 1.18375 → 1.20
    assert out.workload["advisers"].values[0].tolist() == [1, 1, 2, 1, 1, 1, 2]
    assert out.workload["post_fte"].values[0] == pytest.approx(
        [0.55, 0.55, 1.15, 0.10, 0.65, 0.65, 1.20]
    )
    # A+B needs a second adviser and saves no upkeep: 1.15 FTE against 0.55 + 0.55, plus 4 800
    # SEK of car: 750 000 − 712 800 = 37 200 SEK dearer. A+C saves C's upkeep (40 h) and spends
    # it on coordination (40 h); the 6 h of travel fit in the post: 0.65 = 0.55 + 0.10, and
    # 600 SEK of car
    cost = _cost(out)[0]
    assert cost == pytest.approx(
        [356400.0, 356400.0, 750000.0, 64800.0, 421800.0, 421800.0, 783000.0]
    )
    assert cost[2] - cost[0] - cost[1] == pytest.approx(37200.0)
    assert cost[4] - cost[0] - cost[3] == pytest.approx(600.0)


def test_small_members_buy_and_a_coalition_that_buys_pays_what_they_pay() -> None:
    ctx = _context((200.0, 150.0))
    out = SERVICE.evaluate(ctx, P, None)
    # A: 10 consultations, 20 + 40 h = 0.0375 FTE → 0.05 = 32 400 > 10 × 3 000: bought.
    # B: 7.5 → 15 + 40 h → 0.05 = 32 400 > 22 500. A+B in-house: 35 h + 3 h travel + 40 h
    # coordination + 40 h upkeep = 0.07375 → 0.10 = 64 800 + 300 SEK car (+ 68 000 SEK set-up)
    # against 17.5 × 3 000 = 52 500: bought, as its members buy
    assert out.choices["make_or_buy"][0].tolist() == [0.0, 0.0, 0.0]
    assert out.costs["external"][0] == pytest.approx([30000.0, 22500.0, 52500.0])
    assert out.costs["coordination"][0].tolist() == [0.0, 0.0, 0.0]
    assert out.workload["post_fte"].values[0].tolist() == [0.0, 0.0, 0.0]
    # nothing set up when the members keep buying
    assert all(np.all(v == 0.0) for v in out.one_off.values())


def test_a_member_that_buys_alone_is_served_in_house_when_shared() -> None:
    ctx = _context((4000.0, 200.0))
    out = SERVICE.evaluate(ctx, P, None)
    # B alone: 10 consultations, 60 h → 0.05 FTE = 32 400 > 30 000: bought; shared: B's 5 meetings
    # in person / 5 = 1 trip of 200 km → 4 h, 400 SEK; 420 + 4 + 40 + 40 = 504 h → 0.35: 227 200
    # SEK, 2 800 more than A in-house and B buying, as a coalition employs or buys for all members
    assert out.choices["make_or_buy"][0].tolist() == [1.0, 0.0, 1.0]
    assert out.costs["external"][0] == pytest.approx([0.0, 30000.0, 0.0])
    assert _cost(out)[0] == pytest.approx([194400.0, 30000.0, 0.35 * FTE + 400.0])


# Hand arithmetic for the property below (one year, no distance, no coordination): per employee
# 0.1 near retirement × 0.45 = 0.045 consultations × 2 h = 0.09 h. With 1 000 employees, 90 h and
# at most 80 h of upkeep give a post of 0.15 FTE = 97 200 SEK against 45 × 3 000 = 135 000 bought:
# in-house, and more so for more employees. Without travel or coordination, pooling keeps the
# hours and saves upkeep; the number of advisers and the 5 % step are both subadditive.


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(1000, 20000), min_size=3, max_size=3), st.floats(0.0, 80.0))
def test_without_costs_of_sharing_pooling_is_never_dearer(employees, competence) -> None:
    ctx = _context(tuple(employees), km=0.0)
    p = P | {"coordination_hours_per_member": 0.0, "competence_hours": competence}
    p |= {"consultations_per_person": 0.45}
    out = SERVICE.evaluate(ctx, p, None)
    assert out.choices["make_or_buy"][0].tolist() == [1.0] * 7
    cost = np.concatenate([[0.0], _cost(out)[0]])  # by bitmask: A = 1, B = 2, C = 4
    pairs = [(a, b) for a in range(1, 8) for b in range(1, 8) if a & b == 0]
    assert len(pairs) == 12
    for a, b in pairs:
        assert cost[a | b] <= cost[a] + cost[b] + 1e-6, (a, b)


def test_a_leading_axis_of_draws_passes_through() -> None:
    ctx = _context((4000.0, 500.0, 1500.0), km=60.0)
    shares = np.array([0.08, 0.12])
    upkeep = np.array([16.0, 80.0])
    drawn = SERVICE.evaluate(
        ctx,
        P
        | {
            "near_retirement_share": shares[:, None, None],
            "competence_hours": upkeep[:, None, None],
        },
        None,
    )
    for d in range(2):
        one = SERVICE.evaluate(
            ctx, P | {"near_retirement_share": shares[d], "competence_hours": upkeep[d]}, None
        )
        for key, values in one.costs.items():
            assert drawn.costs[key][d] == pytest.approx(values), key
        for key, measure in one.workload.items():
            assert drawn.workload[key].values[d] == pytest.approx(measure.values), key
        for key, values in one.one_off.items():
            assert drawn.one_off[key][d] == pytest.approx(values)


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
    out = SERVICE.evaluate(_context_over_years([200.0] * 3, wage_growth=0.1), P, None)
    # A alone buys its 200 × 0.05 = 10 consultations at 3 000 SEK in 2014, 3 300 in 2015 and 3 630
    # in 2016; in-house its 0.05 FTE post would cost 32 400, 35 640 and 39 204 SEK: bought
    assert out.choices["make_or_buy"][:, 0].tolist() == [0.0, 0.0, 0.0]
    assert out.costs["external"][:, 0] == pytest.approx([30000.0, 33000.0, 36300.0])


@pytest.mark.parametrize(
    ("employees_a", "make"), [([230.0, 230.0, 200.0], 1.0), ([230.0, 200.0, 200.0], 0.0)]
)
def test_make_or_buy_is_decided_once_for_the_whole_horizon(employees_a, make) -> None:
    out = SERVICE.evaluate(_context_over_years(employees_a), P, None)
    # A alone: 0.05 consultations per employee, 0.1 h. In-house 230 or 200 employees need
    # 23 or 20 h + 40 h upkeep, a post of 0.05 FTE: 32 400 SEK a year; bought 230 × 0.05 × 3 000 =
    # 34 500 or 30 000. Year by year the choice would flip; over the horizon it does not:
    # 230, 230, 200: bought 99 000 > in-house 97 200 → in-house in all three years;
    # 230, 200, 200: bought 94 500 < 97 200 → bought in all three years.
    assert out.choices["make_or_buy"][:, 0].tolist() == [make] * 3
    assert out.costs["external"][:, 0] == pytest.approx(np.array(employees_a) * 150.0 * (1 - make))
    assert out.workload["post_fte"].values[:, 0].tolist() == pytest.approx([0.05 * make] * 3)


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
