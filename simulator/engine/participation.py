"""Partial participation and joining over the years: a service that not every member shares.

A service may name its ``members:`` and the years members ``joins:`` or ``leaves:`` (see
:mod:`simulator.scenario.participation`); ``M_y`` is the set taking part in year ``y``. The
service is first evaluated for every coalition as if all took part; then, per year, a coalition
``S`` shares among ``P_y(S) = S ∩ M_y`` and the rest run alone:

    x_y(S) = x_y(P_y(S)) + Σ_{i ∈ S ∖ P_y(S)} x_y({i})

for every per-coalition array ``x`` that adds up over members: the running cost components,
the staffing (need, staffed, employed), the additive workload measures, the cost by mechanism
and the price effect. A ``P_y(S)`` of one member is no sharing: then all of ``S`` runs alone.
Measures that are rates or settings (units ``share``, ``s``, ``months``) and decisions (make or
buy) are those of ``P_y(S)`` where it shares, else the coalition's own. Index arrays of the
masks ``S & M_y`` do this for all coalitions and years at once (no loop over coalitions).

One-off costs (design choice): the group that starts the service pays the one-off costs of
``P(S)`` at the start (``M`` in the start year, timed as the service's timeline places them).
A member who joins in a later year brings what its joining adds:

- the extra one-off costs, ``max(0, T(S ∩ M_after) − T(S ∩ M_before))`` per component, where
  ``T`` is a group's one-off total over all years as evaluated: its migration, training and
  project share. They fall in the preparation months before January of the join year (the
  service's ``preparation_months``; in the join year itself without a preparation), the
  workplaces for staff moving to the host in the join year;
- its own double running: its stand-alone running cost for the service's
  ``double_running_months`` from January of the join year (one-off ``double_running``), and
  that of a member it joins who did not share before (a member alone until then).

A member who joins in or before the start year is one of the starting group. A member who
leaves runs alone from January of the leave year; the one-off costs already paid stay paid
(what leaving costs under an agreement is :func:`simulator.engine.transition.exit_costs`).
Where jobs are placed (``jobs.csv``): the staff of members running alone stay at their own
sites (carried in :attr:`ServiceResult.at_sites`); the shared staff of ``P_y(S)`` work where the
group taking part in the last year places them. Governance (the steering group) and the
service-level curves are left as evaluated: assumption: the steering group serves the whole
cooperation, whichever services a member takes part in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Protocol, TypeVar

import numpy as np

from simulator.core import coalitions
from simulator.scenario.participation import Participation
from simulator.scenario.timeline import Month, Timeline
from simulator.services.base import Context, Measure


class Evaluated(Protocol):
    """What this module reads of a service's evaluated result
    (:class:`simulator.engine.evaluation.ServiceResult`, which calls it)."""

    @property
    def fte(self) -> np.ndarray: ...
    @property
    def fte_staffed(self) -> np.ndarray: ...
    @property
    def fte_employed(self) -> np.ndarray: ...
    @property
    def costs(self) -> Mapping[str, np.ndarray]: ...
    @property
    def one_off(self) -> Mapping[str, np.ndarray]: ...
    @property
    def workload(self) -> Mapping[str, Measure]: ...
    @property
    def choices(self) -> Mapping[str, np.ndarray]: ...
    @property
    def sources(self) -> Mapping[str, np.ndarray]: ...
    @property
    def at_sites(self) -> np.ndarray | None: ...
    @property
    def placement(self) -> np.ndarray | None: ...
    @property
    def timeline(self) -> Timeline | None: ...
    @property
    def running(self) -> np.ndarray: ...


Result = TypeVar("Result", bound=Evaluated)

__all__ = [
    "INTENSIVE_UNITS",
    "ADDITIVE_CHOICES",
    "Evaluated",
    "Split",
    "split",
    "substitute",
    "participating",
]

INTENSIVE_UNITS = frozenset({"share", "s", "months"})
"""Workload units of rates and settings, which do not add up over members."""

ADDITIVE_CHOICES = frozenset({"price_effect"})
"""Choices that are amounts (SEK a year); the others are decisions (1 or 0)."""


@dataclasses.dataclass(frozen=True)
class Split:
    """Each coalition split by year: ``part`` (Y, C) the mask of the members sharing (0: none,
    all alone) and ``rest`` (Y, n, C) 1.0 for the members running alone."""

    part: np.ndarray
    rest: np.ndarray


def split(active: np.ndarray) -> Split:
    """The split of every coalition by the (Y, n) members taking part each year.

    >>> s = split(np.array([[True, True, False]]))  # A and B take part, C does not
    >>> s.part[0].tolist()  # A, B, A+B, C, A+C, B+C, A+B+C
    [0, 0, 3, 0, 0, 0, 3]
    >>> s.rest[0, 2].tolist()  # C alone wherever it is a member
    [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0]
    """
    n = active.shape[1]
    masks = np.arange(1, 1 << n, dtype=np.int64)
    taking = active.astype(np.int64) @ (np.int64(1) << np.arange(n, dtype=np.int64))  # (Y,)
    part = masks[None, :] & taking[:, None]
    sharing = coalitions.sizes(n)[np.maximum(part, 1) - 1] >= 2
    part = np.where(sharing, part, 0)
    alone = masks[None, :] & ~part  # (Y, C)
    rest = (alone[:, None, :] >> np.arange(n)[None, :, None]) & 1
    return Split(part, rest.astype(np.float64))


def substitute(values: np.ndarray, parts: Split, additive: bool = True) -> np.ndarray:
    """(..., Y, C) values with each coalition's members outside the sharing part alone: the
    part's value plus the members' own (``additive``); else the part's value where it shares
    and the coalition's own elsewhere."""
    values = np.asarray(values, dtype=np.float64)
    years = np.arange(values.shape[-2])[:, None]
    gathered = values[..., years, np.maximum(parts.part, 1) - 1]
    if not additive:
        return np.where(parts.part > 0, gathered, values)
    n = parts.rest.shape[1]
    alone = values[..., coalitions.singletons(n) - 1]  # (..., Y, n)
    return np.where(parts.part > 0, gathered, 0.0) + np.einsum(
        "...yi,yic->...yc", alone, parts.rest
    )


