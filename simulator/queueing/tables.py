"""Staffing tables: the fewest agents as a step function of the offered traffic, for fixed targets.

For fixed targets (a service level within a threshold, an optional occupancy cap, Erlang A with a
fixed patience) and a handling time, the fewest agents that meet them, ``n(a)``, is a step function
of the offered traffic ``a``: the service level falls and the occupancy rises as traffic grows, and
both improve as agents are added. So ``n(a)`` is the first ``n >= floor`` with ``a <= t_n``, where
the *limit* ``t_n`` is the most traffic ``n`` agents serve at the targets
(:func:`~simulator.queueing.limits.traffic_limits`, every ``n`` and handling time at once). A table
of limits per handling time answers any number of traffics by ``np.searchsorted``; and the sum of
``n(s_j·b)`` over the intervals ``j`` of a week with arrival shares ``s_j`` is one search of ``b``
among the sorted ``t_n / s_j``, so a week of intervals costs one lookup per coalition and year.

Exact: each limit is bracketed to a relative ``1e-11``; a traffic within a relative ``DOUBT``
(``1e-9``) of a limit, or past the table, is *doubtful* and is decided by
:func:`~simulator.queueing.staffing.min_agents` itself, so the answers are those of ``min_agents``.

>>> int(min_agents_by_table(20.0, 120.0, 0.85, 0.0))  # the worked example of ``min_agents``
26
>>> min_agents_by_table([1.0, 0.0], 180.0, 0.8, 20.0, floor=2).tolist()
[3, 2]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from simulator.queueing.common import (
    Bools,
    Floats,
    Ints,
    broadcast_flat,
    check_at_least_zero,
    check_positive,
)
from simulator.queueing.limits import QueueTargets, traffic_limits

__all__ = ["StaffingTable", "staffing_table", "min_agents_by_table"]

DOUBT = 1e-9  # a traffic this close (relative) to a limit is decided by min_agents
_EXTENSIONS = 3  # doublings of the table when its last limit falls short of the traffic
MAX_TABLE = 20_000
"""Most agents a table holds (a municipal queue needs tens): traffic past the table's last limit is
left to :func:`min_agents`, so an extreme input costs time, not memory."""


@dataclass(frozen=True)
class StaffingTable:
    """Limits of traffic per number of agents, one row per handling time.

    Lookups take traffic in groups, (G, M), each group with the handling time of one row
    (``rows``, (G,)): the coalitions and years of one draw share a handling time.

    Attributes
    ----------
    aht : (R,) handling times, s, one per row
    limits : (R, K) the most traffic ``floor + k`` agents serve at the targets, Erlang;
        nondecreasing along k
    targets : what the agents meet
    """

    aht: Floats
    limits: Floats
    targets: QueueTargets

    def agents(self, traffic: Floats, rows: Ints) -> Ints:
        """Fewest agents for ``traffic`` (G, M) whose groups have the handling times
        ``aht[rows]`` (G,); equal to :func:`min_agents`."""
        index, doubt = _lookup(self.limits, traffic, rows)
        agents = self.targets.floor + index
        if doubt.any():
            group = np.broadcast_to(rows[:, None], traffic.shape)[doubt]
            agents[doubt] = self.targets.solve(traffic[doubt], self.aht[group])
        return agents

    def week_total(self, shares: Floats, base: Floats, rows: Ints) -> tuple[Ints, Bools]:
        """Agents summed over intervals of traffic ``shares[j] · base``, for ``base`` (G, M) whose
        groups have the handling times ``aht[rows]`` (G,) and ``shares`` (J,).

        Returns the sums (G, M) and where they are doubtful (G, M): a product ``shares[j]·base``
        within a relative ``DOUBT`` of a limit, or past the table. The caller decides those with
        :meth:`agents` on the traffic of each interval as it computes it.
        """
        positive = shares[shares > 0]
        floors = shares.size * self.targets.floor
        if positive.size == 0:  # no traffic in any interval: the floor in each
            return np.full(base.shape, floors, dtype=np.int64), np.zeros(base.shape, dtype=bool)
        combined = (self.limits[:, None, :] / positive[:, None]).reshape(self.limits.shape[0], -1)
        index, doubt = _lookup(np.sort(combined, axis=1), base, rows)
        past = base * positive.max() >= self.limits[rows, -1][:, None] * (1 - DOUBT)
        return floors + index, doubt | past


def staffing_table(aht: ArrayLike, targets: QueueTargets, top: ArrayLike) -> StaffingTable:
    """A table for the handling times ``aht`` (R,) in seconds, reaching past the traffic ``top``
    (R,) of each row where it can (traffic past a row's last limit is left to :func:`min_agents`).
    """
    hold = np.atleast_1d(check_positive("aht", aht)).ravel()
    reach = np.broadcast_to(check_at_least_zero("top", top), hold.shape)
    most = float(reach.max(initial=0.0))
    count = min(int(np.ceil(most + 2 * np.sqrt(most) + 2)), MAX_TABLE)
    limits = traffic_limits(np.arange(targets.floor, targets.floor + count), hold, targets)
    for _ in range(_EXTENSIONS):
        if np.all(limits[:, -1] >= reach) or limits.shape[1] >= MAX_TABLE:
            break
        more = np.arange(targets.floor + limits.shape[1], targets.floor + 2 * limits.shape[1])
        limits = np.concatenate([limits, traffic_limits(more, hold, targets)], axis=1)
    limits = np.maximum.accumulate(limits, axis=1)
    needed = int((limits < reach[:, None]).sum(axis=1).max(initial=0)) + 1  # the rest is unused
    return StaffingTable(hold, limits[:, : max(needed, 1)], targets)


def min_agents_by_table(
    traffic: ArrayLike,
    aht: ArrayLike,
    target_service_level: float,
    within: float,
    *,
    patience: float | None = None,
    max_occupancy: float | None = None,
    floor: int = 1,
) -> Ints:
    """:func:`min_agents` for fixed targets, by a table per distinct handling time.

    ``traffic`` and ``aht`` broadcast against each other; the targets are numbers.
    """
    targets = QueueTargets(target_service_level, within, patience, max_occupancy, floor)
    shape, (flat, hold) = broadcast_flat(
        check_at_least_zero("traffic", traffic), check_positive("aht", aht)
    )
    values, rows = np.unique(hold, return_inverse=True)
    rows = rows.ravel()
    top = np.zeros(values.size)
    np.maximum.at(top, rows, flat)
    table = staffing_table(values, targets, top)
    if values.size == 1:  # one group of every element
        return table.agents(flat[None, :], np.zeros(1, dtype=np.int64)).reshape(shape)
    return table.agents(flat[:, None], rows).reshape(shape)


def _lookup(limits: Floats, values: Floats, rows: Ints) -> tuple[Ints, Bools]:
    """For ``values`` (G, M) in groups of the rows ``rows`` (G,) of ``limits`` (R, L), each sorted:
    the number of the row's limits below each value (``searchsorted``, left), and whether the
    value is within a relative ``DOUBT`` of a neighbouring limit or past the last one."""
    width = limits.shape[1]
    if limits.shape[0] == 1:
        index = limits[0].searchsorted(values, side="left")
    else:
        index = np.empty(values.shape, dtype=np.int64)
        for group, row in enumerate(rows):  # a draw's coalitions and years in one search
            index[group] = limits[row].searchsorted(values[group], side="left")
    padded = np.empty((limits.shape[0], width + 2))  # each row between -inf and inf
    padded[:, 0], padded[:, 1:-1], padded[:, -1] = -np.inf, limits, np.inf
    at = (rows * (width + 2))[:, None] + index  # the limit below; the one above is next
    below, above = padded.ravel()[at], padded.ravel()[at + 1]
    near = (values - below <= DOUBT * values) | (above - values <= DOUBT * above)
    return index, near | (index >= width)
