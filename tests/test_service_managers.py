"""Managers and specialists: managers by span of control, specialists employed, left to a
generalist or bought, worked by hand on two members; draws; subadditivity; the scenario run."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from helpers import ROUND_ECONOMICS, make_context, make_facts
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from simulator import engine, scenario
from simulator.core.errors import InputError
from simulator.core.facts import Facts
from simulator.engine import evaluation
from simulator.services.base import Context, ServiceOutput
from simulator.services.managers import (
    DEFAULT_ROLES,
    SERVICE,
    ManagersSettings,
    Role,
    fte_cost,
    manager_fte,
    whole_posts,
)

FIXTURES = Path(__file__).parent / "fixtures" / "services"
SCENARIOS = Path(__file__).parent.parent / "scenarios"

# An FTE costs salary × 12 × 1.5 (PO 50 %) × 1.2 (overhead 20 %): a specialist at 40 000 SEK a month
# 864 000 SEK a year, a manager at 50 000 SEK 1 080 000 SEK. With 20 staff per manager an in-house
# FTE costs 864 000 + 1 080 000 / 20 = 918 000 SEK, an hour (1 600 h a year) 573.75 SEK.
SPECIALIST_FTE = 864000.0
MANAGER_FTE = 1080000.0

ROLE = Role(
    name="lawyer",
    driver="employees",
    hours_fixed=100.0,
    hours_per_thousand=400.0,
    external_hourly_price=800.0,
    source="assumption: test role",
)
ONE_ROLE = ManagersSettings(roles=(ROLE,))


def _params(**changes: float) -> dict[str, float]:
    declared = {s.name: s.default for s in SERVICE.params if s.default is not None}
    given = {
        "span_of_control": 20.0,
        "manager_salary": 50000.0,
        "specialist_salary": 40000.0,
        "specialist_post_share": 0.5,
        "generalist_time_factor": 1.5,
        "hours_per_visit": 20.0,
    }
    return declared | given | changes


def _context(
    employees: tuple[float, ...],
    service_fte: dict[str, list[float] | np.ndarray] | None = None,
    km: float = 50,
) -> Context:
    """Members A, B, … with these employees and ten inhabitants each, ``km`` apart (A the host),
    round economics (50 km/h, 2 SEK/km), and other services' staffed FTE per coalition."""
    facts = make_facts([10 * e for e in employees], list(employees), km)
    ctx = make_context(facts, **ROUND_ECONOMICS)
    fte = {k: np.array([v], dtype=np.float64) for k, v in (service_fte or {}).items()}
    return dataclasses.replace(ctx, service_fte=MappingProxyType(fte))


def _running(ctx: Context, out: ServiceOutput, p: dict[str, float]) -> np.ndarray:
    """(Y, C) running cost without attrition: the posts as the engine pays them, and the costs."""
    salaries = {"managers": p["manager_salary"], "specialists": p["specialist_salary"]}
    posts = sum(g.fte * fte_cost(ctx, salaries[k]) for k, g in out.staff.items())
    return posts + sum(out.costs.values())


