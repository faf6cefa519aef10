"""The ``samverkan`` command: run, validate, new, staffing (and game, keys, uncertainty, hosts,
backtest).

Exit 0 on success; 2 on invalid input, with one line ``samverkan: error: ...`` on stderr and no
traceback (this includes a run that needs more memory than there is); 130 when interrupted (Ctrl-C
or SIGTERM during a run, after the temporary folder is removed); 141 when the reader of the output
goes away (``samverkan keys x.yaml | head``), quietly, as a program ended by SIGPIPE would.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from simulator import __version__
from simulator.cli.scenario_args import add_scenario_arguments, load_scenario
from simulator.core.errors import InputError

__all__ = ["main"]

_MAX_STAFFING_ARGUMENT = 1e6
"""Largest calls per hour, handling time, answer time or patience taken (calls or seconds): far
above any municipal switchboard, and small enough that the search for agents ends at once."""
_FRACTIONS = {"service_level": "(0, 1)", "max_occupancy": "(0, 1]", "max_abandonment": "(0, 1)"}
"""The staffing targets given as fractions, and the interval each must lie in."""


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samverkan", description="Shared-services cost-allocation simulator."
    )
    parser.add_argument("--version", action="version", version=f"samverkan {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run a scenario and write a results folder")
    add_scenario_arguments(run)
    run.add_argument("--out", type=Path, help="results folder (default results/<scenario id>)")
    run.add_argument("--force", action="store_true", help="replace an existing results folder")
    run.add_argument("--seed", type=int, help="override the scenario's seed")
    run.add_argument("--lang", choices=("sv", "en"), help="override the report language")
    run.add_argument(
        "--charts",
        choices=("none", "png", "pdf", "all"),
        default="all",
        help="charts to draw: PNG (200 dpi), PDF, both (default) or none (faster)",
    )
    run.add_argument(
        "--document",
        action="store_true",
        help="also write the decision document (beslutsunderlag.docx, and .pdf with LibreOffice)",
    )
    run.set_defaults(handler=_run)

    validate = sub.add_parser(
        "validate",
        help="check a scenario file and its data (as a run does) and say what it contains",
    )
    add_scenario_arguments(validate)
    validate.set_defaults(handler=_validate)

    _add_staffing(sub)

    for register in _extensions():
        register(sub)
    return parser


def _add_staffing(sub: argparse._SubParsersAction) -> None:
    staffing = sub.add_parser(
        "staffing",
        help="agents needed for one queue (Erlang C, or A with --patience)",
        description="Agents needed for one queue to answer a fraction of calls within a time "
        "(Erlang C; Erlang A when callers give up, with --patience).",
    )
    staffing.add_argument(
        "--calls-per-hour", type=float, required=True, help="arriving calls per hour"
    )
    staffing.add_argument(
        "--aht-seconds", type=float, required=True, help="average handling time, seconds a call"
    )
    staffing.add_argument(
        "--service-level",
        type=float,
        default=0.8,
        help="fraction of calls answered within --within, 0–1 (default 0.8, i.e. 80 %%)",
    )
    staffing.add_argument(
        "--within", type=float, default=20.0, help="answer time target, seconds (default 20)"
    )
    staffing.add_argument(
        "--patience", type=float, help="callers' mean patience, seconds (Erlang A)"
    )
    staffing.add_argument(
        "--max-occupancy", type=float, help="highest share of time agents are busy, fraction 0–1"
    )
    staffing.add_argument(
        "--max-abandonment",
        type=float,
        help="highest fraction of callers who give up, 0–1 (needs --patience)",
    )
    staffing.add_argument(
        "--format", choices=("table", "json"), default="table", help="output format"
    )
    staffing.set_defaults(handler=_staffing)


def _extensions() -> list:
    """Sub-commands defined in their own modules."""
    from simulator.cli import backtest as cli_backtest
    from simulator.cli import document as cli_document
    from simulator.cli import game as cli_game
    from simulator.cli import hosts as cli_hosts
    from simulator.cli import keys as cli_keys
    from simulator.cli import new as cli_new
    from simulator.cli import structures as cli_structures
    from simulator.cli import uncertainty as cli_uncertainty

    return [
        cli_new.register,
        cli_game.register,
        cli_keys.register,
        cli_uncertainty.register,
        cli_hosts.register,
        cli_backtest.register,
        cli_document.register,
        cli_structures.register,
    ]


def _run(args: argparse.Namespace) -> int:
    from simulator.cli.runner import run_to_folder  # the model is imported only when needed

    scenario = load_scenario(args)
    out = args.out or Path("results") / scenario.id
    text = run_to_folder(
        scenario,
        out,
        force=args.force,
        seed=args.seed,
        lang=args.lang,
        charts=args.charts,
        document=args.document,
    )
    print(text)
    print(f"\nResults: {out}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from simulator.scenario.assumptions import projected_facts

    sc = load_scenario(args)
    n_params = len(sc.parameters())
    print(f"{args.scenario}: valid scenario {sc.id!r} ({' <- '.join(reversed(sc.chain))})")
    print(f"  {len(sc.municipalities)} municipalities: {', '.join(sc.municipalities)}")
    print(
        f"  years {sc.base_year}–{sc.horizon}; services: {', '.join(sc.services)}; "
        f"{n_params} parameters"
    )
    for name, value in sc.overrides.items():
        print(f"  set: {name} = {value}")
    projected = projected_facts(sc)
    for (series, town), rows in projected.groupby(["series", "municipality"], sort=False):
        years = rows["year"].astype(int)
        print(
            f"  projected: {series} of {town} {years.min()}–{years.max()} "
            f"(linear trend of the last data years; see the assumptions)"
        )
    return 0


def _staffing(args: argparse.Namespace) -> int:
    from simulator import queueing

    _check_fractions(args)
    for name in ("calls_per_hour", "aht_seconds", "within", "patience"):
        value = getattr(args, name)
        if value is not None and not value <= _MAX_STAFFING_ARGUMENT:  # also refuses nan
            raise InputError(
                None,
                f"--{name.replace('_', '-')}",
                value,
                f"a finite number of at most {_MAX_STAFFING_ARGUMENT:.0e}",
            )
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
    except (ValueError, RuntimeError) as exc:  # RuntimeError: no number of agents meets the targets
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


def _check_fractions(args: argparse.Namespace) -> None:
    """Refuse a target given in per cent (``--service-level 80``) or outside its interval."""
    for name, interval in _FRACTIONS.items():
        value = getattr(args, name)
        if value is None:
            continue
        top_included = interval.endswith("]")
        if 0 < value < 1 or (top_included and value == 1):
            continue
        hint = f"; write {value / 100:g}, not {value:g}" if 1 < value <= 100 else ""
        raise InputError(
            None,
            f"--{name.replace('_', '-')}",
            value,
            f"a fraction in {interval}, e.g. 0.8 for 80 %{hint}",
        )


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
        with warnings.catch_warnings():
            # numpy's overflow warnings and matplotlib's layout notes would break the one-line
            # rule; a figure an overflow concerns is refused by the finite check of the outputs.
            warnings.simplefilter("ignore", RuntimeWarning)
            warnings.simplefilter("ignore", UserWarning)
            status = int(args.handler(args))
        sys.stdout.flush()  # a closed pipe shows here, inside the handling below
        return status
    except InputError as exc:
        return _error(str(exc))
    except MemoryError:
        return _error(
            "the run needs more memory than this computer has; use fewer municipalities or years"
        )
    except BrokenPipeError:
        _quiet_stdout()
        return 141
    except KeyboardInterrupt:
        print("samverkan: interrupted", file=sys.stderr)
        return 130


def _error(message: str) -> int:
    """Print the one-line error (line breaks in it shown as spaces); the exit status 2."""
    print(f"samverkan: error: {' '.join(message.splitlines())}", file=sys.stderr)
    return 2


def _quiet_stdout() -> None:
    """Point stdout at the null device, so that flushing it at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout is no file (e.g. captured in tests)
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
