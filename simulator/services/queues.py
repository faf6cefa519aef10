"""A queue staffed through the week: the agents of every open interval, summed, and the peak.

Calls arrive over the open weekdays and each day's intervals by :class:`Profiles`; interval ``j``
(weekday × interval of the day) gets the share ``s_j`` of a week's calls, so its offered traffic is
``s_j · calls per open week ÷ interval hours × handling time``. Each interval is staffed with the
fewest agents that meet the queue's targets (a policy: :class:`~simulator.queueing.QueueTargets`).
The agents of a week are summed without building the (weekday, interval, ..., Y, C) array: a
staffing table per handling time answers every coalition, year and draw in one search (see
:mod:`simulator.queueing.tables`), exactly as :func:`~simulator.queueing.min_agents` would per
interval.

Stand-alone means today: a member alone keeps the service level it has today and the duties its
queue staff combine with answering (:class:`TodayLevel`, given per member in a service's
settings); a shared queue (two or more members) is staffed for the cooperation's target. Where
coalitions are staffed for different targets (:class:`CoalitionTargets`, from :func:`queue_plan`)
each distinct target gets its own table and answers its coalitions; the loop runs over the few
distinct targets, never over coalitions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from simulator import queueing
from simulator.core.errors import nearest
from simulator.services.base import Context, Value, Values
from simulator.services.common import policy
from simulator.services.profiles import Profiles

__all__ = [
    "CoalitionTargets",
    "QueuePlan",
    "TodayLevel",
    "Week",
    "check_today_names",
    "interval_agents",
    "offered_traffic",
    "queue_plan",
    "queue_targets",
    "week_staffing",
    "week_staffing_by_target",
]


@dataclass(frozen=True)
class Week:
    """A queue's staffing through the week, per coalition and year (and draw): (..., Y, C).

    agents : agents summed over the open intervals of a week (agent-intervals), int64
    peak : agents in the busiest interval, int64
    peak_traffic : offered traffic in the busiest interval, Erlang
    """

    agents: np.ndarray
    peak: np.ndarray
    peak_traffic: np.ndarray


@dataclass(frozen=True)
class CoalitionTargets:
    """Queue targets that differ between coalitions: ``each[k]`` applies to the coalitions where
    ``group == k``.

    each : the distinct targets
    group : (C,) int64, which of them each coalition is staffed for
    """

    each: tuple[queueing.QueueTargets, ...]
    group: np.ndarray

    def service_level(self) -> np.ndarray:
        """(C,) the service-level target of each coalition, a share."""
        return np.array([t.service_level for t in self.each])[self.group]

    def within(self) -> np.ndarray:
        """(C,) the threshold of each coalition's target, s."""
        return np.array([t.within for t in self.each])[self.group]


