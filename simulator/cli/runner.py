"""Run a scenario into a results folder: tidy CSVs, report.xlsx, charts/, summary.md, manifest.json.

The model's failures that follow from the scenario become one input error, and every table is
checked to be finite before anything is written (:mod:`simulator.cli.failures`).

Keys in a run: the key optimiser solves a programme with a row per group, year and candidate
driver for every service and the total. Up to :data:`KEYS_UP_TO` municipalities (1 023 groups) a
run proposes them; past that the run leaves them out and says why in summary.md (measured at 14
municipalities, 16 383 groups: about 20 s a service, 2½ minutes for all seven keys, twice the
rest of the run). ``samverkan keys SCENARIO`` proposes them on their own.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from simulator import api
from simulator.cli import output
from simulator.cli.csvfile import write_csv
from simulator.cli.failures import check_finite, model_failures
from simulator.report import charts as charts_mod
from simulator.report import formatting, keywording, structures, summary, workbook
from simulator.report.texts import text
from simulator.scenario import Scenario
from simulator.scenario.coordinates import load_coordinates

__all__ = ["run_to_folder", "write_tables", "evaluate", "drawn_rows", "KEYS_UP_TO"]

KEYS_UP_TO = 10
"""Most municipalities for which a run proposes cost-sharing keys (see the module docstring)."""


def write_tables(results: api.Results, folder: Path) -> list[str]:
    """Write every tidy table as CSV (UTF-8, '.' decimals, six decimals); return the file names."""
    names = []
    for stem, frame in results.tables.items():
        write_csv(frame, folder / f"{stem}.csv")
        names.append(f"{stem}.csv")
    return names


def evaluate(scenario: Scenario, lang: str | None = None) -> tuple[api.Results, bool]:
    """:func:`simulator.api.evaluate`, without the keys past :data:`KEYS_UP_TO` municipalities;
    and whether the keys were proposed."""
    proposed = len(scenario.municipalities) <= KEYS_UP_TO
    return api.evaluate(scenario, lang=lang, keys=proposed), proposed


def drawn_rows(
    tables: Mapping[str, pd.DataFrame], players: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """The rows the charts draw: of every table by coalition, each member alone and the whole
    group (what "alone against shared" compares); the cost game whole for two or three members,
    whose core diagram draws every group. At 14 municipalities this is 15 of 16 383 groups."""
    keep = [*players, "+".join(players)]
    whole = len(players) <= 3
    return {
        stem: frame
        if "coalition" not in frame.columns or (stem == "game" and whole)
        else frame[frame["coalition"].isin(keep)]
        for stem, frame in tables.items()
    }


def _keys_section(results: api.Results, proposed: bool) -> str:
    """The summary's section on keys: the proposals, or why the run left them out."""
    lang = results.scenario.language
    if proposed:
        return keywording.key_markdown(results.keys, lang)
    n = len(results.scenario.municipalities)
    groups = formatting.number(2**n - 1, lang=lang)
    why = text("key.left_out", lang, n=n, groups=groups, most=KEYS_UP_TO)
    return f"## {text('key.heading', lang)}\n\n{why}\n"


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
        results, proposed = evaluate(scenario, lang=lang)
    whole = results.chart_tables  # made once: at 14 municipalities millions of rows
    check_finite(
        scenario,
        results.tables | {"price_effect": results.price_effect, "costs (today)": whole["costs"]},
    )
    chart_tables = drawn_rows(whole, results.scenario.municipalities)
    del whole  # the charts keep the rows they draw
    seed = results.scenario.seed if seed is None else seed

    def fill(folder: Path) -> None:
        files = write_tables(results, folder)
        markdown = summary.markdown(
            results.run,
            results.allocations,
            results.price_effect,
            _keys_section(results, proposed),
            structures.section(
                results.tables.get("structures"), results.scenario.language, results.scenario.years
            ),
        )
        (folder / "summary.md").write_text(markdown, encoding="utf-8")
        files.append("summary.md")
        lang = results.scenario.language
        formats = charts_mod.FORMAT_CHOICES[charts]
        drawn = []
        if formats:
            (folder / "charts").mkdir()
            drawn = charts_mod.write_charts(
                chart_tables | {"coordinates": load_coordinates(results.scenario)},
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
