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
from simulator.services.base import Context, Measure, Service, ServiceOutput, StaffGroup, Values
from simulator.services.common import coordination_hours, transition_costs, transition_params

__all__ = ["SERVICE", "REFERENCE_PAYSLIPS", "payslip_hours"]

REFERENCE_PAYSLIPS = 1000.0
"""Payslips per month at which ``hours_per_payslip`` applies (normalising constant)."""

_DATA = "../shared/data/municipal_sources.csv"

PARAMS = (
    ParamSpec(
        "payslips_per_employee",
        "payslips/employee/month",
        1.25,
        1.15,
        1.35,
        f"estimate: 1.15–1.35 payslips per monthly-paid employee (hourly staff, arvoden) ({_DATA}, payroll)",
        "payslips a month per municipal employee",
    ),
    ParamSpec(
        "hours_per_payslip",
        "h/payslip",
        0.267,
        0.2,
        0.35,
        "estimate calibrated to in-house staff cost ≈100 SEK per payslip (80–130), i.e. ≈500 payslips a "
        f"month per FTE at 1 600 h/yr ({_DATA}, payroll)",
        "handling time per payslip at 1 000 payslips a month",
    ),
    ParamSpec(
        "scale_elasticity",
        "1",
        0.10,
        0.0,
        0.25,
        "assumption: hours per payslip fall ≈7 % when volume doubles (2^-0.1)",
        "elasticity of hours per payslip with respect to volume",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "employer_hours",
        "h/year",
        200.0,
        80.0,
        400.0,
        "assumption: annual routines per employer (year-end, statistics, pension reporting, agreements)",
        "fixed hours per employer organisation and year",
    ),
    ParamSpec(
        "minimum_persons",
        "persons",
        2.0,
        1.0,
        3.0,
        "assumption: two persons so that pay runs survive holidays and sick leave",
        "minimum staff for continuity",
    ),
    ParamSpec(
        "monthly_salary",
        "SEK/month",
        29000.0,
        28000.0,
        30000.0,
        f"estimate: löneadministratör 2013, back-cast of verified 2016–2023 salaries ({_DATA}, salary)",
        "average monthly salary of payroll staff, base year",
    ),
    ParamSpec(
        "system_fixed",
        "SEK/year",
        300000.0,
        150000.0,
        600000.0,
        "estimate: Statens servicecenter 2020 grundavgift 13 500 SEK/month and Primula 8 000 SEK/month "
        "(≈260 000 SEK/yr); kommun licences 0.3–1.5 MSEK/yr",
        "payroll system cost per system and year",
    ),
    ParamSpec(
        "system_per_payslip",
        "SEK/payslip",
        10.0,
        5.0,
        40.0,
        "estimate: below Statens servicecenter's full-service 40 SEK per payslip (2020), licence only",
        "payroll system cost per payslip",
    ),
    *transition_params(
        500000.0,
        (200000.0, 1500000.0),
        "estimate: conversion of a municipality's pay data, agreements and schedules; one-off costs "
        f"0.5–1.5 × first-year gross saving ({_DATA}, evaluation)",
        800.0,
        80.0,
        "assumption: harmonising routines and local agreements across employers",
    ),
)


def payslip_hours(payslips: np.ndarray, p: Values) -> np.ndarray:
    """Hours a year for ``payslips`` a month (any shape): ``12 · payslips · h · (payslips / reference) ** -e``.

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
        staff={"payroll": StaffGroup(fte, p["minimum_persons"], p["monthly_salary"])},
        costs={"systems": p["system_fixed"] + 12 * payslips * p["system_per_payslip"]},
        one_off=transition_costs(ctx, p),
    )


SERVICE = Service("payroll", "Löneadministration", "Payroll administration", PARAMS, _evaluate)
