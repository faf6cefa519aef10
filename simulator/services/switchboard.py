"""Switchboard (växel / kontaktcenter).

Drivers: inhabitants × calls per inhabitant + employees × calls per employee. Arrivals spread
over weekdays and the day's intervals by profiles; per interval the fewest agents that meet
the coalition's service-level target (Erlang C, or Erlang A when a patience is given) → agent
hours → FTE after shrinkage. Pooling queues is where sharing saves (square-root staffing). The
week's agents are summed by :func:`simulator.services.queues.week_staffing_by_target` without a
per-interval array, so a leading axis of draws passes through at the cost of one lookup per
coalition and year. Per-interval arrays, where a plain run builds them for the service-level
diagnostics, are (weekday, interval, Y, C).

Stand-alone means today. A member alone keeps the level it answers at today and the duties its
switchboard staff combine with the phone (``settings.today``, :class:`SwitchboardSettings`); a
shared switchboard (two or more members) is staffed for the scenario's target
(``service_level`` within ``answer_within``) with dedicated staff. A small municipality that
answers at a lower level than the target, with staff who also run the reception, thus costs what
it costs today, and sharing shows as the better service level it buys (the workload measures
``target_service_level``, ``answer_within_target`` and ``service_level``) rather than as a saving
it never had.

Combined duties: a share ``s`` of the positions' paid time goes to reception or other work and is
not the switchboard's cost, so the switchboard carries ``(1 - s)`` of the agent hours, but never
less than the time its calls take (calls × handling time): the share counted is
``min(s, 1 - call hours / agent hours)`` (measure ``other_duties_share``). The minimum staffing
(``minimum_persons`` for continuity through holidays and sickness) counts those persons at the
switchboard's share of their time, ``minimum_persons × (1 - s)``: two persons who share a
combined växel and reception are needed either way, but only their switchboard time is the
switchboard's cost.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ValidationInfo, field_validator

from simulator import queueing
from simulator.core.params import Kind, ParamSpec
from simulator.services import vocabulary
from simulator.services.base import (
    Context,
    Driver,
    Measure,
    Service,
    ServiceLevelCurves,
    ServiceOutput,
    StaffGroup,
    Values,
    Wording,
)
from simulator.services.common import (
    coordination_hours,
    policy,
    transition_costs,
    transition_params,
)
from simulator.services.profiles import Profiles
from simulator.services.queues import (
    CoalitionTargets,
    QueuePlan,
    TodayLevel,
    check_today_names,
    interval_agents,
    offered_traffic,
    queue_plan,
    queue_targets,
    week_staffing_by_target,
)

__all__ = [
    "SERVICE",
    "SwitchboardSettings",
    "interval_traffic",
    "curve_masks",
    "peak_curves",
    "MAX_CURVE_AGENTS",
]

_DATA = "scenarios/data/sources/municipal_sources.csv"

PARAMS = (
    ParamSpec(
        name="calls_per_inhabitant",
        unit="calls/inhabitant/year",
        default=2.6,
        low=1.5,
        high=3.7,
        source=f"estimate: ≈3–3.7 calls per inhabitant and year in total (Mjölby, {_DATA}, "
        "switchboard), of which ≈2.6 from the public (assumption for the split)",
        description="external calls per inhabitant and year",
    ),
    ParamSpec(
        name="calls_per_employee",
        unit="calls/employee/year",
        default=5.0,
        low=0.0,
        high=10.0,
        source="assumption: internal calls routed through the switchboard",
        description="calls per municipal employee and year",
        kind=Kind.NONNEGATIVE,
    ),
    ParamSpec(
        name="open_days",
        unit="days/year",
        default=250.0,
        low=245.0,
        high=252.0,
        source="Swedish weekdays less public holidays",
        description="days the switchboard is open per year",
    ),
    ParamSpec(
        name="aht_seconds",
        unit="s",
        default=180.0,
        low=120.0,
        high=300.0,
        source=f"estimate: 2–4 minutes per switchboard call ({_DATA}, switchboard)",
        description="average handling time",
    ),
    ParamSpec(
        name="service_level",
        unit="share",
        default=0.8,
        low=0.5,
        high=0.95,
        source=f"estimate: 80 % answered within 60 s, common convention ({_DATA}, switchboard)",
        description="target share of calls answered within the threshold, for a shared "
        "switchboard (a member alone keeps its level of today, settings.today)",
        kind=Kind.OPEN_SHARE,
        policy=True,
    ),
    ParamSpec(
        name="answer_within",
        unit="s",
        default=60.0,
        low=10.0,
        high=180.0,
        source="estimate: common convention, see service_level",
        description="service-level threshold of the target",
        policy=True,
    ),
    ParamSpec(
        name="patience_seconds",
        unit="s",
        default=None,
        low=30.0,
        high=600.0,
        source="optional: mean caller patience; when given, "
        "Erlang A (abandonment) replaces Erlang C",
        description="mean time a caller waits before hanging up",
        policy=True,
    ),
    ParamSpec(
        name="max_occupancy",
        unit="share",
        default=None,
        low=0.6,
        high=0.95,
        source="optional: cap on agent occupancy",
        description="highest acceptable share of time agents are busy",
        kind=Kind.OPEN_SHARE,
        policy=True,
    ),
    ParamSpec(
        name="shrinkage",
        unit="share",
        default=0.25,
        low=0.15,
        high=0.35,
        source="assumption: breaks, meetings, training and admin within paid hours",
        description="share of productive hours not available for calls",
        kind=Kind.OPEN_SHARE,
    ),
    ParamSpec(
        name="minimum_agents_open",
        unit="agents",
        default=1.0,
        low=1.0,
        high=2.0,
        source="assumption (design): at least one agent while open",
        description="fewest agents in any open interval",
        policy=True,
    ),
    ParamSpec(
        name="minimum_persons",
        unit="persons",
        default=2.0,
        low=1.0,
        high=3.0,
        source="assumption: two persons to cover opening hours through holidays and sick leave",
        description="minimum staff for continuity, counted at the switchboard's share of their "
        "time where a member alone combines it with other duties",
        policy=True,
    ),
    ParamSpec(
        name="monthly_salary",
        unit="SEK/month",
        default=23000.0,
        low=22000.0,
        high=24000.0,
        source="estimate: telefonist 2013, back-cast of "
        f"verified 2016–2024 salaries ({_DATA}, salary)",
        description="average monthly salary of switchboard staff, base year",
    ),
    ParamSpec(
        name="platform_fixed",
        unit="SEK/year",
        default=150000.0,
        low=50000.0,
        high=400000.0,
        source="assumption: telephony / contact-centre platform per organisation",
        description="platform cost per platform and year",
    ),
    ParamSpec(
        name="platform_per_agent",
        unit="SEK/agent/year",
        default=15000.0,
        low=5000.0,
        high=30000.0,
        source="assumption: licence per agent seat (peak agents)",
        description="platform cost per agent seat and year",
    ),
    *transition_params(
        migration=200000.0,
        migration_low=50000.0,
        migration_high=500000.0,
        migration_source="assumption: number porting, menu and "
        "directory migration per joining member",
        project_hours=400.0,
        coordination=60.0,
        coordination_source="assumption: keeping a shared knowledge "
        "base on each member's organisation",
    ),
)


class SwitchboardSettings(Profiles):
    """When calls arrive (:class:`Profiles`), and each member's switchboard today.

    ``today`` maps a municipality to its level of today (:class:`TodayLevel`): the service level
    it answers at alone, within how many seconds, and the share of its switchboard positions'
    time spent on reception or other duties. A member not named keeps the scenario's target with
    dedicated staff. When the loader passes ``context={"municipalities": [...]}`` the names are
    checked against them at validation; otherwise when the service is evaluated.
    """

    today: dict[str, TodayLevel] = {}

    @field_validator("today")
    @classmethod
    def _known_names(
        cls, today: dict[str, TodayLevel], info: ValidationInfo
    ) -> dict[str, TodayLevel]:
        names = (info.context or {}).get("municipalities")
        if names is not None:
            check_today_names(today, names)
        return today


def interval_traffic(calls_per_year: np.ndarray, p: Values, profiles: Profiles) -> np.ndarray:
    """Offered traffic in Erlangs per (weekday, interval, ...) from calls per year (...)."""
    weeks = p["open_days"] / len(profiles.weekday)
    share = np.multiply.outer(
        profiles.weekday_array(), profiles.intraday_array()
    )  # (D, K), sums to 1
    return offered_traffic(
        share, calls_per_year / weeks, profiles.interval_minutes / 60.0, p["aht_seconds"]
    )


MAX_CURVE_AGENTS = 1000
"""Most agents the service-level curves run to. Far above any municipal queue (the Luleå region's
busiest interval needs a few dozen); a scenario whose peak needs more gets no curves (and no
chart of them) rather than a run that holds millions of agents × years × coalitions."""


def curve_masks(size: np.ndarray) -> np.ndarray:
    """(K,) the coalitions whose service-level curves a queueing service hands over: each member
    alone and all together (bitmasks, increasing), from the coalitions' sizes (C,). The curves of
    the other groups are never drawn, and at 14 members they would hold 16 383 coalitions ×
    agents × years."""
    positions = np.flatnonzero((size == 1) | (np.arange(size.size) == size.size - 1))
    return positions.astype(np.int64) + 1


def peak_curves(
    peak: np.ndarray, p: Values, masks: np.ndarray | None = None
) -> ServiceLevelCurves | None:
    """Service level and abandonment against agents at some coalitions' peak interval.

    ``peak`` is the (..., Y, C) offered traffic of the busiest interval, Erlang; ``masks`` the
    coalitions to compute curves for (default: every one). The agents run from 1 to
    ``ceil(a + 6·sqrt(a) + 6)`` for the largest peak ``a`` among them: far enough that every
    curve reaches full service. Erlang C, or Erlang A when ``p`` gives ``patience_seconds``. The
    curves are at the scenario's target (``answer_within``), the yardstick every coalition is
    compared on; a member alone may be staffed for its level of today instead (the workload
    measure ``target_service_level``). None when the curves would run past
    :data:`MAX_CURVE_AGENTS`.
    """
    chosen = np.arange(1, peak.shape[-1] + 1) if masks is None else np.asarray(masks)
    traffic = peak[..., chosen - 1]
    top = float(traffic.max())
    last = top + 6 * np.sqrt(top) + 6
    if not last <= MAX_CURVE_AGENTS:  # also a traffic that is not finite
        return None
    agents = np.arange(1, int(np.ceil(last)) + 1)
    patience = policy(p, "patience_seconds") if "patience_seconds" in p else None
    level, abandonment = queueing.answered_in_time(
        agents.reshape(-1, *(1,) * traffic.ndim),
        traffic[None],
        p["aht_seconds"],
        policy(p, "answer_within"),
        patience=patience,
    )
    return ServiceLevelCurves(
        agents=agents,
        masks=chosen,
        traffic=traffic,
        service_level=level,
        abandonment=abandonment,
        answer_within=policy(p, "answer_within"),
        target=policy(p, "service_level"),
        patience=patience,
    )


def _call_weights(traffic: np.ndarray) -> np.ndarray:
    """(D, K, ...) each interval's share of the offered traffic; equal shares where there is
    none."""
    total = traffic.sum(axis=(0, 1))
    equal = 1.0 / (traffic.shape[0] * traffic.shape[1])
    return np.where(total > 0, traffic / np.where(total > 0, total, 1.0), equal)


def _service_levels(
    calls: np.ndarray, p: Values, profiles: Profiles, targets: CoalitionTargets
) -> dict[str, Measure]:
    """The call-weighted service level and abandonment of a plain run's staffing, interval by
    interval, each coalition staffed for its own target; the service level is measured at the
    scenario's threshold ``answer_within`` for all, so that a member alone and a shared
    switchboard compare (with the default targets every interval meets the target by
    construction). Computed a year at a time: the (weekday, interval, C) arrays of one year,
    not of all."""
    patience = policy(p, "patience_seconds") if "patience_seconds" in p else None
    level = np.zeros(calls.shape)
    abandonment = np.zeros(calls.shape)
    for year in range(calls.shape[-2]):  # years, not coalitions: each step is every coalition
        traffic = interval_traffic(calls[..., year, :], p, profiles)  # (D, K, C)
        agents = interval_agents(traffic, p["aht_seconds"], targets)
        answered, gone = queueing.answered_in_time(
            agents, traffic, p["aht_seconds"], policy(p, "answer_within"), patience=patience
        )
        weight = _call_weights(traffic)
        level[..., year, :] = (answered * weight).sum(axis=(0, 1))
        abandonment[..., year, :] = (gone * weight).sum(axis=(0, 1))
    return {
        "service_level": Measure(level, "share"),
        "abandonment": Measure(abandonment, "share"),
    }


def _plan(ctx: Context, p: Values, settings: BaseModel | None) -> QueuePlan:
    """Each coalition's target and combined duties: a member alone as today, shared at the
    scenario's target."""
    target = queue_targets(p, floor=int(policy(p, "minimum_agents_open")))
    today = settings.today if isinstance(settings, SwitchboardSettings) else {}
    return queue_plan(ctx, target, today)