def test_hand_checked_two_members_employ_and_buy() -> None:
    ctx = _context((2000.0, 200.0))
    p = _params()
    out = SERVICE.evaluate(ctx, p, ONE_ROLE)
    # hours: A 100 + 400 × 2.0 = 900 h (0.5625 FTE, fills half a post), B 100 + 400 × 0.2 = 180 h
    # (0.1125 FTE, does not), A+B 1 080 h.
    # A: specialist 0.5625 × 918 000 = 516 375 < generalist 1.5 × that < bought 900 × 800 → employs.
    # B: generalist 180 × 1.5 / 1 600 = 0.16875 FTE × 918 000 = 154 912.5 > bought 144 000 → buys.
    # A+B, hosted by A: 180 / 20 h = 9 trips to B, 2 × 9 × 50 = 900 km, 18 h and 1 800 SEK;
    # specialist (1 080 + 18) / 1 600 = 0.68625 FTE × 918 000 + 1 800 = 631 777.5 < 864 000 bought.
    assert out.choices["make_or_buy_lawyer"][0].tolist() == [1.0, 0.0, 1.0]
    assert out.choices["specialist_lawyer"][0].tolist() == [1.0, 0.0, 1.0]
    assert out.workload["specialist_fte"].values[0] == pytest.approx([0.5625, 0.0, 0.68625])
    assert out.workload["bought_hours"].values[0] == pytest.approx([0.0, 180.0, 0.0])
    assert out.costs["external"][0] == pytest.approx([0.0, 144000.0, 0.0])
    assert out.costs["travel"][0] == pytest.approx([0.0, 0.0, 1800.0])
    # whole quarter posts to the engine, the rest pro rata: A 0.5 + 0.0625, A+B 0.5 + 0.18625
    assert out.staff["specialists"].fte[0] == pytest.approx([0.5, 0.0, 0.5])
    assert out.costs["specialist_shares"][0] == pytest.approx(
        [0.0625 * SPECIALIST_FTE, 0.0, 0.18625 * SPECIALIST_FTE]
    )
    # the specialists' manager: 0.5625 / 20 = 0.028125 FTE and 0.68625 / 20 = 0.0343125, no post
    assert out.workload["manager_fte"].values[0] == pytest.approx([0.028125, 0.0, 0.0343125])
    assert out.staff["managers"].fte[0] == pytest.approx([0.0, 0.0, 0.0])
    assert out.costs["manager_shares"][0] == pytest.approx([30375.0, 0.0, 37057.5])
    # coordination 2 × 20 h × 600 SEK in A+B only
    assert out.costs["coordination"][0] == pytest.approx([0.0, 0.0, 24000.0])
    # A 516 375, B 144 000, A+B 631 777.5 + 24 000 = 655 777.5: sharing saves 4 597.5 SEK, i.e.
    # B's 180 h at 800 SEK less their in-house cost (103 275), the trips (10 327.5 + 1 800) and
    # the coordination
    running = _running(ctx, out, p)[0]
    assert running == pytest.approx([516375.0, 144000.0, 655777.5])


def test_a_generalist_does_the_work_where_that_is_cheaper_than_buying() -> None:
    role = ROLE.model_copy(update={"external_hourly_price": 1000.0})
    out = SERVICE.evaluate(_context((2000.0, 200.0)), _params(), ManagersSettings(roles=(role,)))
    # B: generalist 0.16875 FTE (154 912.5 SEK) < bought 180 000 → in-house, no specialist;
    # its manager's share 0.16875 / 20 = 0.0084375 FTE
    assert out.choices["make_or_buy_lawyer"][0].tolist() == [1.0, 1.0, 1.0]
    assert out.choices["specialist_lawyer"][0].tolist() == [1.0, 0.0, 1.0]
    assert out.workload["generalist_fte"].values[0] == pytest.approx([0.0, 0.16875, 0.0])
    assert out.costs["specialist_shares"][0, 1] == pytest.approx(0.16875 * SPECIALIST_FTE)
    assert out.workload["manager_fte"].values[0, 1] == pytest.approx(0.0084375)
    assert out.costs["external"][0] == pytest.approx([0.0, 0.0, 0.0])


def test_managers_follow_the_other_services_staff_without_a_minimum() -> None:
    ctx = _context((2000.0, 200.0), {"payroll": [10.0, 1.0, 11.0], "pension": [0.0, 0.0, 0.5]})
    out = SERVICE.evaluate(ctx, _params(span_of_control=10.0), ManagersSettings(roles=()))
    # payroll 10/10 = 1.0, 1/10 = 0.1, 11/10 = 1.1; the shared pension unit 0.5/10 = 0.05
    assert out.workload["manager_fte"].values[0] == pytest.approx([1.0, 0.1, 1.15])
    assert out.workload["managed_fte"].values[0] == pytest.approx([10.0, 1.0, 11.5])
    # quarter posts 1.0, 0, 1.0; the rest is manager time in combined posts
    assert out.staff["managers"].fte[0] == pytest.approx([1.0, 0.0, 1.0])
    assert out.costs["manager_shares"][0] == pytest.approx([0.0, 108000.0, 162000.0])
    assert out.workload["manager_minimum_fte"].values[0] == pytest.approx([0.0, 0.0, 0.0])
    assert "manager_minimum" not in out.costs


