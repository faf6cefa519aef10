"""``samverkan uncertainty``: the Monte Carlo study of a scenario into its own results folder.

The folder (default ``results/<scenario id>/uncertainty/``) is written like a run's: built in a
temporary folder and moved into place, an existing one replaced only with ``--force``. It holds
``draws_summary.csv``, ``probabilities.csv``, ``sensitivity.csv``, ``tornado.csv``, ``summary.md``
(the study in sentences), ``charts/`` (fan chart, tornado, probability that each member saves; PNG
and PDF) and ``manifest.json``. A progress bar shows on a terminal (quiet when output is not one).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.cli import output
from simulator.cli.scenario_args import add_scenario_arguments, load_scenario
from simulator.core.errors import InputError
from simulator.scenario import Scenario
from simulator.uncertainty import DRAWS

if TYPE_CHECKING:
    from simulator.uncertainty.study import Study

__all__ = ["MAX_DRAWS", "MAX_WORKERS", "register", "uncertainty_to_folder"]

MAX_DRAWS = 1_000_000
"""Most futures drawn in one study (a chunk of 1 000 holds ~100 MB; the outcomes of a million
draws of five members ~0.5 GB)."""
MAX_WORKERS = 64


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``uncertainty`` command to the ``samverkan`` parser."""
    command = sub.add_parser(
        "uncertainty",
        help="Monte Carlo over every estimate's range: ranges, probabilities, sensitivity",
        description="Draw futures from every estimate's plausible range (PERT around the "
        "scenario's value; policy choices fixed), run the whole model for each, and write the "
        "ranges, probabilities, tornado and global sensitivity.",
    )
    add_scenario_arguments(command)
    command.add_argument("--draws", type=int, default=DRAWS, help=f"futures (default {DRAWS})")
    command.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    command.add_argument("--out", type=Path, help="folder (default results/<id>/uncertainty)")
    command.add_argument("--force", action="store_true", help="replace an existing folder")
    command.add_argument("--workers", type=int, default=1, help="local worker processes")
    command.add_argument(
        "--scheduler", help="address of a running Dask scheduler, e.g. tcp://127.0.0.1:8786"
    )
    command.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    sc = load_scenario(args)
    if not 2 <= args.draws <= MAX_DRAWS:
        raise InputError(None, "--draws", args.draws, f"a whole number from 2 to {MAX_DRAWS:,}")
    if not 1 <= args.workers <= MAX_WORKERS:
        raise InputError(None, "--workers", args.workers, f"from 1 to {MAX_WORKERS}")
    out = args.out or Path("results") / sc.id / "uncertainty"
    print(
        uncertainty_to_folder(
            sc,
            out,
            force=args.force,
            draws=args.draws,
            seed=args.seed,
            workers=args.workers,
            scheduler=args.scheduler,
        )
    )
    return 0


def _units(sc: Scenario) -> dict[str, str]:
    return {
        f"{b}.{p.name}" if b in ("economics", "sharing") else f"services.{b}.{p.name}": p.unit
        for b, p in sc.parameters()
    }


def uncertainty_to_folder(
    sc: Scenario,
    out: Path,
    *,
    force: bool = False,
    draws: int = DRAWS,
    seed: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> str:
    """Run the study and write its folder atomically; return its sentences for the console."""
    from tqdm import tqdm  # the model, charts and progress bar load only when the command runs

    from simulator import api
    from simulator.report import uncertainty as words

    output.check_target(out, force)
    with tqdm(total=draws, unit="draw", disable=not sys.stderr.isatty(), leave=False) as bar:
        found = api.uncertainty(
            sc, draws=draws, seed=seed, workers=workers, scheduler=scheduler, progress=bar.update
        )
    years = (sc.base_year, sc.horizon)
    units = _units(sc)
    lang = sc.language
    text = words.markdown(found.tables, years, units, found.draws, found.seed, lang)

    def fill(folder: Path) -> None:
        files = []
        for stem, frame in found.tables.items():
            frame.to_csv(
                folder / f"{stem}.csv", index=False, lineterminator="\n", float_format="%.6f"
            )
            files.append(f"{stem}.csv")
        (folder / "summary.md").write_text(f"# {sc.title}\n\n{text}", encoding="utf-8")
        files.append("summary.md")
        files += [f"charts/{name}" for name in _charts(found, folder / "charts", lang)]
        (folder / "manifest.json").write_text(
            output.manifest(sc, found.seed, files), encoding="utf-8"
        )

    output.write_atomically(out, fill, force)
    return text


def _charts(found: Study, folder: Path, lang: str) -> list[str]:
    from simulator.report import uncertainty as words
    from simulator.report.charts.base import save
    from simulator.report.style import source_line

    folder.mkdir()
    sc = found.scenario
    source = source_line(sc.id, datetime.date.today().isoformat(), lang)
    tables = found.tables
    figures = {
        "uncertainty_fan": words.fan_chart(
            tables["draws_summary"], draws=found.draws, lang=lang, source=source
        ),
        "uncertainty_tornado": words.tornado_chart(
            tables["tornado"], years=(sc.base_year, sc.horizon), lang=lang, source=source
        ),
        "uncertainty_probability": words.probability_chart(
            tables["probabilities"], draws=found.draws, lang=lang, source=source
        ),
    }
    return [name for stem, fig in figures.items() for name in save(fig, folder, stem)]
