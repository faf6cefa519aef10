"""Where the jobs go, what leaving costs, and each host side by side.

Read from a plain run (no draws). ``jobs`` places every coalition's staff on its members' sites:
the members' own staff at home until the start of shared operation, then the shared staff at the
host (or the distributed sites) and the staff not yet needed, who stay behind until they are
redeployed or leave, at home. ``exit_costs`` is what a member pays to leave the whole group
1, 2 or 3 years after the start. ``compare_hosts`` runs a scenario once per possible host of a
service.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import pandas as pd

from simulator.allocation.shapley import shapley_values
from simulator.core import coalitions
from simulator.engine.evaluation import RunResult, ServiceResult, host_sites, npv_costs, run
from simulator.scenario import Scenario
from simulator.scenario.timeline import Host
from simulator.services.common import policy

__all__ = [
    "JOBS_COLUMNS",
    "jobs",
    "jobs_by_municipality",
    "operating_share",
    "exit_costs",
    "EXIT_YEARS",
    "compare_hosts",
]

JOBS_COLUMNS = ["scenario", "year", "service", "coalition", "municipality", "fte"]
EXIT_YEARS = (1, 2, 3)


def operating_share(service: ServiceResult, years: np.ndarray) -> np.ndarray:
    """(Y,) share of each year the service runs shared (1.0 everywhere without a timeline)."""
    if service.timeline is None:
        return np.ones(years.size)
    return service.timeline.operating_share(years)


def _sites(result: RunResult, name: str) -> np.ndarray:
    """(Y, n, C) FTE of service ``name`` working at each member's site, for every coalition.

    ``f · staffed_shared · placement + (1 − f) · staffed_alone + (employed − staffed) · home``,
    where f is the year's share in shared operation, and staff the service bases at members' own
    sites (:attr:`ServiceResult.at_sites`) are placed there; the columns sum to ``fte_employed``.
    """
    s = result.services[name]
    years = result.context.years
    member = result.context.membership  # (n, C)
    n = member.shape[0]
    singles = coalitions.singletons(n) - 1
    staffed = np.asarray(s.fte_staffed, dtype=np.float64)  # (Y, C), blended with the timeline
    employed = np.asarray(s.fte_employed, dtype=np.float64)
    own = staffed[:, singles]  # (Y, n) each member alone
    alone = own[:, :, None] * member  # (Y, n, C)
    f = operating_share(s, years)[:, None]  # (Y, 1)
    pooled = alone.sum(axis=1)  # (Y, C)
    shared = np.where(f > 0, (staffed - (1.0 - f) * pooled) / np.where(f > 0, f, 1.0), 0.0)
    placement = s.placement if s.placement is not None else host_sites(result.context)
    home = s.home if s.home is not None else member / result.context.size
    if s.at_sites is not None:  # staff based at members' own sites stay there; the rest at the host
        local = np.minimum(s.at_sites, shared[:, None, :])  # (Y, n, C)
        rest = shared - local.sum(axis=1)
        placed = local + rest[:, None, :] * placement[None]
    else:
        placed = shared[:, None, :] * placement[None]
    at_sites = f[:, :, None] * placed + (1.0 - f)[:, :, None] * alone
    return at_sites + (employed - staffed)[:, None, :] * home[None]


def jobs(result: RunResult) -> pd.DataFrame:
    """jobs.csv: scenario, year, service, coalition, municipality, fte — where the employed staff
    of every coalition work, each year, a row per member (governance has no staff)."""
    if result.context.draws:
        raise ValueError("jobs are read from a plain run, not from draws")
    years = result.context.years
    member = result.context.membership
    names = result.scenario.municipalities
    labels = np.asarray(result.labels, dtype=object)
    who, which = np.nonzero(member.T)  # coalition index, member index: rows in coalition order
    parts = []
    for name, s in result.services.items():
        if name == "governance" or not np.any(s.fte_employed):
            continue
        fte = _sites(result, name)[:, which, who]  # (Y, rows)
        parts.append(
            pd.DataFrame(
                {
                    "scenario": result.scenario.id,
                    "year": np.repeat(years, who.size),
                    "service": name,
                    "coalition": np.tile(labels[who], years.size),
                    "municipality": np.tile(np.asarray(names, dtype=object)[which], years.size),
                    "fte": fte.reshape(-1),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=JOBS_COLUMNS)
    return pd.concat(parts, ignore_index=True)[JOBS_COLUMNS]


def jobs_by_municipality(result: RunResult, year_index: int = -1) -> pd.DataFrame:
    """Per service and municipality, in one year: FTE working there today (each member alone) and
    shared (the whole group). Columns service, municipality, today_fte, shared_fte."""
    member = result.context.membership
    singles = coalitions.singletons(member.shape[0]) - 1
    rows = []
    for name, s in result.services.items():
        if name == "governance" or not np.any(s.fte_employed):
            continue
        sites = _sites(result, name)[year_index]  # (n, C)
        for i, municipality in enumerate(result.scenario.municipalities):
            rows.append(
                {
                    "service": name,
                    "municipality": municipality,
                    "today_fte": float(sites[i, singles[i]]),
                    "shared_fte": float(sites[i, -1]),
                }
            )
    return pd.DataFrame(rows, columns=["service", "municipality", "today_fte", "shared_fte"])


def exit_costs(result: RunResult, after: Sequence[int] = EXIT_YEARS) -> pd.DataFrame:
    """What a member pays to leave the whole group's shared service ``k`` years after its start.

    Two parts, per service: its share of the one-off costs not yet written off (written off
    evenly over ``write_off_years``) and the notice period (``notice_months``), in which it is
    bound to pay its share of the shared running cost: ``notice_months / 12`` × its share × the
    whole group's running cost in the year it leaves. Its share, in both, is its stand-alone
    running cost's share of the members' in the start year (the agreed key is not known here).
    Columns service, municipality, after_years, unwritten_sek, notice_sek,
    cost_sek. Services already shared before the base year and governance are left out.
    """
    econ = result.context.economics
    years = result.context.years
    n = len(result.scenario.municipalities)
    singles = coalitions.singletons(n) - 1
    write_off = float(policy(econ, "write_off_years"))
    notice = float(policy(econ, "notice_months")) / 12
    rows = []
    for name, s in result.services.items():
        if name == "governance" or s.existing:
            continue
        start = s.timeline.start.year if s.timeline is not None else int(years[0])
        first = int(np.clip(start - years[0], 0, years.size - 1))
        alone = s.running[:, singles]  # (Y, n)
        weights = alone[first] / alone[first].sum() if alone[first].sum() > 0 else np.full(n, 1 / n)
        one_off = float(s.one_off_total[:, -1].sum())
        for k in after:
            left = max(0.0, 1.0 - k / write_off) if write_off > 0 else 0.0
            year = min(first + k, years.size - 1)
            for i, municipality in enumerate(result.scenario.municipalities):
                unwritten = one_off * weights[i] * left
                notice_cost = notice * weights[i] * float(s.running[year, -1])
                rows.append(
                    {
                        "service": name,
                        "municipality": municipality,
                        "after_years": k,
                        "unwritten_sek": unwritten,
                        "notice_sek": notice_cost,
                        "cost_sek": unwritten + notice_cost,
                    }
                )
    return pd.DataFrame(
        rows,
        columns=[
            "service",
            "municipality",
            "after_years",
            "unwritten_sek",
            "notice_sek",
            "cost_sek",
        ],
    )


def compare_hosts(scenario: Scenario, service: str) -> pd.DataFrame:
    """The scenario run once per host of ``service`` — each member, and the scenario's own
    distributed sites when it gives them — with the whole group's figures side by side.

    Columns: host; shared_npv_sek (present value of the service's running and one-off costs,
    whole group); net_saving_npv_sek (against the members alone); commuting_sek (all years);
    then per municipality ``jobs:<name>`` (FTE working there in the last year) and
    ``shapley:<name>`` (its Shapley share of the present-value cost, SEK).
    Raises KeyError for a service the scenario does not run.
    """
    setup = scenario.services[service]
    hosts = [Host(name=m) for m in scenario.municipalities]
    if setup.host.shares is not None:
        hosts.append(setup.host)
    rows = []
    n = len(scenario.municipalities)
    singles = coalitions.singletons(n) - 1
    for host in hosts:
        changed = dataclasses.replace(setup, host=host)
        variant = dataclasses.replace(scenario, services={**scenario.services, service: changed})
        result = run(variant)
        s = result.services[service]
        present = npv_costs(result)[service]  # (C,)
        row: dict[str, object] = {
            "host": host.describe(),
            "shared_npv_sek": float(present[-1]),
            "net_saving_npv_sek": float(present[singles].sum() - present[-1]),
            "commuting_sek": float(s.costs["commuting"][:, -1].sum())
            if "commuting" in s.costs
            else 0.0,
        }
        sites = _sites(result, service)[-1, :, -1]
        shares = shapley_values(present)
        for i, municipality in enumerate(scenario.municipalities):
            row[f"jobs:{municipality}"] = float(sites[i])
        for i, municipality in enumerate(scenario.municipalities):
            row[f"shapley:{municipality}"] = float(shares[i])
        rows.append(row)
    return pd.DataFrame(rows)
