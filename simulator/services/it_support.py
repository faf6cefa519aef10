"""IT support (IT-stöd / servicedesk).

Drivers: employees × user accounts per employee, devices per user, tickets per user a year, split
by channel (phone / e-mail / portal, weights normalised). First line: phone tickets by Erlang C
per interval of the opening hours (arrival profile as settings); written tickets by handling
time, partly done in the agents' idle time between calls (blending); both after shrinkage.
First-contact resolution sends the rest to the second line (hours per escalated ticket). On
site: a share of tickets and the device work is done at each member's site; a shared desk keeps
a minimum local presence at every non-host member, and what exceeds it is done by technicians
travelling from the host (jobs batched into trips). One ITSM tool per coalition (fixed + per
agent). Pooling the desk saves; travel and local presence cost. Arrays are (..., Y, C) (per
interval (D, K, ..., Y, C)): a leading axis (e.g. Monte Carlo draws) passes through.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel

from simulator import queueing
from simulator.core.params import Kind, ParamSpec
from simulator.services.base import Context, Measure, Service, ServiceOutput, StaffGroup, Values
from simulator.services.common import (
    coordination_hours,
    normalised,
    transition_costs,
    transition_params,
    travel,
)
from simulator.services.profiles import Profiles
from simulator.services.switchboard import interval_traffic

__all__ = ["SERVICE", "onsite_hours"]

_DATA = "../shared/data/municipal_sources.csv"

PARAMS = (
    ParamSpec(
        "users_per_employee",
        "users/employee",
        0.9,
        0.7,
        1.1,
        "assumption: nearly every employee has an account; some care staff share one",
        "user accounts per municipal employee",
    ),
    ParamSpec(
        "devices_per_user",
        "devices/user",
        0.7,
        0.4,
        1.2,
        "estimate: 1.3–2.8 employees per computer in Södertörn kommuner 2007 (studylibsv.com IT-nyckeltal, "
        f"verified, {_DATA}) → 0.36–0.77 computers per employee, plus tablets and phones",
        "managed devices per user",
    ),
    ParamSpec(
        "tickets_per_user",
        "tickets/user/year",
        8.0,
        6.0,
        12.0,
        f"estimate: 6–12 tickets per user a year ({_DATA}, it_support; not found in a source)",
        "support tickets per user and year",
    ),
    ParamSpec(
        "phone_share",
        "share",
        0.5,
        0.3,
        0.7,
        "assumption: half the tickets by phone",
        "weight of phone tickets in the channel mix (weights are normalised)",
        Kind.SHARE,
    ),
    ParamSpec(
        "email_share", "share", 0.2, 0.0, 0.4, "assumption", "weight of e-mail tickets", Kind.SHARE
    ),
    ParamSpec(
        "portal_share",
        "share",
        0.3,
        0.1,
        0.5,
        "assumption: self-service portal",
        "weight of portal tickets",
        Kind.SHARE,
    ),
    ParamSpec(
        "first_contact_resolution",
        "share",
        0.65,
        0.5,
        0.8,
        f"estimate: 60–70 % of enquiries resolved at first contact, Vimmerby kontaktcenter 2022 ({_DATA}, "
        "verified), taken for the IT desk",
        "share of tickets the first line closes",
        Kind.SHARE,
    ),
    ParamSpec(
        "aht_seconds",
        "s",
        480.0,
        300.0,
        720.0,
        "assumption: 5–12 minutes per IT support call",
        "average handling time of a phone ticket",
    ),
    ParamSpec(
        "written_minutes",
        "min/ticket",
        12.0,
        6.0,
        20.0,
        "assumption: reading, answering and logging",
        "first-line handling time of an e-mail or portal ticket",
    ),
    ParamSpec(
        "blending_share",
        "share",
        0.5,
        0.0,
        0.8,
        "assumption: agents answer written tickets in half their idle time between calls",
        "share of idle phone time used for written tickets",
        Kind.SHARE,
    ),
    ParamSpec(
        "service_level",
        "share",
        0.8,
        0.5,
        0.95,
        "assumption: 80 % of calls answered within 60 s, as for the switchboard",
        "target share of calls answered within the threshold",
        Kind.OPEN_SHARE,
    ),
    ParamSpec(
        "answer_within",
        "s",
        60.0,
        20.0,
        180.0,
        "assumption, see service_level",
        "service-level threshold",
    ),
    ParamSpec(
        "open_days",
        "days/year",
        250.0,
        245.0,
        252.0,
        "Swedish weekdays less public holidays",
        "days the desk is open per year",
    ),
    ParamSpec(
        "shrinkage",
        "share",
        0.25,
        0.15,
        0.35,
        "assumption: breaks, meetings, training and admin",
        "share of desk hours not available for tickets",
        Kind.OPEN_SHARE,
    ),
    ParamSpec(
        "minimum_persons",
        "persons",
        2.0,
        1.0,
        3.0,
        "assumption: two persons to keep the desk open through holidays and sick leave",
        "minimum desk staff",
    ),
    ParamSpec(
        "second_line_hours",
        "h/ticket",
        1.0,
        0.5,
        2.0,
        "assumption: diagnosis and fix off site",
        "second-line hours per escalated ticket",
    ),
    ParamSpec(
        "onsite_share",
        "share",
        0.05,
        0.02,
        0.10,
        "assumption: hardware, printers, meeting rooms",
        "share of tickets that need a visit",
        Kind.SHARE,
    ),
    ParamSpec("hours_per_visit", "h/visit", 1.0, 0.5, 2.0, "assumption", "hours on site per visit"),
    ParamSpec(
        "device_hours",
        "h/device/year",
        0.5,
        0.25,
        1.0,
        "assumption: ≈2 h to set up each device in a four-year refresh cycle",
        "on-site device work a year",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "visits_per_trip",
        "visits/trip",
        3.0,
        1.0,
        6.0,
        "assumption: jobs at one site batched into a trip",
        "on-site jobs per trip from the host",
    ),
    ParamSpec(
        "local_presence_fte",
        "FTE",
        0.5,
        0.0,
        1.0,
        "assumption: a technician half-time at each non-host member's site",
        "local presence per member site",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "minimum_technicians",
        "persons",
        1.0,
        0.5,
        2.0,
        "assumption: one technician for second line",
        "minimum second-line and on-site staff at the host",
        Kind.NONNEGATIVE,
    ),
    ParamSpec(
        "monthly_salary",
        "SEK/month",
        29500.0,
        28000.0,
        31000.0,
        f"estimate: IT-/supporttekniker 2013, back-cast of verified 2021–2024 salaries ({_DATA}, salary)",
        "average monthly salary of IT support staff, base year",
    ),
    ParamSpec(
        "itsm_fixed",
        "SEK/year",
        100000.0,
        30000.0,
        250000.0,
        "assumption: ITSM tool base licence",
        "ITSM tool per coalition and year",
    ),
    ParamSpec(
        "itsm_per_agent",
        "SEK/agent/year",
        6000.0,
        2000.0,
        15000.0,
        "assumption: per agent seat",
        "ITSM licence per agent (FTE of support staff, rounded up)",
    ),
    *transition_params(
        300000.0,
        (100000.0, 800000.0),
        "assumption: directory and ITSM migration and device re-enrolment per joining member",
        600.0,
        100.0,
        "assumption: local contacts, priorities and change boards per member",
    ),
)


def onsite_hours(
    ctx: Context, p: Values, tickets: np.ndarray, devices: np.ndarray
) -> tuple[np.ndarray, ...]:
    """On-site work per coalition from (..., Y, n) drivers: host-based hours (..., Y, C), local FTE (C,)
    and trips (..., Y, n, C)."""
    work = (tickets * p["onsite_share"] * p["hours_per_visit"] + devices * p["device_hours"])[
        ..., None
    ]
    n = ctx.membership.shape[0]
    away = ctx.membership * (np.arange(n)[:, None] != ctx.host[None, :])  # (n, C) non-host members
    capacity = p["local_presence_fte"] * ctx.economics["productive_hours_per_fte"]
    excess = np.maximum(work - capacity, 0.0) * away
    trips = excess / (p["hours_per_visit"] * p["visits_per_trip"])
    host_work = (work * (ctx.membership - away)).sum(axis=-2) + excess.sum(axis=-2)
    return host_work, p["local_presence_fte"] * away.sum(axis=0), trips


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    profiles = settings if isinstance(settings, Profiles) else Profiles()
    users = ctx.facts.employees * p["users_per_employee"]
    own_tickets = users * p["tickets_per_user"]
    tickets = ctx.pool(own_tickets)
    phone, email, portal = normalised(p["phone_share"], p["email_share"], p["portal_share"])
    traffic = interval_traffic(tickets * phone, p, profiles)  # (D, K, Y, C)
    agents = queueing.min_agents(traffic, p["aht_seconds"], p["service_level"], p["answer_within"])
    agent_hours = (
        agents.sum(axis=(0, 1))
        * profiles.interval_minutes
        / 60.0
        * p["open_days"]
        / len(profiles.weekday)
    )
    idle = agent_hours - tickets * phone * p["aht_seconds"] / 3600.0
    written = tickets * (email + portal) * p["written_minutes"] / 60.0
    desk = (agent_hours + np.maximum(written - p["blending_share"] * idle, 0.0)) / (
        1.0 - p["shrinkage"]
    )
    desk = desk + coordination_hours(ctx, p)
    second = tickets * (1.0 - p["first_contact_resolution"]) * p["second_line_hours"]
    host_work, local_fte, trips = onsite_hours(ctx, p, own_tickets, users * p["devices_per_user"])
    travel_hours, travel_cost = travel(ctx, trips)
    hours_fte = ctx.economics["productive_hours_per_fte"]
    desk_fte, tech_fte = desk / hours_fte, (second + host_work + travel_hours) / hours_fte
    seats = np.ceil(desk_fte + tech_fte + local_fte - 1e-9)
    return ServiceOutput(
        workload={
            "users": Measure(ctx.pool(users), "users"),
            "tickets": Measure(tickets, "tickets/year"),
            "peak_agents": Measure(agents.max(axis=(0, 1)).astype(np.float64), "agents"),
            "desk_hours": Measure(desk, "h/year"),
            "second_line_hours": Measure(second, "h/year"),
            "onsite_hours": Measure(host_work, "h/year"),
            "travel_hours": Measure(travel_hours, "h/year"),
            "trips": Measure(trips.sum(axis=-2), "trips/year"),
        },
        staff={
            "service_desk": StaffGroup(desk_fte, p["minimum_persons"], p["monthly_salary"]),
            "technicians": StaffGroup(tech_fte, p["minimum_technicians"], p["monthly_salary"]),
            "local": StaffGroup(
                np.broadcast_to(local_fte, tickets.shape), 0.0, p["monthly_salary"]
            ),
        },
        costs={"systems": p["itsm_fixed"] + p["itsm_per_agent"] * seats, "travel": travel_cost},
        one_off=transition_costs(ctx, p),
    )


SERVICE = Service("it_support", "IT-stöd", "IT support", PARAMS, _evaluate, settings_model=Profiles)
