"""The Monte Carlo outcome as tidy tables: ranges, probabilities, tornado and global sensitivity.

- ``draws_summary``: mean and the 5, 25, 50, 75 and 95 % quantiles of each measure;
- ``probabilities``: the share of draws in which a statement holds (each member saves, the group's
  net saving is positive, payback by a year, the proposed key stays in the core);
- ``tornado``: the present value of the net saving with one parameter at its low and at its high
  end, the others at their values (the one-at-a-time view councils know);
- ``sensitivity``: Sobol first-order and total indices of the present value, per block of
  parameters (economics, sharing, each service: too many parameters for per-parameter Sobol at
  an affordable number of runs), and Morris screening per parameter.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from simulator.uncertainty import sensitivity
from simulator.uncertainty.execution import Inputs
from simulator.uncertainty.montecarlo import CHUNK, Outcome, evaluate_draws

__all__ = [
    "QUANTILES",
    "draws_summary",
    "npv_model",
    "probabilities",
    "sensitivity_table",
    "tornado",
]

QUANTILES = (5, 25, 50, 75, 95)
SUMMARY_COLUMNS = [
    "scenario",
    "measure",
    "service",
    "municipality",
    "year",
    "mean",
    *(f"p{q:02d}" for q in QUANTILES),
]
PROBABILITY_COLUMNS = ["scenario", "statement", "service", "municipality", "probability"]


def _stats(values: NDArray[np.float64]) -> dict[str, float]:
    """Mean and quantiles over the draws (axis 0)."""
    found = np.percentile(values, QUANTILES, axis=0)
    return {"mean": float(values.mean(axis=0))} | {
        f"p{q:02d}": float(v) for q, v in zip(QUANTILES, found, strict=True)
    }


def _row(
    measure: str, service: str, municipality: str, year: int | str, values: NDArray[np.float64]
) -> dict[str, object]:
    row: dict[str, object] = {
        "measure": measure,
        "service": service,
        "municipality": municipality,
        "year": year,
    }
    row.update(_stats(values))
    return row


def draws_summary(outcome: Outcome, scenario_id: str) -> pd.DataFrame:
    """scenario, measure, service, municipality, year (or ``npv``), mean, p05 … p95 (SEK)."""
    rows = [
        _row("saving", service, "", year, outcome.saving[:, s, y])
        for s, service in enumerate(outcome.services)
        for y, year in enumerate(outcome.years)
    ]
    rows += [
        _row("net_saving", "total", "", year, outcome.net[:, y])
        for y, year in enumerate(outcome.years)
    ]
    rows.append(_row("npv_net_saving", "total", "", "npv", outcome.npv))
    per_member = {
        "cost_shapley": outcome.shapley_cost,
        "saving_shapley": outcome.shapley_saving,
        "cost_proposed_key": outcome.key_cost,
        "saving_proposed_key": outcome.key_saving,
    }
    rows += [
        _row(measure, "total", name, "npv", values[:, i])
        for measure, values in per_member.items()
        for i, name in enumerate(outcome.municipalities)
    ]
    frame = pd.DataFrame(rows).assign(scenario=scenario_id)
    frame["year"] = frame["year"].astype(object)
    return frame[SUMMARY_COLUMNS]


def probabilities(outcome: Outcome, scenario_id: str) -> pd.DataFrame:
    """scenario, statement, service, municipality, probability (share of draws, 0–1)."""
    rows: list[dict[str, object]] = []
    for i, name in enumerate(outcome.municipalities):
        rows.append(
            {
                "statement": "member_saves_proposed_key",
                "municipality": name,
                "probability": float((outcome.key_saving[:, i] > 0).mean()),
            }
        )
        rows.append(
            {
                "statement": "member_saves_shapley",
                "municipality": name,
                "probability": float((outcome.shapley_saving[:, i] > 0).mean()),
            }
        )
    rows.append(
        {
            "statement": "npv_positive",
            "municipality": "",
            "probability": float((outcome.npv > 0).mean()),
        }
    )
    for year in outcome.years:
        paid = (outcome.payback <= year) & ~np.isnan(outcome.payback)
        rows.append(
            {
                "statement": f"payback_by_{year}",
                "municipality": "",
                "probability": float(paid.mean()),
            }
        )
    rows.append(
        {
            "statement": "proposed_key_in_core",
            "municipality": "",
            "probability": float(outcome.key_in_core.mean()),
        }
    )
    frame = pd.DataFrame(rows).assign(scenario=scenario_id, service="total")
    return frame[PROBABILITY_COLUMNS]


def npv_model(inputs: Inputs) -> sensitivity.Model:
    """Parameter values (N, k) → present value of the group's net saving (N,), in chunks, with
    the facts at their values (the facts' own uncertainty is not part of the indices)."""

    def model(values: NDArray[np.float64]) -> NDArray[np.float64]:
        parts = [
            evaluate_draws(
                inputs.scenario,
                inputs.facts,
                inputs.parameters,
                values[start : start + CHUNK],
                inputs.key,
            ).npv
            for start in range(0, values.shape[0], CHUNK)
        ]
        return np.concatenate(parts)

    return model


def tornado(inputs: Inputs, scenario_id: str) -> pd.DataFrame:
    """Each parameter at its low and at its high end, the others at their values: scenario,
    parameter, block, low, value, high, npv_low_sek, npv_high_sek, swing_sek (largest first)."""
    params = inputs.parameters
    mode = np.array([p.marginal.mode for p in params])
    k = len(params)
    values = np.tile(mode, (2 * k + 1, 1))
    for j, p in enumerate(params):
        values[2 * j, j] = p.marginal.low
        values[2 * j + 1, j] = p.marginal.high
    npv = npv_model(inputs)(values)
    frame = pd.DataFrame(
        {
            "scenario": scenario_id,
            "parameter": [p.path for p in params],
            "block": [p.block for p in params],
            "low": [p.marginal.low for p in params],
            "value": mode,
            "high": [p.marginal.high for p in params],
            "npv_low_sek": npv[0 : 2 * k : 2],
            "npv_high_sek": npv[1 : 2 * k : 2],
            "npv_base_sek": npv[-1],
        }
    )
    frame["swing_sek"] = (frame["npv_high_sek"] - frame["npv_low_sek"]).abs()
    return frame.sort_values(["swing_sek", "parameter"], ascending=[False, True], ignore_index=True)


def sensitivity_table(
    inputs: Inputs, scenario_id: str, seed: int, sobol_samples: int, morris_trajectories: int
) -> pd.DataFrame:
    """scenario, output, parameter (or block), method, index, value, conf_low, conf_high: Sobol
    per block of parameters and Morris per parameter, of the present value of the net saving."""
    names = [p.path for p in inputs.parameters]
    marginals = [p.marginal for p in inputs.parameters]
    model = npv_model(inputs)
    groups: Sequence[str] = [p.block for p in inputs.parameters]
    sobol = sensitivity.sobol(
        names, marginals, model, base_samples=sobol_samples, seed=seed, groups=groups
    )
    morris = sensitivity.morris(
        names, marginals, model, trajectories=morris_trajectories, seed=seed
    )
    frame = pd.concat([sobol, morris], ignore_index=True)
    frame.insert(0, "output", "npv_net_saving")
    frame.insert(0, "scenario", scenario_id)
    return frame