class TodayLevel(BaseModel):
    """A member's queue today, run alone: the level it answers at and what else its staff do.

    ``service_level`` is the share of calls answered within ``answer_within`` seconds (each, when
    not given, the cooperation's target); ``other_duties_share`` the share of the queue positions'
    paid time that goes to reception or other work, which is not the queue's cost (0: dedicated
    staff); ``source`` where the figures come from (``assumption: …`` for an assumption).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    service_level: float | None = Field(default=None, gt=0.0, lt=1.0)
    answer_within: float | None = Field(default=None, ge=0.0, le=3600.0)
    other_duties_share: float = Field(default=0.0, ge=0.0, lt=1.0)
    source: str = Field(min_length=1)


def check_today_names(today: Mapping[str, object], municipalities: Sequence[str]) -> None:
    """ValueError naming the first municipality in ``today`` that is not one of
    ``municipalities`` (a member not named keeps the cooperation's target)."""
    for name in today:
        if name not in municipalities:
            raise ValueError(
                f"{name} is not in the scenario; name municipalities of the scenario only: "
                + nearest(name, municipalities)
            )


@dataclass(frozen=True)
class QueuePlan:
    """What each coalition's queue is staffed for.

    targets : the service-level target of each coalition (:class:`CoalitionTargets`)
    other_duties : (C,) share of the queue positions' time on other duties (0 where shared)
    """

    targets: CoalitionTargets
    other_duties: np.ndarray


def queue_plan(
    ctx: Context, target: queueing.QueueTargets, today: Mapping[str, TodayLevel]
) -> QueuePlan:
    """Each coalition's targets: a member alone keeps its level of today (``today``, by
    municipality; ``target``'s level where not given), a shared queue (two or more members) is
    staffed for ``target`` with dedicated staff. Patience, occupancy cap and floor are
    ``target``'s for all."""
    names = ctx.facts.municipalities
    check_today_names(today, names)
    dedicated = TodayLevel(source="the cooperation's target, dedicated staff")
    given = [today.get(name, dedicated) for name in names]
    level = np.array([_or(t.service_level, target.service_level) for t in given])
    within = np.array([_or(t.answer_within, target.within) for t in given])
    other = np.array([t.other_duties_share for t in given])
    alone = ctx.size == 1
    member = ctx.membership.argmax(axis=0)  # the member of each single-member coalition
    pairs = np.stack(
        [
            np.where(alone, level[member], target.service_level),
            np.where(alone, within[member], target.within),
        ]
    )
    distinct, group = np.unique(pairs, axis=1, return_inverse=True)
    each = tuple(
        dataclasses.replace(target, service_level=float(sl), within=float(w))
        for sl, w in distinct.T
    )
    return QueuePlan(
        CoalitionTargets(each, group.reshape(-1).astype(np.int64)),
        np.where(alone, other[member], 0.0),
    )


def _or(value: float | None, default: float) -> float:
    """``value``, or ``default`` where it is not given."""
    return default if value is None else value


def offered_traffic(
    share: np.ndarray | float, per_week: np.ndarray, hours: float, aht: Value
) -> np.ndarray:
    """Offered traffic in Erlangs, ``share ⊗ per_week``: a week's ``per_week`` calls, a share of
    them in an interval of ``hours``, each of ``aht`` seconds (broadcasting against ``per_week``).
    """
    return np.multiply.outer(share, per_week) / hours * aht / 3600.0


def queue_targets(p: Values, floor: int = 1) -> queueing.QueueTargets:
    """The queue's targets from its policy parameters ``service_level``, ``answer_within`` and,
    when given, ``patience_seconds`` and ``max_occupancy``; at least ``floor`` agents."""
    return queueing.QueueTargets(
        service_level=policy(p, "service_level"),
        within=policy(p, "answer_within"),
        patience=policy(p, "patience_seconds") if "patience_seconds" in p else None,
        max_occupancy=policy(p, "max_occupancy") if "max_occupancy" in p else None,
        floor=floor,
    )


def week_staffing(
    calls_per_year: np.ndarray, p: Values, profiles: Profiles, targets: queueing.QueueTargets
) -> Week:
    """Agents through the week for ``calls_per_year`` (..., Y, C), handled in ``p["aht_seconds"]``
    over ``p["open_days"]`` a year (numbers, or drawn (D, 1, 1): one handling time per draw)."""
    hours = profiles.interval_minutes / 60.0
    shares = np.multiply.outer(profiles.weekday_array(), profiles.intraday_array()).ravel()
    per_week = calls_per_year / (p["open_days"] / len(profiles.weekday))
    hold = np.asarray(p["aht_seconds"], dtype=np.float64)
    if hold.ndim >= 2 and hold.shape[-2:] != (1, 1):
        raise ValueError("aht_seconds: one handling time per draw, not per year or coalition")
    peak_traffic = offered_traffic(shares.max(), per_week, hours, hold)
    groups = (-1, per_week.shape[-2] * per_week.shape[-1])  # a draw's years and coalitions
    values, rows = np.unique(np.broadcast_to(hold, per_week.shape)[..., 0, 0], return_inverse=True)
    rows = rows.reshape(-1)
    top = np.zeros(values.size)
    np.maximum.at(top, rows, peak_traffic.reshape(groups).max(axis=1))
    table = queueing.staffing_table(values, targets, top)
    base = (per_week / hours * hold / 3600.0).reshape(groups)
    agents, doubt = table.week_total(shares, base, rows)
    for group, cell in zip(*np.nonzero(doubt)):  # decided interval by interval, as computed
        aht = values[rows[group]]
        traffic = offered_traffic(shares, per_week.reshape(groups)[group, cell], hours, aht)
        agents[group, cell] = table.agents(traffic[None, :], rows[group : group + 1]).sum()
    peak = table.agents(peak_traffic.reshape(groups), rows)
    return Week(agents.reshape(per_week.shape), peak.reshape(per_week.shape), peak_traffic)


def week_staffing_by_target(
    calls_per_year: np.ndarray, p: Values, profiles: Profiles, targets: CoalitionTargets
) -> Week:
    """:func:`week_staffing` with each coalition (last axis of ``calls_per_year``, (..., Y, C))
    staffed for its own target (``targets``); one table per distinct target."""
    shape = np.broadcast_shapes(
        np.shape(calls_per_year), np.shape(p["aht_seconds"]), np.shape(p["open_days"])
    )
    calls = np.broadcast_to(calls_per_year, shape)
    agents = np.zeros(shape, dtype=np.int64)
    peak = np.zeros(shape, dtype=np.int64)
    peak_traffic = np.zeros(shape)
    for k, each in enumerate(targets.each):  # a few distinct targets, not the coalitions
        cols = np.flatnonzero(targets.group == k)
        if cols.size == 0:
            continue
        week = week_staffing(calls[..., cols], p, profiles, each)
        agents[..., cols] = week.agents
        peak[..., cols] = week.peak
        peak_traffic[..., cols] = week.peak_traffic
    return Week(agents, peak, peak_traffic)


def interval_agents(traffic: np.ndarray, aht: Value, targets: CoalitionTargets) -> np.ndarray:
    """The fewest agents for ``traffic`` (..., C) in each interval, each coalition (last axis) at
    its own target (:func:`simulator.queueing.min_agents_by_table` per distinct target); int64."""
    agents = np.zeros(traffic.shape, dtype=np.int64)
    for k, each in enumerate(targets.each):  # a few distinct targets, not the coalitions
        cols = np.flatnonzero(targets.group == k)
        if cols.size == 0:
            continue
        agents[..., cols] = queueing.min_agents_by_table(
            traffic[..., cols],
            aht,
            each.service_level,
            each.within,
            patience=each.patience,
            max_occupancy=each.max_occupancy,
            floor=each.floor,
        )
    return agents
