"""Write every chart that applies to a run's tables into a results folder."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from types import MappingProxyType

import pandas as pd
from matplotlib.figure import Figure

from simulator.report import style
from simulator.report.charts.allocation import allocation_methods
from simulator.report.charts.base import FORMATS, members, save
from simulator.report.charts.core import core_diagram
from simulator.report.charts.costs import cost_by_service, waterfall
from simulator.report.charts.jobs import jobs_by_municipality
from simulator.report.charts.queue import service_level_curves
from simulator.report.charts.savings import savings_over_years
from simulator.report.charts.sources import saving_sources_chart
from simulator.report.charts.structures import structure_charts
from simulator.scenario import Scenario

__all__ = ["write_charts", "queue_settings", "QUEUE_PARAMS", "FORMAT_CHOICES"]

FORMAT_CHOICES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"none": (), "png": ("png",), "pdf": ("pdf",), "all": FORMATS}
)
"""The files a run may write for each chart, by name (``--charts none|png|pdf|all``)."""

QUEUE_PARAMS = ("aht_seconds", "answer_within", "service_level")
"""The parameters of a queueing service (``patience_seconds`` optional), for
:func:`queue_settings`."""

Chart = Callable[[], Figure]


def queue_settings(scenario: Scenario) -> dict[str, dict[str, float]]:
    """Service → handling time, threshold, target (and patience) for each queueing service of
    ``scenario``.

    The service-level chart no longer needs them: the ``service_levels`` table carries the
    settings the curves were computed with. Kept for callers that still pass ``queue_params``.
    """
    out = {}
    for name, setup in scenario.services.items():
        values = setup.values()
        if all(key in values for key in QUEUE_PARAMS):
            out[name] = {
                key: values[key] for key in (*QUEUE_PARAMS, "patience_seconds") if key in values
            }
    return out


def _present(tables: Mapping[str, pd.DataFrame], name: str) -> bool:
    return name in tables and tables[name] is not None and not tables[name].empty


def _cost_charts(costs: pd.DataFrame, lang: str, source: str) -> dict[str, Chart]:
    charts: dict[str, Chart] = {
        "cost_by_service": partial(cost_by_service, costs, lang=lang, source=source),
        "waterfall": partial(waterfall, costs, lang=lang, source=source),
    }
    years = sorted(int(y) for y in costs["year"].unique())
    grand = "+".join(members(costs["coalition"].unique()))
    first = costs[
        (costs["year"] == years[0]) & (costs["kind"] == "one_off") & (costs["coalition"] == grand)
    ]
    if len(years) > 1 and first["cost_sek"].sum() > 0:
        charts["waterfall_first_year"] = partial(
            waterfall, costs, year=years[0], lang=lang, source=source
        )
    return charts


def _queue_charts(curves: pd.DataFrame, lang: str, source: str) -> dict[str, Chart]:
    return {
        f"service_level_{service}": partial(
            service_level_curves, curves, service=service, lang=lang, source=source
        )
        for service in curves["service"].unique()
    }


def _game_charts(tables: Mapping[str, pd.DataFrame], lang: str, source: str) -> dict[str, Chart]:
    charts: dict[str, Chart] = {}
    allocations = tables["allocations"] if _present(tables, "allocations") else None
    if allocations is not None and (allocations["service"] == "total").any():
        calendar = (
            sorted(int(y) for y in tables["game"]["year"].astype(str).unique() if y.isdigit())
            if _present(tables, "game")
            else []
        )
        period = (calendar[0], calendar[-1]) if calendar else None
        charts["allocation"] = partial(
            allocation_methods, allocations, period=period, lang=lang, source=source
        )
    if _present(tables, "game") and len(members(tables["game"]["coalition"].unique())) in (2, 3):
        charts["core"] = partial(
            core_diagram, tables["game"], allocations, lang=lang, source=source
        )
    return charts


def write_charts(
    tables: Mapping[str, pd.DataFrame],
    folder: Path,
    *,
    lang: str = "sv",
    scenario_id: str | None = None,
    date: str | None = None,
    queue_params: Mapping[str, Mapping[str, float]] | None = None,
    formats: tuple[str, ...] = FORMATS,
) -> list[str]:
    """Write every chart whose data is present, in each of ``formats``; return the file names
    written.

    Parameters
    ----------
    tables : tidy tables by stem (``costs``, ``projection``, ``game``, ``allocations``,
        ``service_levels``, ``structures``, ``coordinates``); a chart whose table is missing or
        empty is skipped
    folder : where the files go (must exist)
    lang : ``"sv"`` or ``"en"``
    scenario_id : named in the source line (default: the ``scenario`` column of the tables)
    date : ISO date in the source line (default: today)
    queue_params : ignored (the ``service_levels`` table carries the queue settings); accepted
        so that callers written for :func:`queue_settings` keep working
    formats : ``"png"`` and/or ``"pdf"`` (see :data:`FORMAT_CHOICES`); none: nothing is drawn
    """
    if not formats:
        return []
    if scenario_id is None:
        scenario_id = next(
            str(t["scenario"].iloc[0]) for t in tables.values() if t is not None and not t.empty
        )
    source = style.source_line(scenario_id, date or datetime.date.today().isoformat(), lang)
    charts: dict[str, Chart] = {}
    if _present(tables, "costs"):
        charts |= _cost_charts(tables["costs"], lang, source)
    if _present(tables, "projection"):
        charts["savings"] = partial(
            savings_over_years, tables["projection"], lang=lang, source=source
        )
    charts |= _game_charts(tables, lang, source)
    if _present(tables, "service_levels"):
        charts |= _queue_charts(tables["service_levels"], lang, source)
    if _present(tables, "saving_sources"):
        charts["saving_sources"] = partial(
            saving_sources_chart, tables["saving_sources"], lang=lang, source=source
        )
    if _present(tables, "jobs"):
        charts["jobs"] = partial(jobs_by_municipality, tables["jobs"], lang=lang, source=source)
    charts |= structure_charts(tables, lang, source)
    return [name for stem, draw in charts.items() for name in save(draw(), folder, stem, formats)]
