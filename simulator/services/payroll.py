"""Payroll administration (löneadministration).

Mechanisms (each a named term below, each with its own parameters):

- **Manual and automatic payslips.** A payslip whose input arrives through self-service or a
  file takes ``hours_per_payslip``; one whose input the payroll office registers by hand takes
  ``hours_per_manual_payslip``. Each member has today's manual share (``manual_share``, or its own
  in ``settings.manual_share``); a shared centre brings every member's share down to the centre's
  ``shared_manual_share`` (never up) over ``convergence_years`` after sharing starts. Year index 0,
  the first scenario year, is the start of shared operation: the share falls linearly and is
  reached at index ``convergence_years``. Alone, a member keeps today's share.
- **Monthly and hourly paid.** Monthly-paid employees (the facts' ``employees``) have
  ``payslips_per_employee`` payslips a month (their own, fees, corrections); the hourly paid, a
  share ``hourly_share`` of all staff paid in a month, add ``employees · h / (1 - h)`` payslips,
  manual ``hourly_manual_factor`` times as often as the monthly paid's (at most all of them).
- **Systems.** Every coalition runs one set of systems (payroll, scheduling, self-service), each
  administered by a role of ``system_hours_<system>`` hours a year and at least
  ``system_role_minimum_fte``: alone, each municipality administers its own set; shared, one set
  does. Each system has a licence (``system_fixed``) and the payroll system a price per payslip.
- **Agreements.** The central collective agreements (the same for every kommun) are entered once
  per payroll system, ``hours_per_collective_agreement`` each a year; each employer's local
  agreements take ``hours_per_local_agreement`` each, and in a shared centre the share
  ``harmonisable_share`` of them becomes common over ``harmonisation_years``. Employer-specific
  routines (``employer_hours``) stay with every member: each municipality remains its own employer.
- **Specialists.** Payroll, pension and tax specialist work that a payroll function needs once
  whatever its size: ``specialist_hours`` a year per coalition, at least
  ``specialist_minimum_fte``. Alone, every member covers it; shared, the group does once.
- **Scale.** Payslip hours may fall with the pooled volume by ``scale_elasticity``; it is 0 by
  default (an assumption), so that the saving comes from the mechanisms above.
- **Costs of sharing.** Coordination hours per member, one-off migration and project
  (:func:`simulator.services.common.transition_params`).

Drivers: employees (facts) → payslips a month, monthly and hourly paid. Workload (h/year):
payslip hours (automatic and manual), agreement and employer hours and coordination (the payroll
staff's ``hours``), system administration and specialist hours. Staffing: three staff groups,
``payroll`` (hours ÷ productive hours, at least ``minimum_persons`` for continuity),
``system_admin`` (the roles, each at least its minimum) and ``specialists`` (at least their
minimum), each with its own salary; the engine rounds each and sums them. Costs: personnel (in the
engine), systems (``systems``: licences per system and coalition + per payslip), one-off
transition. A coalition without employees has no payslip hours; its fixed parts stay. Arrays are
(..., Y, C): a leading axis (e.g. Monte Carlo draws) passes through.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from simulator.core.params import Kind, ParamSpec
from simulator.services import vocabulary
from simulator.services.base import (
    Context,
    Driver,
    Measure,
    Service,
    ServiceOutput,
    StaffGroup,
    Value,
    Values,
    Wording,
)
from simulator.services.common import (
    coordination_hours,
    per_member,
    policy,
    transition_costs,
    transition_params,
)

__all__ = [
    "SERVICE",
    "SYSTEMS",
    "REFERENCE_PAYSLIPS",
    "PayrollSettings",
    "payslips",
    "progress",
    "manual_shares",
    "payslip_hours",
    "agreement_hours",
    "system_admin_fte",
]

REFERENCE_PAYSLIPS = 1000.0
"""Payslips a month at which ``scale_elasticity`` leaves the hours unchanged (normalising
constant)."""

SYSTEMS = ("payroll", "scheduling", "self_service")
"""The systems a payroll function runs; each has a role ``system_hours_<name>`` and a licence."""

_DATA = "scenarios/data/sources/municipal_sources.csv"
_SSC_2013 = (
    "Statens servicecenter, Avgiftsnivåer 2013–2014 (docplayer.se/2560802): löneadministration "
    "per payslip 110/105/100 SEK with deviation reporting, 135/130/125 SEK with scheduled 24/7 "
    "time (years 1/2/3 of a customer), manual payment 500 SEK, travel claim 20–22 SEK in "
    "self-service and 70–72 SEK on paper"
)
_NORBERG = (
    "Norberg's joint payroll for five kommuner runs its systems with four payroll staff part "
    "time and a coordinator (tidningenkonsulten.se, 'Löneförvaltning slår ett slag för "
    "auktorisation'), ≈1 FTE for the three systems"
)

Share = Annotated[float, Field(ge=0.0, le=1.0)]


class PayrollSettings(BaseModel):
    """Each municipality's manual share today, where the scenario knows it.

    ``manual_share`` maps a municipality to the share of its monthly-paid staff's payslips whose
    input the payroll office registers by hand today; the others take the parameter
    ``manual_share``. ``source`` says where the figures come from (required with them). When the
    loader passes ``context={"municipalities": [...]}``, the names are checked at validation.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    manual_share: dict[str, Share] | None = None
    source: str = ""

    @field_validator("manual_share")
    @classmethod
    def _known_names(
        cls, given: dict[str, float] | None, info: ValidationInfo
    ) -> dict[str, float] | None:
        names: Sequence[str] | None = (info.context or {}).get("municipalities")
        unknown = sorted(set(given or {}) - set(names)) if names is not None else []
        if names is not None and unknown:
            raise ValueError(f"municipalities of the scenario ({', '.join(names)}); got {unknown}")
        return given

    @model_validator(mode="after")
    def _sourced(self) -> PayrollSettings:
        if self.manual_share and not self.source.strip():
            raise ValueError("a source for the manual shares")
        return self

    def today(self, municipalities: Sequence[str], default: Value) -> Value:
        """Each municipality's manual share today: (n,), or (D, 1, n) for a drawn default."""
        given = self.manual_share or {}
        known = np.array([m in given for m in municipalities])
        shares = np.array([given.get(m, 0.0) for m in municipalities], dtype=np.float64)
        return np.where(known, shares, default)


