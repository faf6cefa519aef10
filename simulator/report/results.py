"""What a run hands its readers: the run itself, every tidy table, the keys and the price effect."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from simulator.engine import RunResult
from simulator.engine.evaluation import service_level_table
from simulator.engine.keys import KeyReport
from simulator.report import tables as tables_mod
from simulator.scenario import Scenario

__all__ = ["Results"]


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
    run: RunResult
    tables: dict[str, pd.DataFrame]
    price_effect: pd.DataFrame | None
    keys: KeyReport

    @property
    def chart_tables(self) -> dict[str, pd.DataFrame]:
        """The tables for "today against shared" charts: as ``tables``, but ``costs`` shows what
        each member pays today for an arrangement already in place (no saving from it), and
        ``service_levels`` holds the queueing services' curves (service level against agents)."""
        return self.tables | {
            "costs": tables_mod.costs(self.run, today=True),
            "service_levels": service_level_table(self.run),
        }

    @property
    def allocations(self) -> pd.DataFrame:
        """allocations.csv: who pays what under every method, per service, year and present
        value."""
        return self.tables["allocations"]