def participating(result: Result, ctx: Context, participation: Participation) -> Result:
    """``result`` with only the members taking part each year sharing (see the module text);
    unchanged when all take part in every year."""
    active = participation.active(ctx.facts.municipalities, ctx.years.tolist())
    if not participation.given or bool(active.all()):
        return result
    parts = split(active)
    one_off = _one_off(result, ctx, active, parts)
    changed: dict[str, object] = {
        "fte": substitute(result.fte, parts),
        "fte_staffed": substitute(result.fte_staffed, parts),
        "fte_employed": substitute(result.fte_employed, parts),
        "costs": _all(result.costs, parts),
        "one_off": MappingProxyType(one_off),
        "workload": MappingProxyType({k: _measure(m, parts) for k, m in result.workload.items()}),
        "choices": MappingProxyType(
            {
                k: substitute(v, parts, additive=k in ADDITIVE_CHOICES)
                for k, v in result.choices.items()
            }
        ),
    }
    if result.sources:
        sources = {k: substitute(v, parts) for k, v in result.sources.items() if k != "one_off"}
        sources["one_off"] = sum(one_off.values(), np.zeros(result.fte.shape))
        changed["sources"] = MappingProxyType(sources)
    if not ctx.draws:
        changed |= _placed(result, parts)
    return dataclasses.replace(result, **changed)  # type: ignore[type-var]


def _all(values: Mapping[str, np.ndarray], parts: Split) -> Mapping[str, np.ndarray]:
    return MappingProxyType({k: substitute(v, parts) for k, v in values.items()})


def _measure(measure: Measure, parts: Split) -> Measure:
    additive = measure.unit not in INTENSIVE_UNITS
    return Measure(substitute(measure.values, parts, additive), measure.unit)


def _start_index(result: Evaluated, years: np.ndarray) -> int:
    if result.timeline is None:
        return 0
    return int(np.clip(result.timeline.start.year - int(years[0]), 0, years.size - 1))


