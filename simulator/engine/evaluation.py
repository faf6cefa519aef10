"""The run facade: a scenario in, workload, staffing and cost for every coalition and year out.

It only wires the pieces: facts → context → each service model → staffing policy and
attrition → personnel and other costs. Arrays are (Y, C), coalitions last, position mask−1;
with Monte Carlo draws (see :mod:`simulator.engine.draws`) every array is (D, Y, C).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from simulator.core import coalitions
from simulator.core.facts import Facts
from simulator.engine import draws as sampling
from simulator.engine import projection
from simulator.engine.participation import participating
from simulator.scenario import Scenario, ServiceSetup
from simulator.scenario.facts import load_facts
from simulator.scenario.timeline import Month, Timeline, overlap
from simulator.services import REGISTRY, governance, staffing, vocabulary
from simulator.services.base import (
    Arrangement,
    Context,
    Measure,
    Service,
    ServiceLevelCurves,
    ServiceOutput,
)
from simulator.services.common import policy

__all__ = [
    "ServiceResult",
    "RunResult",
    "coalition_labels",
    "build_context",
    "run",
    "run_chunks",
    "npv_costs",
    "cost_result",
    "service_level_table",
    "saving_sources",
    "SAVING_COLUMNS",
    "component_mechanisms",
    "host_sites",
]


@dataclass(frozen=True)
class ServiceResult:
    """One service for every year and coalition. FTE and SEK arrays are (Y, C); (D, Y, C) with
    draws.

    ``fte`` is the fractional need, ``fte_staffed`` the need after the staffing policy
    (rounding and minimums), ``fte_employed`` what is on the payroll when staff leave only
    through attrition. ``costs`` are annual running costs by component; ``one_off`` the
    transition costs by component in the years they fall. ``existing`` marks an arrangement
    already in place before the base year, and ``today_shares`` (n,) how its members split the
    shared cost today: its status quo is shared, so it brings no new saving. ``queue`` holds
    the service-level curves of a queueing service, as the service computed them (else None,
    and None with draws: see :func:`run`). ``timeline`` is when shared operation starts (None:
    from the base year); ``placement`` (n, C) where each coalition's shared staff work (shares
    over its members: 1 at the host, or the distributed sites' shares) and ``home`` (n, C) where
    its members' own staff worked before (shares of their stand-alone staffing in the base year):
    see :func:`jobs`. ``sources`` (plain runs only; empty with draws) holds the running and one-off
    cost by mechanism (:data:`simulator.services.vocabulary.MECHANISMS`), (Y, C) SEK summing to
    ``running + one_off_total``: see :func:`saving_sources`. ``at_sites`` (Y, n, C), plain runs
    only, is the FTE of shared coalitions that works at each member's own site rather than at the
    host (None: all at the host).
    """

    service: Service
    workload: Mapping[str, Measure]
    fte: np.ndarray
    fte_staffed: np.ndarray
    fte_employed: np.ndarray
    costs: Mapping[str, np.ndarray]
    one_off: Mapping[str, np.ndarray]
    choices: Mapping[str, np.ndarray]
    existing: bool = False
    today_shares: np.ndarray | None = None
    queue: ServiceLevelCurves | None = None
    timeline: Timeline | None = None
    placement: np.ndarray | None = None
    home: np.ndarray | None = None
    sources: Mapping[str, np.ndarray] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )
    at_sites: np.ndarray | None = None

    @property
    def running(self) -> np.ndarray:
        """(Y, C) annual running cost, SEK."""
        return sum(self.costs.values(), np.zeros_like(self.fte))

    @property
    def one_off_total(self) -> np.ndarray:
        """(Y, C) one-off costs falling in each year, SEK."""
        return sum(self.one_off.values(), np.zeros_like(self.fte))

    def today(self, values: np.ndarray) -> np.ndarray:
        """What each member pays today, (..., Y, n), from (..., Y, C) values: its cost alone, or
        for an existing arrangement its share of the shared cost."""
        if self.existing and self.today_shares is not None:
            return values[..., -1:] * self.today_shares
        n = self.today_shares.size if self.today_shares is not None else _players(values.shape[-1])
        return values[..., coalitions.singletons(n) - 1]


@dataclass(frozen=True)
class RunResult:
    """Everything a scenario run computes; tidy tables are made from it in ``report.tables``."""

    scenario: Scenario
    context: Context
    services: Mapping[str, ServiceResult]

    @property
    def labels(self) -> list[str]:
        """Coalition labels in array order (made once per list of municipalities: the tables
        read them for every service and measure)."""
        return list(coalition_labels(tuple(self.scenario.municipalities)))

    def running(self) -> np.ndarray:
        """(Y, C) running cost of all services, SEK; (D, Y, C) with draws."""
        return sum((s.running for s in self.services.values()), np.zeros_like(self._shape()))

    def one_off(self) -> np.ndarray:
        """(Y, C) one-off costs of all services, SEK; (D, Y, C) with draws."""
        return sum((s.one_off_total for s in self.services.values()), np.zeros_like(self._shape()))

    def discount(self) -> np.ndarray:
        """(Y,) discount factors at the scenario's discount rate; (D, Y) with draws."""
        years = self.context.years
        rate = self.context.economics["discount_rate"]
        if isinstance(rate, np.ndarray):  # drawn (D, 1, 1): the factors of each draw's rate
            factors = (1.0 + rate[..., 0]) ** -(years - years[0]).astype(np.float64)
        else:
            factors = projection.discount_factors(years, rate)
        draws = self.context.draws
        return np.broadcast_to(factors, (*draws, years.size)) if draws else factors

    def _shape(self) -> np.ndarray:
        return np.zeros((*self.context.draws, self.context.years.size, self.context.size.size))


