"""The Python entry point for economists: a scenario in, every result as tidy DataFrames out.

>>> from simulator import api
>>> results = api.evaluate("scenarios/pitea_alvsbyn.yaml")
>>> results.tables["projection"].columns[:4].tolist()
['scenario', 'year', 'standalone_sek', 'shared_sek']
>>> sorted(results.tables)[:4]
['allocations', 'costs', 'game', 'jobs']

Overrides change parameter values by their path, validated as a scenario file is:

>>> rate = {"economics.discount_rate": 0.03}
>>> lower = api.evaluate("scenarios/pitea_alvsbyn.yaml", overrides=rate)
>>> lower.scenario.economics["discount_rate"].value
0.03
"""

from __future__ import annotations

import dataclasses
import glob
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from simulator import engine
from simulator import scenario as scenario_mod
from simulator.engine import games as cost_sharing
from simulator.engine.keys import KeyReport, propose_keys
from simulator.engine.structures import run_periods, structures_table
from simulator.report import tables as tables_mod
from simulator.report.results import Results
from simulator.scenario import Scenario
from simulator.uncertainty.execution import Progress
from simulator.uncertainty.robust import robust_keys
from simulator.uncertainty.study import DRAWS, Study, study

__all__ = ["Results", "Study", "evaluate", "evaluate_all", "load", "uncertainty"]

load = scenario_mod.load
"""Read, check and freeze a scenario file, with optional overrides (see
:func:`simulator.scenario.load`)."""


def _scenario(source: str | Path | Scenario, overrides: Mapping[str, object] | None) -> Scenario:
    """The scenario itself, or loaded from its file, with ``overrides`` over it (those of a given
    scenario kept, the new ones over them); validated as a file is."""
    if not isinstance(source, Scenario):
        return scenario_mod.load(source, overrides)
    if not overrides:
        return source
    return scenario_mod.load(source.path, {**source.overrides, **overrides})


def evaluate(
    source: str | Path | Scenario,
    *,
    lang: str | None = None,
    overrides: Mapping[str, object] | None = None,
    keys: bool = True,
) -> Results:
    """Load (if given a path) and run a scenario; compute every table.

    ``overrides`` changes parameter values by their path, e.g. ``{"economics.discount_rate":
    0.03}`` or ``{"services.payroll.hours_per_payslip": 0.12}``: only the value changes (unit,
    range and source are inherited, the source marked), validated exactly as in a scenario file
    (:class:`simulator.core.errors.InputError` for an unknown name or a value out of range).
    Without ``keys`` the key optimiser is not run: no ``keys`` or ``key_comparison`` table, no
    ``proposed_key`` allocations, and a key report that proposes nothing."""
    sc = _scenario(source, overrides)
    if lang is not None:
        sc = dataclasses.replace(sc, language=lang)
    result = engine.run(sc)
    tables = tables_mod.all_tables(result)
    run_games = cost_sharing.games(result)
    allocations = cost_sharing.allocations_table(result, run_games=run_games)
    if keys:
        report = propose_keys(result, run_games)
        if sc.keys.draws:
            report = robust_keys(sc, report, sc.keys.draws, sc.seed)
        tables["allocations"] = pd.concat(
            [allocations, report.allocation_rows()], ignore_index=True
        )
        tables["keys"] = report.keys_table()
        tables["key_comparison"] = report.comparison_table()
        tables["key_tradeoff"] = report.tradeoff_table()
    else:
        years = tuple(int(y) for y in result.context.years)
        report = KeyReport(sc.id, years, (years[0], years[-1]), MappingProxyType({}), {}, {})
        tables["allocations"] = allocations
    tables["structures"] = structures_table(result, run_games, periods=run_periods(result))
    price_effect = cost_sharing.price_effect_comparison(result, run_games=run_games)
    return Results(sc, result, tables, price_effect, report)


def evaluate_all(
    pattern: str | Path, lang: str | None = None, *, keys: bool = True
) -> dict[str, Results]:
    """Evaluate every scenario file matching ``pattern`` (e.g. ``../scenarios/*.yaml``), in
    file-name order; keyed by scenario id. ``keys`` as in :func:`evaluate` (the key optimiser
    takes minutes for the 14 municipalities of ``norrbotten.yaml``)."""
    paths = sorted(glob.glob(str(pattern)))
    if not paths:
        raise FileNotFoundError(f"no scenario files match {pattern!r}")
    results = (evaluate(path, lang=lang, keys=keys) for path in paths)
    return {r.scenario.id: r for r in results}


def uncertainty(
    source: str | Path | Scenario,
    *,
    draws: int = DRAWS,
    seed: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    overrides: Mapping[str, object] | None = None,
) -> Study:
    """Monte Carlo over every estimate's range, with the tornado and the global sensitivity;
    ``Study.tables`` holds ``draws_summary``, ``probabilities``, ``tornado`` and
    ``sensitivity`` as tidy DataFrames (see :mod:`simulator.uncertainty`). The same seed gives
    the same tables whatever ``workers`` or ``scheduler`` (a Dask address) runs the draws.
    ``overrides`` as in :func:`evaluate`."""
    sc = _scenario(source, overrides)
    return study(
        sc, draws=draws, seed=seed, workers=workers, scheduler=scheduler, progress=progress
    )