PARAMS = (
    ParamSpec(
        name="payslips_per_employee",
        unit="payslips/employee/month",
        default=1.10,
        low=1.0,
        high=1.2,
        source="estimate: 1.25 payslips a month per monthly-paid employee in all (1.15–1.35, "
        f"{_DATA}, payroll) less the hourly paid's 0.15 (hourly_share 0.13: 0.13 / 0.87)",
        description="payslips a month per monthly-paid employee besides the hourly paid's "
        "(own payslip, fees to elected members and commissions, corrections)",
    ),
    ParamSpec(
        name="hourly_share",
        unit="share",
        default=0.13,
        low=0.08,
        high=0.21,
        source="SKR, 'Fler väljer att arbeta heltid inom välfärden' (skr.se, 23 June 2021, "
        "Personalen i välfärden): timavlönade 13 % of all employees in Nov 2019, 12 % in "
        "2020; high: 21.2 % in äldreomsorg and LSS 2017 (ka.se, 31 Aug 2018)",
        description="hourly-paid staff as a share of all staff paid in a month",
        kind=Kind.OPEN_SHARE,
    ),
    ParamSpec(
        name="hours_per_payslip",
        unit="h/payslip",
        default=0.11,
        low=0.07,
        high=0.16,
        source=f"estimate: {_SSC_2013}. 100 SEK less ≈45 SEK for the system (lönesystem 40 SEK a "
        "payslip, Avgifter 2020) is ≈0.15 h at ≈360 SEK/h (29 000 SEK × 12 × 1.3846 × 1.2 / "
        "1 600 h); with a manual payslip 4 times as long and a manual share of 0.12 that is "
        "0.11 h for an automatic one (0.11 + 0.12 × 0.33 = 0.15)",
        description="handling time of a payslip whose input arrives through self-service or a "
        "file (checks, pay run, questions)",
    ),
    ParamSpec(
        name="hours_per_manual_payslip",
        unit="h/payslip",
        default=0.44,
        low=0.25,
        high=0.70,
        source=f"estimate: 4 times an automatic payslip. {_SSC_2013}: paper against "
        "self-service ×3.3 (travel claims), a manual payment against a payslip ×4.5–5",
        description="handling time of a payslip whose input the payroll office registers by hand",
    ),
    ParamSpec(
        name="manual_share",
        unit="share",
        default=0.25,
        low=0.10,
        high=0.45,
        source="assumption: share of the monthly-paid staff's payslips with input registered by "
        "hand (paper forms, e-mail) in a kommun running payroll alone; no Swedish measurement "
        "found. A scenario gives a municipality its own in settings.manual_share",
        description="manual share of monthly-paid payslips today (a member alone)",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="shared_manual_share",
        unit="share",
        default=0.12,
        low=0.05,
        high=0.25,
        source="assumption: a shared centre moves reporting into self-service, as Statens "
        "servicecenter does (input sent for manual registration is charged extra, statenssc.se "
        "'Lön och personal'; paper travel claims cost 3.3 times self-service, Avgiftsnivåer "
        "2013–2014); about half today's default",
        description="manual share of monthly-paid payslips a shared centre reaches",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="hourly_manual_factor",
        unit="1",
        default=2.0,
        low=1.0,
        high=3.0,
        source="estimate: at the centre's 0.12 an hourly-paid payslip is then 26 % dearer "
        "(0.11 + 0.24 × 0.33 against 0.11 + 0.12 × 0.33 h), as Statens servicecenter prices "
        f"scheduled 24/7 time 25 % above deviation reporting ({_SSC_2013})",
        description="how many times as often an hourly-paid payslip is manual as a "
        "monthly-paid one (at most all)",
    ),
    ParamSpec(
        name="convergence_years",
        unit="years",
        default=3.0,
        low=1.0,
        high=5.0,
        source="estimate: the service centre's price falls over a customer's first three years "
        f"as its routines settle ({_SSC_2013}; fixed fee 10 000 → 5 000 SEK a month)",
        description="years after sharing starts until the members reach the centre's manual share",
    ),
    ParamSpec(
        name="scale_elasticity",
        unit="1",
        default=0.0,
        low=0.0,
        high=0.15,
        source="assumption: no productivity from volume beyond the named mechanisms; Statens "
        "servicecenter charges every payslip alike whatever the customer's size (Avgifter 2020: "
        "22 + 40 SEK a payslip a month), i.e. constant hours at the margin",
        description="elasticity of hours per payslip with respect to the pooled volume",
        kind=Kind.NONNEGATIVE,
    ),
    *(
        ParamSpec(
            name=f"system_hours_{name}",
            unit="h/year",
            default=hours,
            low=hours / 2,
            high=hours * 2,
            source=f"assumption: {what} a year for one set of systems; {_NORBERG}",
            description=f"administration of the {name.replace('_', '-')} system, per set",
        )
        for name, hours, what in (
            ("payroll", 500.0, "updates, pay rules, authorisations and integrations"),
            ("scheduling", 350.0, "updates, schedule rules and the transfer to payroll"),
            ("self_service", 200.0, "forms, workflows and users' access"),
        )
    ),
    ParamSpec(
        name="system_role_minimum_fte",
        unit="FTE",
        default=0.2,
        low=0.1,
        high=0.3,
        source="assumption: the smallest share of a post that keeps a system's competence (a "
        "named administrator), held part time by payroll staff as in Norberg "
        "(tidningenkonsulten.se)",
        description="minimum FTE of each system role",
    ),
    ParamSpec(
        name="system_admin_salary",
        unit="SEK/month",
        default=30000.0,
        low=29000.0,
        high=33000.0,
        source="estimate: payroll staff who also administer the systems (Norberg), at the "
        f"löneadministratör 2013 level of 29 000 SEK ({_DATA}, salary) plus ≈1 000 SEK",
        description="monthly salary of the system administrators, base year",
    ),
    ParamSpec(
        name="collective_agreements",
        unit="agreements",
        default=10.0,
        low=8.0,
        high=12.0,
        source="estimate: SKR's central agreements a kommun applies: six huvudöverenskommelser "
        "(lr.se, 'Kollektivavtal inom kommunal sektor') and Allmänna bestämmelser, BEA, PAN and "
        "RiB (skr.se, 'Avtalsrörelse' 2020 and 2022)",
        description="central collective agreements entered in the payroll system",
    ),
    ParamSpec(
        name="hours_per_collective_agreement",
        unit="h/year",
        default=30.0,
        low=10.0,
        high=60.0,
        source="assumption: a year's changes of a central agreement (pay rules, tables, "
        "retroactive pay) entered in the payroll system, with instructions; once per system",
        description="hours a year per central agreement and payroll system",
    ),
    ParamSpec(
        name="local_agreements",
        unit="agreements",
        default=15.0,
        low=5.0,
        high=30.0,
        source="assumption: local collective agreements of a kommun (flexitime, on-call, "
        "working time, local allowances)",
        description="local collective agreements per employer",
    ),
    ParamSpec(
        name="hours_per_local_agreement",
        unit="h/year",
        default=12.0,
        low=5.0,
        high=30.0,
        source="assumption: applying and maintaining a local agreement in the payroll routines",
        description="hours a year per local agreement and employer",
    ),
    ParamSpec(
        name="harmonisable_share",
        unit="share",
        default=0.6,
        low=0.3,
        high=0.9,
        source="assumption: the share of local agreements members of a shared centre make "
        "common; the rest stay specific to an employer",
        description="share of local agreements harmonised in a shared centre",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="harmonisation_years",
        unit="years",
        default=3.0,
        low=2.0,
        high=6.0,
        source="estimate: local agreements are renegotiated as they expire; agreement periods run "
        "3–4 years (HÖK 19: 1 April 2019–31 March 2022, vardforbundet.se; four-year agreements "
        "of 2020, skr.se 'Avtalsrörelse')",
        description="years after sharing starts until the local agreements are harmonised",
    ),
    ParamSpec(
        name="employer_hours",
        unit="h/year",
        default=200.0,
        low=80.0,
        high=400.0,
        source="assumption: routines that stay with each municipality as its own employer "
        "(monthly employer declaration, year-end, pay review, statistics, pension reporting)",
        description="fixed hours per employer organisation and year",
    ),
    ParamSpec(
        name="specialist_hours",
        unit="h/year",
        default=400.0,
        low=200.0,
        high=800.0,
        source="assumption: payroll, pension (KAP-KL/AKAP-KL reporting) and tax specialist work a "
        "payroll function needs once whatever its size; the joint Sotenäs–Munkedal–Lysekil "
        "payroll function lists pension and insurance administration, advice on laws and "
        "agreements, and statistics beside pay (munkedal.se, 'Samverkan Munkedal, Lysekil och "
        "Sotenäs')",
        description="specialist hours a year per payroll function (coalition)",
    ),
    ParamSpec(
        name="specialist_minimum_fte",
        unit="FTE",
        default=0.25,
        low=0.1,
        high=0.5,
        source="assumption: a quarter post keeps the specialist competence; alone, a small "
        "municipality covers the work with its own payroll staff",
        description="minimum FTE of the specialist function",
    ),
    ParamSpec(
        name="specialist_salary",
        unit="SEK/month",
        default=32000.0,
        low=30000.0,
        high=35000.0,
        source=f"estimate: pensionshandläggare 2013 30 500 SEK ({_DATA}, salary) to HR "
        "specialist ≈35 000 SEK (back-cast of Piteå personalhandläggare 38 313 SEK 2016, "
        "vision.se 2017-02-22)",
        description="monthly salary of the payroll specialists, base year",
    ),
    ParamSpec(
        name="minimum_persons",
        unit="persons",
        default=2.0,
        low=1.0,
        high=3.0,
        source="assumption: two persons so that pay runs survive holidays and sick leave",
        description="minimum payroll staff for continuity",
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
        default=120000.0,
        low=60000.0,
        high=250000.0,
        source="estimate: Statens servicecenter 2020 fixed fees 13 500 SEK a month for payroll "
        "and 8 000 SEK for Primula scheduling (162 000 and 96 000 SEK a year; statenssc.se "
        "'Avgifter 2020'); kommun systems 0.3–1.5 MSEK a year in all "
        f"({_DATA}, payroll)",
        description="licence of one system (payroll, scheduling, self-service) a year",
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
        coordination_source="assumption: contacts with each member's managers and HR, "
        "and keeping the members' routines in step",
    ),
)