def test_a_minimum_per_unit_is_paid_and_named_apart() -> None:
    ctx = _context((2000.0, 200.0), {"payroll": [10.0, 1.0, 11.0], "pension": [0.0, 0.0, 0.5]})
    p = _params(span_of_control=10.0, manager_minimum_fte=0.2)
    out = SERVICE.evaluate(ctx, p, ManagersSettings(roles=()))
    # B's payroll unit: 0.2 − 0.1 = 0.1 FTE more; A+B's pension unit 0.2 − 0.05 = 0.15
    assert out.workload["manager_minimum_fte"].values[0] == pytest.approx([0.0, 0.1, 0.15])
    assert out.workload["manager_fte"].values[0] == pytest.approx([1.0, 0.2, 1.3])
    assert out.costs["manager_minimum"][0] == pytest.approx([0.0, 108000.0, 162000.0])
    assert SERVICE.spec("manager_minimum_fte").default == 0.0


def _context_over_years(employees_b: list[float], **economics: float) -> Context:
    """A (2 000 employees every year) and B (``employees_b``, one figure a year from 2014)."""
    years = np.arange(2014, 2014 + len(employees_b))
    employees = np.column_stack([np.full(years.size, 2000.0), employees_b])
    facts = Facts(("A", "B"), years, 10 * employees, employees, np.zeros((2, 2)), pd.DataFrame())
    return make_context(facts, **(ROUND_ECONOMICS | economics))


def test_prices_and_salaries_grow_with_wages() -> None:
    ctx = _context_over_years([200.0, 200.0, 200.0], wage_growth=0.1)
    out = SERVICE.evaluate(ctx, _params(coordination_hours_per_member=50.0), ONE_ROLE)
    # B buys its 180 h at 800 SEK/h in 2014, 880 in 2015 and 968 in 2016
    assert out.costs["external"][:, 1] == pytest.approx([144000.0, 158400.0, 174240.0])
    # coordination (2 × 50 h at 600 SEK/h, 60 000 SEK in 2014) is staff time and follows wages too
    assert out.costs["coordination"][:, 2] == pytest.approx([60000.0, 66000.0, 72600.0])
    # A's 0.0625 FTE above its half post: 54 000 SEK, then × 1.1 and × 1.21
    assert out.costs["specialist_shares"][:, 0] == pytest.approx([54000.0, 59400.0, 65340.0])


@pytest.mark.parametrize(("employees_b", "hired"), [([1100.0] * 3, 1.0), ([1100, 900, 900], 0.0)])
def test_a_specialist_is_employed_when_the_hours_fill_the_post_share_over_the_horizon(
    employees_b, hired
) -> None:
    # B: 100 + 400 × 1.1 = 540 h, or 460 h at 900 employees. With a third of a post (533.3 h) as
    # the share to fill: 540 h every year fills it; 540, 460, 460 (486.7 h on average) does not,
    # and B buys in every year (a generalist's hour, 1.5 × 573.75 = 860.6 SEK, is dearer than the
    # 800 SEK/h bought) instead of employing in the first year only.
    p = _params(specialist_post_share=1 / 3)
    out = SERVICE.evaluate(_context_over_years(employees_b), p, ONE_ROLE)
    assert out.choices["specialist_lawyer"][:, 1].tolist() == [hired] * 3
    assert out.choices["make_or_buy_lawyer"][:, 1].tolist() == [hired] * 3
    # at half a post (800 h) B never employs alone
    out = SERVICE.evaluate(_context_over_years(employees_b), _params(), ONE_ROLE)
    assert out.choices["specialist_lawyer"][:, 1].tolist() == [0.0] * 3


@pytest.mark.parametrize(
    "file", ["pitea_alvsbyn.yaml", "pitea_alvsbyn_high_service.yaml", "lulea_region.yaml"]
)
def test_no_make_or_buy_choice_flips_in_a_shipped_scenario(file: str) -> None:
    result = engine.run(scenario.load(SCENARIOS / file))
    for service in ("managers", "pension"):
        for name, choice in result.services[service].choices.items():
            assert np.all(choice == choice[:1]), (service, name)


