"""Payroll: hand-checked hours, staff and system cost, a member without employees, scale economies."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import make_context, make_facts
from hypothesis import example, given, settings
from hypothesis import strategies as st

from simulator.core import coalitions
from simulator.services.base import Context
from simulator.services.payroll import SERVICE

ECONOMICS = {
    "productive_hours_per_fte": 1600.0,
    "hourly_cost": 600.0,
    "staffing_step": 0.25,
    "wage_growth": 0.0,
    "employer_overhead": 0.5,
    "overhead_rate": 0.2,
}


def _context(employees: tuple[float, ...]) -> Context:
    return make_context(make_facts([10 * e for e in employees], list(employees), 50.0), **ECONOMICS)


def _params(**changes: float) -> dict[str, float]:
    return {s.name: s.default for s in SERVICE.params if s.default is not None} | changes


# 1.25 payslips per employee; 0.25 h per payslip at the reference volume (1 000 a month); 200 h per employer;
# 80 h coordination per member when shared; the system 300 000 SEK + 10 SEK per payslip.
P = _params(
    payslips_per_employee=1.25,
    hours_per_payslip=0.25,
    employer_hours=200.0,
    coordination_hours_per_member=80.0,
    system_fixed=300000.0,
    system_per_payslip=10.0,
)


def test_hand_checked_hours_staff_and_systems() -> None:
    out = SERVICE.evaluate(_context((800.0, 3200.0)), P | {"scale_elasticity": 0.5}, None)
    # payslips a month: A 800 × 1.25 = 1 000 (the reference), B 4 000, shared 5 000
    assert out.workload["payslips"].values[0] == pytest.approx([12000.0, 48000.0, 60000.0])
    # A: 12 000 × 0.25 h × 1^-0.5 + 200 = 3 200 h; B: 48 000 × 0.25 × 4^-0.5 + 200 = 6 200 h;
    # shared: 60 000 × 0.25 × 5^-0.5 + 2 × 200 + 2 × 80 = 6 708.2 + 560 = 7 268.2 h
    shared = 60000 * 0.25 / np.sqrt(5) + 560
    assert out.workload["hours"].values[0] == pytest.approx([3200.0, 6200.0, shared])
    assert out.staff["payroll"].fte[0] == pytest.approx([2.0, 3.875, shared / 1600])
    assert out.staff["payroll"].minimum_fte == 2.0
    # one system per coalition: 300 000 + 10 SEK × payslips a year
    assert out.costs["systems"][0] == pytest.approx([420000.0, 780000.0, 900000.0])


def test_a_member_without_employees_keeps_the_fixed_parts_only() -> None:
    out = SERVICE.evaluate(_context((800.0, 0.0)), P, None)
    # B alone: no payslips, so no payslip hours (not 0 × inf); its 200 employer hours and the system stay.
    # Shared: A's 1 000 payslips at the reference rate, 12 000 × 0.25 = 3 000 h + 2 × 200 + 2 × 80 = 3 560 h.
    assert out.workload["hours"].values[0] == pytest.approx([3200.0, 200.0, 3560.0])
    assert out.staff["payroll"].fte[0] == pytest.approx([2.0, 0.125, 3560 / 1600])
    assert out.costs["systems"][0] == pytest.approx([420000.0, 300000.0, 420000.0])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.0, 20000.0), min_size=2, max_size=4), st.floats(0.0, 0.25))
@example([0.0, 5e-324], 0.25)  # a volume too small to represent: no hours, not 0 × inf
def test_pooled_payslip_hours_are_no_more_than_the_parts(employees, elasticity) -> None:
    ctx = _context(tuple(employees))
    p = P | {
        "scale_elasticity": elasticity,
        "employer_hours": 0.0,
        "coordination_hours_per_member": 0.0,
    }
    hours = SERVICE.evaluate(ctx, p, None).workload["hours"].values
    singles = coalitions.singletons(len(employees)) - 1
    assert np.all(np.isfinite(hours))
    assert np.all(hours <= ctx.pool(hours[:, singles]) * (1 + 1e-12) + 1e-9)
