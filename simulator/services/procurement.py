"""Purchasing and procurement (inköp och upphandling).

Drivers: addressable external spend = spend per inhabitant × population. Procurements a year
grow less than proportionally with spend, ``count = a · (spend / REFERENCE_SPEND) ** e``, split
into direct awards, advertised procurements below and above the EU threshold, each with its
hours; contracts in force (advertised procurements × contract years) need management hours.
Sharing: the jointly buyable share ``j`` of the procurements is done once for the coalition
(the largest member's set of those categories) with coordination hours per joint tender and
extra member: ``count(S) = (1 - j) · Σ_i count(s_i) + j · max_i count(s_i)``. The volume price
effect lowers each member's jointly bought spend by
``min(cap, β · ln(pooled joint spend / own joint spend))``; it is always reported in
``choices["price_effect"]`` (SEK a year, ≤ 0) and counted as the cost component
``price_effect`` only when the settings say ``include_price_effect: true``. Arrays are
(..., Y, C): a leading axis (e.g. Monte Carlo draws) passes through.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict

from simulator.core.params import Kind, ParamSpec
from simulator.services import vocabulary
from simulator.services.base import (
    Component,
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
    normalised,
    per_member,
    policy,
    transition_costs,
    transition_params,
)

__all__ = ["SERVICE", "ProcurementSettings", "REFERENCE_SPEND", "procurements", "price_reduction"]

PRICE_EFFECT = Component(
    name="price_effect", label=Wording(sv="Prisvinst", en="Price effect"), mechanism="price"
)
"""Lower prices from procuring jointly (negative cost), when the scenario includes it."""

REFERENCE_SPEND = 700e6
"""SEK a year at which ``procurements_at_reference`` applies: ≈36 000 inhabitants (the average
kommun, 10.4 M inhabitants / 290) × 20 000 SEK addressable spend each."""

_DATA = "scenarios/data/sources/municipal_sources.csv"
_TYPES = ("direct_award", "below_threshold", "above_threshold")


class ProcurementSettings(BaseModel):
    """Whether the volume price effect counts in the coalition's cost (and so in the games)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    include_price_effect: bool = False


