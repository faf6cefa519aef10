"""Global sensitivity: which assumptions the result hangs on (Sobol indices and Morris screening).

Both are computed with SALib (Herman & Usher 2017) on the unit hypercube: a point ``u`` in
[0, 1]^k is mapped through each parameter's inverse distribution function (``Marginal.ppf``), so
the indices are those of the parameters *as distributed* (PERT by default), not of uniform
ranges. The model is any function from parameter values (N, k) to one output (N,), vectorised over
the N points.

- Sobol (Saltelli 2002; Jansen 1999 for the total index): first-order ``S1`` (the share of the
  output's variance that the parameter explains alone) and total ``ST`` (alone and in interaction),
  with bootstrap confidence intervals. Parameters may be grouped (e.g. by service block) when there
  are too many for per-parameter indices.
- Morris (Morris 1991; Campolongo et al. 2007): ``mu_star``, the mean absolute elementary effect, a
  cheap screening per parameter, with its bootstrap interval.

>>> import numpy as np
>>> specs = [Marginal("uniform", -np.pi, 0.0, np.pi)] * 3
>>> table = sobol(["x1", "x2", "x3"], specs, ishigami, base_samples=2048, seed=1)
>>> first = table[table["method"] == "sobol_first"]
>>> dict(zip(first["parameter"], first["value"].round(1).tolist()))
{'x1': 0.3, 'x2': 0.4, 'x3': 0.0}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from simulator.uncertainty.distributions import Marginal

__all__ = ["COLUMNS", "Model", "ishigami", "morris", "sobol"]

Model = Callable[[NDArray[np.float64]], NDArray[np.float64]]
COLUMNS = ["parameter", "method", "index", "value", "conf_low", "conf_high"]
CONFIDENCE = 0.95
RESAMPLES = 200


def _problem(names: Sequence[str], groups: Sequence[str] | None) -> dict[str, object]:
    problem: dict[str, object] = {
        "num_vars": len(names),
        "names": list(names),
        "bounds": [[0.0, 1.0]] * len(names),
    }
    if groups is not None:
        problem["groups"] = list(groups)
    return problem


def _values(unit: NDArray[np.float64], marginals: Sequence[Marginal]) -> NDArray[np.float64]:
    """Points of the unit hypercube (N, k) as parameter values, column by column."""
    # keep u strictly inside (0, 1) so that every inverse distribution function is finite
    u = np.clip(unit, 1e-12, 1 - 1e-12)
    return np.column_stack([m.ppf(u[:, j]) for j, m in enumerate(marginals)])


def _rows(
    labels: Sequence[str], method: str, index: str, value: object, conf: object
) -> pd.DataFrame:
    centre = np.asarray(value, dtype=np.float64)
    half = np.asarray(conf, dtype=np.float64)
    return pd.DataFrame(
        {
            "parameter": list(labels),
            "method": method,
            "index": index,
            "value": centre,
            "conf_low": centre - half,
            "conf_high": centre + half,
        }
    )


def sobol(
    names: Sequence[str],
    marginals: Sequence[Marginal],
    model: Model,
    *,
    base_samples: int,
    seed: int,
    groups: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Sobol first-order and total indices of ``model``'s output, with 95 % bootstrap intervals.

    ``base_samples`` is Saltelli's N (a power of 2); the model is evaluated N·(k + 2) times (k the
    number of parameters, or of groups). With ``groups`` (one group name per parameter) the indices
    are per group. Rows: parameter (or group), method ``sobol_first`` / ``sobol_total``, index
    (``S1`` / ``ST``), value, conf_low, conf_high.
    """
    problem = _problem(names, groups)
    unit = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
    output = np.asarray(model(_values(unit, marginals)), dtype=np.float64)
    found = sobol_analyze.analyze(
        problem,
        output,
        calc_second_order=False,
        num_resamples=RESAMPLES,
        conf_level=CONFIDENCE,
        seed=seed,
    )
    labels = list(dict.fromkeys(groups)) if groups is not None else list(names)
    return pd.concat(
        [
            _rows(labels, "sobol_first", "S1", found["S1"], found["S1_conf"]),
            _rows(labels, "sobol_total", "ST", found["ST"], found["ST_conf"]),
        ],
        ignore_index=True,
    )[COLUMNS]


def morris(
    names: Sequence[str],
    marginals: Sequence[Marginal],
    model: Model,
    *,
    trajectories: int,
    seed: int,
    levels: int = 4,
) -> pd.DataFrame:
    """Morris screening per parameter: ``mu_star`` (in the output's unit) with its 95 % interval,
    and ``sigma`` (spread of the elementary effects: interaction or non-linearity)."""
    problem = _problem(names, None)
    unit = morris_sample.sample(problem, trajectories, num_levels=levels, seed=seed)
    output = np.asarray(model(_values(unit, marginals)), dtype=np.float64)
    found = morris_analyze.analyze(
        problem,
        unit,
        output,
        num_levels=levels,
        num_resamples=RESAMPLES,
        conf_level=CONFIDENCE,
        seed=seed,
    )
    zero = np.zeros(len(names))
    return pd.concat(
        [
            _rows(names, "morris", "mu_star", found["mu_star"], found["mu_star_conf"]),
            _rows(names, "morris", "sigma", found["sigma"], zero),
        ],
        ignore_index=True,
    )[COLUMNS]


def ishigami(x: NDArray[np.float64], a: float = 7.0, b: float = 0.1) -> NDArray[np.float64]:
    """The Ishigami function (Ishigami & Homma 1990), a test case with known Sobol indices:
    ``sin x1 + a·sin² x2 + b·x3⁴·sin x1`` on [−π, π]³."""
    return np.asarray(
        np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0]),
        dtype=np.float64,
    )
