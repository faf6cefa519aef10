"""Run a scenario into a results folder: tidy CSVs, summary.md and manifest.json."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from simulator import cost_sharing, model, output
from simulator.report import summary, tables
from simulator.scenario import Scenario

__all__ = ["run_to_folder", "write_tables"]


def write_tables(result: model.RunResult, folder: Path) -> list[str]:
    """Write every tidy table as CSV (UTF-8, '.' decimals, full precision); return file names."""
    names = []
    for stem, frame in tables.all_tables(result).items():
        frame.to_csv(folder / f"{stem}.csv", index=False, lineterminator="\n", float_format="%.6f")
        names.append(f"{stem}.csv")
    return names


def run_to_folder(scenario: Scenario, out: Path, *, force: bool = False, seed: int | None = None,
                  lang: str | None = None) -> str:
    """Run ``scenario`` and write its results folder atomically; return the console summary."""
    output.check_target(out, force)
    if lang is not None:
        scenario = dataclasses.replace(scenario, language=lang)
    seed = scenario.seed if seed is None else seed
    result = model.run(scenario)

    def fill(folder: Path) -> None:
        files = write_tables(result, folder)
        allocations = cost_sharing.allocations_table(result)
        allocations.to_csv(folder / "allocations.csv", index=False, lineterminator="\n", float_format="%.6f")
        files.append("allocations.csv")
        price = cost_sharing.price_effect_comparison(result)
        (folder / "summary.md").write_text(summary.markdown(result, allocations, price), encoding="utf-8")
        files.append("summary.md")
        (folder / "manifest.json").write_text(output.manifest(scenario, seed, files), encoding="utf-8")

    output.write_atomically(out, fill, force)
    return summary.console(result)
