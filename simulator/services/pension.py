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
    in_house_cost,
    make_or_buy,
    per_member,
    policy,
    price_index,
    transition_costs,
    transition_params,
    travel,
)

__all__ = ["SERVICE", "consultations"]

_DATA = "../shared/data/municipal_sources.csv"

PARAMS = (
    ParamSpec(
        name="near_retirement_share",
        unit="share",
        default=0.10,
        low=0.08,
        high=0.12,
        source=f"estimate: staff aged 60+ ≈8–12 % of a kommun workforce ({_DATA}, "
        "pension). Proxy for comparison only: 65+ are 25 % (Piteå) and 27 "
        "% (Älvsbyn) of inhabitants 2025 (regionfakta, verified)",
        description="share of employees near retirement",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="consultations_per_person",
        unit="consultations/person/year",
        default=0.45,
        low=0.3,
        high=0.6,
        source="estimate: ≈1 individual session over the ~3 years before retirement plus ad-hoc "
        f"questions, i.e. 0.03–0.06 consultations per employee a year ({_DATA}, pension)",
        description="consultations a year per employee near retirement",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="hours_per_consultation",
        unit="h/consultation",
        default=2.1,
        low=1.75,
        high=2.7,
        source="estimate: 600–900 consultations per adviser "
        f"FTE-year ({_DATA}, pension) at 1 600 h",
        description="adviser hours per consultation incl. preparation and follow-up",
    ),
    ParamSpec(
        name="minimum_fte",
        unit="FTE",
        default=0.5,
        low=0.25,
        high=1.0,
        source="assumption: keeping up with KAP-KL/AKAP-KR and "
        "the KPA routines needs at least half a position",
        description="minimum specialist presence when advice is given in-house",
        policy=True,
    ),
    ParamSpec(
        name="monthly_salary",
        unit="SEK/month",
        default=30500.0,
        low=29000.0,
        high=32000.0,
        source="estimate: pensionshandläggare 2013, back-cast "
        f"of verified 2016–2023 salaries ({_DATA}, salary)",
        description="average monthly salary of a pension adviser, base year",
    ),
    ParamSpec(
        name="external_price",
        unit="SEK/consultation",
        default=3000.0,
        low=1500.0,
        high=5000.0,
        source="assumption: ≈2 h of an external adviser at "
        "≈1 500 SEK/h, travel included; no price found",
        description="price per consultation bought from an external adviser",
    ),
    ParamSpec(
        name="in_person_share",
        unit="share",
        default=0.5,
        low=0.0,
        high=1.0,
        source="assumption: half the consultations held in person, the rest by phone or video",
        description="share of consultations held in person at the employee's town",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="consultations_per_visit",
        unit="consultations/trip",
        default=4.0,
        low=2.0,
        high=8.0,
        source="assumption: a visit day to a member's town holds about four meetings",
        description="in-person consultations per trip to a non-host member",
    ),
    *transition_params(
        migration=20000.0,
        migration_low=0.0,
        migration_high=100000.0,
        migration_source="assumption: informing staff and giving the "
        "adviser access to each employer's KPA data",
        project_hours=80.0,
        coordination=20.0,
        coordination_source="assumption: contacts with each employer's HR unit",
    ),
)


def consultations(ctx: Context, p: Values) -> np.ndarray:
    """(..., Y, n) consultations a year per municipality."""
    return ctx.facts.employees * p["near_retirement_share"] * p["consultations_per_person"]


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    own = consultations(ctx, p)
    pooled = ctx.pool(own)
    trips = (
        own[..., None]
        * ctx.membership
        * per_member(p["in_person_share"])
        / per_member(p["consultations_per_visit"])
    )  # (..., Y, n, C)
    travel_hours, travel_cost = travel(ctx, trips)
    coordination = coordination_hours(ctx, p)
    hours = pooled * p["hours_per_consultation"] + travel_hours + coordination
    fte = hours / ctx.economics["productive_hours_per_fte"]
    prices = price_index(ctx)
    minimum = policy(p, "minimum_fte")
    make_cost = in_house_cost(ctx, fte, minimum, p["monthly_salary"]) + travel_cost
    external = pooled * p["external_price"] * prices
    coordination_cost = coordination * ctx.economics["hourly_cost"] * prices
    make = make_or_buy(make_cost, external + coordination_cost)
    return ServiceOutput(
        workload={
            "consultations": Measure(pooled, "consultations/year"),
            "hours": Measure(hours * make, "h/year"),
            "travel_hours": Measure(travel_hours * make, "h/year"),
        },
        staff={"pension": StaffGroup(fte * make, minimum * make, p["monthly_salary"])},
        costs={
            "travel": travel_cost * make,
            "external": external * ~make,
            "coordination": coordination_cost * ~make,
        },
        one_off=transition_costs(ctx, p),
        choices={"make_or_buy": make.astype(np.float64)},
    )


SERVICE = Service(
    name="pension",
    title_sv="Pensionsrådgivning",
    title_en="Pension advice",
    params=PARAMS,
    evaluate=_evaluate,
    drivers=(
        Driver(
            name="consultations",
            measure="consultations",
            unit="consultations/year",
            label=Wording(sv="pensionssamtal", en="pension consultations"),
            phrase=Wording(sv="antal pensionssamtal", en="number of pension consultations"),
        ),
    ),
    components=(
        *vocabulary.STAFFED,
        vocabulary.TRAVEL,
        vocabulary.EXTERNAL,
        vocabulary.COORDINATION,
    ),
    volume_key="consultations",
)