def test_drawn_parameters_pass_through_draw_by_draw() -> None:
    ctx = _context((2000.0, 200.0, 900.0), {"payroll": [10.0, 1.0, 11.0, 4.0, 14, 5, 15]})
    drawn = {
        "span_of_control": np.array([20.0, 12.0]),
        "specialist_post_share": np.array([0.5, 0.3]),
        "generalist_time_factor": np.array([1.5, 2.5]),
        "specialist_salary": np.array([40000.0, 45000.0]),
        "hours_per_visit": np.array([20.0, 8.0]),
    }
    p = _params() | {k: v[:, None, None] for k, v in drawn.items()}  # (D, 1, 1)
    lead = dataclasses.replace(
        ctx,
        facts=dataclasses.replace(
            ctx.facts,
            population=np.broadcast_to(ctx.facts.population, (2, 1, 3)),
            employees=np.broadcast_to(ctx.facts.employees, (2, 1, 3)),
        ),
        draws=(2,),
    )
    both = SERVICE.evaluate(lead, p, None)

    def drawn_one(values: np.ndarray, d: int) -> np.ndarray:
        """Draw ``d`` of an array with the draws axis (or without one: then the same for all)."""
        return np.broadcast_to(values, (2, 1, 7))[d]

    for d in range(2):
        one = SERVICE.evaluate(ctx, _params() | {k: float(v[d]) for k, v in drawn.items()}, None)
        for key, measure in one.workload.items():
            assert drawn_one(both.workload[key].values, d) == pytest.approx(measure.values), key
        for key, value in one.costs.items():
            assert drawn_one(both.costs[key], d) == pytest.approx(value), key
        for key, value in one.choices.items():
            assert np.array_equal(drawn_one(both.choices[key], d), value), key
        for key, group in one.staff.items():
            assert drawn_one(both.staff[key].fte, d) == pytest.approx(group.fte), key
    # the draws differ: the second (span 12, post share 0.3) employs more and leads more closely
    assert not np.allclose(
        both.workload["manager_fte"].values[0], both.workload["manager_fte"].values[1]
    )


def _excess(running: np.ndarray, n: int) -> dict[tuple[int, int], float]:
    """How much more the union of two disjoint coalitions (bitmasks) costs than the two apart,
    where it costs more: ``c(S ∪ T) − c(S) − c(T) > 0``."""
    cost = np.concatenate([[0.0], running])
    pairs = itertools.combinations(range(1, 2**n), 2)
    gaps = {(a, b): cost[a | b] - cost[a] - cost[b] for a, b in pairs if not a & b}
    return {pair: gap for pair, gap in gaps.items() if gap > 1e-6}


def test_a_toy_three_member_case_costs_more_shared_only_by_its_costs_of_sharing() -> None:
    # A 3 000 employees (the host), B 400, C 250, 50 km apart; the default roles and parameters;
    # the other services' staff 30, 4 and 2.5 FTE (pooled as they are)
    membership = make_context(make_facts([1, 1, 1], [1, 1, 1])).membership
    ctx = _context((3000.0, 400.0, 250.0), {"payroll": (np.array([30, 4, 2.5]) @ membership)})
    p = {s.name: s.default for s in SERVICE.params if s.default is not None}
    out = SERVICE.evaluate(ctx, p, None)
    running = _running(ctx, out, p)[0]
    # B+C fill no half post (labour law 210 h, data protection 170 h, archive 450 h, procurement
    # law 182.5 h), so they keep their generalists and pay 2 × 20 h × 600 SEK of coordination;
    # every union with A employs what its parts left to generalists and saves
    assert _excess(running, 3) == pytest.approx({(2, 4): 24000.0})
    assert running[-1] < running[[0, 1, 3]].sum()
    # the staff the engine is handed are whole quarter posts
    for group in out.staff.values():
        assert np.allclose(group.fte / 0.25, np.round(group.fte / 0.25))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(0.0, 8000.0), min_size=3, max_size=3),
    st.lists(st.floats(0.0, 60.0), min_size=3, max_size=3),
    st.floats(1.2, 2.5),
    st.floats(0.3, 0.8),
)
def test_without_costs_of_sharing_a_union_never_costs_more(employees, staff, factor, share):
    # no distance and no coordination: each role costs its hours at the cheapest rate the group can
    # use, and a union can use every rate its parts can
    membership = make_context(make_facts([1, 1, 1], [1, 1, 1])).membership
    ctx = _context(tuple(employees), {"payroll": np.array(staff) @ membership}, km=0)
    p = _params(
        coordination_hours_per_member=0.0,
        generalist_time_factor=factor,
        specialist_post_share=share,
    )
    out = SERVICE.evaluate(ctx, p, None)
    assert _excess(_running(ctx, out, p)[0], 3) == {}


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.floats(0.0, 50.0), min_size=2, max_size=5),
    st.floats(5.0, 30.0),
    st.floats(0.0, 1.0),
)
def test_one_unit_never_needs_more_managers_than_its_parts(parts, span, minimum) -> None:
    p = {"span_of_control": span, "manager_minimum_fte": minimum}
    assert manager_fte(np.array(sum(parts)), p) <= manager_fte(np.array(parts), p).sum() + 1e-9


