"""Purchasing and procurement (inköp och upphandling).

Drivers: addressable external spend = spend per inhabitant × population. Procurements a year
grow less than proportionally with spend, ``count = a · (spend / REFERENCE_SPEND) ** e``, split
into direct awards, advertised procurements below and above the EU threshold, each with its
hours; contracts in force (advertised procurements × contract years) need management hours.
Sharing: the jointly buyable share ``j`` of the procurements is done once for the coalition
(the largest member's set of those categories) with coordination hours per joint tender and
extra member: ``count(S) = (1 - j) · Σ_i count(s_i) + j · max_i count(s_i)``. The volume price effect lowers each
member's jointly bought spend by ``min(cap, β · ln(pooled joint spend / own joint spend))``;
it is always reported in ``choices["price_effect"]`` (SEK a year, ≤ 0) and counted as the cost
component ``price_effect`` only when the settings say ``include_price_effect: true``. Arrays are
(..., Y, C): a leading axis (e.g. Monte Carlo draws) passes through.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict

from simulator.core.params import Kind, ParamSpec
from simulator.services.base import Context, Measure, Service, ServiceOutput, StaffGroup, Values
from simulator.services.common import (
    coordination_hours,
    normalised,
    transition_costs,
    transition_params,
)

__all__ = ["SERVICE", "ProcurementSettings", "REFERENCE_SPEND", "procurements", "price_reduction"]

REFERENCE_SPEND = 700e6
"""SEK a year at which ``procurements_at_reference`` applies: ≈36 000 inhabitants (the average
kommun, 10.4 M inhabitants / 290) × 20 000 SEK addressable spend each."""

_DATA = "../shared/data/municipal_sources.csv"
_TYPES = ("direct_award", "below_threshold", "above_threshold")


class ProcurementSettings(BaseModel):
    """Whether the volume price effect counts in the coalition's cost (and so in the games)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    include_price_effect: bool = False


PARAMS = (
    ParamSpec(
        "spend_per_inhabitant",
        "SEK/inhabitant/year",
        20000.0,
        12000.0,
        30000.0,
        "estimate: Kalix externa kostnader 2013 1 129.5 mnkr / 16 387 inh. ≈ 68 900 SEK (Kalix ÅR 2014, "
        f"verified), less 60–70 % salaries (SKR) and non-addressable items ({_DATA}, costs)",
        "addressable external spend (goods and services bought) per inhabitant and year",
    ),
    ParamSpec(
        "procurements_at_reference",
        "procurements/year",
        88.0,
        60.0,
        120.0,
        "estimate: 44 advertised procurements a year in an average kommun (18 421 × 0.69 / 290, 2021, "
        f"{_DATA}, procurement) at the default 50 % advertised share",
        "procurements of all types at 700 MSEK",
    ),
    ParamSpec(
        "count_elasticity",
        "1",
        0.7,
        0.4,
        1.0,
        "estimate: fits ≈10–25 advertised procurements a year in small kommuner and ≈30–60 in "
        f"Piteå-size ones ({_DATA}, procurement)",
        "elasticity of the number of procurements to spend",
    ),
    ParamSpec(
        "direct_award_share",
        "share",
        0.5,
        0.3,
        0.7,
        "assumption: direct awards (direktupphandlingar) about as many as advertised procurements",
        "weight of direct awards in the mix (weights are normalised)",
        Kind.SHARE,
    ),
    ParamSpec(
        "below_threshold_share",
        "share",
        0.3,
        0.1,
        0.5,
        "assumption: 60 % of advertised procurements below the EU threshold",
        "weight of advertised procurements below the EU threshold",
        Kind.SHARE,
    ),
    ParamSpec(
        "above_threshold_share",
        "share",
        0.2,
        0.1,
        0.4,
        "assumption: 40 % of advertised procurements above the EU threshold (average contract ≈26 MSEK, "
        f"{_DATA}, procurement)",
        "weight of procurements above the EU threshold",
        Kind.SHARE,
    ),
    ParamSpec(
        "hours_direct_award",
        "h/procurement",
        8.0,
        4.0,
        16.0,
        "assumption: price comparison and documentation",
        "hours per direct award",
    ),
    ParamSpec(
        "hours_below_threshold",
        "h/procurement",
        60.0,
        40.0,
        120.0,
        "assumption: simplified procedure, specification, evaluation and award",
        "hours per advertised procurement below the EU threshold",
    ),
    ParamSpec(
        "hours_above_threshold",
        "h/procurement",
        160.0,
        100.0,
        300.0,
        "assumption: open procedure with requirements, evaluation, award and possible review",
        "hours per procurement above the EU threshold",
    ),
    ParamSpec(
        "contract_years",
        "years",
        4.0,
        2.0,
        4.0,
        "assumption: contracts run the LOU maximum of four years for framework agreements",
        "years a contract from an advertised procurement is in force",
    ),
    ParamSpec(
        "contract_hours",
        "h/contract/year",
        10.0,
        5.0,
        20.0,
        "assumption: follow-up meetings, price adjustments and supplier checks",
        "contract management hours per contract in force and year",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "joint_share",
        "share",
        0.4,
        0.2,
        0.6,
        "assumption: categories common to all members (food, office goods, vehicles, IT hardware, energy)",
        "share of procurements (and spend) in categories the members can buy jointly",
        Kind.SHARE,
    ),
    ParamSpec(
        "joint_coordination_hours",
        "h/procurement/member",
        10.0,
        5.0,
        30.0,
        "assumption: needs analysis and decisions with each further member",
        "coordination per joint procurement and extra member",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "price_elasticity",
        "1",
        0.03,
        0.0,
        0.06,
        "estimate: a member 6–20 times smaller than its partners gets 5–9 % lower prices, inside the "
        f"5–15 % saving on coordinated categories ({_DATA}, procurement)",
        "β in min(cap, β · ln(pooled / own))",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "price_cap",
        "share",
        0.10,
        0.05,
        0.16,
        f"estimate: 5–15 % on coordinated categories ({_DATA}); Hansel (Finland) 16 % as upper bound "
        "(hansel.fi 2025, verified)",
        "largest price reduction from joint buying",
        Kind.SHARE,
    ),
    ParamSpec(
        "minimum_persons",
        "persons",
        1.0,
        0.5,
        2.0,
        "assumption: one procurer so that purchasing is covered",
        "minimum staff",
    ),
    ParamSpec(
        "monthly_salary",
        "SEK/month",
        34500.0,
        33000.0,
        36000.0,
        f"estimate: upphandlare 2013, back-cast of verified 2018–2023 salaries ({_DATA}, salary)",
        "average monthly salary of procurement staff, base year",
    ),
    ParamSpec(
        "system_fixed",
        "SEK/year",
        60000.0,
        20000.0,
        150000.0,
        "assumption: tender tool and contract register per organisation",
        "procurement systems per coalition",
    ),
    *transition_params(
        100000.0,
        (30000.0, 300000.0),
        "assumption: merging category plans and contract registers per joining member",
        300.0,
        100.0,
        "assumption: purchasing rules and contacts with each organisation",
    ),
)


