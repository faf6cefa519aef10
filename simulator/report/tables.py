"""Tidy tables from a run: one row per observation, the scenario id in every row.

Money in float64 SEK; formatting happens only at the edge (``report.formatting``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from simulator.core import coalitions
from simulator.engine import projection
from simulator.engine.evaluation import RunResult, ServiceResult, npv_costs, saving_sources
from simulator.engine.transition import jobs

__all__ = ["workload", "staffing", "costs", "game", "projection_table", "payback", "all_tables"]


def _frame(result: RunResult, service: str, columns: Mapping[str, np.ndarray]) -> pd.DataFrame:
    """Rows for every (year, coalition) of (Y, C) arrays, with scenario, year, service,
    coalition."""
    years = result.context.years
    labels = np.asarray(result.labels, dtype=object)
    y, c = years.size, labels.size
    base = {
        "scenario": result.scenario.id,
        "year": np.repeat(years, c),
        "service": service,
        "coalition": np.tile(labels, y),
    }
    return pd.DataFrame(
        base | {k: np.asarray(v, dtype=np.float64).reshape(-1) for k, v in columns.items()}
    )


def workload(result: RunResult) -> pd.DataFrame:
    """scenario, year, service, coalition, measure, value, unit."""
    parts = [
        _frame(result, name, {"value": m.values}).assign(measure=measure, unit=m.unit)
        for name, s in result.services.items()
        for measure, m in s.workload.items()
    ]
    return pd.concat(parts, ignore_index=True)[
        ["scenario", "year", "service", "coalition", "measure", "value", "unit"]
    ]


def staffing(result: RunResult) -> pd.DataFrame:
    """scenario, year, service, coalition, fte (need), fte_staffed (policy), fte_employed
    (attrition)."""
    parts = [
        _frame(
            result,
            name,
            {"fte": s.fte, "fte_staffed": s.fte_staffed, "fte_employed": s.fte_employed},
        )
        for name, s in result.services.items()
        if name != "governance"
    ]
    return pd.concat(parts, ignore_index=True)


def costs(result: RunResult, today: bool = False) -> pd.DataFrame:
    """scenario, year, service, coalition, component, kind (running / one_off), cost_sek.

    With ``today``, a single municipality's rows of an arrangement already in place hold what it
    pays today (its share of the shared cost) instead of its cost alone: the view for "today
    against shared" charts.
    """
    parts = []
    for name, s in result.services.items():
        for kind, table in (("running", s.costs), ("one_off", s.one_off)):
            parts += [
                _frame(result, name, {"cost_sek": _today_view(s, v) if today else v}).assign(
                    component=k, kind=kind
                )
                for k, v in table.items()
            ]
    return pd.concat(parts, ignore_index=True)[
        ["scenario", "year", "service", "coalition", "component", "kind", "cost_sek"]
    ]


def _today_view(service: ServiceResult, values: np.ndarray) -> np.ndarray:
    """(Y, C) values with the single-municipality columns replaced by what each pays today."""
    if not service.existing or service.today_shares is None:
        return values
    out = values.copy()
    n = service.today_shares.size
    out[..., coalitions.singletons(n) - 1] = service.today(values)
    return out


def game(result: RunResult) -> pd.DataFrame:
    """scenario, year (or ``npv``), service, coalition, cost_sek — every non-empty coalition.

    Yearly rows hold running costs (one-off transition costs are left out of the yearly games);
    the ``npv`` rows hold the present value of running and one-off costs over all years.
    """
    yearly = {name: s.running for name, s in result.services.items()}
    yearly["total"] = result.running()
    parts = [_frame(result, name, {"cost_sek": v}) for name, v in yearly.items()]
    labels = result.labels
    for name, v in npv_costs(result).items():
        parts.append(
            pd.DataFrame(
                {
                    "scenario": result.scenario.id,
                    "year": "npv",
                    "service": name,
                    "coalition": labels,
                    "cost_sek": v,
                }
            )
        )
    frame = pd.concat([p.astype({"year": object}) for p in parts], ignore_index=True)
    return frame[["scenario", "year", "service", "coalition", "cost_sek"]]


def projection_table(result: RunResult) -> pd.DataFrame:
    """The whole group over the years: today (the members alone; for an arrangement already in
    place, its shared cost) against shared.

    Columns: scenario, year, standalone_sek, shared_sek, saving_sek (running), one_off_sek,
    net_saving_sek, cumulative_net_saving_sek, discounted_saving_sek (net, discounted).
    """
    alone = sum(s.today(s.running).sum(axis=-1) for s in result.services.values())
    shared = result.running()[:, -1]
    one_off = result.one_off()[:, -1]
    net = alone - shared - one_off
    return pd.DataFrame(
        {
            "scenario": result.scenario.id,
            "year": result.context.years,
            "standalone_sek": alone,
            "shared_sek": shared,
            "saving_sek": alone - shared,
            "one_off_sek": one_off,
            "net_saving_sek": net,
            "cumulative_net_saving_sek": np.cumsum(net),
            "discounted_saving_sek": net * result.discount(),
        }
    )


def payback(result: RunResult) -> int | None:
    """Payback year of the whole group (see :func:`simulator.engine.projection.payback_year`)."""
    table = projection_table(result)
    return projection.payback_year(table["year"].to_numpy(), table["net_saving_sek"].to_numpy())


def all_tables(result: RunResult) -> dict[str, pd.DataFrame]:
    """Every tidy table of a run, by file stem."""
    return {
        "workload": workload(result),
        "staffing": staffing(result),
        "costs": costs(result),
        "game": game(result),
        "projection": projection_table(result),
        "jobs": jobs(result),
        "saving_sources": saving_sources(result),
    }
