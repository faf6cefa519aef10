"""Switchboard (växel / kontaktcenter).

Drivers: inhabitants × calls per inhabitant + employees × calls per employee. Arrivals spread
over weekdays and the day's intervals by profiles; per interval the fewest agents that meet
the service-level target (Erlang C, or Erlang A when a patience is given) → agent hours →
FTE after shrinkage. Pooling queues is where sharing saves (square-root staffing). Per-interval
arrays are (D, K, ..., Y, C): weekday and interval in front, so a leading axis of the drivers
(e.g. Monte Carlo draws) sits between them and the years and passes through.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from simulator import queueing
from simulator.core.params import Kind, ParamSpec
from simulator.services.base import Context, Measure, Service, ServiceOutput, StaffGroup, Values
from simulator.services.common import coordination_hours, transition_costs, transition_params
from simulator.services.profiles import Profiles

__all__ = ["SERVICE", "interval_traffic"]

_DATA = "../shared/data/municipal_sources.csv"

PARAMS = (
    ParamSpec(
        "calls_per_inhabitant",
        "calls/inhabitant/year",
        2.6,
        1.5,
        3.7,
        f"estimate: ≈3–3.7 calls per inhabitant and year in total (Mjölby, {_DATA}, switchboard), "
        "of which ≈2.6 from the public (assumption for the split)",
        "external calls per inhabitant and year",
    ),
    ParamSpec(
        "calls_per_employee",
        "calls/employee/year",
        5.0,
        0.0,
        10.0,
        "assumption: internal calls routed through the switchboard",
        "calls per municipal employee and year",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "open_days",
        "days/year",
        250.0,
        245.0,
        252.0,
        "Swedish weekdays less public holidays",
        "days the switchboard is open per year",
    ),
    ParamSpec(
        "aht_seconds",
        "s",
        180.0,
        120.0,
        300.0,
        f"estimate: 2–4 minutes per switchboard call ({_DATA}, switchboard)",
        "average handling time",
    ),
    ParamSpec(
        "service_level",
        "share",
        0.8,
        0.5,
        0.95,
        f"estimate: 80 % answered within 60 s, common convention ({_DATA}, switchboard)",
        "target share of calls answered within the threshold",
        Kind.OPEN_SHARE,
    ),
    ParamSpec(
        "answer_within",
        "s",
        60.0,
        10.0,
        180.0,
        "estimate: common convention, see service_level",
        "service-level threshold",
    ),
    ParamSpec(
        "patience_seconds",
        "s",
        None,
        30.0,
        600.0,
        "optional: mean caller patience; when given, Erlang A (abandonment) replaces Erlang C",
        "mean time a caller waits before hanging up",
    ),
    ParamSpec(
        "max_occupancy",
        "share",
        None,
        0.6,
        0.95,
        "optional: cap on agent occupancy",
        "highest acceptable share of time agents are busy",
        Kind.OPEN_SHARE,
    ),
    ParamSpec(
        "shrinkage",
        "share",
        0.25,
        0.15,
        0.35,
        "assumption: breaks, meetings, training and admin within paid hours",
        "share of productive hours not available for calls",
        Kind.OPEN_SHARE,
    ),
    ParamSpec(
        "minimum_agents_open",
        "agents",
        1.0,
        1.0,
        2.0,
        "assumption (design): at least one agent while open",
        "fewest agents in any open interval",
    ),
    ParamSpec(
        "minimum_persons",
        "persons",
        2.0,
        1.0,
        3.0,
        "assumption: two persons to cover opening hours through holidays and sick leave",
        "minimum staff for continuity",
    ),
    ParamSpec(
        "monthly_salary",
        "SEK/month",
        23000.0,
        22000.0,
        24000.0,
        f"estimate: telefonist 2013, back-cast of verified 2016–2024 salaries ({_DATA}, salary)",
        "average monthly salary of switchboard staff, base year",
    ),
    ParamSpec(
        "platform_fixed",
        "SEK/year",
        150000.0,
        50000.0,
        400000.0,
        "assumption: telephony / contact-centre platform per organisation",
        "platform cost per platform and year",
    ),
    ParamSpec(
        "platform_per_agent",
        "SEK/agent/year",
        15000.0,
        5000.0,
        30000.0,
        "assumption: licence per agent seat (peak agents)",
        "platform cost per agent seat and year",
    ),
    *transition_params(
        200000.0,
        (50000.0, 500000.0),
        "assumption: number porting, menu and directory migration per joining member",
        400.0,
        60.0,
        "assumption: keeping a shared knowledge base on each member's organisation",
    ),
)


def interval_traffic(calls_per_year: np.ndarray, p: Values, profiles: Profiles) -> np.ndarray:
    """Offered traffic in Erlangs per (weekday, interval, ...) from calls per year (...)."""
    weeks = p["open_days"] / len(profiles.weekday)
    hours = profiles.interval_minutes / 60.0
    share = np.multiply.outer(
        profiles.weekday_array(), profiles.intraday_array()
    )  # (D, K), sums to 1
    rate = np.multiply.outer(share, calls_per_year / weeks) / hours  # calls per hour
    return rate * p["aht_seconds"] / 3600.0


def _call_weights(traffic: np.ndarray) -> np.ndarray:
    """(D, K, ...) each interval's share of the offered traffic; equal shares where there is none."""
    total = traffic.sum(axis=(0, 1))
    equal = 1.0 / (traffic.shape[0] * traffic.shape[1])
    return np.where(total > 0, traffic / np.where(total > 0, total, 1.0), equal)


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    profiles = settings if isinstance(settings, Profiles) else Profiles()
    calls = ctx.pool(
        ctx.facts.population * p["calls_per_inhabitant"]
        + ctx.facts.employees * p["calls_per_employee"]
    )
    traffic = interval_traffic(calls, p, profiles)  # (D, K, Y, C)
    patience, occupancy = p.get("patience_seconds"), p.get("max_occupancy")
    agents = queueing.min_agents(
        traffic,
        p["aht_seconds"],
        p["service_level"],
        p["answer_within"],
        patience=patience,
        max_occupancy=occupancy,
        floor=int(p["minimum_agents_open"]),
    )
    metrics = queueing.queue_metrics(
        agents, traffic, p["aht_seconds"], p["answer_within"], patience=patience
    )
    weight = _call_weights(traffic)
    weeks = p["open_days"] / len(profiles.weekday)
    agent_hours = agents.sum(axis=(0, 1)) * profiles.interval_minutes / 60.0 * weeks
    hours = agent_hours / (1.0 - p["shrinkage"]) + coordination_hours(ctx, p)
    peak = agents.max(axis=(0, 1))
    return ServiceOutput(
        workload={
            "calls": Measure(calls, "calls/year"),
            "peak_traffic": Measure(traffic.max(axis=(0, 1)), "Erlang"),
            "agent_hours": Measure(agent_hours, "h/year"),
            "peak_agents": Measure(peak.astype(np.float64), "agents"),
            "service_level": Measure((metrics.service_level * weight).sum(axis=(0, 1)), "share"),
            "abandonment": Measure((metrics.abandonment * weight).sum(axis=(0, 1)), "share"),
        },
        staff={
            "switchboard": StaffGroup(
                hours / ctx.economics["productive_hours_per_fte"],
                p["minimum_persons"],
                p["monthly_salary"],
            )
        },
        costs={"systems": p["platform_fixed"] + p["platform_per_agent"] * peak},
        one_off=transition_costs(ctx, p),
    )


SERVICE = Service("switchboard", "Växel", "Switchboard", PARAMS, _evaluate, settings_model=Profiles)
