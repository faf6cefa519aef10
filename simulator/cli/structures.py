"""``samverkan structures``: who should cooperate with whom, service by service.

Runs the scenario's model, builds its cost games and prints, for one service (or all, and
``total``) and one period (a year's running costs or ``npv``, the present value of running and
one-off costs), the ``--top`` cheapest divisions of the members into sharing groups: each group's
cost and saving against its members alone, the structure's extra cost against the best, and for
the best whether it is stable and who gains least.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from simulator import scenario as scenario_mod
from simulator.core.errors import InputError, nearest

__all__ = ["register", "MAX_TOP"]

MAX_TOP = 20
"""The most structures listed per game."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``structures`` command to the ``samverkan`` parser."""
    command = sub.add_parser(
        "structures",
        help="who should cooperate with whom: the cheapest divisions into groups, per service",
        description="The cheapest divisions of the members into sharing groups, per service "
        "and for all services (total), with their stability and the runner-ups' extra cost.",
    )
    command.add_argument("scenario", type=Path, help="the scenario file (YAML)")
    command.add_argument("--service", help="one service of the scenario, or total (default all)")
    command.add_argument("--period", default="npv", help="a year of the scenario, or npv (default)")
    command.add_argument("--top", type=int, default=3, help=f"structures per game, 1–{MAX_TOP}")
    command.add_argument("--format", choices=("table", "csv", "json"), default="table")
    command.set_defaults(handler=_handle)


def _checked(args: argparse.Namespace, sc: scenario_mod.Scenario) -> tuple[list[str] | None, str]:
    """The services and the period asked for, checked against the scenario."""
    allowed = [*sc.services, "total"]
    if args.service is not None and args.service not in allowed:
        raise InputError(
            None,
            "--service",
            args.service,
            "a service of the scenario or total; " + nearest(args.service, allowed),
        )
    periods = [str(y) for y in sc.years] + ["npv"]
    if str(args.period) not in periods:
        raise InputError(
            None, "--period", args.period, f"a year {sc.base_year}–{sc.horizon} or npv"
        )
    if not 1 <= args.top <= MAX_TOP:
        raise InputError(None, "--top", args.top, f"a whole number from 1 to {MAX_TOP}")
    return (None if args.service is None else [args.service]), str(args.period)


def _handle(args: argparse.Namespace) -> int:
    sc = scenario_mod.load(args.scenario)
    services, period = _checked(args, sc)
    from simulator import engine  # the model only when needed
    from simulator.engine import games
    from simulator.engine.structures import structures_table

    result = engine.run(sc)
    wanted = int(period) if period.isdigit() else period
    table = structures_table(
        result, games.games(result), args.top, services=services, periods=[wanted]
    )
    if args.format == "csv":
        print(table.to_csv(index=False, lineterminator="\n", float_format="%.6f"), end="")
    elif args.format == "json":
        print(json.dumps({"scenario": sc.id, "period": period, "rows": _records(table)}))
    else:
        print(_text(table, sc, period))
    return 0


def _records(table: pd.DataFrame) -> list[dict[str, object]]:
    clean = table.astype(object).where(table.notna(), None)
    return [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in clean.to_dict(orient="records")
    ]


def _text(table: pd.DataFrame, sc: scenario_mod.Scenario, period: str) -> str:
    """A table per game: rank, groups, cost, extra cost; stability under the best."""
    from simulator.report.formatting import money
    from simulator.report.structures import title_of, words

    lang = sc.language
    when = f"{sc.base_year}–{sc.horizon} (npv)" if period == "npv" else period
    lines = [f"{sc.title}: {words('heading', lang)} {when}"]
    for service, rows in table.groupby("service", sort=False):
        lines += ["", title_of(str(service), lang)]
        for rank, structure in rows.groupby("rank", sort=True):
            groups = " | ".join(str(m) for m in structure["members"])
            cost = money(float(structure["structure_cost_sek"].iloc[0]), lang)
            extra = float(structure["extra_cost_sek"].iloc[0])
            more = f"  +{money(extra, lang)}" if rank != 1 else ""
            lines.append(f"  {rank}. {groups}  {cost}{more}")
        best = rows[rows["rank"] == 1].iloc[0]
        verdict = (
            words("stable", lang)
            if bool(best["stable"])
            else words("unstable", lang, group=best["objecting_coalition"])
        )
        lines.append(f"     {verdict}")
    return "\n".join(lines)