@functools.lru_cache(maxsize=8)
def coalition_labels(players: tuple[str, ...]) -> tuple[str, ...]:
    """Labels of all non-empty coalitions of ``players``, in mask order
    (:func:`simulator.core.coalitions.labels`), kept for the next caller: 16 383 labels for 14
    municipalities."""
    return tuple(coalitions.labels(players))


def _players(n_coalitions: int) -> int:
    """Number of players from the number of non-empty coalitions (2**n - 1)."""
    return (n_coalitions + 1).bit_length() - 1


def build_context(scenario: Scenario, facts: Facts, drawn: sampling.Drawn | None = None) -> Context:
    """Membership, hosts and distances for all coalitions of the scenario's municipalities.

    The host of a coalition is its most populous member in the base year; with drawn population
    (D, Y, n), in each draw: ``host`` (D, 1, C) and ``distance_to_host`` (D, 1, n, C). With
    draws the facts are (D, Y, n) and the drawn economics (D, 1, 1).
    """
    drawn = drawn or sampling.check(scenario, None)
    n = len(scenario.municipalities)
    member = coalitions.membership(n)
    population = np.where(
        member > 0, facts.population[..., 0, :][..., :, None], -np.inf
    )  # base year
    host = population.argmax(axis=-2)
    if host.ndim > 1:  # drawn population: a host per draw, (D, 1, C)
        host = host[:, None, :]
        distance = np.moveaxis(facts.distance_km[:, host], 0, -2) * member
    else:
        distance = facts.distance_km[:, host] * member
    given = {k: p.value for k, p in scenario.economics.items()}
    return Context(
        facts=_with_draws(facts, drawn.lead),
        membership=member,
        size=coalitions.sizes(n),
        host=host,
        distance_to_host=distance,
        economics=MappingProxyType(drawn.values("economics", given)),
        draws=drawn.lead,
        price_year=scenario.price_year,
    )


def _with_draws(facts: Facts, lead: tuple[int, ...]) -> Facts:
    """Population and employees with the leading axis of the draws (broadcast where not drawn)."""
    if not lead:
        return facts
    shape = (*lead, *facts.population.shape[-2:])
    return dataclasses.replace(
        facts,
        population=np.broadcast_to(facts.population, shape),
        employees=np.broadcast_to(facts.employees, shape),
    )


