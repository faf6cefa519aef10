"""An uncertainty study of a scenario: the draws, their tables, the tornado and the sensitivity.

>>> from simulator import scenario
>>> from simulator.scenario.facts import DEFAULT_DATA_DIR
>>> sc = scenario.load(DEFAULT_DATA_DIR.parent / "pitea_alvsbyn.yaml")
>>> found = study(sc, draws=200, seed=1, sobol_samples=16, morris_trajectories=2)
>>> sorted(found.tables)
['draws_summary', 'probabilities', 'sensitivity', 'tornado']
>>> found.outcome.npv.shape
(200,)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from simulator import engine
from simulator.engine import games
from simulator.engine.keys import propose_keys
from simulator.scenario import Scenario
from simulator.uncertainty import DRAWS, analysis
from simulator.uncertainty.execution import Inputs, Progress, run_draws
from simulator.uncertainty.montecarlo import (
    Key,
    Outcome,
    default_facts,
    drawn_driver,
    rank_correlations,
    uncertain_parameters,
)

__all__ = ["DRAWS", "MORRIS_TRAJECTORIES", "SOBOL_SAMPLES", "Study", "study", "inputs_of"]

SOBOL_SAMPLES = 512
"""Saltelli's base sample N (runs: N · (blocks + 2))."""
MORRIS_TRAJECTORIES = 10
"""Morris trajectories r (runs: r · (parameters + 1))."""


@dataclass(frozen=True)
class Study:
    """The outcome of the draws and its tables (``draws_summary``, ``probabilities``,
    ``tornado``, ``sensitivity``: the files of an uncertainty folder, by stem)."""

    scenario: Scenario
    inputs: Inputs
    draws: int
    seed: int
    outcome: Outcome
    tables: Mapping[str, pd.DataFrame]


def inputs_of(scenario: Scenario) -> Inputs:
    """The scenario's estimates with their distributions, its facts, and the whole agreement's
    proposed key (from one run at the parameters' values), held fixed across draws."""
    result = engine.run(scenario)
    report = propose_keys(result, games.games(result))
    total = report.proposals["total"]
    game = total.evaluation.verdict(total.reference).game
    fixed = tuple(
        (d, tuple(float(x) for x in game.drivers[d]))
        for d, w in zip(total.drivers, total.weights)
        if w and not drawn_driver(d)
    )
    key = Key(tuple(total.drivers), tuple(float(w) for w in total.weights), fixed)
    parameters = tuple(uncertain_parameters(scenario))
    correlation = rank_correlations(scenario, parameters)
    return Inputs(scenario, default_facts(scenario), parameters, correlation, key)


def study(
    scenario: Scenario,
    *,
    draws: int = DRAWS,
    seed: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    sobol_samples: int = SOBOL_SAMPLES,
    morris_trajectories: int = MORRIS_TRAJECTORIES,
) -> Study:
    """Monte Carlo over every estimate's range (``seed``: the scenario's unless given), then the
    tornado and the global sensitivity of the present value of the net saving."""
    seed = scenario.seed if seed is None else seed
    inputs = inputs_of(scenario)
    outcome = run_draws(
        inputs, draws, seed, workers=workers, scheduler=scheduler, progress=progress
    )
    tables = {
        "draws_summary": analysis.draws_summary(outcome, scenario.id),
        "probabilities": analysis.probabilities(outcome, scenario.id),
        "tornado": analysis.tornado(inputs, scenario.id),
        "sensitivity": analysis.sensitivity_table(
            inputs, scenario.id, seed, sobol_samples, morris_trajectories
        ),
    }
    return Study(scenario, inputs, draws, seed, outcome, tables)
