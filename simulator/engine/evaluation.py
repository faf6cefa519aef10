"""The run facade: a scenario in, workload, staffing and cost for every coalition and year out.

It only wires the pieces: facts → context → each service model → staffing policy and
attrition → personnel and other costs. Arrays are (Y, C), coalitions last, position mask−1.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from simulator.core import coalitions
from simulator.core.facts import Facts
from simulator.engine import projection
from simulator.scenario import Scenario
from simulator.scenario.facts import load_facts
from simulator.services import REGISTRY, governance, staffing
from simulator.services.base import (
    Arrangement,
    Context,
    Measure,
    Service,
    ServiceLevelCurves,
    ServiceOutput,
)

__all__ = [
    "ServiceResult",
    "RunResult",
    "build_context",
    "run",
    "npv_costs",
    "cost_result",
    "service_level_table",
]


@dataclass(frozen=True)
class ServiceResult:
    """One service for every year and coalition. FTE and SEK arrays are (Y, C).

    ``fte`` is the fractional need, ``fte_staffed`` the need after the staffing policy
    (rounding and minimums), ``fte_employed`` what is on the payroll when staff leave only
    through attrition. ``costs`` are annual running costs by component; ``one_off`` the
    transition costs by component in the years they fall. ``existing`` marks an arrangement
    already in place before the base year, and ``today_shares`` (n,) how its members split the
    shared cost today: its status quo is shared, so it brings no new saving. ``queue`` holds
    the service-level curves of a queueing service, as the service computed them (else None).
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
        """Coalition labels in array order."""
        return coalitions.labels(self.scenario.municipalities)

    def running(self) -> np.ndarray:
        """(Y, C) running cost of all services, SEK."""
        return sum((s.running for s in self.services.values()), np.zeros_like(self._shape()))

    def one_off(self) -> np.ndarray:
        """(Y, C) one-off costs of all services, SEK."""
        return sum((s.one_off_total for s in self.services.values()), np.zeros_like(self._shape()))

    def discount(self) -> np.ndarray:
        """(Y,) discount factors at the scenario's discount rate."""
        return projection.discount_factors(
            self.context.years, self.context.economics["discount_rate"]
        )

    def _shape(self) -> np.ndarray:
        return np.zeros((self.context.years.size, self.context.size.size))


def _players(n_coalitions: int) -> int:
    """Number of players from the number of non-empty coalitions (2**n - 1)."""
    return (n_coalitions + 1).bit_length() - 1


def build_context(scenario: Scenario, facts: Facts) -> Context:
    """Membership, hosts and distances for all coalitions of the scenario's municipalities."""
    n = len(scenario.municipalities)
    member = coalitions.membership(n)
    population = np.where(
        member > 0, facts.population[..., 0, :][..., :, None], -np.inf
    )  # base year
    if population.ndim > 2:  # draws: the host is placed by the first draw's base-year population
        population = population.reshape(-1, *population.shape[-2:])[0]
    host = population.argmax(axis=0)
    return Context(
        facts=facts,
        membership=member,
        size=coalitions.sizes(n),
        host=host,
        distance_to_host=facts.distance_km[:, host] * member,
        economics=MappingProxyType({k: p.value for k, p in scenario.economics.items()}),
    )


def run(scenario: Scenario, facts: Facts | None = None) -> RunResult:
    """Evaluate every service of ``scenario`` (and its governance) for all coalitions and years."""
    facts = facts or load_facts(scenario.data_dir, scenario.municipalities, scenario.years)
    ctx = build_context(scenario, facts)
    results: dict[str, ServiceResult] = {}
    for later in (False, True):  # services that build on the others' staffing come last
        if later:
            ctx = dataclasses.replace(
                ctx, service_fte=MappingProxyType({k: r.fte_staffed for k, r in results.items()})
            )
        for name, setup in scenario.services.items():
            if REGISTRY[name].uses_other_services == later:
                output = REGISTRY[name].evaluate(ctx, setup.values(), setup.settings)
                results[name] = _today(
                    cost_result(ctx, REGISTRY[name], output), setup.settings, scenario
                )
    results = {name: results[name] for name in scenario.services}  # scenario order
    sharing = {k: p.value for k, p in scenario.sharing.items()}
    results["governance"] = cost_result(
        ctx, governance.SERVICE, governance.SERVICE.evaluate(ctx, sharing, None)
    )
    return RunResult(scenario, ctx, MappingProxyType(results))


def _today(result: ServiceResult, settings: object, scenario: Scenario) -> ServiceResult:
    """Mark an arrangement already in place (see :class:`~simulator.services.base.Arrangement`)
    with today's shares."""
    if not (isinstance(settings, Arrangement) and settings.existing):
        return result
    shares = settings.agreed_shares(scenario.municipalities)
    return dataclasses.replace(
        result, existing=True, today_shares=np.asarray(shares, dtype=np.float64)
    )


def cost_result(ctx: Context, service: Service, out: ServiceOutput) -> ServiceResult:
    """Apply the staffing policy, attrition and wages; add personnel and overhead costs."""
    econ = ctx.economics
    shape = (
        ctx.years.size,
        ctx.size.size,
    )  # (Y, C); arrays index years and coalitions from the end
    need = np.zeros(shape)
    staffed = np.zeros(shape)
    employed = np.zeros(shape)
    personnel = np.zeros(shape)
    wages = staffing.wage_index(ctx.years, econ["wage_growth"])
    singles = coalitions.singletons(len(ctx.facts.municipalities)) - 1
    for group in out.staff.values():
        group_need = np.broadcast_to(group.fte, shape)
        staff = staffing.staffed(group_need, group.minimum_fte, econ["staffing_step"])
        on_payroll = staffing.employed(
            staff, ctx.pool(staff[..., 0, singles]), econ["attrition_rate"]
        )
        need = need + group_need
        staffed = staffed + staff
        employed = employed + on_payroll
        personnel += (
            on_payroll * group.monthly_salary * 12 * (1 + econ["employer_overhead"]) * wages
        )
    costs = (
        {"personnel": personnel, "overhead": econ["overhead_rate"] * personnel} if out.staff else {}
    )
    costs.update({k: np.broadcast_to(v, shape).astype(np.float64) for k, v in out.costs.items()})
    one_off = {
        k: projection.spread_one_off(
            np.broadcast_to(v, shape[1:]), shape[0], econ["transition_years"]
        )
        for k, v in out.one_off.items()
    }
    return ServiceResult(
        service=service,
        workload=out.workload,
        fte=need,
        fte_staffed=staffed,
        fte_employed=employed,
        costs=MappingProxyType(costs),
        one_off=MappingProxyType(one_off),
        choices=out.choices,
        queue=out.queue,
    )


def npv_costs(result: RunResult) -> dict[str, np.ndarray]:
    """Present value over the years of running plus one-off cost, per service and ``total``:
    (C,) SEK."""
    factors = result.discount()[:, None]
    out = {
        name: ((s.running + s.one_off_total) * factors).sum(axis=0)
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
    """The service-level curves of the queueing services, one row per year, coalition and agents.

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
    """Rows of one service's (A, Y, C) curves, ordered by year, coalition and agents."""
    agents = curves.agents.size
    years = result.context.years.size
    labels = np.asarray(result.labels, dtype=object)
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