def payslips(ctx: Context, p: Values) -> tuple[np.ndarray, np.ndarray]:
    """Payslips a month of each member, monthly and hourly paid: two (..., Y, n) arrays.

    Monthly: ``employees · payslips_per_employee``; hourly: ``employees · h / (1 - h)`` with
    ``h = hourly_share``, one payslip for each hourly-paid person paid in a month.
    """
    employees = ctx.facts.employees
    share = p["hourly_share"]
    return employees * p["payslips_per_employee"], employees * (share / (1.0 - share))


def progress(ctx: Context, years: Value) -> np.ndarray:
    """(..., Y, 1) share of a change made by each year: ``min(1, t / years)``, t = 0 in the
    first scenario year (the start of shared operation)."""
    index = (ctx.years - ctx.years[0]).astype(np.float64)[:, None]
    return np.minimum(index / years, 1.0)


def manual_shares(ctx: Context, p: Values, settings: PayrollSettings) -> np.ndarray:
    """(..., Y, n, C) manual share of monthly-paid payslips of member i in coalition c.

    Alone, today's share ``m_i``; in a shared coalition it falls linearly to
    ``min(m_i, shared_manual_share)`` over ``convergence_years``.
    """
    today = np.asarray(settings.today(ctx.facts.municipalities, p["manual_share"]))[..., None]
    gap = np.maximum(today - per_member(p["shared_manual_share"]), 0.0)  # (..., 1, n, 1)
    done = progress(ctx, p["convergence_years"])[..., None]  # (..., Y, 1, 1)
    return today - gap * done * ctx.shared()


