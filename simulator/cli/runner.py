"""Run a scenario into a results folder: tidy CSVs, report.xlsx, charts/, summary.md, manifest.json.

The model's failures that follow from the scenario become one input error, and every table is
checked to be finite before anything is written (:mod:`simulator.cli.failures`).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from simulator import api
from simulator.cli import output
from simulator.cli.failures import check_finite, model_failures
from simulator.report import charts as charts_mod
from simulator.report import keywording, structures, summary, workbook
from simulator.scenario import Scenario
from simulator.scenario.coordinates import load_coordinates

__all__ = ["run_to_folder", "write_tables"]


def write_tables(results: api.Results, folder: Path) -> list[str]:
    """Write every tidy table as CSV (UTF-8, '.' decimals, six decimals); return the file names."""
    names = []
    for stem, frame in results.tables.items():
        frame.to_csv(folder / f"{stem}.csv", index=False, lineterminator="\n", float_format="%.6f")
        names.append(f"{stem}.csv")
    return names


def run_to_folder(
    scenario: Scenario,
    out: Path,
    *,
    force: bool = False,
    seed: int | None = None,
    lang: str | None = None,
    charts: str = "all",
    document: bool = False,
) -> str:
    """Run ``scenario`` and write its results folder atomically; return the console summary.

    ``charts``: ``all`` (PNG and PDF), ``png``, ``pdf`` or ``none``; ``document``: also write
    the decision document (:mod:`simulator.cli.document`)."""
    output.check_target(out, force)
    with model_failures(scenario):
        results = api.evaluate(scenario, lang=lang)
    extra = {"price_effect": results.price_effect, "costs (today)": results.chart_tables["costs"]}
    check_finite(scenario, results.tables | extra)
    seed = results.scenario.seed if seed is None else seed

    def fill(folder: Path) -> None:
        files = write_tables(results, folder)
        text = summary.markdown(
            results.run,
            results.allocations,
            results.price_effect,
            keywording.key_markdown(results.keys, results.scenario.language),
            structures.section(
                results.tables.get("structures"), results.scenario.language, results.scenario.years
            ),
        )
        (folder / "summary.md").write_text(text, encoding="utf-8")
        files.append("summary.md")
        lang = results.scenario.language
        formats = charts_mod.FORMAT_CHOICES[charts]
        drawn = []
        if formats:
            (folder / "charts").mkdir()
            drawn = charts_mod.write_charts(
                results.chart_tables | {"coordinates": load_coordinates(results.scenario)},
                folder / "charts",
                lang=lang,
                scenario_id=results.scenario.id,
                date=datetime.date.today().isoformat(),
                formats=formats,
            )
        pictures = [folder / "charts" / name for name in drawn]
        workbook.write_report(results, folder / "report.xlsx", pictures)
        files.append("report.xlsx")
        files += [f"charts/{name}" for name in drawn]
        if document:
            from simulator.cli.document import document_files

            files += document_files(results.scenario, folder, results=results, seed=seed)[0]
        (folder / "manifest.json").write_text(
            output.manifest(results.scenario, seed, files), encoding="utf-8"
        )

    output.write_atomically(out, fill, force)
    return summary.console(results.run)
