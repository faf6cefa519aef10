"""The Python entry point for economists: a scenario in, every result as tidy DataFrames out.

>>> from simulator import api
>>> results = api.evaluate("scenarios/pitea_alvsbyn.yaml")   # doctest: +SKIP
>>> results.tables["projection"]                               # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulator import cost_sharing, keys as keys_mod, model, scenario as scenario_mod
from simulator.report import tables as tables_mod
from simulator.scenario import Scenario

__all__ = ["Results", "evaluate"]


@dataclass(frozen=True)
class Results:
    """Everything a run computes, as tidy tables (one row per observation, scenario id in each).

    ``tables`` holds workload, staffing, costs, game, projection, allocations (every method and the
    proposed key, method ``proposed_key``), keys (the proposed weights) and key_comparison (the
    proposed key against single-driver keys): the files of a results folder, by stem.
    ``price_effect`` compares who pays for procurement with and without the volume price gain
    (None without procurement); ``keys`` is the key optimiser's report (sentences, proposals).
    """

    scenario: Scenario
    run: model.RunResult
    tables: dict[str, pd.DataFrame]
    price_effect: pd.DataFrame | None
    keys: keys_mod.KeyReport

    @property
    def chart_tables(self) -> dict[str, pd.DataFrame]:
        """The tables for "today against shared" charts: as ``tables``, but ``costs`` shows what
        each member pays today for an arrangement already in place (no saving from it)."""
        return self.tables | {"costs": tables_mod.costs(self.run, today=True)}

    @property
    def allocations(self) -> pd.DataFrame:
        """allocations.csv: who pays what under every method, per service, year and present value."""
        return self.tables["allocations"]


def evaluate(source: str | Path | Scenario, *, lang: str | None = None) -> Results:
    """Load (if given a path) and run a scenario; compute every table."""
    sc = source if isinstance(source, Scenario) else scenario_mod.load(source)
    if lang is not None:
        sc = dataclasses.replace(sc, language=lang)
    result = model.run(sc)
    tables = tables_mod.all_tables(result)
    report = keys_mod.propose_keys(result)
    tables["allocations"] = pd.concat([cost_sharing.allocations_table(result), report.allocation_rows()],
                                      ignore_index=True)
    tables["keys"] = report.keys_table()
    tables["key_comparison"] = report.comparison_table()
    return Results(sc, result, tables, cost_sharing.price_effect_comparison(result), report)
