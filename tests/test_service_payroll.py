"""Payroll: each mechanism by hand (manual and automatic payslips and their convergence, the hourly
paid, systems, agreements, specialists, scale), the staffing of the three groups, draws."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import ROUND_ECONOMICS, make_context, make_facts
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from simulator.core import coalitions
from simulator.engine import evaluation
from simulator.services.base import Context
from simulator.services.payroll import SERVICE, PayrollSettings

YEARS = (2014, 2015, 2016, 2017)


def _context(employees: tuple[float, ...], years: tuple[int, ...] = (2014,)) -> Context:
    facts = make_facts([10 * e for e in employees], list(employees), 50.0, years)
    return make_context(facts, **ROUND_ECONOMICS)


def _params(**changes: float) -> dict[str, float]:
    return {s.name: s.default for s in SERVICE.params if s.default is not None} | changes


# Round numbers, one mechanism at a time. Payslips: 1 a month per monthly-paid employee, hourly paid
# 20 % of the staff paid (0.2 / 0.8 = 0.25 hourly payslips per employee). 0.1 h per automatic payslip,
# 0.5 h per manual one; 25 % of monthly-paid payslips manual today, twice that of the hourly paid;
# a shared centre reaches 12.5 % in 2 years. No scale effect. Systems 480 + 320 + 160 h, each role at
# least 0.25 FTE; licences 100 000 SEK per system + 10 SEK per payslip. Agreements 10 × 30 h once,
# 20 local × 10 h per employer, half of them harmonised in 2 years; 200 h per employer; 80 h
# coordination per member when shared; 240 h of specialists, at least 0.25 FTE.
P = _params(
    payslips_per_employee=1.0,
    hourly_share=0.2,
    hours_per_payslip=0.1,
    hours_per_manual_payslip=0.5,
    manual_share=0.25,
    shared_manual_share=0.125,
    hourly_manual_factor=2.0,
    convergence_years=2.0,
    scale_elasticity=0.0,
    system_hours_payroll=480.0,
    system_hours_scheduling=320.0,
    system_hours_self_service=160.0,
    system_role_minimum_fte=0.25,
    system_fixed=100000.0,
    system_per_payslip=10.0,
    collective_agreements=10.0,
    hours_per_collective_agreement=30.0,
    local_agreements=20.0,
    hours_per_local_agreement=10.0,
    harmonisable_share=0.5,
    harmonisation_years=2.0,
    employer_hours=200.0,
    coordination_hours_per_member=80.0,
    specialist_hours=240.0,
    specialist_minimum_fte=0.25,
)


def _workload(out, name: str) -> np.ndarray:
    return np.asarray(out.workload[name].values)


def test_payslips_split_into_automatic_and_manual() -> None:
    out = SERVICE.evaluate(_context((800.0, 200.0)), P, None)
    # A: 800 monthly + 800 × 0.25 = 200 hourly = 1 000 a month; B: 200 + 50 = 250; A+B 1 250
    assert _workload(out, "payslips")[0] == pytest.approx([12000.0, 3000.0, 15000.0])
    # manual a month: A 800 × 0.25 + 200 × 0.5 = 300; B 50 + 25 = 75 (× 12 a year)
    assert _workload(out, "manual_payslips")[0] == pytest.approx([3600.0, 900.0, 4500.0])
    # hours a month: A 1 000 × 0.1 + 300 × 0.4 = 220; B 25 + 30 = 55; shared in its first year
    # (index 0) nothing has converged yet: 275. A year: 2 640, 660, 3 300
    assert _workload(out, "payslip_hours")[0] == pytest.approx([2640.0, 660.0, 3300.0])


def test_manual_share_converges_to_the_centre_over_the_stated_years() -> None:
    out = SERVICE.evaluate(_context((800.0, 200.0), YEARS), P, None)
    hours = _workload(out, "payslip_hours")
    # alone nothing changes: 2 640 and 660 h every year
    assert hours[:, 0] == pytest.approx([2640.0] * 4) and hours[:, 1] == pytest.approx([660.0] * 4)
    # shared, index 1 of 2 years: monthly 0.25 - 0.125 / 2 = 0.1875, hourly 0.375:
    # 1 000 × 0.1875 + 250 × 0.375 = 281.25 manual; 1 250 × 0.1 + 281.25 × 0.4 = 237.5 h a month.
    # From index 2 on: 125 + 62.5 = 187.5 manual; 125 + 75 = 200 h a month
    assert hours[:, 2] == pytest.approx([3300.0, 2850.0, 2400.0, 2400.0])
    assert _workload(out, "manual_payslips")[:, 2] == pytest.approx(
        [4500.0, 3375.0, 2250.0, 2250.0]
    )


def test_a_member_below_the_centre_keeps_its_own_share() -> None:
    own = PayrollSettings(manual_share={"B": 0.1}, source="estimate: test")
    out = SERVICE.evaluate(_context((800.0, 200.0), YEARS), P, own)
    hours = _workload(out, "payslip_hours")
    # B alone: 200 × 0.1 + 50 × 0.2 = 30 manual; 250 × 0.1 + 30 × 0.4 = 37 h a month = 444 h a year.
    # Shared, converged: A 100 + 50 = 150 manual, B stays at 30 (never up to 0.125): 180;
    # 125 + 180 × 0.4 = 197 h a month = 2 364 h a year
    assert hours[0, 1] == pytest.approx(444.0)
    assert hours[3] == pytest.approx([2640.0, 444.0, 2364.0])


def test_hourly_paid_add_payslips_and_manual_work() -> None:
    ctx = _context((800.0, 200.0))
    without = SERVICE.evaluate(ctx, P | {"hourly_share": 0.0}, None)
    # A with no hourly paid: 800 payslips, 200 manual: 80 + 80 = 160 h a month = 1 920 h a year;
    # the 200 hourly payslips (100 manual) add 20 + 40 = 60 h a month: 2 640
    assert _workload(without, "payslip_hours")[0, 0] == pytest.approx(1920.0)
    capped = SERVICE.evaluate(ctx, P | {"hourly_manual_factor": 6.0}, None)
    # six times 0.25 is more than all: every hourly payslip is manual, 200 + 200 = 400 manual;
    # 100 + 160 = 260 h a month
    assert _workload(capped, "payslip_hours")[0, 0] == pytest.approx(3120.0)


def test_one_set_of_systems_per_coalition() -> None:
    out = SERVICE.evaluate(_context((800.0, 200.0)), P, None)
    # roles: max(480 / 1 600, 0.25) + max(0.2, 0.25) + max(0.1, 0.25) = 0.3 + 0.25 + 0.25 = 0.8 FTE for
    # every coalition: alone A and B each run a set, shared one set does
    assert out.staff["system_admin"].fte[0] == pytest.approx([0.8, 0.8, 0.8])
    assert _workload(out, "system_hours")[0] == pytest.approx([960.0] * 3)
    # licences: 3 systems × 100 000 + 10 SEK × payslips a year
    assert out.costs["systems"][0] == pytest.approx([420000.0, 330000.0, 450000.0])


def test_local_agreements_harmonise_and_employer_routines_stay() -> None:
    out = SERVICE.evaluate(_context((800.0, 200.0), YEARS), P, None)
    # central agreements once per payroll system: 10 × 30 = 300 h; local 20 × 10 = 200 h per set.
    # Shared sets: 2 - 0.5 × progress × 1: 2, 1.75, 1.5, 1.5
    assert _workload(out, "agreement_hours")[:, 0] == pytest.approx([500.0] * 4)
    assert _workload(out, "agreement_hours")[:, 2] == pytest.approx([700.0, 650.0, 600.0, 600.0])
    assert _workload(out, "employer_hours")[:, 2] == pytest.approx([400.0] * 4)
    assert _workload(out, "coordination_hours")[0] == pytest.approx([0.0, 0.0, 160.0])


def test_specialists_once_per_coalition_with_a_minimum() -> None:
    out = SERVICE.evaluate(_context((800.0, 200.0)), P, None)
    # 240 h / 1 600 = 0.15 FTE needed by every coalition, staffed at least 0.25
    assert out.staff["specialists"].fte[0] == pytest.approx([0.15] * 3)
    assert out.staff["specialists"].minimum_fte == 0.25


def test_the_engine_staffs_and_sums_the_three_groups() -> None:
    ctx = _context((800.0, 200.0))
    result = evaluation.cost_result(ctx, SERVICE, SERVICE.evaluate(ctx, P, None))
    # payroll hours: A 2 640 + 500 + 200 = 3 340 → 2.0875 → 2.25; B 660 + 500 + 200 = 1 360 → 0.85 →
    # 1.0 → 2 persons; A+B 3 300 + 700 + 400 + 160 = 4 560 → 2.85 → 3.0. Systems 0.8 → 1.0 each;
    # specialists 0.15 → 0.25 each
    assert result.fte_staffed[0] == pytest.approx([3.5, 3.25, 4.25])
    assert result.fte[0] == pytest.approx(
        [3340 / 1600 + 0.95, 1360 / 1600 + 0.95, 4560 / 1600 + 0.95]
    )


def test_scale_elasticity_applies_to_the_pooled_volume() -> None:
    out = SERVICE.evaluate(_context((800.0, 200.0)), P | {"scale_elasticity": 0.5}, None)
    # A at the reference 1 000 payslips a month: unchanged; B 0.25^-0.5 = 2; A+B 1.25^-0.5
    assert _workload(out, "payslip_hours")[0] == pytest.approx(
        [2640.0, 1320.0, 3300.0 / np.sqrt(1.25)]
    )


def test_a_member_without_employees_keeps_the_fixed_parts_only() -> None:
    out = SERVICE.evaluate(_context((800.0, 0.0)), P, None)
    # B alone: no payslips, so no payslip hours (not 0 × inf); its agreements (500 h), employer
    # routines (200 h), systems and specialists stay, and the three licences
    assert _workload(out, "hours")[0] == pytest.approx(
        [3340.0, 700.0, 2640.0 + 700.0 + 400.0 + 160.0]
    )
    assert out.costs["systems"][0] == pytest.approx([420000.0, 300000.0, 420000.0])


def test_drawn_parameters_pass_through_each_draw_its_own() -> None:
    ctx = _context((800.0, 200.0), YEARS)
    drawn = {
        "manual_share": np.array([0.25, 0.4]),
        "convergence_years": np.array([2.0, 4.0]),
        "hours_per_manual_payslip": np.array([0.5, 0.3]),
        "specialist_minimum_fte": np.array([0.25, 0.5]),
    }
    both = SERVICE.evaluate(ctx, P | {k: v[:, None, None] for k, v in drawn.items()}, None)
    assert _workload(both, "payslip_hours").shape == (2, 4, 3)
    for d in range(2):
        one = SERVICE.evaluate(ctx, P | {k: float(v[d]) for k, v in drawn.items()}, None)
        for name in ("payslip_hours", "manual_payslips", "hours", "agreement_hours"):
            assert _workload(both, name)[d] == pytest.approx(_workload(one, name))
        for group in ("payroll", "system_admin", "specialists"):
            assert np.broadcast_to(both.staff[group].fte, (2, 4, 3))[d] == pytest.approx(
                one.staff[group].fte
            )
        assert (
            np.ravel(both.staff["specialists"].minimum_fte)[d]
            == one.staff["specialists"].minimum_fte
        )
    # the first draw is the hand-checked case: 3 300, 2 850, 2 400, 2 400 h shared
    assert _workload(both, "payslip_hours")[0, :, 2] == pytest.approx([3300, 2850, 2400, 2400])


def test_settings_name_known_municipalities_and_carry_a_source() -> None:
    context = {"municipalities": ["Piteå", "Älvsbyn"]}
    given = {"manual_share": {"Älvsbyn": 0.3}, "source": "estimate: payroll office 2014"}
    assert PayrollSettings.model_validate(given, context=context).manual_share == {"Älvsbyn": 0.3}
    with pytest.raises(ValidationError, match="Luleå"):
        PayrollSettings.model_validate(given | {"manual_share": {"Luleå": 0.3}}, context=context)
    with pytest.raises(ValidationError, match="a source"):
        PayrollSettings.model_validate({"manual_share": {"Piteå": 0.3}}, context=context)
    with pytest.raises(ValidationError):
        PayrollSettings.model_validate(given | {"manual_share": {"Piteå": 1.5}}, context=context)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.0, 20000.0), min_size=2, max_size=4),
    st.floats(0.0, 0.15),
    st.lists(st.floats(0.0, 1.0), min_size=4, max_size=4),
)
@example([0.0, 5e-324], 0.15, [0.0, 0.0, 0.0, 0.0])  # a volume too small to represent
def test_pooled_payslip_hours_are_no_more_than_the_parts(employees, elasticity, shares) -> None:
    ctx = _context(tuple(employees), YEARS)
    names = ctx.facts.municipalities
    own = PayrollSettings(manual_share=dict(zip(names, shares, strict=False)), source="test")
    hours = _workload(
        SERVICE.evaluate(ctx, P | {"scale_elasticity": elasticity}, own), "payslip_hours"
    )
    singles = coalitions.singletons(len(employees)) - 1
    assert np.all(np.isfinite(hours))
    assert np.all(hours <= ctx.pool(hours[:, singles]) * (1 + 1e-12) + 1e-9)