def payslip_hours(
    ctx: Context, monthly: np.ndarray, hourly: np.ndarray, manual: np.ndarray, p: Values
) -> tuple[np.ndarray, np.ndarray]:
    """Payslip hours and manual payslips a year per coalition, both (..., Y, C).

    ``monthly`` and ``hourly`` are (..., Y, n) payslips a month, ``manual`` the (..., Y, n, C)
    manual share of the monthly paid; the hourly paid's is ``hourly_manual_factor`` times it, at
    most 1. Hours: ``12 · Σ_i (monthly_i · (a + m_i · (b − a)) + hourly_i · (a + h_i · (b − a)))``
    with ``a``, ``b`` the hours per automatic and per manual payslip, times
    ``(pooled payslips / reference) ** -scale_elasticity`` (no payslips: no hours, not 0 × inf).
    """
    auto = per_member(p["hours_per_payslip"])
    extra = per_member(p["hours_per_manual_payslip"]) - auto
    hourly_manual = np.minimum(manual * per_member(p["hourly_manual_factor"]), 1.0)
    monthly = monthly[..., None]  # (..., Y, n, 1)
    hourly = hourly[..., None]
    member = ctx.membership  # (n, C)
    slips = monthly * (auto + manual * extra) + hourly * (auto + hourly_manual * extra)
    by_hand = monthly * manual + hourly * hourly_manual
    volume = ctx.pool(monthly[..., 0] + hourly[..., 0]) / REFERENCE_PAYSLIPS
    scale = np.where(volume > 0, volume, 1.0) ** -p["scale_elasticity"]
    return 12 * (slips * member).sum(axis=-2) * scale, 12 * (by_hand * member).sum(axis=-2)


