"""``samverkan game solve GAME``: share a cost game's total by several methods and check each.

Default methods: all that apply to the game — ``equal``, ``standalone``, ``proportional:<driver>``
for each driver in the file, ``equal_savings``, ``shapley``, ``nucleolus``, ``per_capita_nucleolus``
(coalition size from the file's ``sizes`` driver, otherwise the number of members), ``least_core``
and ``scrb``. A default method that does not apply (e.g. the nucleolus when ``Σ c(i) < c(N)``) is
skipped and listed; a method asked for by ``--methods`` that does not apply is an input error.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import numpy as np

from simulator.allocation import Allocation, AllocationCheck, AllocationError, check, core_is_empty
from simulator.allocation.registry import allocate, method_names
from simulator.core.errors import InputError, nearest
from simulator.game import CostGame, is_subadditive
from simulator.game.files import read_game

__all__ = ["register", "solve_command"]

Result = tuple[Allocation, AllocationCheck]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``game`` command (with ``solve``) to the main parser's subparsers."""
    game = subparsers.add_parser(
        "game",
        help="cost games: who pays what of a shared cost",
        description="Cost games and fair cost-sharing.",
    )
    actions = game.add_subparsers(dest="game_command", metavar="COMMAND", required=True)
    solve = actions.add_parser(
        "solve",
        help="allocate c(N) by several methods and check each",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    solve.add_argument("game", metavar="GAME", type=Path, help="game file (.csv or .json)")
    solve.add_argument("--methods", help="comma-separated method names (default: all that apply)")
    solve.add_argument(
        "--service",
        default="total",
        help="for a results folder's game.csv: the service's game (default total)",
    )
    solve.add_argument(
        "--year", default="npv", help="for a results folder's game.csv: a year or npv (default)"
    )
    solve.add_argument(
        "--format", choices=("table", "csv", "json"), default="table", help="output format"
    )
    solve.set_defaults(handler=solve_command)


def solve_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run ``game solve``; returns the exit code. ``InputError`` propagates to the main command."""
    out = out or sys.stdout
    game = read_game(args.game, service=args.service, year=args.year)
    explicit = args.methods is not None
    names = _names(args.methods, game) if explicit else method_names(game)
    results, skipped = [], {}
    for name in names:
        try:
            allocation = allocate(game, name)
        except AllocationError as error:
            if explicit:
                raise InputError(
                    None, "--methods", name, f"does not apply to this game: {error}"
                ) from None
            skipped[name] = str(error)
            continue
        if not np.isfinite(allocation.values).all():
            raise InputError(
                args.game, name, allocation.values.tolist(), "costs that give finite shares"
            )
        results.append((allocation, check(game, allocation)))
    write = {"table": _table, "csv": _csv, "json": _json}[args.format]
    write(game, results, skipped, out, explicit)
    return 0


def _names(text: str, game: CostGame) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    known = method_names(game)
    for name in names:
        if name not in known:
            raise InputError(None, "--methods", name, "unknown method; " + nearest(name, known))
    if not names:
        raise InputError(
            None, "--methods", text, "a comma-separated list of methods: " + ", ".join(known)
        )
    return list(dict.fromkeys(names))


def _json(
    game: CostGame,
    results: list[Result],
    skipped: dict[str, str],
    out: TextIO,
    explicit: bool = False,
) -> None:
    document = {
        "players": list(game.players),
        "allocations": {a.method: a.as_dict() for a, _ in results},
        "checks": {
            a.method: {
                "efficient": c.efficient,
                "individually_rational": c.individually_rational,
                "in_core": c.in_core,
                "max_excess": c.max_excess,
                "objecting_coalition": c.objecting_coalition,
            }
            for a, c in results
        },
        "subadditive": _property(is_subadditive, game, explicit),
        "core_empty": _property(core_is_empty, game, explicit),
        "skipped": skipped,
    }
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _csv(
    game: CostGame,
    results: list[Result],
    skipped: dict[str, str],
    out: TextIO,
    explicit: bool = False,
) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["method", "player", "cost", "standalone", "saving", "saving_pct", "in_core"])
    for allocation, verdict in results:
        for i, player in enumerate(game.players):
            share = verdict.saving_share[i]
            writer.writerow(
                [
                    allocation.method,
                    player,
                    f"{allocation.values[i]:.2f}",
                    f"{game.standalone[i]:.2f}",
                    f"{verdict.saving[i]:.2f}",
                    "" if math.isnan(share) else f"{100 * share:.2f}",
                    str(verdict.in_core).lower(),
                ]
            )


def _property(test: Callable[[CostGame], bool], game: CostGame, explicit: bool) -> bool | None:
    """A game property (sub-additivity: 3^n pairs; an empty core: a least-core LP), computed only
    when every method was asked for: with ``--methods`` only the methods asked for run."""
    return None if explicit else test(game)


def _table(
    game: CostGame,
    results: list[Result],
    skipped: dict[str, str],
    out: TextIO,
    explicit: bool = False,
) -> None:
    yes = {True: "yes", False: "no", None: "not checked (--methods given)"}
    subadditive = yes[_property(is_subadditive, game, explicit)]
    empty = yes[_property(core_is_empty, game, explicit)]
    out.write(
        f"{game.n} players, c(N) = {game.grand_cost:,.2f} SEK; "
        f"sub-additive: {subadditive}; core empty: {empty}\n\n"
    )
    first = max(12, *(len(p) for p in game.players)) + 2
    number = len(f"{max(game.standalone.sum(), abs(game.grand_cost)):,.2f}") + 2
    widths = [max(14, number, len(a.method) + 2) for a, _ in results]
    rows = [["player", "stand-alone"] + [a.method for a, _ in results]]
    for i, player in enumerate(game.players):
        rows.append(
            [player, f"{game.standalone[i]:,.2f}"] + [f"{a.values[i]:,.2f}" for a, _ in results]
        )
    rows.append(
        ["total", f"{game.standalone.sum():,.2f}"] + [f"{a.values.sum():,.2f}" for a, _ in results]
    )
    rows.append(["in core", ""] + [yes[c.in_core] for _, c in results])
    rows.append(
        ["max excess", ""]
        + ["" if c.max_excess is None else f"{c.max_excess:,.2f}" for _, c in results]
    )
    rows.append(["largest at", ""] + [c.objecting_coalition or "" for _, c in results])
    for row in rows:
        cells = [row[0].ljust(first), row[1].rjust(max(14, number))] + [
            cell.rjust(w) for cell, w in zip(row[2:], widths)
        ]
        out.write("".join(cells).rstrip() + "\n")
    for name, reason in skipped.items():
        out.write(f"\nskipped {name}: {reason}")
    out.write("\n" if skipped else "")