def run(
    scenario: Scenario,
    facts: Facts | None = None,
    *,
    draws: Mapping[str, ArrayLike] | None = None,
) -> RunResult:
    """Evaluate every service of ``scenario`` (and its governance) for all coalitions and years.

    ``draws`` maps parameter paths (``economics.<name>``, ``sharing.<name>``,
    ``services.<service>.<name>``, as in the scenario file) to arrays of D values, and ``facts``
    may carry drawn population and employees (D, Y, n): then every array of the result is
    (D, Y, C), each draw what a plain run with those values gives. Without either, the plain run.
    Raises ValueError for a draw of a policy parameter (:attr:`ParamSpec.policy`) or of an
    unknown one (see :func:`simulator.engine.draws.check`). With draws, the queueing services
    leave out their per-interval diagnostics (the workload measures ``service_level`` and
    ``abandonment`` and the service-level curves ``queue``): they describe the staffing plan,
    which meets its targets in every draw, and cost a queue per interval and draw.
    """
    facts = facts or load_facts(scenario.data_dir, scenario.municipalities, scenario.years)
    drawn = sampling.check(scenario, draws, facts)
    ctx = build_context(scenario, facts, drawn)
    results: dict[str, ServiceResult] = {}
    for later in (False, True):  # services that build on the others' staffing come last
        if later:
            ctx = dataclasses.replace(
                ctx, service_fte=MappingProxyType({k: r.fte_staffed for k, r in results.items()})
            )
        for name, setup in scenario.services.items():
            if REGISTRY[name].uses_other_services == later:
                values = drawn.values(f"services.{name}", setup.values())
                local = hosted(ctx, scenario, setup)
                output = REGISTRY[name].evaluate(local, values, setup.settings)
                existing = isinstance(setup.settings, Arrangement) and setup.settings.existing
                timeline = None if existing else _timeline(setup, scenario)
                sites = placement(local, scenario, setup)
                result = cost_result(
                    local, REGISTRY[name], output, timeline=timeline, placement=sites
                )
                result = _today(_homed(result, local, sites), setup.settings, scenario)
                results[name] = participating(result, local, setup.participation)
    results = {name: results[name] for name in scenario.services}  # scenario order
    sharing = drawn.values("sharing", {k: p.value for k, p in scenario.sharing.items()})
    results["governance"] = cost_result(
        ctx,
        governance.SERVICE,
        governance.SERVICE.evaluate(ctx, sharing, None),
        timeline=_steering(scenario),
    )
    return RunResult(scenario, ctx, MappingProxyType(results))


def _timeline(setup: ServiceSetup, scenario: Scenario) -> Timeline | None:
    """The service's timeline when the scenario gives one and it changes anything (else None: the
    shared service runs from January of the base year, its one-off costs in the first years)."""
    timeline = setup.timeline
    if not timeline.given:
        return None
    return timeline