def agreement_hours(ctx: Context, p: Values) -> np.ndarray:
    """(..., Y, C) hours a year for agreements: the central ones once per payroll system, the
    local ones per employer, the harmonisable share falling to one set over
    ``harmonisation_years`` in a shared coalition (``n - s · progress · (n - 1)`` sets)."""
    sets = ctx.size - p["harmonisable_share"] * progress(ctx, p["harmonisation_years"]) * (
        ctx.size - 1
    )
    local = p["local_agreements"] * p["hours_per_local_agreement"] * sets
    return local + p["collective_agreements"] * p["hours_per_collective_agreement"]


def system_admin_fte(p: Values, productive: Value) -> Value:
    """FTE of one set of systems: ``Σ_systems max(hours / productive, minimum)``."""
    minimum = p["system_role_minimum_fte"]
    return sum(np.maximum(p[f"system_hours_{name}"] / productive, minimum) for name in SYSTEMS)


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    own = settings if isinstance(settings, PayrollSettings) else PayrollSettings()
    monthly, hourly = payslips(ctx, p)
    slips, manual = payslip_hours(ctx, monthly, hourly, manual_shares(ctx, p, own), p)
    zero = np.zeros_like(slips)  # (..., Y, C)
    hours = {
        "payslip_hours": slips,
        "agreement_hours": agreement_hours(ctx, p) + zero,
        "employer_hours": p["employer_hours"] * ctx.size + zero,
        "coordination_hours": coordination_hours(ctx, p) + zero,
    }
    payroll_hours = sum(hours.values(), zero)
    system_hours = sum(p[f"system_hours_{name}"] for name in SYSTEMS) + zero
    productive = ctx.economics["productive_hours_per_fte"]
    pooled = 12 * ctx.pool(monthly + hourly)
    return ServiceOutput(
        workload={
            "payslips": Measure(pooled, "payslips/year"),
            "manual_payslips": Measure(manual, "payslips/year"),
            **{name: Measure(values, "h/year") for name, values in hours.items()},
            "hours": Measure(payroll_hours, "h/year"),
            "system_hours": Measure(system_hours, "h/year"),
            "specialist_hours": Measure(p["specialist_hours"] + zero, "h/year"),
        },
        staff={
            # one occupation: payroll staff also run the systems and grow into specialists, as in
            # Norberg's joint payroll (pool "payroll")
            "payroll": StaffGroup(
                payroll_hours / productive,
                policy(p, "minimum_persons"),
                p["monthly_salary"],
                pool="payroll",
            ),
            "system_admin": StaffGroup(
                system_admin_fte(p, productive) + zero,
                0.0,
                p["system_admin_salary"],
                pool="payroll",
            ),
            "specialists": StaffGroup(
                p["specialist_hours"] / productive + zero,
                p["specialist_minimum_fte"],
                p["specialist_salary"],
                pool="payroll",
            ),
        },
        costs={"systems": len(SYSTEMS) * p["system_fixed"] + pooled * p["system_per_payslip"]},
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
    group_mechanisms={"system_admin": "one_system", "specialists": "specialists"},
    settings_model=PayrollSettings,
)
