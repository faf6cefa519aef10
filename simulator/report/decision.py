"""The figures of the decision document, read from a finished run: per service, per member, the
proposals, the key a treasurer applies and what leaving costs.

Nothing here models anything: each function selects, sums or reshapes what a run computed
(:class:`simulator.report.results.Results`; money in SEK, shares 0–1). Per service the figures are
"today against shared": a member alone keeps its own service, an arrangement already in place
costs what it costs today (``Results.chart_tables["costs"]``), so the services' present values add
up to the whole group's (``projection.csv``) to the öre.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.engine import transition
from simulator.engine.projection import payback_year
from simulator.report import tables
from simulator.report.results import Results
from simulator.report.summary import service_overview
from simulator.scenario.timeline import Month

__all__ = [
    "GOVERNANCE",
    "Proposal",
    "proposed_services",
    "proposals",
    "host_name",
    "service_table",
    "member_table",
    "steering_npv",
    "key_year",
    "key_weights",
    "key_shares",
    "key_drivers",
    "exit_table",
]

GOVERNANCE = "governance"
"""The steering and coordination every group pays for: not a service one proposes."""


@dataclass(frozen=True)
class Proposal:
    """One service as proposed: shared from ``start`` at ``host`` under the key ``key``
    (``{driver: weight}``), or left out (``share`` False) because sharing it costs ``npv_sek``
    (negative) in present value."""

    service: str
    share: bool
    start: Month
    host: str
    key: dict[str, float]
    npv_sek: float


def _alone(frame: pd.DataFrame) -> pd.Series:
    """Rows of single municipalities (coalition labels without ``+``)."""
    return ~frame["coalition"].str.contains("+", regex=False)


def _grand(frame: pd.DataFrame) -> pd.Series:
    """Rows of the whole group (the label with the most members)."""
    most = frame["coalition"].str.count(r"\+").max()
    return frame["coalition"].str.count(r"\+") == most


def _yearly(results: Results) -> pd.DataFrame:
    """Per service and year: today (the members alone, or what an arrangement in place costs
    today), shared running cost, one-off costs, net saving and its discounted value, SEK."""
    costs = results.chart_tables["costs"]
    running = costs[costs["kind"] == "running"]
    alone = running[_alone(running)].groupby(["service", "year"], sort=False)["cost_sek"].sum()
    shared = running[_grand(running)].groupby(["service", "year"], sort=False)["cost_sek"].sum()
    one_off_rows = costs[(costs["kind"] == "one_off") & _grand(costs)]
    one_off = one_off_rows.groupby(["service", "year"], sort=False)["cost_sek"].sum()
    frame = pd.DataFrame({"today_sek": alone, "shared_sek": shared, "one_off_sek": one_off})
    frame = frame.fillna(0.0).reset_index()
    frame["net_sek"] = frame["today_sek"] - frame["shared_sek"] - frame["one_off_sek"]
    years = results.run.context.years
    factor = dict(zip(years.tolist(), results.run.discount().tolist()))
    frame["discounted_sek"] = frame["net_sek"] * frame["year"].map(factor)
    return frame


def proposed_services(results: Results) -> list[str]:
    """The services a decision is asked about: those of the scenario that are not shared already
    (an arrangement in place) and not the steering, in the run's order."""
    run = results.run
    return [
        name
        for name, s in run.services.items()
        if name != GOVERNANCE and not s.existing and name in results.scenario.services
    ]


def host_name(results: Results, service: str) -> str:
    """Where the whole group's shared service sits: the host the scenario names, its
    distributed sites (``Piteå 60 %, Älvsbyn 40 %``), or the group's most populous member, as
    the run placed it."""
    setup = results.scenario.services[service]
    if setup.host.given:
        return setup.host.describe()
    members = results.scenario.municipalities
    return members[int(results.run.context.host[-1])]


def proposals(results: Results) -> list[Proposal]:
    """Per proposed service: share it when its present value is positive, else leave it out."""
    npv = _yearly(results).groupby("service", sort=False)["discounted_sek"].sum()
    found = []
    for name in proposed_services(results):
        timeline = results.run.services[name].timeline
        start = timeline.start if timeline is not None else Month(results.scenario.base_year)
        found.append(
            Proposal(
                service=name,
                share=bool(npv[name] > 0),
                start=start,
                host=host_name(results, name),
                key=results.keys.proposals[name].key,
                npv_sek=float(npv[name]),
            )
        )
    return found


def service_table(results: Results) -> pd.DataFrame:
    """Per service and the total: the last year's cost today and shared, its saving and FTE
    (:func:`simulator.report.summary.service_overview`), the one-off costs over all years, the
    present value of the net saving and the payback year (NA: none within the horizon).

    Columns service, alone_sek, shared_sek, saving_sek, one_off_sek, npv_sek, payback.
    """
    overview = service_overview(results.run).set_index("service")
    yearly = _yearly(results)
    years = results.run.context.years
    rows = []
    for name in [*results.run.services, "total"]:
        part = yearly if name == "total" else yearly[yearly["service"] == name]
        net = part.groupby("year")["net_sek"].sum().reindex(years, fill_value=0.0)
        payback = payback_year(years, net.to_numpy()) if part["one_off_sek"].sum() > 0 else None
        if name == "total":
            payback = tables.payback(results.run)
        rows.append(
            {
                "service": name,
                "alone_sek": float(overview.at[name, "alone_sek"]),
                "shared_sek": float(overview.at[name, "shared_sek"]),
                "saving_sek": float(overview.at[name, "saving_sek"]),
                "one_off_sek": float(part["one_off_sek"].sum()),
                "npv_sek": float(part["discounted_sek"].sum()),
                "payback": payback,
            }
        )
    return pd.DataFrame(rows).astype({"payback": "Int64"})