PARAMS = (
    ParamSpec(
        name="spend_per_inhabitant",
        unit="SEK/inhabitant/year",
        default=20000.0,
        low=12000.0,
        high=30000.0,
        source="estimate: Kalix externa kostnader 2013 1 129.5 mnkr / 16 "
        "387 inh. ≈ 68 900 SEK (Kalix ÅR 2014, verified), less 60–70 "
        f"% salaries (SKR) and non-addressable items ({_DATA}, costs)",
        description="addressable external spend (goods and "
        "services bought) per inhabitant and year",
    ),
    ParamSpec(
        name="procurements_at_reference",
        unit="procurements/year",
        default=88.0,
        low=60.0,
        high=120.0,
        source="estimate: 44 advertised procurements a year in an average kommun (18 421 × "
        f"0.69 / 290, 2021, {_DATA}, procurement) at the default 50 % advertised share",
        description="procurements of all types at 700 MSEK",
    ),
    ParamSpec(
        name="count_elasticity",
        unit="1",
        default=0.7,
        low=0.4,
        high=1.0,
        source="estimate: fits ≈10–25 advertised procurements a year in small "
        f"kommuner and ≈30–60 in Piteå-size ones ({_DATA}, procurement)",
        description="elasticity of the number of procurements to spend",
    ),
    ParamSpec(
        name="direct_award_share",
        unit="share",
        default=0.5,
        low=0.3,
        high=0.7,
        source="assumption: direct awards (direktupphandlingar) "
        "about as many as advertised procurements",
        description="weight of direct awards in the mix (weights are normalised)",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="below_threshold_share",
        unit="share",
        default=0.3,
        low=0.1,
        high=0.5,
        source="assumption: 60 % of advertised procurements below the EU threshold",
        description="weight of advertised procurements below the EU threshold",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="above_threshold_share",
        unit="share",
        default=0.2,
        low=0.1,
        high=0.4,
        source="assumption: 40 % of advertised procurements above the EU "
        f"threshold (average contract ≈26 MSEK, {_DATA}, procurement)",
        description="weight of procurements above the EU threshold",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="hours_direct_award",
        unit="h/procurement",
        default=8.0,
        low=4.0,
        high=16.0,
        source="assumption: price comparison and documentation",
        description="hours per direct award",
    ),
    ParamSpec(
        name="hours_below_threshold",
        unit="h/procurement",
        default=60.0,
        low=40.0,
        high=120.0,
        source="assumption: simplified procedure, specification, evaluation and award",
        description="hours per advertised procurement below the EU threshold",
    ),
    ParamSpec(
        name="hours_above_threshold",
        unit="h/procurement",
        default=160.0,
        low=100.0,
        high=300.0,
        source="assumption: open procedure with requirements, "
        "evaluation, award and possible review",
        description="hours per procurement above the EU threshold",
    ),
    ParamSpec(
        name="contract_years",
        unit="years",
        default=4.0,
        low=2.0,
        high=4.0,
        source="assumption: contracts run the LOU maximum of four years for framework agreements",
        description="years a contract from an advertised procurement is in force",
    ),
    ParamSpec(
        name="contract_hours",
        unit="h/contract/year",
        default=10.0,
        low=5.0,
        high=20.0,
        source="assumption: follow-up meetings, price adjustments and supplier checks",
        description="contract management hours per contract in force and year",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="joint_share",
        unit="share",
        default=0.4,
        low=0.2,
        high=0.6,
        source="assumption: categories common to all members "
        "(food, office goods, vehicles, IT hardware, energy)",
        description="share of procurements (and spend) in categories the members can buy jointly",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="joint_coordination_hours",
        unit="h/procurement/member",
        default=10.0,
        low=5.0,
        high=30.0,
        source="assumption: needs analysis and decisions with each further member",
        description="coordination per joint procurement and extra member",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="price_elasticity",
        unit="1",
        default=0.03,
        low=0.0,
        high=0.06,
        source="estimate: a member 6–20 times smaller than its partners gets 5–9 % lower prices, "
        f"inside the 5–15 % saving on coordinated categories ({_DATA}, procurement)",
        description="β in min(cap, β · ln(pooled / own))",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="price_cap",
        unit="share",
        default=0.10,
        low=0.05,
        high=0.16,
        source=f"estimate: 5–15 % on coordinated categories ({_DATA}); Hansel "
        "(Finland) 16 % as upper bound (hansel.fi 2025, verified)",
        description="largest price reduction from joint buying",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="minimum_persons",
        unit="persons",
        default=1.0,
        low=0.5,
        high=2.0,
        source="assumption: one procurer so that purchasing is covered",
        description="minimum staff",
        policy=True,
    ),
    ParamSpec(
        name="monthly_salary",
        unit="SEK/month",
        default=34500.0,
        low=33000.0,
        high=36000.0,
        source="estimate: upphandlare 2013, back-cast of "
        f"verified 2018–2023 salaries ({_DATA}, salary)",
        description="average monthly salary of procurement staff, base year",
    ),
    ParamSpec(
        name="system_fixed",
        unit="SEK/year",
        default=60000.0,
        low=20000.0,
        high=150000.0,
        source="assumption: tender tool and contract register per organisation",
        description="procurement systems per coalition",
    ),
    *transition_params(
        migration=100000.0,
        migration_low=30000.0,
        migration_high=300000.0,
        migration_source="assumption: merging category plans and "
        "contract registers per joining member",
        project_hours=300.0,
        coordination=100.0,
        coordination_source="assumption: purchasing rules and contacts with each organisation",
    ),
)


def procurements(spend: np.ndarray, p: Values) -> np.ndarray:
    """Procurements a year of all types for an addressable spend in SEK a year (any shape)."""
    return p["procurements_at_reference"] * (spend / REFERENCE_SPEND) ** p["count_elasticity"]