def _steering(scenario: Scenario) -> Timeline | None:
    """When the steering group works: from the earliest start of preparation of any service (the
    councils' decision), or the base year when no service has a timeline."""
    given = [s.timeline for s in scenario.services.values() if s.timeline.given]
    if not given:
        return None
    months = min(t.start.year * 12 + t.start.month - 1 - t.preparation_months for t in given)
    begin = max(Month(months // 12, months % 12 + 1), Month(scenario.base_year))
    return Timeline(begin, 0, 0.0, given=True)


def hosted(ctx: Context, scenario: Scenario, setup: ServiceSetup) -> Context:
    """The context with the service's host: where the scenario names one (or distributed sites,
    the largest site), every coalition it belongs to is hosted there; the other coalitions keep
    their most populous member."""
    preferred = setup.host.preferred(scenario.municipalities)
    if preferred is None:
        return ctx
    inside = ctx.membership[preferred] > 0  # (C,)
    host = np.where(inside, preferred, ctx.host)
    return dataclasses.replace(
        ctx, host=host, distance_to_host=_distance(ctx.facts.distance_km, host, ctx.membership)
    )


def _distance(km: np.ndarray, host: np.ndarray, member: np.ndarray) -> np.ndarray:
    """(n, C) km from each member to its coalition's host, or (D, 1, n, C) for drawn hosts
    (D, 1, C); 0 for non-members."""
    if host.ndim > 1:
        return np.moveaxis(km[:, host], 0, -2) * member
    return km[:, host] * member


def placement(ctx: Context, scenario: Scenario, setup: ServiceSetup) -> np.ndarray:
    """(n, C) where each coalition's shared staff work, as shares over its members: 1.0 at the
    host, or the distributed sites' shares renormalised over the members (the host alone where no
    member is a named site); (D, 1, n, C) with drawn hosts."""
    member = ctx.membership
    single = host_sites(ctx)
    weights = setup.host.weights(scenario.municipalities)
    if weights is None:
        return single
    spread = weights[:, None] * member
    total = spread.sum(axis=0)
    return np.where(total > 0, spread / np.where(total > 0, total, 1.0), single)


def _homed(result: ServiceResult, ctx: Context, sites: np.ndarray) -> ServiceResult:
    """The result with where its staff work: the shared staff at ``sites``, the members' own staff
    at home (see :func:`jobs`)."""
    member = ctx.membership
    singles = coalitions.singletons(member.shape[0]) - 1
    own = np.asarray(result.fte_staffed)[..., 0, singles]  # (..., n) base year, alone
    if own.ndim > 1:
        own = own.mean(axis=tuple(range(own.ndim - 1)))
    spread = own[:, None] * member
    total = spread.sum(axis=0)
    home = np.where(total > 0, spread / np.where(total > 0, total, 1.0), member / ctx.size)
    return dataclasses.replace(result, placement=sites, home=home)


def run_chunks(
    scenario: Scenario,
    facts: Facts | None,
    draws: Mapping[str, np.ndarray],
    size: int = 1000,
) -> Iterator[RunResult]:
    """:func:`run` of the draws (and drawn ``facts``) ``size`` draws at a time, in order: the
    memory of a chunk instead of all, the same values as one run of all (each draw is a run of
    its own)."""
    facts = facts or load_facts(scenario.data_dir, scenario.municipalities, scenario.years)
    for part, part_facts in sampling.split(draws, facts, size):
        yield run(scenario, part_facts, draws=part)


def _today(result: ServiceResult, settings: object, scenario: Scenario) -> ServiceResult:
    """Mark an arrangement already in place (see :class:`~simulator.services.base.Arrangement`)
    with today's shares."""
    if not (isinstance(settings, Arrangement) and settings.existing):
        return result
    shares = settings.agreed_shares(scenario.municipalities)
    return dataclasses.replace(
        result, existing=True, today_shares=np.asarray(shares, dtype=np.float64)
    )


def cost_result(
    ctx: Context,
    service: Service,
    out: ServiceOutput,
    *,
    timeline: Timeline | None = None,
    placement: np.ndarray | None = None,
) -> ServiceResult:
    """Apply the staffing policy, attrition and wages; add personnel and overhead costs.

    With a ``timeline`` (see :mod:`simulator.scenario.timeline`) a coalition of two or more runs
    its members' own services until the start of shared operation: in each year the shared
    figures count for the share of the year in shared operation and the sum of the members'
    stand-alone figures for the rest (need, staffing and every cost). The one-off costs fall in
    the preparation months; for the double-running months after the start the members' own
    running costs are paid beside the shared service (one-off component ``double_running``); staff
    who follow the work to the host are paid their commute (running component ``commuting``, see
    :func:`commuting_cost`; ``placement`` (n, C) says where the shared staff work, default the
    host) and the workplaces added for them (one-off ``workplaces``, :func:`workplace_cost`).
    Stand-alone municipalities are not affected.
    """
    econ = ctx.economics
    shape = (*ctx.draws, ctx.years.size, ctx.size.size)  # (..., Y, C)
    need = np.zeros(shape)
    staffed = np.zeros(shape)
    employed = np.zeros(shape)
    personnel = np.zeros(shape)
    shared_staff = np.zeros(shape)
    wages = staffing.wage_index(ctx.years, econ["wage_growth"], ctx.price_year)
    singles = coalitions.singletons(len(ctx.facts.municipalities)) - 1
    operating = None if timeline is None else timeline.operating_share(ctx.years)
    if operating is not None and bool(np.all(operating >= 1.0)):
        operating = None  # shared from the first year: the figures as they are

    def blend(values: np.ndarray) -> np.ndarray:
        """Shared for the operating share of each year, the members' own for the rest."""
        if operating is None:
            return values
        alone = ctx.pool(values[..., singles])
        share = operating[:, None]
        return share * values + (1.0 - share) * alone

    plain = not ctx.draws
    sources: dict[str, np.ndarray] = {}

    def add(mechanism: str, values: np.ndarray) -> None:
        if plain:
            sources[mechanism] = sources.get(mechanism, 0.0) + values

    step = policy(econ, "staffing_step")
    staffs = {}
    for key, group in out.staff.items():
        policy_staff = staffing.staffed(np.broadcast_to(group.fte, shape), group.minimum_fte, step)
        shared_staff += policy_staff
        staffs[key] = blend(policy_staff)
    payrolls = _on_payroll(out, staffs, ctx, singles)
    for key, group in out.staff.items():
        group_need = blend(np.broadcast_to(group.fte, shape))
        staff, on_payroll = staffs[key], payrolls[key]
        need += group_need
        staffed += staff
        employed += on_payroll
        pay = on_payroll * group.monthly_salary  # × 12 × (1 + PO) × wage index, in that order
        pay *= 12
        pay *= 1 + econ["employer_overhead"]
        pay *= wages
        personnel += pay
        if plain:  # the cost of each FTE on the payroll: pay and overhead, as charged below
            per_fte = (group.monthly_salary * 12 * (1 + econ["employer_overhead"]) * wages) * (
                1 + econ["overhead_rate"]
            )
            rounded = blend(staffing.staffed(np.broadcast_to(group.fte, shape), 0.0, step))
            add(service.group_mechanisms.get(key, service.mechanism), per_fte * group_need)
            add("rounding", per_fte * (rounded - group_need))
            add("minimum", per_fte * (staff - rounded))
            add("attrition", per_fte * (on_payroll - staff))
    costs = (
        {"personnel": personnel, "overhead": econ["overhead_rate"] * personnel} if out.staff else {}
    )
    costs.update(
        {k: blend(np.broadcast_to(v, shape).astype(np.float64)) for k, v in out.costs.items()}
    )
    spread = policy(econ, "transition_years")
    first = 0 if timeline is None else _start_index(timeline, ctx.years)
    preparation = None if timeline is None else timeline.preparation_share(ctx.years)
    one_off = {
        k: _spread_one_off(v, shape, spread, first)
        if preparation is None
        else _prepared(v, shape, preparation)
        for k, v in out.one_off.items()
    }
    if timeline is not None and out.staff:
        sites = host_sites(ctx) if placement is None else placement
        moving = commuting_cost(ctx, timeline, shared_staff, sites)
        if moving is not None:
            costs["commuting"] = moving
        workplaces = workplace_cost(ctx, timeline, shared_staff, sites)
        if workplaces is not None:
            one_off["workplaces"] = workplaces
    if timeline is not None and timeline.double_running_months > 0:
        running = sum(costs.values(), np.zeros(shape))
        both = timeline.double_running_share(ctx.years)[:, None] * ctx.shared()
        one_off["double_running"] = both * ctx.pool(running[..., singles])
    if plain:
        mechanisms = component_mechanisms(service)
        for name, values in costs.items():
            if name not in ("personnel", "overhead"):
                add(mechanisms.get(name, "other"), values)
        for values in one_off.values():
            add("one_off", values)
    return ServiceResult(
        service=service,
        workload=MappingProxyType({k: _shaped(m, shape) for k, m in out.workload.items()}),
        fte=need,
        fte_staffed=staffed,
        fte_employed=employed,
        costs=MappingProxyType(costs),
        one_off=MappingProxyType(one_off),
        choices=MappingProxyType({k: _broadcast(v, shape) for k, v in out.choices.items()}),
        queue=out.queue,
        timeline=timeline,
        sources=MappingProxyType(sources),
        at_sites=_at_sites(out, shape) if plain else None,
    )


def _at_sites(out: ServiceOutput, shape: tuple[int, ...]) -> np.ndarray | None:
    """(Y, n, C) the staff groups' FTE working at members' own sites, summed (None: none)."""
    parts = [g.at_sites for g in out.staff.values() if g.at_sites is not None]
    if not parts:
        return None
    return np.asarray(sum(parts[1:], parts[0]), dtype=np.float64)


def _on_payroll(
    out: ServiceOutput, staffs: Mapping[str, np.ndarray], ctx: Context, singles: np.ndarray
) -> dict[str, np.ndarray]:
    """FTE on the payroll of every staff group: each pool of groups (:attr:`StaffGroup.pool`)
    reduces its staff only through attrition and redeployment (economics ``attrition_rate``,
    ``redeployment_rate``), starting from its members' own staff in the first year; within a
    pool, surplus staff fill the open needs of the other groups first, and what is left over is
    shared among the groups in proportion to their staff in the first year."""
    econ = ctx.economics
    attrition = econ["attrition_rate"]
    moving = econ.get("redeployment_rate", 0.0)
    pools: dict[str, list[str]] = {}
    for key, group in out.staff.items():
        pools.setdefault(group.pool or f"group:{key}", []).append(key)
    payroll: dict[str, np.ndarray] = {}
    for keys in pools.values():
        total = sum((staffs[k] for k in keys), np.zeros_like(staffs[keys[0]]))
        on = staffing.employed(total, ctx.pool(total[..., 0, singles]), attrition, moving)
        if len(keys) == 1:
            payroll[keys[0]] = on
            continue
        first = total[..., :1, :]
        for k in keys:
            weight = np.where(
                first > 0, staffs[k][..., :1, :] / np.where(first > 0, first, 1.0), 1 / len(keys)
            )
            payroll[k] = staffs[k] + (on - total) * weight
    return payroll


def component_mechanisms(service: Service) -> dict[str, str]:
    """Cost component → the mechanism a difference in it comes from, as declared (the service's
    own components over the shared vocabulary)."""
    declared = [*vocabulary.COMPONENTS, *service.components]
    return {c.name: c.mechanism for c in declared}


SAVING_COLUMNS = ["scenario", "year", "service", "coalition", "mechanism", "saving_sek"]


def saving_sources(result: RunResult) -> pd.DataFrame:
    """saving_sources.csv: every saving of a group of two or more put down to named mechanisms.

    For a mechanism m with cost x_m (see :attr:`ServiceResult.sources`), the group's saving from
    it is ``Σ_{i in S} x_m(i) − x_m(S)``: the members' costs alone less the group's. Over the
    mechanisms this adds up to the net saving of the service that year (running cost alone less
    shared, less the one-off costs, which come in as ``one_off``). An arrangement already in
    place before the base year brings no saving and is left out; governance (the steering group)
    is a ``sharing`` cost. Columns scenario, year, service,
    coalition, mechanism, saving_sek; rows for the groups of two or more, mechanisms in the
    order of :data:`simulator.services.vocabulary.MECHANISMS`.
    """
    if result.context.draws:
        raise ValueError("saving sources are read from a plain run, not from draws")
    n = len(result.scenario.municipalities)
    singles = coalitions.singletons(n) - 1
    shared = np.nonzero(result.context.size >= 2)[0]
    order = list(vocabulary.MECHANISMS)
    by_service: dict[str, list[tuple[str, np.ndarray]]] = {}
    for name, s in result.services.items():
        if s.existing:
            continue
        for mechanism in sorted(s.sources, key=order.index):
            cost = s.sources[mechanism]
            saving = (result.context.pool(cost[:, singles]) - cost)[:, shared]
            if np.any(saving):
                by_service.setdefault(name, []).append((mechanism, saving))
    if not by_service:
        return pd.DataFrame(columns=SAVING_COLUMNS)
    return _sources_frame(result, by_service, shared)


def _sources_frame(
    result: RunResult, by_service: Mapping[str, list[tuple[str, np.ndarray]]], shared: np.ndarray
) -> pd.DataFrame:
    """The rows of :func:`saving_sources` ordered by year, service and coalition (as text), then
    mechanism: each service's (Y, S) savings laid out in that order directly, without sorting
    millions of rows of text."""
    labels = np.asarray(result.labels, dtype=object)[shared]
    alphabetical = np.argsort(labels, kind="stable")
    years = result.context.years
    values, services, groups, mechanisms = [], [], [], []
    for name in sorted(by_service):
        names = [m for m, _ in by_service[name]]
        stacked = np.stack([v for _, v in by_service[name]], axis=-1)  # (Y, S, M)
        values.append(stacked[:, alphabetical, :].reshape(years.size, -1))
        width = alphabetical.size * len(names)
        services.append(np.full(width, name, dtype=object))
        groups.append(np.repeat(labels[alphabetical], len(names)))
        mechanisms.append(np.tile(np.asarray(names, dtype=object), alphabetical.size))
    per_year = sum(v.shape[1] for v in values)
    frame = pd.DataFrame(
        {
            "scenario": result.scenario.id,
            "year": np.repeat(years, per_year),
            "service": np.tile(np.concatenate(services), years.size),
            "coalition": np.tile(np.concatenate(groups), years.size),
            "mechanism": np.tile(np.concatenate(mechanisms), years.size),
            "saving_sek": np.concatenate(values, axis=1).reshape(-1),
        }
    )
    return frame[SAVING_COLUMNS]


def _spread_one_off(
    total: np.ndarray, shape: tuple[int, ...], spread: float, start: int = 0
) -> np.ndarray:
    """(..., Y, C) one-off costs: ``total`` (C,), or drawn (D, 1, C), spread evenly over the
    ``spread`` (whole) years from year index ``start``, at most the years there are (``shape`` is
    (..., Y, C)); with ``start`` 0 as :func:`simulator.engine.projection.spread_one_off`, with a
    leading axis of draws. A start past the last year puts nothing in the horizon."""
    years = shape[-2]
    count = max(1, min(int(spread), years - start)) if start < years else 1
    per_year = np.broadcast_to(total, (*shape[:-2], 1, shape[-1])) / count
    index = np.arange(years)
    return np.where(((index >= start) & (index < start + count))[:, None], per_year, 0.0)


def _prepared(total: np.ndarray, shape: tuple[int, ...], share: np.ndarray) -> np.ndarray:
    """(..., Y, C) one-off costs: ``total`` (C,) or (D, 1, C) in the years of the preparation,
    by the (Y,) shares of :meth:`Timeline.preparation_share`."""
    return np.broadcast_to(total, (*shape[:-2], 1, shape[-1])) * share[:, None]


def _start_index(timeline: Timeline, years: np.ndarray) -> int:
    """Index of the year shared operation starts (the number of years when after the horizon)."""
    return int(np.clip(timeline.start.year - int(years[0]), 0, years.size))


def commuting_cost(
    ctx: Context, timeline: Timeline, staffed: np.ndarray, sites: np.ndarray
) -> np.ndarray | None:
    """(..., Y, C) SEK a year paid to staff who follow the work to the host (verksamhetsövergång,
    LAS 6 b §) and commute there: for ``commuting_years`` after the start.

    The staff who move are those of :func:`moved_staff`, times ``commute_share`` (those who
    commute rather than leave or are redeployed at home), ``commuting_days`` round trips of
    ``2 × km to the host`` at ``cost_per_km``. None when the economics do not declare the
    parameters or the start is past the horizon.
    """
    econ = ctx.economics
    needed = ("commute_share", "commuting_days", "commuting_years")
    moved = moved_staff(ctx, timeline, staffed, sites)
    if moved is None or not all(name in econ for name in needed):
        return None
    km = (moved * ctx.distance_to_host).sum(axis=-2)  # (..., 1, C) FTE·km
    yearly = km * 2.0 * econ["commuting_days"] * econ["commute_share"] * econ["cost_per_km"]
    begin = timeline.start.decimal
    share = overlap(ctx.years, begin, begin + float(policy(econ, "commuting_years")))
    return share[:, None] * yearly * ctx.shared()


def workplace_cost(
    ctx: Context, timeline: Timeline, staffed: np.ndarray, sites: np.ndarray
) -> np.ndarray | None:
    """(..., Y, C) one-off SEK for the workplaces the host (or a site) must add for the staff who
    move there (:func:`moved_staff` × ``workplace_cost``), in the start year. Premises freed at
    home are not a saving until their lease ends; they are left out (the per-FTE overhead
    already falls with the staff). None without the parameter or a start in the horizon."""
    moved = moved_staff(ctx, timeline, staffed, sites)
    if moved is None or "workplace_cost" not in ctx.economics:
        return None
    start = _start_index(timeline, ctx.years)
    total = moved.sum(axis=-2) * ctx.economics["workplace_cost"] * ctx.shared()  # (..., 1, C)
    return np.where((np.arange(ctx.years.size) == start)[:, None], total, 0.0)


def moved_staff(
    ctx: Context, timeline: Timeline, staffed: np.ndarray, sites: np.ndarray
) -> np.ndarray | None:
    """(..., 1, n, C) FTE that move from each member to the host when shared operation starts.

    From member i: its own staffing alone in the start year above what the coalition keeps at i
    (``staffed`` (..., Y, C) × ``sites`` (n, C), the share of the shared staff at each member's
    site), scaled down so that no more move than the posts the other sites must fill (the rest
    stay behind, redeployed or leaving through attrition). Each site's staff are counted to the
    host (to the largest site when the service is distributed). None for a start past the horizon.
    """
    start = _start_index(timeline, ctx.years)
    if start >= ctx.years.size:
        return None
    singles = coalitions.singletons(ctx.membership.shape[0]) - 1
    # every array (..., 1, n, C): a year axis of one, so that drawn parameters (D, 1, 1) and drawn
    # hosts (D, 1, n, C) broadcast as in the rest of the run
    own = staffed[..., start : start + 1, singles]  # (..., 1, n) each member alone
    before = own[..., :, None] * ctx.membership  # (..., 1, n, C)
    kept = sites * staffed[..., start : start + 1, None, :]  # (..., 1, n, C) staff kept at sites
    leaving = np.maximum(before - kept, 0.0)
    wanted = np.maximum(kept - before, 0.0).sum(axis=-2)  # (..., 1, C) posts to fill
    offered = leaving.sum(axis=-2)
    return leaving * np.minimum(1.0, wanted / np.where(offered > 0, offered, 1.0))[..., None, :]


def host_sites(ctx: Context) -> np.ndarray:
    """(n, C), or (D, 1, n, C) with drawn hosts: 1.0 at each coalition's host."""
    n = ctx.membership.shape[0]
    return (np.arange(n)[:, None] == ctx.host[..., None, :]).astype(np.float64)


def _broadcast(values: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``values`` with the run's shape (a read-only view where it broadcasts)."""
    return values if np.shape(values) == shape else np.broadcast_to(values, shape)


def _shaped(measure: Measure, shape: tuple[int, ...]) -> Measure:
    """A workload measure with the run's shape."""
    if np.shape(measure.values) == shape:
        return measure
    return Measure(np.broadcast_to(measure.values, shape), measure.unit)


def npv_costs(result: RunResult) -> dict[str, np.ndarray]:
    """Present value over the years of running plus one-off cost, per service and ``total``:
    (C,) SEK; (D, C) with draws."""
    factors = result.discount()[..., :, None]
    out = {
        name: ((s.running + s.one_off_total) * factors).sum(axis=-2)
        for name, s in result.services.items()
    }
    out["total"] = sum(out.values())
    return out


_CURVE_COLUMNS = [
    "scenario",
    "year",
    "service",
    "coalition",
    "agents",
    "peak_traffic",
    "service_level",
    "abandonment",
    "answer_within_s",
    "target",
    "patience_s",
]


def service_level_table(result: RunResult) -> pd.DataFrame:
    """The service-level curves of the queueing services, one row per year, coalition (each
    member alone and all together, as the service computed them) and agents.

    Columns: scenario, year, service, coalition, agents, peak_traffic (Erlang), service_level and
    abandonment (shares), and the inputs beside them: answer_within_s, target (a share) and
    patience_s (NaN for Erlang C). Empty (with these columns) when no service queues.
    """
    parts = [
        _curve_rows(result, name, s.queue)
        for name, s in result.services.items()
        if s.queue is not None
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=_CURVE_COLUMNS)


def _curve_rows(result: RunResult, service: str, curves: ServiceLevelCurves) -> pd.DataFrame:
    """Rows of one service's (A, Y, K) curves, ordered by year, coalition and agents."""
    agents = curves.agents.size
    years = result.context.years.size
    players = result.scenario.municipalities
    labels = np.asarray([coalitions.label(int(m), players) for m in curves.masks], dtype=object)
    frame = pd.DataFrame(
        {
            "scenario": result.scenario.id,
            "year": np.repeat(result.context.years, labels.size * agents),
            "service": service,
            "coalition": np.tile(np.repeat(labels, agents), years),
            "agents": np.tile(curves.agents, years * labels.size),
            "peak_traffic": np.repeat(curves.traffic.reshape(-1), agents),
            "service_level": np.moveaxis(curves.service_level, 0, -1).reshape(-1),
            "abandonment": np.moveaxis(curves.abandonment, 0, -1).reshape(-1),
            "answer_within_s": curves.answer_within,
            "target": curves.target,
            "patience_s": np.nan if curves.patience is None else curves.patience,
        }
    )
    return frame[_CURVE_COLUMNS]
