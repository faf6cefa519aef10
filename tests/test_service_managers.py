"""Managers and specialists: hand-checked roles and managers, the wiring to other services, bad input."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest
from helpers import make_context, make_facts
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from simulator import model, scenario
from simulator.errors import InputError
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
ECONOMICS = {"productive_hours_per_fte": 1600.0, "hourly_cost": 600.0, "staffing_step": 0.25,
             "wage_growth": 0.0, "employer_overhead": 0.5, "overhead_rate": 0.2}


def _context(employees: tuple[float, ...], service_fte: dict[str, list[float]] | None = None) -> Context:
    fte = MappingProxyType({k: np.array([v], dtype=np.float64) for k, v in (service_fte or {}).items()})
    ctx = make_context(make_facts([10 * e for e in employees], list(employees), 0.0), **ECONOMICS)
    return dataclasses.replace(ctx, service_fte=fte)


def _params(**changes: float) -> dict[str, float]:
    return {s.name: s.default for s in SERVICE.params if s.default is not None} | changes


SPECIALIST = Role(name="specialist", driver="employees", fte_per_thousand=1.0, minimum_fte=0.5,
                  monthly_salary=40000, external_hourly_price=1000, external_minimum_hours=100,
                  source="assumption: test role")
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
    assert out.costs["coordination"] == pytest.approx([0.0, 0.0, 2 * 50 * 600.0])
    assert out.staff["managers"].fte[0] == pytest.approx([0.0, 0.0, 0.0])  # no other services


def test_managers_follow_the_other_services_staff() -> None:
    ctx = _context((2000.0, 200.0), {"payroll": [10.0, 1.0, 11.0], "pension": [0.0, 0.0, 0.5]})
    out = SERVICE.evaluate(ctx, _params(span_of_control=10.0, manager_minimum_fte=0.2),
                           ManagersSettings(roles=()))
    # payroll: A 10/10 = 1.0, B max(0.1, 0.2) = 0.2, shared 11/10 = 1.1; pension: shared max(0.05, 0.2)
    assert out.staff["managers"].fte[0] == pytest.approx([1.0, 0.2, 1.3])
    assert out.workload["managed_fte"].values[0] == pytest.approx([10.0, 1.0, 11.5])


def test_a_role_without_external_price_is_always_in_house() -> None:
    role = SPECIALIST.model_copy(update={"external_hourly_price": None})
    out = SERVICE.evaluate(_context((2000.0, 200.0)), _params(), ManagersSettings(roles=(role,)))
    assert out.choices["make_or_buy_specialist"][0].tolist() == [1.0, 1.0, 1.0]
    assert np.asarray(out.staff["specialist"].minimum_fte)[0].tolist() == [0.5, 0.5, 0.5]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(0.0, 50.0), min_size=2, max_size=5), st.floats(5.0, 30.0), st.floats(0.0, 1.0))
def test_one_unit_never_needs_more_managers_than_its_parts(parts, span, minimum) -> None:
    p = {"span_of_control": span, "manager_minimum_fte": minimum}
    assert manager_fte(np.array(sum(parts)), p) <= manager_fte(np.array(parts), p).sum() + 1e-9


def test_default_roles_are_valid_and_sourced() -> None:
    assert len(DEFAULT_ROLES) == 7
    assert all(r.source.startswith(("assumption", "estimate")) for r in DEFAULT_ROLES)
    with pytest.raises(ValidationError):
        ManagersSettings(roles=(SPECIALIST, SPECIALIST))


def test_the_scenario_run_gives_managers_the_other_services_staff() -> None:
    result = model.run(scenario.load(SCENARIOS / "pitea_alvsbyn.yaml"))
    others = [s.fte_staffed for name, s in result.services.items() if name not in ("managers", "governance")]
    assert result.services["managers"].workload["managed_fte"].values == pytest.approx(sum(others))
    assert list(result.services) == ["payroll", "switchboard", "procurement", "pension", "it_support", "managers",
                                     "rescue_service", "governance"]


@pytest.mark.parametrize(("fixture", "field", "value"), [
    ("managers_role_without_minimum.yaml", "services.managers.settings.roles[0].minimum_fte", None),
    ("managers_unknown_driver.yaml", "services.managers.settings.roles[0].driver", "inhabitants"),
    ("managers_negative_span.yaml", "services.managers.params.span_of_control.value", -5.0),
])
def test_bad_input_names_file_field_and_value(fixture: str, field: str, value: object) -> None:
    with pytest.raises(InputError) as caught:
        scenario.load(FIXTURES / fixture)
    assert (Path(caught.value.file).name, caught.value.field) == (fixture, field)
    if value is not None:
        assert caught.value.value == value
    else:
        assert "required" in caught.value.allowed.lower()
