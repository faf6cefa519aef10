"""The ``samverkan`` command: run, validate, staffing (and game, keys).

Exit 0 on success, 2 on invalid input with a one-line message and no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from simulator import __version__
from simulator import scenario as scenario_mod
from simulator.core.errors import InputError

__all__ = ["main"]


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samverkan", description="Shared-services cost-allocation simulator."
    )
    parser.add_argument("--version", action="version", version=f"samverkan {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run a scenario and write a results folder")
    run.add_argument("scenario", type=Path)
    run.add_argument("--out", type=Path, help="results folder (default results/<scenario id>)")
    run.add_argument("--force", action="store_true", help="replace an existing results folder")
    run.add_argument("--seed", type=int, help="override the scenario's seed")
    run.add_argument("--lang", choices=("sv", "en"), help="override the report language")
    run.set_defaults(handler=_run)

    validate = sub.add_parser("validate", help="check a scenario file and say what it contains")
    validate.add_argument("scenario", type=Path)
    validate.set_defaults(handler=_validate)

    staffing = sub.add_parser(
        "staffing", help="agents needed for one queue (Erlang C, or A with --patience)"
    )
    staffing.add_argument("--calls-per-hour", type=float, required=True)
    staffing.add_argument("--aht-seconds", type=float, required=True)
    staffing.add_argument("--service-level", type=float, default=0.8)
    staffing.add_argument("--within", type=float, default=20.0, help="seconds")
    staffing.add_argument("--patience", type=float, help="mean patience in seconds (Erlang A)")
    staffing.add_argument("--max-occupancy", type=float)
    staffing.add_argument("--max-abandonment", type=float)
    staffing.add_argument("--format", choices=("table", "json"), default="table")
    staffing.set_defaults(handler=_staffing)

    for register in _extensions():
        register(sub)
    return parser


def _extensions() -> list:
    """Sub-commands defined in their own modules."""
    from simulator.cli import game as cli_game
    from simulator.cli import keys as cli_keys

    return [cli_game.register, cli_keys.register]


def _run(args: argparse.Namespace) -> int:
    from simulator.cli.runner import run_to_folder

    scenario = scenario_mod.load(args.scenario)
    out = args.out or Path("results") / scenario.id
    text = run_to_folder(scenario, out, force=args.force, seed=args.seed, lang=args.lang)
    print(text)
    print(f"\nResults: {out}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    sc = scenario_mod.load(args.scenario)
    n_params = len(sc.parameters())
    print(f"{args.scenario}: valid scenario {sc.id!r} ({' <- '.join(reversed(sc.chain))})")
    print(f"  {len(sc.municipalities)} municipalities: {', '.join(sc.municipalities)}")
    print(
        f"  years {sc.base_year}–{sc.horizon}; services: {', '.join(sc.services)}; {n_params} parameters"
    )
    return 0


def _staffing(args: argparse.Namespace) -> int:
    from simulator import queueing

    traffic = args.calls_per_hour * args.aht_seconds / 3600.0
    try:
        agents = queueing.min_agents(
            traffic,
            args.aht_seconds,
            args.service_level,
            args.within,
            patience=args.patience,
            max_abandonment=args.max_abandonment,
            max_occupancy=args.max_occupancy,
        )
        metrics = queueing.queue_metrics(
            agents, traffic, args.aht_seconds, args.within, patience=args.patience
        )
    except ValueError as exc:
        raise InputError(None, "staffing arguments", _given(args), str(exc)) from None
    data = metrics.as_dict()
    if args.format == "json":
        print(json.dumps(data, indent=2))
    else:
        for key, value in data.items():
            print(
                f"{key:<18}{value:>12.4g}" if isinstance(value, float) else f"{key:<18}{value:>12}"
            )
    return 0


def _given(args: argparse.Namespace) -> str:
    """The queue as given on the command line, for an error message."""
    names = (
        "calls_per_hour",
        "aht_seconds",
        "service_level",
        "within",
        "patience",
        "max_occupancy",
        "max_abandonment",
    )
    return ", ".join(
        f"--{n.replace('_', '-')} {getattr(args, n)}" for n in names if getattr(args, n) is not None
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``samverkan`` console script; returns the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except InputError as exc:
        print(f"samverkan: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
