"""Pension advice to employees (pensionsrådgivning).

Drivers: employees × share near retirement × consultations per such employee a year. In-house:
hours per consultation plus travel to the non-host members for the consultations held in person
(batched into visits), staffed with at least a minimum specialist presence. Bought: an external
price per consultation (travel included), in base-year SEK growing with the wage index as the
salaries do (advisers' fees follow wages). Each coalition takes the cheaper once for the whole
horizon, comparing the sums over the years of the in-house and the external cost, so the choice
never flips inside a run (staff are reduced only through attrition; a later switch to buying
would pay the adviser's fees and the surplus staff at once). ``choices["make_or_buy"]`` is 1
in-house, 0 bought; when bought there are no staff and the price is the cost component
``external``. Sharing makes a specialist affordable; travel is what it costs. Arrays are
(..., Y, C): a leading axis (e.g. Monte Carlo draws) passes through.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from simulator.core.params import Kind, ParamSpec
from simulator.services.base import Context, Measure, Service, ServiceOutput, StaffGroup, Values
from simulator.services.common import (
    coordination_hours,
    in_house_cost,
    make_or_buy,
    price_index,
    transition_costs,
    transition_params,
    travel,
)

__all__ = ["SERVICE", "consultations"]

_DATA = "../shared/data/municipal_sources.csv"

PARAMS = (
    ParamSpec(
        "near_retirement_share",
        "share",
        0.10,
        0.08,
        0.12,
        f"estimate: staff aged 60+ ≈8–12 % of a kommun workforce ({_DATA}, pension). Proxy for comparison "
        "only: 65+ are 25 % (Piteå) and 27 % (Älvsbyn) of inhabitants 2025 (regionfakta, verified)",
        "share of employees near retirement",
        Kind.SHARE,
    ),
    ParamSpec(
        "consultations_per_person",
        "consultations/person/year",
        0.45,
        0.3,
        0.6,
        "estimate: ≈1 individual session over the ~3 years before retirement plus ad-hoc questions, i.e. "
        f"0.03–0.06 consultations per employee a year ({_DATA}, pension)",
        "consultations a year per employee near retirement",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "hours_per_consultation",
        "h/consultation",
        2.1,
        1.75,
        2.7,
        f"estimate: 600–900 consultations per adviser FTE-year ({_DATA}, pension) at 1 600 h",
        "adviser hours per consultation incl. preparation and follow-up",
    ),
    ParamSpec(
        "minimum_fte",
        "FTE",
        0.5,
        0.25,
        1.0,
        "assumption: keeping up with KAP-KL/AKAP-KR and the KPA routines needs at least half a position",
        "minimum specialist presence when advice is given in-house",
    ),
    ParamSpec(
        "monthly_salary",
        "SEK/month",
        30500.0,
        29000.0,
        32000.0,
        f"estimate: pensionshandläggare 2013, back-cast of verified 2016–2023 salaries ({_DATA}, salary)",
        "average monthly salary of a pension adviser, base year",
    ),
    ParamSpec(
        "external_price",
        "SEK/consultation",
        3000.0,
        1500.0,
        5000.0,
        "assumption: ≈2 h of an external adviser at ≈1 500 SEK/h, travel included; no price found",
        "price per consultation bought from an external adviser",
    ),
    ParamSpec(
        "in_person_share",
        "share",
        0.5,
        0.0,
        1.0,
        "assumption: half the consultations held in person, the rest by phone or video",
        "share of consultations held in person at the employee's town",
        Kind.SHARE,
    ),
    ParamSpec(
        "consultations_per_visit",
        "consultations/trip",
        4.0,
        2.0,
        8.0,
        "assumption: a visit day to a member's town holds about four meetings",
        "in-person consultations per trip to a non-host member",
    ),
    *transition_params(
        20000.0,
        (0.0, 100000.0),
        "assumption: informing staff and giving the adviser access to each employer's KPA data",
        80.0,
        20.0,
        "assumption: contacts with each employer's HR unit",
    ),
)


def consultations(ctx: Context, p: Values) -> np.ndarray:
    """(..., Y, n) consultations a year per municipality."""
    return ctx.facts.employees * p["near_retirement_share"] * p["consultations_per_person"]


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    own = consultations(ctx, p)
    pooled = ctx.pool(own)
    trips = (
        own[..., None] * ctx.membership * p["in_person_share"] / p["consultations_per_visit"]
    )  # (..., Y, n, C)
    travel_hours, travel_cost = travel(ctx, trips)
    coordination = coordination_hours(ctx, p)
    hours = pooled * p["hours_per_consultation"] + travel_hours + coordination
    fte = hours / ctx.economics["productive_hours_per_fte"]
    prices = price_index(ctx)
    make_cost = in_house_cost(ctx, fte, p["minimum_fte"], p["monthly_salary"]) + travel_cost
    external = pooled * p["external_price"] * prices
    coordination_cost = coordination * ctx.economics["hourly_cost"] * prices
    make = make_or_buy(make_cost, external + coordination_cost)
    return ServiceOutput(
        workload={
            "consultations": Measure(pooled, "consultations/year"),
            "hours": Measure(hours * make, "h/year"),
            "travel_hours": Measure(travel_hours * make, "h/year"),
        },
        staff={"pension": StaffGroup(fte * make, p["minimum_fte"] * make, p["monthly_salary"])},
        costs={
            "travel": travel_cost * make,
            "external": external * ~make,
            "coordination": coordination_cost * ~make,
        },
        one_off=transition_costs(ctx, p),
        choices={"make_or_buy": make.astype(np.float64)},
    )


SERVICE = Service("pension", "Pensionsrådgivning", "Pension advice", PARAMS, _evaluate)
