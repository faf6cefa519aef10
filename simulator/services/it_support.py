"""IT support (IT-stöd / servicedesk).

Drivers: employees × user accounts per employee, devices per user, tickets per user a year, split
by channel (phone / e-mail / portal, weights normalised). First line: phone tickets by Erlang C
per interval of the opening hours (arrival profile as settings); written tickets by handling
time, partly done in the agents' idle time between calls (blending); both after shrinkage.
First-contact resolution sends the rest to the second line (hours per escalated ticket). On
site: a share of tickets and the device work is done at each member's site. A municipality alone
does all of it with its own technicians. A shared service keeps the desk and the second line at
the host, and technicians based at every other member's site, posts sized to that site's own
on-site work in part-time steps; only what a site's posts cannot cover is travelled to from the
host (see :func:`onsite_staffing`). One ITSM tool per coalition (fixed + per agent). Pooling the
desk and the second line saves; part-time steps at each site, travel for what they leave and
coordination cost.

Staffing: the desk is one staff group, all technicians (second line, on site at the host and at
the other sites) another, so that a member's own technicians become the shared service's without
a second payroll while staff leave through attrition. The site posts are staffed here, site by
site; the technicians' group hands the engine its fractional need (the host's work plus the work
done at the sites) and, as its minimum, the staffed figure: the host's technicians rounded up to
the scenario's ``staffing_step`` (at least ``minimum_technicians``) plus the posts. The engine's
rounding of the need then leaves that figure as it is while ``local_post_step`` is a multiple of
``staffing_step``. Arrays are (..., Y, C): a leading axis (e.g. Monte Carlo draws) passes
through; the week's agents are summed by :func:`simulator.services.queues.week_staffing` without
a per-interval array.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel

from simulator.core.params import Kind, ParamSpec
from simulator.services import common, staffing, vocabulary
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
    normalised,
    per_member,
    policy,
    transition_costs,
    transition_params,
    travel,
)
from simulator.services.profiles import Profiles
from simulator.services.queues import queue_targets, week_staffing
from simulator.services.switchboard import curve_masks, peak_curves

__all__ = ["SERVICE", "OnSite", "onsite_staffing", "fte_cost"]

_DATA = "scenarios/data/sources/municipal_sources.csv"

PARAMS = (
    ParamSpec(
        name="users_per_employee",
        unit="users/employee",
        default=0.9,
        low=0.7,
        high=1.1,
        source="assumption: nearly every employee has an account; some care staff share one",
        description="user accounts per municipal employee",
    ),
    ParamSpec(
        name="devices_per_user",
        unit="devices/user",
        default=0.7,
        low=0.4,
        high=1.2,
        source="estimate: 1.3–2.8 employees per computer in Södertörn kommuner "
        f"2007 (studylibsv.com IT-nyckeltal, verified, {_DATA}) → "
        "0.36–0.77 computers per employee, plus tablets and phones",
        description="managed devices per user",
    ),
    ParamSpec(
        name="tickets_per_user",
        unit="tickets/user/year",
        default=8.0,
        low=6.0,
        high=12.0,
        source="estimate: 6–12 tickets per user a year "
        f"({_DATA}, it_support; not found in a source)",
        description="support tickets per user and year",
    ),
    ParamSpec(
        name="phone_share",
        unit="share",
        default=0.5,
        low=0.3,
        high=0.7,
        source="assumption: half the tickets by phone",
        description="weight of phone tickets in the channel mix (weights are normalised)",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="email_share",
        unit="share",
        default=0.2,
        low=0.0,
        high=0.4,
        source="assumption",
        description="weight of e-mail tickets",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="portal_share",
        unit="share",
        default=0.3,
        low=0.1,
        high=0.5,
        source="assumption: self-service portal",
        description="weight of portal tickets",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="first_contact_resolution",
        unit="share",
        default=0.65,
        low=0.5,
        high=0.8,
        source="estimate: 60–70 % of enquiries resolved at first contact, Vimmerby "
        f"kontaktcenter 2022 ({_DATA}, verified), taken for the IT desk",
        description="share of tickets the first line closes",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="aht_seconds",
        unit="s",
        default=480.0,
        low=300.0,
        high=720.0,
        source="assumption: 5–12 minutes per IT support call",
        description="average handling time of a phone ticket",
    ),
    ParamSpec(
        name="written_minutes",
        unit="min/ticket",
        default=12.0,
        low=6.0,
        high=20.0,
        source="assumption: reading, answering and logging",
        description="first-line handling time of an e-mail or portal ticket",
    ),
    ParamSpec(
        name="blending_share",
        unit="share",
        default=0.5,
        low=0.0,
        high=0.8,
        source="assumption: agents answer written tickets in half their idle time between calls",
        description="share of idle phone time used for written tickets",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="service_level",
        unit="share",
        default=0.8,
        low=0.5,
        high=0.95,
        source="assumption: 80 % of calls answered within 60 s, as for the switchboard",
        description="target share of calls answered within the threshold",
        kind=Kind.OPEN_SHARE,
        policy=True,
    ),
    ParamSpec(
        name="answer_within",
        unit="s",
        default=60.0,
        low=20.0,
        high=180.0,
        source="assumption, see service_level",
        description="service-level threshold",
        policy=True,
    ),
    ParamSpec(
        name="open_days",
        unit="days/year",
        default=250.0,
        low=245.0,
        high=252.0,
        source="Swedish weekdays less public holidays",
        description="days the desk is open per year",
    ),
    ParamSpec(
        name="shrinkage",
        unit="share",
        default=0.25,
        low=0.15,
        high=0.35,
        source="assumption: breaks, meetings, training and admin",
        description="share of desk hours not available for tickets",
        kind=Kind.OPEN_SHARE,
    ),
    ParamSpec(
        name="minimum_persons",
        unit="persons",
        default=2.0,
        low=1.0,
        high=3.0,
        source="assumption: two persons to keep the desk open through holidays and sick leave",
        description="minimum desk staff",
        policy=True,
    ),
    ParamSpec(
        name="second_line_hours",
        unit="h/ticket",
        default=1.0,
        low=0.5,
        high=2.0,
        source="assumption: diagnosis and fix off site",
        description="second-line hours per escalated ticket",
    ),
    ParamSpec(
        name="onsite_share",
        unit="share",
        default=0.05,
        low=0.02,
        high=0.10,
        source="assumption: hardware, printers, meeting rooms; bounded by Jönköping University "
        "IT Helpdesk, 'Så hanteras ditt ärende' (ju.se/it-helpdesk): ≈75 % of problems and "
        "questions are solved by the support group, often by remote control, and only the rest "
        "goes on to the on-site or operations group",
        description="share of tickets that need a visit",
        kind=Kind.SHARE,
    ),
    ParamSpec(
        name="hours_per_visit",
        unit="h/visit",
        default=1.0,
        low=0.5,
        high=2.0,
        source="assumption",
        description="hours on site per visit",
    ),
    ParamSpec(
        name="device_hours",
        unit="h/device/year",
        default=0.5,
        low=0.25,
        high=1.0,
        source="assumption: ≈2 h to set up each device in a four-year refresh cycle",
        description="on-site device work a year",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="visits_per_trip",
        unit="visits/trip",
        default=3.0,
        low=1.0,
        high=6.0,
        source="assumption: jobs at one site batched into a trip",
        description="on-site jobs per trip from the host, for the work a site's posts leave",
    ),
    ParamSpec(
        name="local_post_step",
        unit="FTE",
        default=0.5,
        low=0.25,
        high=1.0,
        source="assumption: a site technician's post in half-time steps; a third of municipal "
        "staff work part-time (SKL statistics Nov 2016: 66 % full-time, arbetet.se 2017-09-21), "
        "while SKL and Kommunal agreed in 2016 on full time as the norm for new posts (ka.se "
        "2017-02-10), hence up to whole posts",
        description="step in which a shared service staffs the technicians based at each "
        "non-host member's site",
        policy=True,
    ),
    ParamSpec(
        name="minimum_technicians",
        unit="persons",
        default=1.0,
        low=0.5,
        high=2.0,
        source="assumption: one technician for second line",
        description="minimum second-line and on-site staff at the host",
        kind=Kind.NONNEGATIVE,
        policy=True,
    ),
    ParamSpec(
        name="monthly_salary",
        unit="SEK/month",
        default=29500.0,
        low=28000.0,
        high=31000.0,
        source="estimate: IT-/supporttekniker 2013, back-cast "
        f"of verified 2021–2024 salaries ({_DATA}, salary)",
        description="average monthly salary of IT support staff, base year",
    ),
    ParamSpec(
        name="itsm_fixed",
        unit="SEK/year",
        default=100000.0,
        low=30000.0,
        high=250000.0,
        source="assumption: ITSM tool base licence",
        description="ITSM tool per coalition and year",
    ),
    ParamSpec(
        name="itsm_per_agent",
        unit="SEK/agent/year",
        default=6000.0,
        low=2000.0,
        high=15000.0,
        source="assumption: per agent seat",
        description="ITSM licence per agent (FTE of support staff, rounded up)",
    ),
    *transition_params(
        migration=300000.0,
        migration_low=100000.0,
        migration_high=800000.0,
        migration_source="assumption: directory and ITSM migration "
        "and device re-enrolment per joining member",
        project_hours=600.0,
        coordination=100.0,
        coordination_source="assumption: local contacts, priorities and change boards per member",
    ),
)


@dataclass(frozen=True)
class OnSite:
    """The on-site work of every coalition as it is staffed (see :func:`onsite_staffing`).

    Attributes
    ----------
    host_hours : (..., Y, C) on-site hours done by technicians based at the host: the host's own
        sites and what they travel to do at the others (driving time apart)
    local_fte : (..., Y, C) FTE of on-site work done by technicians based at the other members'
        sites
    local_posts : (..., Y, C) FTE of their posts, staffed site by site in ``local_post_step``
    local_by_member : (..., Y, n, C) the posts at each member's site (``local_posts`` by member)
    trips : (..., Y, n, C) round trips a year from the host to each member (0 for the host and
        for non-members)
    """

    host_hours: np.ndarray
    local_fte: np.ndarray
    local_posts: np.ndarray
    local_by_member: np.ndarray
    trips: np.ndarray


def onsite_staffing(ctx: Context, p: Values, work: np.ndarray) -> OnSite:
    """Who does each member's on-site work ``work`` (..., Y, n) h a year, in every coalition.

    The host's own on-site work is done by the technicians at the host, as is all of it for a
    municipality alone (no travel). Every other member i of a shared coalition keeps technicians
    at its site for its own on-site work, its need ``f = w_i / H`` FTE (``H`` productive hours
    a year) staffed in steps ``s`` of ``local_post_step``: a post of ``down = s·⌊f/s⌋`` leaves
    ``r = (f − down)·H`` hours, which are either

    - travelled to from the host: ``r / (hours_per_visit × visits_per_trip)`` round trips of
      ``2·d_i`` km (road distance to the host) at ``travel_speed``, the technicians' time
      ``(r + driving hours) / H`` FTE at the cost of an FTE plus ``km × cost_per_km``, or
    - done by rounding the post up to ``up = s·⌈f/s⌉``, at ``(up − down)`` × the cost of an FTE,

    whichever costs less (a tie keeps the post), decided for every year, member and coalition.
    The cost of an FTE is ``monthly_salary × 12 × (1 + employer_overhead) × (1 + overhead_rate)``
    × the wage index, the host's share taken as fractional FTE (the engine rounds the host's staff
    once, on the coalition total).
    """
    econ = ctx.economics
    hours = per_member(econ["productive_hours_per_fte"])
    step = policy(p, "local_post_step")
    n = ctx.membership.shape[0]
    # (..., n, C) non-host members; the host is (C,), or (D, 1, C) when the facts are drawn
    away = ctx.membership * (np.arange(n)[:, None] != ctx.host[..., None, :])
    need = work[..., None] * away / hours  # (..., Y, n, C) FTE at each site
    down = step * np.floor(need / step + 1e-9)
    up = step * np.ceil(need / step - 1e-9)
    left = (need - down) * hours
    trips = left / per_member(p["hours_per_visit"] * p["visits_per_trip"])
    km = 2.0 * trips * ctx.distance_to_host
    per_fte = per_member(fte_cost(ctx, p))
    by_car = (left + km / per_member(econ["travel_speed"])) / hours * per_fte
    keep_post = (up - down) * per_fte <= by_car + km * per_member(econ["cost_per_km"])
    at_host = (work[..., None] * (ctx.membership - away)).sum(axis=-2)
    posts = np.where(keep_post, up, down)
    return OnSite(
        host_hours=at_host + np.where(keep_post, 0.0, left).sum(axis=-2),
        local_fte=np.where(keep_post, need, down).sum(axis=-2),
        local_by_member=posts,
        local_posts=posts.sum(axis=-2),
        trips=np.where(keep_post, 0.0, trips),
    )


def fte_cost(ctx: Context, p: Values) -> np.ndarray:
    """(..., Y, 1) SEK a year of one FTE of IT support staff: ``monthly_salary`` × 12 × (1 + PO)
    × (1 + overhead_rate) × the wage index, as the engine charges it."""
    return common.fte_cost(ctx, p["monthly_salary"])


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    profiles = settings if isinstance(settings, Profiles) else Profiles()
    users = ctx.facts.employees * p["users_per_employee"]
    own_tickets = users * p["tickets_per_user"]
    tickets = ctx.pool(own_tickets)
    phone, email, portal = normalised(p["phone_share"], p["email_share"], p["portal_share"])
    week = week_staffing(tickets * phone, p, profiles, queue_targets(p))
    agent_hours = (
        week.agents * profiles.interval_minutes / 60.0 * p["open_days"] / len(profiles.weekday)
    )
    idle = agent_hours - tickets * phone * p["aht_seconds"] / 3600.0
    written = tickets * (email + portal) * p["written_minutes"] / 60.0
    desk = (agent_hours + np.maximum(written - p["blending_share"] * idle, 0.0)) / (
        1.0 - p["shrinkage"]
    )
    desk = desk + coordination_hours(ctx, p)
    second = tickets * (1.0 - p["first_contact_resolution"]) * p["second_line_hours"]
    own_onsite = own_tickets * p["onsite_share"] * p["hours_per_visit"]
    own_onsite = own_onsite + users * p["devices_per_user"] * p["device_hours"]
    onsite = onsite_staffing(ctx, p, own_onsite)
    travel_hours, travel_cost = travel(ctx, onsite.trips)
    hours_fte = ctx.economics["productive_hours_per_fte"]
    desk_fte = desk / hours_fte
    host_fte = (second + onsite.host_hours + travel_hours) / hours_fte
    # the host's technicians by the scenario's staffing policy, plus every site's posts as staffed
    technicians = staffing.staffed(
        host_fte, policy(p, "minimum_technicians"), policy(ctx.economics, "staffing_step")
    )
    technicians = technicians + onsite.local_posts
    seats = np.ceil(desk_fte + host_fte + onsite.local_posts - 1e-9)
    return ServiceOutput(
        workload={
            "users": Measure(ctx.pool(users), "users"),
            "tickets": Measure(tickets, "tickets/year"),
            "peak_agents": Measure(week.peak.astype(np.float64), "agents"),
            "desk_hours": Measure(desk, "h/year"),
            "second_line_hours": Measure(second, "h/year"),
            "onsite_hours": Measure(ctx.pool(own_onsite), "h/year"),
            "host_onsite_hours": Measure(onsite.host_hours, "h/year"),
            "local_posts": Measure(onsite.local_posts, "FTE"),
            "travel_hours": Measure(travel_hours, "h/year"),
            "trips": Measure(onsite.trips.sum(axis=-2), "trips/year"),
        },
        staff={
            # one occupation: desk agents and technicians move between the two (pool "it")
            "service_desk": StaffGroup(
                desk_fte, policy(p, "minimum_persons"), p["monthly_salary"], pool="it"
            ),
            "technicians": StaffGroup(
                host_fte + onsite.local_fte,
                technicians,
                p["monthly_salary"],
                pool="it",
                at_sites=onsite.local_by_member,  # on-site technicians work where they are based
            ),
        },
        costs={"systems": p["itsm_fixed"] + p["itsm_per_agent"] * seats, "travel": travel_cost},
        one_off=transition_costs(ctx, p),
        queue=None if ctx.draws else peak_curves(week.peak_traffic, p, curve_masks(ctx.size)),
    )


SERVICE = Service(
    name="it_support",
    title_sv="IT-stöd",
    title_en="IT support",
    params=PARAMS,
    evaluate=_evaluate,
    drivers=(
        Driver(
            name="users",
            measure="users",
            unit="users",
            label=Wording(sv="användare", en="users"),
            phrase=Wording(sv="antal IT-användare", en="number of IT users"),
        ),
        Driver(
            name="tickets",
            measure="tickets",
            unit="tickets/year",
            label=Wording(sv="ärenden", en="tickets"),
            phrase=Wording(sv="antal ärenden till IT-supporten", en="number of IT support tickets"),
        ),
    ),
    components=(*vocabulary.STAFFED, vocabulary.SYSTEMS, vocabulary.TRAVEL),
    volume_key="users",
    mechanism="pooling",
    group_mechanisms={"technicians": "scale"},
    settings_model=Profiles,
)
