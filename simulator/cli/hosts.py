"""``samverkan hosts``: every possible host of one service side by side.

The scenario is run once per host (each member, and the scenario's own distributed sites when it
gives them) and a table printed: the whole group's present-value cost of the service, its net
saving against the members alone, the commuting paid to transferred staff, the jobs in each
municipality in the last year, and each member's Shapley share of the present-value cost.
"""

from __future__ import annotations

import argparse
import json

from simulator.cli.scenario_args import add_scenario_arguments, load_scenario
from simulator.core.errors import InputError, nearest

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``hosts`` command to the ``samverkan`` parser."""
    command = sub.add_parser(
        "hosts",
        help="compare every host of a service: cost, jobs per municipality, who pays",
        description="Run the scenario once per host of SERVICE and print cost, saving, "
        "commuting, jobs per municipality and the Shapley shares side by side.",
    )
    add_scenario_arguments(command)
    command.add_argument("--service", required=True, help="the service to compare hosts for")
    command.add_argument("--format", choices=("table", "json"), default="table")
    command.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    sc = load_scenario(args)
    if args.service not in sc.services:
        raise InputError(
            None,
            "--service",
            args.service,
            "a service the scenario runs; " + nearest(args.service, list(sc.services)),
        )
    from simulator.engine.transition import compare_hosts  # the model only when needed
    from simulator.report.formatting import money, number

    table = compare_hosts(sc, args.service)
    if args.format == "json":
        print(json.dumps({"scenario": sc.id, "service": args.service, "hosts": _records(table)}))
        return 0
    lang = sc.language
    members = sc.municipalities
    head = ["host", "npv cost", "net saving", "commuting"] + [f"jobs {m}" for m in members]
    head += [f"pays {m}" for m in members]
    rows = []
    for row in table.to_dict(orient="records"):
        cells = [
            str(row["host"]),
            money(row["shared_npv_sek"], lang),
            money(row["net_saving_npv_sek"], lang),
            money(row["commuting_sek"], lang),
        ]
        cells += [number(row[f"jobs:{m}"], 1, lang) for m in members]
        cells += [money(row[f"shapley:{m}"], lang) for m in members]
        rows.append(cells)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(head)]
    print(f"{sc.title}: {args.service}, host by host (present value {sc.base_year}–{sc.horizon})")
    print("  ".join(h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(zip(head, widths))))
    for cells in rows:
        print(
            "  ".join(
                c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))
            )
        )
    return 0


def _records(table: object) -> list[dict[str, object]]:
    import pandas as pd

    assert isinstance(table, pd.DataFrame)
    return [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in table.to_dict(orient="records")
    ]
