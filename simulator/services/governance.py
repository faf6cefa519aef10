"""Governance of a shared arrangement: the steering group, agreement administration and travel.

One steering group per cooperation (not per service): it is the part of what sharing costs
that no single service carries. Representatives travel from their central town to the host
municipality for the meetings held in person.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from simulator.services import vocabulary
from simulator.services.base import (
    Component,
    Context,
    Measure,
    Service,
    ServiceOutput,
    Values,
    Wording,
)
from simulator.services.common import price_index
from simulator.services.economics import SHARING

__all__ = ["SERVICE"]


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    years = np.ones((ctx.years.size, 1))
    per_member = p["representatives_per_member"] * p["meetings_per_year"] * p["hours_per_meeting"]
    hours = ctx.shared() * ctx.size * (per_member + p["agreement_hours_per_member"])
    trips = p["representatives_per_member"] * p["meetings_per_year"] * p["physical_meeting_share"]
    km = (
        2.0 * trips * ctx.distance_to_host.sum(axis=-2)
    )  # round trips of all members' representatives
    hourly = ctx.economics["hourly_cost"] * price_index(ctx)  # (Y, 1): staff time follows wages
    return ServiceOutput(
        workload={
            "steering_hours": Measure(years * hours, "h/year"),
            "travel_km": Measure(years * km, "km/year"),
        },
        staff={},
        costs={
            "steering": hours * hourly,
            "travel": km * ctx.economics["cost_per_km"]
            + km / ctx.economics["travel_speed"] * hourly,
        },
    )


STEERING = Component(
    name="steering",
    label=Wording(sv="Styrgrupp och avtal", en="Steering group"),
    mechanism="sharing",
)
"""Steering group meetings and agreement administration."""

SERVICE = Service(
    name="governance",
    title_sv="Styrning och samordning",
    title_en="Governance and coordination",
    params=SHARING,
    evaluate=_evaluate,
    components=(STEERING, vocabulary.TRAVEL),
)
