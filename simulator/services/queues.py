"""A queue staffed through the week: the agents of every open interval, summed, and the peak.

Calls arrive over the open weekdays and each day's intervals by :class:`Profiles`; interval ``j``
(weekday × interval of the day) gets the share ``s_j`` of a week's calls, so its offered traffic is
``s_j · calls per open week ÷ interval hours × handling time``. Each interval is staffed with the
fewest agents that meet the queue's targets (a policy: :class:`~simulator.queueing.QueueTargets`).
The agents of a week are summed without building the (weekday, interval, ..., Y, C) array: a
staffing table per handling time answers every coalition, year and draw in one search (see
:mod:`simulator.queueing.tables`), exactly as :func:`~simulator.queueing.min_agents` would per
interval.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator import queueing
from simulator.services.base import Value, Values
from simulator.services.common import policy
from simulator.services.profiles import Profiles

__all__ = ["Week", "offered_traffic", "queue_targets", "week_staffing"]


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
