"""Managers and specialists: hand-checked roles and managers, the wiring to other services, bad input."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from helpers import make_context, make_facts
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from simulator import engine, scenario
from simulator.core.errors import InputError
from simulator.core.facts import Facts
from simulator.services.base import Context
from simulator.services.managers import (
    DEFAULT_ROLES,
    SERVICE,
    ManagersSettings,
    Role,
    manager_fte,
)

FIXTURES = Path(__file__).parent / "fixtures" / "services"
SCENARIOS = Path(__file__).parent.parent / "scenarios"
ECONOMICS = {
    "productive_hours_per_fte": 1600.0,
    "hourly_cost": 600.0,
    "staffing_step": 0.25,
    "wage_growth": 0.0,
    "employer_overhead": 0.5,
    "overhead_rate": 0.2,
}


def _context(
    employees: tuple[float, ...], service_fte: dict[str, list[float]] | None = None
) -> Context:
    fte = MappingProxyType(
        {k: np.array([v], dtype=np.float64) for k, v in (service_fte or {}).items()}
    )
    ctx = make_context(make_facts([10 * e for e in employees], list(employees), 0.0), **ECONOMICS)
    return dataclasses.replace(ctx, service_fte=fte)


def _params(**changes: float) -> dict[str, float]:
    return {s.name: s.default for s in SERVICE.params if s.default is not None} | changes


SPECIALIST = Role(
    name="specialist",
    driver="employees",
    fte_per_thousand=1.0,
    minimum_fte=0.5,
    monthly_salary=40000,
    external_hourly_price=1000,
    external_minimum_hours=100,
    source="assumption: test role",
)
ONE_ROLE = ManagersSettings(roles=(SPECIALIST,))


def test_hand_checked_role_make_or_buy() -> None:
    ctx = _context((2000.0, 200.0))
    out = SERVICE.evaluate(ctx, _params(coordination_hours_per_member=50.0), ONE_ROLE)
    # demand 1 FTE per 1 000 employees: A 2.0, B 0.2, shared 2.2
    # A in-house 2.0 × 40 000 × 12 × 1.5 × 1.2 = 1 728 000 < 3 200 h × 1 000 = 3 200 000 → in-house
    # B in-house 0.5 (the minimum) = 432 000 > max(320 h, 100 h) × 1 000 = 320 000 → bought
    # shared in-house 2.25 (rounded up) = 1 944 000 < 3 520 000 → in-house
    assert out.choices["make_or_buy_specialist"][0].tolist() == [1.0, 0.0, 1.0]
    group = out.staff["specialist"]
    assert group.fte[0] == pytest.approx([2.0, 0.0, 2.2])
    assert np.asarray(group.minimum_fte)[0].tolist() == [0.5, 0.0, 0.5]
    assert out.costs["external"][0] == pytest.approx([0.0, 320000.0, 0.0])
    assert out.costs["coordination"][0] == pytest.approx([0.0, 0.0, 2 * 50 * 600.0])
    assert out.staff["managers"].fte[0] == pytest.approx([0.0, 0.0, 0.0])  # no other services


def _context_over_years(employees_b: list[float], **economics: float) -> Context:
    """A (2 000 employees every year) and B (``employees_b``, one figure a year from 2014)."""
    years = np.arange(2014, 2014 + len(employees_b))
    employees = np.column_stack([np.full(years.size, 2000.0), employees_b])
    facts = Facts(("A", "B"), years, 10 * employees, employees, np.zeros((2, 2)), pd.DataFrame())
    return make_context(facts, **(ECONOMICS | economics))


def test_external_price_grows_with_wages() -> None:
    ctx = _context_over_years([200.0, 200.0, 200.0], wage_growth=0.1)
    out = SERVICE.evaluate(ctx, _params(coordination_hours_per_member=50.0), ONE_ROLE)
    # B buys max(0.2 × 1 600 h, 100 h) = 320 h at 1 000 SEK/h in 2014, at 1 100 in 2015 and 1 210 in 2016;
    # in-house (the 0.5 minimum) costs 432 000, 475 200 and 522 720 SEK: bought every year.
    assert out.choices["make_or_buy_specialist"][:, 1].tolist() == [0.0, 0.0, 0.0]
    assert out.costs["external"][:, 1] == pytest.approx([320000.0, 352000.0, 387200.0])
    # coordination (2 × 50 h at 600 SEK/h, 60 000 SEK in 2014) is staff time and follows wages too
    assert out.costs["coordination"][:, 2] == pytest.approx([60000.0, 66000.0, 72600.0])


@pytest.mark.parametrize(
    ("employees_b", "make"), [([300.0, 300.0, 250.0], 1.0), ([300.0, 250.0, 250.0], 0.0)]
)
def test_make_or_buy_is_decided_once_for_the_whole_horizon(employees_b, make) -> None:
    ctx = _context_over_years(employees_b)
    out = SERVICE.evaluate(ctx, _params(), ONE_ROLE)
    # B in-house: 0.5 FTE (the minimum) × 40 000 × 12 × 1.5 × 1.2 = 432 000 SEK every year.
    # Bought: 300 employees → 0.3 FTE × 1 600 h × 1 000 = 480 000 SEK; 250 → 400 000 SEK.
    # Year by year the choice would flip (make at 300, buy at 250); over the horizon it does not:
    # 300, 300, 250: bought 1 360 000 > in-house 1 296 000 → in-house in all three years;
    # 300, 250, 250: bought 1 280 000 < 1 296 000 → bought in all three years.
    assert out.choices["make_or_buy_specialist"][:, 1].tolist() == [make] * 3
    bought = np.array([e / 1000 * 1600 * 1000 for e in employees_b])
    assert out.costs["external"][:, 1] == pytest.approx(bought * (1 - make))
    assert out.staff["specialist"].fte[:, 1] == pytest.approx(np.array(employees_b) / 1000 * make)
    assert np.asarray(out.staff["specialist"].minimum_fte)[:, 1].tolist() == [0.5 * make] * 3


@pytest.mark.parametrize(
    "file", ["pitea_alvsbyn.yaml", "pitea_alvsbyn_high_service.yaml", "lulea_region.yaml"]
)
def test_no_make_or_buy_choice_flips_in_a_shipped_scenario(file: str) -> None:
    result = engine.run(scenario.load(SCENARIOS / file))
    for service in ("managers", "pension"):
        for name, choice in result.services[service].choices.items():
            assert np.all(choice == choice[:1]), (service, name)


def test_managers_follow_the_other_services_staff() -> None:
    ctx = _context((2000.0, 200.0), {"payroll": [10.0, 1.0, 11.0], "pension": [0.0, 0.0, 0.5]})
    out = SERVICE.evaluate(
        ctx, _params(span_of_control=10.0, manager_minimum_fte=0.2), ManagersSettings(roles=())
    )
    # payroll: A 10/10 = 1.0, B max(0.1, 0.2) = 0.2, shared 11/10 = 1.1; pension: shared max(0.05, 0.2)
    assert out.staff["managers"].fte[0] == pytest.approx([1.0, 0.2, 1.3])
    assert out.workload["managed_fte"].values[0] == pytest.approx([10.0, 1.0, 11.5])


def test_a_role_without_external_price_is_always_in_house() -> None:
    role = SPECIALIST.model_copy(update={"external_hourly_price": None})
    out = SERVICE.evaluate(_context((2000.0, 200.0)), _params(), ManagersSettings(roles=(role,)))
    assert out.choices["make_or_buy_specialist"][0].tolist() == [1.0, 1.0, 1.0]
    assert np.asarray(out.staff["specialist"].minimum_fte)[0].tolist() == [0.5, 0.5, 0.5]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.floats(0.0, 50.0), min_size=2, max_size=5),
    st.floats(5.0, 30.0),
    st.floats(0.0, 1.0),
)
def test_one_unit_never_needs_more_managers_than_its_parts(parts, span, minimum) -> None:
    p = {"span_of_control": span, "manager_minimum_fte": minimum}
    assert manager_fte(np.array(sum(parts)), p) <= manager_fte(np.array(parts), p).sum() + 1e-9


def test_default_roles_are_valid_and_sourced() -> None:
    assert len(DEFAULT_ROLES) == 7
    assert all(r.source.startswith(("assumption", "estimate")) for r in DEFAULT_ROLES)
    with pytest.raises(ValidationError):
        ManagersSettings(roles=(SPECIALIST, SPECIALIST))


def test_the_scenario_run_gives_managers_the_other_services_staff() -> None:
    result = engine.run(scenario.load(SCENARIOS / "pitea_alvsbyn.yaml"))
    others = [
        s.fte_staffed
        for name, s in result.services.items()
        if name not in ("managers", "governance")
    ]
    assert result.services["managers"].workload["managed_fte"].values == pytest.approx(sum(others))
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


@pytest.mark.parametrize(
    ("fixture", "field", "value"),
    [
        (
            "managers_role_without_minimum.yaml",
            "services.managers.settings.roles[0].minimum_fte",
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
