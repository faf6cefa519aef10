"""``samverkan document``: the decision document (beslutsunderlag) of a scenario, Word and PDF.

The folder (default ``results/<scenario id>/document/``) is written like a run's: built in a
temporary folder and moved into place, an existing one replaced only with ``--force``. It holds
``beslutsunderlag.docx`` and, where LibreOffice is installed, ``beslutsunderlag.pdf``, and
``manifest.json``. The uncertainty analysis behind "i 9 fall av 10 …" runs with the same number of
draws and seed as ``samverkan uncertainty`` (10 000 and the scenario's seed unless given), so the
two say the same; ``--draws 0`` leaves it out.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator import scenario as scenario_mod
from simulator.cli import output
from simulator.cli.failures import model_failures
from simulator.core.errors import InputError
from simulator.scenario import Scenario
from simulator.uncertainty import DRAWS

__all__ = ["FORMATS", "register", "document_files", "document_to_folder"]

FORMATS = ("docx", "pdf", "both")
MAX_DRAWS = 1_000_000


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``document`` command to the ``samverkan`` parser."""
    command = sub.add_parser(
        "document",
        help="write the decision document (beslutsunderlag) as Word and PDF",
        description="Run the scenario (and its uncertainty analysis) and write a decision "
        "document in the shape of a Swedish tjänsteskrivelse: beslutsunderlag.docx and, where "
        "LibreOffice is installed, beslutsunderlag.pdf.",
    )
    command.add_argument("scenario", type=Path, help="the scenario file (YAML)")
    command.add_argument("--out", type=Path, help="folder (default results/<id>/document)")
    command.add_argument("--force", action="store_true", help="replace an existing folder")
    command.add_argument(
        "--template",
        type=Path,
        help="a .docx with the municipality's letterhead (placeholders as in the default template)",
    )
    command.add_argument("--format", choices=FORMATS, default="both", help="default both")
    command.add_argument(
        "--draws",
        type=int,
        default=DRAWS,
        help=f"futures for the uncertainty analysis (default {DRAWS}; 0 leaves it out)",
    )
    command.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    command.add_argument("--lang", choices=("sv", "en"), help="override the report language")
    command.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    sc = scenario_mod.load(args.scenario)
    if args.draws != 0 and not 2 <= args.draws <= MAX_DRAWS:
        raise InputError(
            None, "--draws", args.draws, f"0, or a whole number from 2 to {MAX_DRAWS:,}"
        )
    from simulator.report.document import check_template

    check_template(args.template)  # before the model runs
    out = args.out or Path("results") / sc.id / "document"
    written, note = document_to_folder(
        sc,
        out,
        force=args.force,
        template=args.template,
        formats=args.format,
        draws=args.draws,
        seed=args.seed,
        lang=args.lang,
    )
    for name in written:
        print(out / name)
    if note:
        print(note)
    return 0


def document_files(
    sc: Scenario,
    folder: Path,
    *,
    results: object | None = None,
    template: Path | None = None,
    formats: str = "both",
    draws: int = DRAWS,
    seed: int | None = None,
    lang: str | None = None,
) -> tuple[list[str], str]:
    """Write the document of ``sc`` into ``folder`` (an existing, private folder); return the
    file names and a note (how to get a PDF where none could be made). ``results``: the run's
    :class:`~simulator.api.Results` when already computed."""
    from simulator import api
    from simulator.report.document import write_document

    with model_failures(sc):
        found = results if isinstance(results, api.Results) else api.evaluate(sc, lang=lang)
        study = api.uncertainty(found.scenario, draws=draws, seed=seed) if draws else None
    return write_document(found, study, folder, formats=formats, template=template)


def document_to_folder(
    sc: Scenario,
    out: Path,
    *,
    force: bool = False,
    template: Path | None = None,
    formats: str = "both",
    draws: int = DRAWS,
    seed: int | None = None,
    lang: str | None = None,
) -> tuple[list[str], str]:
    """Write the document folder atomically (with manifest.json); return the names of the
    document files and the note."""
    output.check_target(out, force)
    done: dict[str, tuple[list[str], str]] = {}

    def fill(folder: Path) -> None:
        written, note = document_files(
            sc, folder, template=template, formats=formats, draws=draws, seed=seed, lang=lang
        )
        done["files"] = (written, note)
        used = sc.seed if seed is None else seed
        (folder / "manifest.json").write_text(
            output.manifest(sc, used, [*written]), encoding="utf-8"
        )

    output.write_atomically(out, fill, force)
    return done["files"]