def test_whole_posts_keep_exact_multiples_and_floor_the_rest() -> None:
    got = whole_posts(np.array([0.0, 0.2499999999999, 0.25, 0.74, 1.0, 2.3]), 0.25)
    assert got.tolist() == [0.0, 0.25, 0.25, 0.5, 1.0, 2.25]


def test_default_roles_are_valid_and_sourced() -> None:
    assert [r.name for r in DEFAULT_ROLES] == [
        "labour_law",
        "data_protection",
        "archivist",
        "procurement_law",
    ]
    assert all(r.source.startswith("assumption") for r in DEFAULT_ROLES)
    with pytest.raises(ValidationError):
        ManagersSettings(roles=(ROLE, ROLE))
    with pytest.raises(ValidationError):
        ManagersSettings(roles=(ROLE.model_copy(update={"name": "specialists"}),))


def test_the_scenario_run_gives_managers_the_other_services_staff() -> None:
    result = engine.run(scenario.load(SCENARIOS / "pitea_alvsbyn.yaml"))
    managers = result.services["managers"]
    others = [
        s.fte_staffed
        for name, s in result.services.items()
        if name not in ("managers", "governance")
    ]
    in_house = (
        managers.workload["specialist_fte"].values + managers.workload["generalist_fte"].values
    )
    assert managers.workload["managed_fte"].values == pytest.approx(sum(others) + in_house)
    # the engine staffs the whole posts as they are: nothing is rounded up
    assert managers.fte_staffed == pytest.approx(managers.fte)
    assert list(result.services) == [
        "payroll",
        "switchboard",
        "procurement",
        "pension",
        "it_support",
        "managers",
        "rescue_service",
        "governance",
    ]


@pytest.mark.parametrize("file", ["pitea_alvsbyn.yaml", "lulea_region.yaml"])
def test_no_saving_comes_from_rounding_or_a_minimum(file: str) -> None:
    result = engine.run(scenario.load(SCENARIOS / file))
    table = evaluation.saving_sources(result)
    mine = table[table["service"] == "managers"]
    by_mechanism = mine.groupby("mechanism")["saving_sek"].sum()
    assert by_mechanism.get("rounding", 0.0) == pytest.approx(0.0, abs=0.01)
    assert by_mechanism.get("minimum", 0.0) == pytest.approx(0.0, abs=0.01)
    assert by_mechanism["specialists"] > 0 and by_mechanism["scale"] > 0


@pytest.mark.parametrize(
    ("fixture", "field", "value"),
    [
        (
            "managers_role_without_minimum.yaml",  # a role without its hours per 1 000
            "services.managers.settings.roles[0].hours_per_thousand",
            None,
        ),
        (
            "managers_unknown_driver.yaml",
            "services.managers.settings.roles[0].driver",
            "inhabitants",
        ),
        ("managers_negative_span.yaml", "services.managers.params.span_of_control.value", -5.0),
    ],
)
def test_bad_input_names_file_field_and_value(fixture: str, field: str, value: object) -> None:
    with pytest.raises(InputError) as caught:
        scenario.load(FIXTURES / fixture)
    assert (Path(caught.value.file).name, caught.value.field) == (fixture, field)
    if value is not None:
        assert caught.value.value == value
    else:
        assert "required" in caught.value.allowed.lower()