def _other_duties(plan: QueuePlan, agent_hours: np.ndarray, call_hours: np.ndarray) -> np.ndarray:
    """(..., Y, C) share of the agent hours spent on other duties: the given share, but never so
    much that the switchboard carries less than the time its calls take."""
    spare = 1.0 - call_hours / np.where(agent_hours > 0, agent_hours, 1.0)
    return np.clip(np.minimum(plan.other_duties, spare), 0.0, None)


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    profiles = settings if isinstance(settings, Profiles) else Profiles()
    calls = ctx.pool(
        ctx.facts.population * p["calls_per_inhabitant"]
        + ctx.facts.employees * p["calls_per_employee"]
    )
    plan = _plan(ctx, p, settings)
    week = week_staffing_by_target(calls, p, profiles, plan.targets)
    weeks = p["open_days"] / len(profiles.weekday)
    agent_hours = week.agents * profiles.interval_minutes / 60.0 * weeks
    other = _other_duties(plan, agent_hours, calls * p["aht_seconds"] / 3600.0)
    hours = agent_hours * (1.0 - other) / (1.0 - p["shrinkage"]) + coordination_hours(ctx, p)
    plain = not ctx.draws  # the per-interval diagnostics cost a queue per interval and draw
    shape = np.shape(agent_hours)
    return ServiceOutput(
        workload={
            "calls": Measure(calls, "calls/year"),
            "peak_traffic": Measure(week.peak_traffic, "Erlang"),
            "agent_hours": Measure(agent_hours, "h/year"),
            "peak_agents": Measure(week.peak.astype(np.float64), "agents"),
            "target_service_level": Measure(
                np.broadcast_to(plan.targets.service_level(), shape), "share"
            ),
            "answer_within_target": Measure(np.broadcast_to(plan.targets.within(), shape), "s"),
            "other_duties_share": Measure(other, "share"),
            **(_service_levels(calls, p, profiles, plan.targets) if plain else {}),
        },
        staff={
            "switchboard": StaffGroup(
                hours / ctx.economics["productive_hours_per_fte"],
                policy(p, "minimum_persons") * (1.0 - plan.other_duties),
                p["monthly_salary"],
            )
        },
        costs={"systems": p["platform_fixed"] + p["platform_per_agent"] * week.peak},
        one_off=transition_costs(ctx, p),
        queue=peak_curves(week.peak_traffic, p, curve_masks(ctx.size)) if plain else None,
    )


SERVICE = Service(
    name="switchboard",
    title_sv="Växel",
    title_en="Switchboard",
    params=PARAMS,
    evaluate=_evaluate,
    drivers=(
        Driver(
            name="calls",
            measure="calls",
            unit="calls/year",
            label=Wording(sv="samtal", en="calls"),
            phrase=Wording(sv="antal samtal till växeln", en="number of calls to the switchboard"),
        ),
    ),
    components=(*vocabulary.STAFFED, vocabulary.SYSTEMS),
    volume_key="calls",
    mechanism="pooling",
    settings_model=SwitchboardSettings,
)