def _one_off(
    result: Evaluated, ctx: Context, active: np.ndarray, parts: Split
) -> dict[str, np.ndarray]:
    """One-off costs by component: the starting group's as evaluated, then what each later join
    adds (the extra one-off costs in its preparation, the joiner's double running)."""
    years = ctx.years
    first = _start_index(result, years)
    starting = split(np.broadcast_to(active[first], active.shape))
    out = {k: substitute(v, starting) for k, v in result.one_off.items()}
    for y in range(first + 1, years.size):
        joining = active[y] & ~active[y - 1]
        if not joining.any():
            continue
        before = split(active[y - 1 : y])
        after = split(active[y : y + 1])
        timing = _join_timeline(result.timeline, int(years[y]))
        share = _preparation(timing, years, y)
        for key, values in result.one_off.items():
            if key == "double_running":  # the joiner's own double running is added below
                continue
            total = values.sum(axis=-2, keepdims=True)  # (..., 1, C)
            extra = np.maximum(_part_total(total, after) - _part_total(total, before), 0.0)
            when = _in_year(years, y) if key == "workplaces" else share
            out[key] = out[key] + when[:, None] * extra
        if timing is not None and timing.double_running_months > 0:
            double = _double_running(result, ctx, before, after, timing)
            out["double_running"] = out.get("double_running", 0.0) + double
    return out


def _part_total(total: np.ndarray, parts: Split) -> np.ndarray:
    """(..., 1, C) one-off total of each coalition's sharing part (0 where none shares)."""
    gathered = total[..., np.maximum(parts.part, 1) - 1]  # (..., 1, 1, C)
    return np.where(parts.part > 0, gathered[..., 0, :, :], 0.0)


def _join_timeline(timeline: Timeline | None, year: int) -> Timeline | None:
    """The service's timeline moved to a start in January of ``year`` (None without one)."""
    if timeline is None:
        return None
    return dataclasses.replace(timeline, start=Month(year), decision=None)


def _preparation(timing: Timeline | None, years: np.ndarray, index: int) -> np.ndarray:
    """(Y,) shares of a join's one-off costs by year: over the preparation months before the
    join, or all in the join year."""
    share = None if timing is None else timing.preparation_share(years)
    return _in_year(years, index) if share is None else share


def _in_year(years: np.ndarray, index: int) -> np.ndarray:
    """(Y,) all in the year at ``index``."""
    return (np.arange(years.size) == index).astype(np.float64)


def _double_running(
    result: Evaluated, ctx: Context, before: Split, after: Split, timing: Timeline
) -> np.ndarray:
    """(..., Y, C) the running cost alone of the members who start sharing at a join (the joiner,
    and a single member it joins) in the double-running months after the join."""
    n = before.rest.shape[1]
    alone = result.running[..., coalitions.singletons(n) - 1]  # (..., Y, n)
    starting = after.part[0] & ~before.part[0]  # (C,) masks
    members = ((starting[None, :] >> np.arange(n)[:, None]) & 1).astype(np.float64)  # (n, C)
    share = timing.double_running_share(ctx.years)[:, None]
    return share * (alone @ members)


def _placed(result: Evaluated, parts: Split) -> dict[str, object]:
    """Where the staff work: members alone at their own sites (``at_sites``), the shared staff
    where the group taking part in the last year places them."""
    staffed = np.asarray(result.fte_staffed, dtype=np.float64)
    n = parts.rest.shape[1]
    own = staffed[:, coalitions.singletons(n) - 1]  # (Y, n)
    local = parts.rest * own[:, :, None]  # (Y, n, C)
    if result.at_sites is not None:
        index = np.broadcast_to((np.maximum(parts.part, 1) - 1)[:, None, :], local.shape)
        kept = np.take_along_axis(np.asarray(result.at_sites), index, axis=-1)
        local = local + np.where(parts.part[:, None, :] > 0, kept, 0.0)
    out: dict[str, object] = {"at_sites": local}
    if result.placement is not None and result.placement.ndim == 2:
        last = parts.part[-1]
        index = np.where(last > 0, last, np.arange(1, last.size + 1)) - 1
        out["placement"] = result.placement[:, index]
    return out
