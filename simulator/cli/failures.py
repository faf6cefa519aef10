"""Failures that follow from the input, each as one :class:`InputError`; results checked finite.

Used by ``run`` and ``keys``: the model's failures that a scenario causes (a queue target no
staffing meets, key settings that admit no key, a solver that fails on badly scaled figures, costs
that are not finite) name the scenario file and the service or field; a table with a figure that is
not a number is refused before anything is written or printed.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.core.errors import InputError
from simulator.game import GameError
from simulator.keys import KeySolverError
from simulator.scenario import Scenario

__all__ = ["check_finite", "model_failures"]

_ROW_LABELS = ("service", "year", "coalition", "method", "municipality", "measure", "component")


def check_finite(scenario: Scenario, tables: Mapping[str, pd.DataFrame | None]) -> None:
    """Refuse a table with a figure that is not a number: ``inf`` or ``-inf`` in any numeric column,
    ``nan`` in any but a percentage (a column ending in ``_pct``) or a probability over draws (a
    column starting with ``p_``, empty in a run without draws). A percentage of nothing (0/0,
    e.g. the saving of a member with no cost in a year) is undefined and written as an empty cell;
    an amount, a count or an FTE that is not a number can only come from figures past what the
    model computes, and is refused.

    Raises
    ------
    InputError
        Naming the scenario file, the table and column, the row (service, year, coalition, ...) and
        the value.
    """
    for stem, frame in tables.items():
        if frame is None:
            continue
        numeric = frame.select_dtypes(include="number")
        values = numeric.to_numpy(dtype=float)
        empty = numeric.columns.str.endswith("_pct") | numeric.columns.str.startswith("p_")
        bad = np.isinf(values) | (np.isnan(values) & ~empty)
        if not bad.any():
            continue
        row, col = (int(i[0]) for i in np.nonzero(bad))
        column = numeric.columns[col]
        where = ", ".join(
            f"{label} {frame.iloc[row][label]}" for label in _ROW_LABELS if label in frame.columns
        )
        raise InputError(
            scenario.path,
            f"(result) {stem}.{column}",
            float(values[row, col]),
            f"finite figures; at {where or f'row {row + 1}'} the scenario's values give a figure "
            "beyond what the model can compute (look for extreme values in that service)",
        )


def _service_in(tb: traceback.StackSummary, scenario: Scenario) -> str | None:
    """The scenario's service whose module raised (the innermost one), if any."""
    for frame in reversed(tb):
        path = Path(frame.filename)
        if path.parent.name == "services" and path.stem in scenario.services:
            return path.stem
    return None


def _in_solver(tb: traceback.StackSummary) -> bool:
    """Whether the innermost frame lies in the linear-programme solver (pulp or highspy)."""
    return bool(tb) and any(part in ("pulp", "highspy") for part in Path(tb[-1].filename).parts)


def _explain(exc: Exception, scenario: Scenario) -> InputError | None:
    """The InputError for a failure of the model that follows from the scenario, else None."""
    tb = traceback.extract_tb(exc.__traceback__)
    if isinstance(exc, KeySolverError):
        allowed = "key settings that admit a key: a finer step, more drivers or fewer years"
        return InputError(scenario.path, "keys", str(exc), allowed)
    if _in_solver(tb):
        stage = "keys" if any(Path(f.filename).parent.name == "keys" for f in tb) else "allocation"
        found = f"{type(exc).__name__} in the linear-programme solver"
        allowed = "figures the solver can scale: extreme values leave its programme ill-posed"
        return InputError(scenario.path, stage, found, allowed)
    if isinstance(exc, RuntimeError) and str(exc).startswith("min_agents"):
        queue = _service_in(tb, scenario) or "(a queueing service)"
        return InputError(
            scenario.path,
            f"services.{queue}.params",
            "targets that no number of agents meets",
            "a service level below 1 and caps on abandonment and occupancy that enough agents "
            "can meet",
        )
    if isinstance(exc, GameError):
        service = _service_in(tb, scenario)
        return InputError(
            scenario.path,
            f"services.{service}" if service else "services",
            f"{exc.field}: {exc.value}",
            f"{exc.allowed} (the scenario's values give costs the model cannot compute)",
        )
    return None


@contextmanager
def model_failures(scenario: Scenario) -> Iterator[None]:
    """Turn the model's failures that follow from the scenario into one InputError each: a queue
    whose targets no staffing meets (``min_agents``; names the service), a key optimiser that finds
    no key (``KeySolverError``; names ``keys``), a solver that fails on badly scaled figures, costs
    that are not finite (``GameError``). Anything else is a fault of the program and propagates."""
    try:
        yield
    except Exception as exc:
        error = _explain(exc, scenario)
        if error is None:
            raise
        raise error from None