def procurements(spend: np.ndarray, p: Values) -> np.ndarray:
    """Procurements a year of all types for an addressable spend in SEK a year (any shape)."""
    return p["procurements_at_reference"] * (spend / REFERENCE_SPEND) ** p["count_elasticity"]


def price_reduction(ctx: Context, p: Values) -> np.ndarray:
    """(..., Y, n, C) SEK a year each member of each coalition saves on its jointly bought spend (≥ 0)."""
    own = (
        p["joint_share"] * p["spend_per_inhabitant"] * ctx.facts.population[..., None]
    )  # (..., Y, n, 1)
    pooled = ctx.pool(own[..., 0])[..., None, :]  # (..., Y, 1, C)
    ratio = np.where(ctx.membership > 0, pooled / np.maximum(own, 1e-9), 1.0)
    rate = np.minimum(p["price_cap"], p["price_elasticity"] * np.log(np.maximum(ratio, 1.0)))
    return rate * own * ctx.membership


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    include = isinstance(settings, ProcurementSettings) and settings.include_price_effect
    spend = p["spend_per_inhabitant"] * ctx.facts.population  # (..., Y, n) SEK/year
    j = p["joint_share"]
    each = procurements(spend, p)  # (..., Y, n)
    joint_count = j * (each[..., None] * ctx.membership).max(
        axis=-2
    )  # done once, for the largest member
    count = (1 - j) * ctx.pool(each) + joint_count
    mix = normalised(*(p[f"{t}_share"] for t in _TYPES))
    hours_each = mix @ np.array([p[f"hours_{t}"] for t in _TYPES])
    contracts = count * (mix[1] + mix[2]) * p["contract_years"]
    joint_coordination = joint_count * p["joint_coordination_hours"] * (ctx.size - 1)
    hours = (
        count * hours_each
        + contracts * p["contract_hours"]
        + joint_coordination
        + coordination_hours(ctx, p)
    )
    effect = 0.0 - price_reduction(ctx, p).sum(axis=-2)  # 0.0 - x: no negative zeros
    costs = {"systems": np.full(ctx.size.shape, p["system_fixed"])}
    if include:
        costs["price_effect"] = effect
    return ServiceOutput(
        workload={
            "spend": Measure(ctx.pool(spend), "SEK/year"),
            "procurements": Measure(count, "procurements/year"),
            "joint_procurements": Measure(joint_count * ctx.shared(), "procurements/year"),
            "contracts": Measure(contracts, "contracts"),
            "hours": Measure(hours, "h/year"),
        },
        staff={
            "procurement": StaffGroup(
                hours / ctx.economics["productive_hours_per_fte"],
                p["minimum_persons"],
                p["monthly_salary"],
            )
        },
        costs=costs,
        one_off=transition_costs(ctx, p),
        choices={
            "price_effect": effect,
            "price_effect_included": np.full_like(effect, float(include)),
        },
    )


SERVICE = Service(
    "procurement",
    "Inköp och upphandling",
    "Purchasing and procurement",
    PARAMS,
    _evaluate,
    settings_model=ProcurementSettings,
)
