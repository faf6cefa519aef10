"""Payroll administration (löneadministration).

Drivers: employees × payslips per employee. Workload: hours per payslip falling with volume
(scale elasticity) plus fixed hours per employer organisation (each municipality stays its
own employer when payroll is shared) plus coordination when shared. Staffing: hours ÷
productive hours, at least a minimum number of persons for continuity. Costs: personnel
(in the engine), one payroll system per coalition (fixed + per payslip). A coalition without
employees has no payslip hours; its fixed parts (employer hours, minimum staff, system) stay.
Arrays are (..., Y, C): a leading axis (e.g. Monte Carlo draws) passes through.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from simulator.core.params import Kind, ParamSpec
from simulator.services import vocabulary
from simulator.services.base import (
    Context,
    Driver,
    Measure,
    Service,
    ServiceOutput,
    StaffGroup,
    Values,
    Wording,
)
from simulator.services.common import (
    coordination_hours,
    policy,
    transition_costs,
    transition_params,
)

__all__ = ["SERVICE", "REFERENCE_PAYSLIPS", "payslip_hours"]

REFERENCE_PAYSLIPS = 1000.0
"""Payslips per month at which ``hours_per_payslip`` applies (normalising constant)."""

_DATA = "../shared/data/municipal_sources.csv"

PARAMS = (
    ParamSpec(
        name="payslips_per_employee",
        unit="payslips/employee/month",
        default=1.25,
        low=1.15,
        high=1.35,
        source="estimate: 1.15–1.35 payslips per monthly-paid "
        f"employee (hourly staff, arvoden) ({_DATA}, payroll)",
        description="payslips a month per municipal employee",
    ),
    ParamSpec(
        name="hours_per_payslip",
        unit="h/payslip",
        default=0.267,
        low=0.2,
        high=0.35,
        source="estimate calibrated to in-house staff cost ≈100 SEK per payslip (80–130), "
        f"i.e. ≈500 payslips a month per FTE at 1 600 h/yr ({_DATA}, payroll)",
        description="handling time per payslip at 1 000 payslips a month",
    ),
    ParamSpec(
        name="scale_elasticity",
        unit="1",
        default=0.10,
        low=0.0,
        high=0.25,
        source="assumption: hours per payslip fall ≈7 % when volume doubles (2^-0.1)",
        description="elasticity of hours per payslip with respect to volume",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="employer_hours",
        unit="h/year",
        default=200.0,
        low=80.0,
        high=400.0,
        source="assumption: annual routines per employer (year-end, "
        "statistics, pension reporting, agreements)",
        description="fixed hours per employer organisation and year",
    ),
    ParamSpec(
        name="minimum_persons",
        unit="persons",
        default=2.0,
        low=1.0,
        high=3.0,
        source="assumption: two persons so that pay runs survive holidays and sick leave",
        description="minimum staff for continuity",
        policy=True,
    ),
    ParamSpec(
        name="monthly_salary",
        unit="SEK/month",
        default=29000.0,
        low=28000.0,
        high=30000.0,
        source="estimate: löneadministratör 2013, back-cast of "
        f"verified 2016–2023 salaries ({_DATA}, salary)",
        description="average monthly salary of payroll staff, base year",
    ),
    ParamSpec(
        name="system_fixed",
        unit="SEK/year",
        default=300000.0,
        low=150000.0,
        high=600000.0,
        source="estimate: Statens servicecenter 2020 grundavgift 13 500 SEK/month and "
        "Primula 8 000 SEK/month (≈260 000 SEK/yr); kommun licences 0.3–1.5 MSEK/yr",
        description="payroll system cost per system and year",
    ),
    ParamSpec(
        name="system_per_payslip",
        unit="SEK/payslip",
        default=10.0,
        low=5.0,
        high=40.0,
        source="estimate: below Statens servicecenter's "
        "full-service 40 SEK per payslip (2020), licence only",
        description="payroll system cost per payslip",
    ),
    *transition_params(
        migration=500000.0,
        migration_low=200000.0,
        migration_high=1500000.0,
        migration_source="estimate: conversion of a municipality's pay data, agreements and "
        f"schedules; one-off costs 0.5–1.5 × first-year gross saving ({_DATA}, evaluation)",
        project_hours=800.0,
        coordination=80.0,
        coordination_source="assumption: harmonising routines and "
        "local agreements across employers",
    ),
)


def payslip_hours(payslips: np.ndarray, p: Values) -> np.ndarray:
    """Hours a year for ``payslips`` a month (any shape):
    ``12 · payslips · h · (payslips / reference) ** -e``.

    Written as ``12 · reference · h · volume ** (1 - e)`` with ``volume = payslips / reference``, so
    that no payslips (or a volume too small to represent) give no hours rather than 0 × inf.
    """
    volume = payslips / REFERENCE_PAYSLIPS
    scaled = np.where(volume > 0, volume, 1.0) ** (1.0 - p["scale_elasticity"])
    return np.where(volume > 0, 12 * REFERENCE_PAYSLIPS * p["hours_per_payslip"] * scaled, 0.0)


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    payslips = ctx.pool(ctx.facts.employees * p["payslips_per_employee"])  # per month
    hours = payslip_hours(payslips, p) + p["employer_hours"] * ctx.size + coordination_hours(ctx, p)
    fte = hours / ctx.economics["productive_hours_per_fte"]
    return ServiceOutput(
        workload={
            "payslips": Measure(12 * payslips, "payslips/year"),
            "hours": Measure(hours, "h/year"),
        },
        staff={"payroll": StaffGroup(fte, policy(p, "minimum_persons"), p["monthly_salary"])},
        costs={"systems": p["system_fixed"] + 12 * payslips * p["system_per_payslip"]},
        one_off=transition_costs(ctx, p),
    )


SERVICE = Service(
    name="payroll",
    title_sv="Löneadministration",
    title_en="Payroll administration",
    params=PARAMS,
    evaluate=_evaluate,
    drivers=(
        Driver(
            name="payslips",
            measure="payslips",
            unit="payslips/year",
            label=Wording(sv="lönespecifikationer", en="payslips"),
            phrase=Wording(sv="antal lönespecifikationer", en="number of payslips"),
        ),
    ),
    components=(*vocabulary.STAFFED, vocabulary.SYSTEMS),
    volume_key="payslips",
)