def price_reduction(ctx: Context, p: Values) -> np.ndarray:
    """(..., Y, n, C) SEK a year each member of each coalition saves on its jointly bought spend
    (≥ 0)."""
    own = (p["joint_share"] * p["spend_per_inhabitant"] * ctx.facts.population)[
        ..., None
    ]  # (..., Y, n, 1)
    pooled = ctx.pool(own[..., 0])[..., None, :]  # (..., Y, 1, C)
    ratio = np.where(ctx.membership > 0, pooled / np.maximum(own, 1e-9), 1.0)
    gain = per_member(p["price_elasticity"]) * np.log(np.maximum(ratio, 1.0))
    rate = np.minimum(per_member(p["price_cap"]), gain)
    return rate * own * ctx.membership


def _mean_hours(mix: np.ndarray, p: Values) -> np.ndarray:
    """Hours per procurement of the mix (3,) or (3, D, 1, 1): ``mix @ hours`` of the three types,
    draw by draw (the dot product a plain run takes: a sum in another order differs in the last
    bit)."""
    each = (np.asarray(p[f"hours_{t}"], dtype=np.float64) for t in _TYPES)
    hours = np.stack(np.broadcast_arrays(*each))
    ndim = max(mix.ndim, hours.ndim)  # the types first, then the draws' (D, 1, 1)
    mix, hours = np.broadcast_arrays(
        *(a.reshape(a.shape + (1,) * (ndim - a.ndim)) for a in (mix, hours))
    )
    if mix.ndim == 1:
        return np.asarray(mix @ hours)
    rows = zip(*(np.ascontiguousarray(a.reshape(len(_TYPES), -1).T) for a in (mix, hours)))
    return np.array([m @ h for m, h in rows]).reshape(mix.shape[1:])


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    include = isinstance(settings, ProcurementSettings) and settings.include_price_effect
    spend = p["spend_per_inhabitant"] * ctx.facts.population  # (..., Y, n) SEK/year
    j = p["joint_share"]
    each = procurements(spend, p)  # (..., Y, n)
    joint_count = j * (each[..., None] * ctx.membership).max(
        axis=-2
    )  # done once, for the largest member
    count = (1 - j) * ctx.pool(each) + joint_count
    mix = normalised(*(p[f"{t}_share"] for t in _TYPES))  # (3,) or drawn (3, D, 1, 1)
    hours_each = _mean_hours(mix, p)
    contracts = count * (mix[1] + mix[2]) * p["contract_years"]
    joint_coordination = joint_count * p["joint_coordination_hours"] * (ctx.size - 1)
    hours = (
        count * hours_each
        + contracts * p["contract_hours"]
        + joint_coordination
        + coordination_hours(ctx, p)
    )
    effect = 0.0 - price_reduction(ctx, p).sum(axis=-2)  # 0.0 - x: no negative zeros
    costs = {"systems": p["system_fixed"] + np.zeros(ctx.size.shape)}
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
                policy(p, "minimum_persons"),
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
    name="procurement",
    title_sv="Inköp och upphandling",
    title_en="Purchasing and procurement",
    params=PARAMS,
    evaluate=_evaluate,
    drivers=(
        Driver(
            name="spend",
            measure="spend",
            unit="SEK/year",
            label=Wording(sv="inköpsvolym", en="purchasing volume"),
            phrase=Wording(sv="inköpsvolym", en="purchasing volume"),
        ),
        Driver(
            name="procurements",
            measure="procurements",
            unit="procurements/year",
            label=Wording(sv="upphandlingar", en="procurements"),
            phrase=Wording(sv="antal upphandlingar", en="number of procurements"),
        ),
    ),
    components=(*vocabulary.STAFFED, vocabulary.SYSTEMS, PRICE_EFFECT),
    volume_key="spend",
    settings_model=ProcurementSettings,
)