def _key_rows(results: Results, services: list[str], year: int | str) -> pd.DataFrame:
    allocations = results.allocations
    return allocations[
        (allocations["method"] == "proposed_key")
        & (allocations["service"].isin(services))
        & (allocations["year"].astype(str) == str(year))
    ]


def member_table(results: Results) -> pd.DataFrame:
    """Per municipality and in all, over the services proposed for sharing under their proposed
    keys (``allocations.csv``, method ``proposed_key``): cost alone and under the key in present
    value, the saving and its share, the saving in the last year, and the FTE working in the
    municipality in those services today and in the last year.

    Columns municipality, alone_sek, cost_sek, saving_sek, saving_pct (0–100), saving_year_sek,
    fte_today, fte_shared.
    """
    shared = [p.service for p in proposals(results) if p.share]
    members = list(results.scenario.municipalities)
    npv = _key_rows(results, shared, "npv").groupby("municipality")
    last = _key_rows(results, shared, results.scenario.horizon).groupby("municipality")
    jobs = transition.jobs_by_municipality(results.run)
    jobs = jobs[jobs["service"].isin(shared)].groupby("municipality")
    frame = pd.DataFrame(
        {
            "municipality": members,
            "alone_sek": npv["standalone_sek"].sum().reindex(members, fill_value=0.0).to_numpy(),
            "cost_sek": npv["cost_sek"].sum().reindex(members, fill_value=0.0).to_numpy(),
            "saving_year_sek": last["saving_sek"].sum().reindex(members, fill_value=0.0),
            "fte_today": jobs["today_fte"].sum().reindex(members, fill_value=0.0).to_numpy(),
            "fte_shared": jobs["shared_fte"].sum().reindex(members, fill_value=0.0).to_numpy(),
        }
    )
    frame["saving_year_sek"] = frame["saving_year_sek"].to_numpy()
    total = frame.drop(columns="municipality").sum().to_dict() | {"municipality": "total"}
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    frame["saving_sek"] = frame["alone_sek"] - frame["cost_sek"]
    frame["saving_pct"] = (
        100.0 * frame["saving_sek"] / frame["alone_sek"].where(frame["alone_sek"] != 0)
    )
    return frame


def steering_npv(results: Results) -> float:
    """Present value of the steering and coordination of the whole group, SEK (0 without)."""
    yearly = _yearly(results)
    return float(-yearly.loc[yearly["service"] == GOVERNANCE, "discounted_sek"].sum())


def key_year(results: Results, services: list[str]) -> int:
    """The year the treasurer's tables show: the first year in which every one of ``services``
    runs shared all year (the latest first year of their keys' spans)."""
    return max(results.keys.span(name)[0] for name in services)


def key_weights(results: Results, services: list[str]) -> pd.DataFrame:
    """Weight (0–1) of each candidate driver per service; rows service, columns driver (in the
    order first met), 0 where a service does not use a driver."""
    rows = {
        name: dict(zip(results.keys.proposals[name].drivers, results.keys.proposals[name].weights))
        for name in services
    }
    return pd.DataFrame.from_dict(rows, orient="index").fillna(0.0)


def key_shares(results: Results, services: list[str], year: int) -> pd.DataFrame:
    """Per service and municipality in ``year``: the cost under the proposed key (SEK) and its
    share of the service's cost. Columns service, municipality, cost_sek, share."""
    rows = _key_rows(results, services, year)[["service", "municipality", "cost_sek"]].copy()
    totals = rows.groupby("service")["cost_sek"].transform("sum")
    rows["share"] = rows["cost_sek"] / totals
    return rows.reset_index(drop=True)


def key_drivers(results: Results, services: list[str], year: int) -> pd.DataFrame:
    """The figures each used driver takes in ``year``, per municipality, as the key's games hold
    them: columns service (``""`` for a driver every service shares), driver, one column per
    municipality. ``standalone`` rows are each service's cost alone (SEK)."""
    members = list(results.scenario.municipalities)
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for name in services:
        game = results.keys.games[name][year]
        for driver, weight in results.keys.proposals[name].key.items():
            if driver == "equal" or driver in seen:
                continue
            shared = driver in ("population", "employees")
            values = game.standalone if driver == "standalone" else game.drivers[driver]
            rows.append(
                {"service": "" if shared else name, "driver": driver}
                | dict(zip(members, np.asarray(values, dtype=np.float64).tolist()))
            )
            if shared:
                seen.add(driver)
    frame = pd.DataFrame(rows, columns=["service", "driver", *members])
    shared_first = frame["service"].ne("").argsort(kind="stable")
    return frame.iloc[shared_first].reset_index(drop=True)


def exit_table(results: Results) -> pd.DataFrame:
    """What leaving the whole group costs each member 1, 2 and 3 years after the start, all
    services (:func:`simulator.engine.transition.exit_costs`, summed over services).

    Columns municipality, after_years, unwritten_sek, notice_sek, cost_sek.
    """
    costs = transition.exit_costs(results.run)
    amounts = ["unwritten_sek", "notice_sek", "cost_sek"]
    return costs.groupby(["municipality", "after_years"], sort=False)[amounts].sum().reset_index()
