"""``samverkan backtest``: the model against observed outcomes of real consolidations.

Reads the cases file (``validation/cases.yaml`` by default; ``--cases DIR`` names a folder holding
a ``cases.yaml``, or the file itself), runs each case's scenario once and prints, per observation,
the observed figures before and after, the model's (the members alone summed, and shared), both
changes in percent, their difference in percentage points and whether it lies within the band
(:data:`simulator.engine.backtest.BAND_PP` unless a case states its own), then each case's source,
comparability and the parameters it informs. A case outside its band is reported, not an error:
the exit status is 0. Bad input files exit 2 with one line naming the file and field.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from simulator.cli.failures import model_failures
from simulator.engine import run
from simulator.engine.backtest import (
    BAND_PP,
    DEFAULT_CASES,
    Comparison,
    backtest,
    load_cases,
    table,
)
from simulator.engine.evaluation import RunResult
from simulator.scenario import Scenario

__all__ = ["register", "backtest_command"]

_WIDTH = 100
_HEAD = (
    f"{'case':<14}{'service':<12}{'metric':<7}{'year':>5}"
    f"{'observed':>11}{'':>9}{'change':>9}{'model':>10}{'':>9}{'change':>9}"
    f"{'diff':>8}{'band':>6}  within"
)
_SUBHEAD = (
    f"{'':<38}{'before':>11}{'after':>9}{'%':>9}{'before':>10}{'after':>9}{'%':>9}"
    f"{'pp':>8}{'pp':>6}"
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``backtest`` command to the main parser's subparsers."""
    command = subparsers.add_parser(
        "backtest",
        help="compare the model with observed outcomes of real consolidations",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "--cases",
        type=Path,
        default=DEFAULT_CASES,
        help="folder with cases.yaml, or the file (default: the shipped validation/cases.yaml)",
    )
    command.add_argument("--format", choices=("table", "json"), default="table")
    command.set_defaults(handler=backtest_command)


def backtest_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``backtest``; returns the exit code. ``InputError`` propagates to the main command."""
    out = out or sys.stdout
    comparisons = backtest(load_cases(args.cases), _guarded_run)
    if args.format == "json":
        out.write(json.dumps(_document(args.cases, comparisons), indent=2, ensure_ascii=False))
        out.write("\n")
    else:
        _print_table(args.cases, comparisons, out)
    return 0


def _guarded_run(scenario: Scenario) -> RunResult:
    """A run whose failures that follow from the scenario are one InputError each."""
    with model_failures(scenario):
        return run(scenario)


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when it lies below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _number(value: float, decimals: int, sign: bool = False) -> str:
    if not math.isfinite(value):
        return "–"
    return f"{value:+.{decimals}f}" if sign else f"{value:,.{decimals}f}".replace(",", " ")


def _print_table(cases: Path, comparisons: Sequence[Comparison], out: TextIO) -> None:
    out.write(f"Backtest: the model against observed consolidations ({_shown(cases)})\n")
    out.write(f"Band: ±{BAND_PP:g} percentage points of change unless a case states its own\n\n")
    out.write(_HEAD + "\n" + _SUBHEAD + "\n")
    frame = table(comparisons)
    for row in frame.itertuples(index=False):
        out.write(_line(row) + "\n")
    held = frame[frame["held"]]
    within = int(held["within_band"].sum())
    shown = len(frame) - len(held)
    note = f" ({shown} shown, not held: see its source)" if shown else ""
    out.write(f"\n{within} of {len(held)} held cases within their band{note}.\n\nSources\n")
    for c in comparisons:
        _print_source(c, out)


def _line(row: Any) -> str:
    """One row of the table (a row of :func:`simulator.engine.backtest.table`)."""
    decimals = 0 if row.metric == "cost" else 2
    cells = [
        f"{row.case:<14}{row.service:<12}{row.metric:<7}{row.year:>5}",
        f"{_number(row.observed_before, decimals):>11}",
        f"{_number(row.observed_after, decimals):>9}",
        f"{_number(row.observed_change_pct, 1, True):>9}",
        f"{_number(row.model_before, decimals):>10}",
        f"{_number(row.model_after, decimals):>9}",
        f"{_number(row.model_change_pct, 1, True):>9}",
        f"{_number(row.difference_pp, 1, True):>8}{row.band_pp:>6g}",
        f"  {('yes' if row.within_band else 'no') if row.held else 'not held'}",
    ]
    return "".join(cells)


def _print_source(c: Comparison, out: TextIO) -> None:
    obs = c.case.observation
    out.write(f"\n{obs.case} ({obs.service}, {obs.metric}, observed in {obs.unit})\n")
    texts = [("source", obs.source), ("comparability", obs.comparability)]
    texts.append(("informs", ", ".join(obs.informs)))
    if obs.band_reason is not None:
        texts.append(("band", f"±{obs.band_pp:g} pp: {obs.band_reason}"))
    if obs.not_held_reason is not None:
        texts.append(("not held", obs.not_held_reason))
    for label, text in texts:
        out.write(
            textwrap.fill(f"{label}: {text}", _WIDTH, initial_indent="  ", subsequent_indent="    ")
            + "\n"
        )


def _document(cases: Path, comparisons: Sequence[Comparison]) -> dict[str, object]:
    rows = table(comparisons).to_dict(orient="records")
    for row, c in zip(rows, comparisons):
        obs = c.case.observation
        row.update(
            source=obs.source,
            comparability=obs.comparability,
            informs=list(obs.informs),
            band_reason=obs.band_reason,
        )
    clean = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return {"cases_file": _shown(cases), "band_pp": BAND_PP, "rows": clean}


def _plain(value: object) -> object:
    """A JSON value: numpy scalars as Python numbers, NaN as null."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
