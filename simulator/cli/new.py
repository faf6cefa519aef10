"""``samverkan new``: a scenario file for a new study, written in one command.

``samverkan new --municipalities Boden,Kalix [--base-year 2019] [--horizon 2026] OUT.yaml`` writes a
scenario with every service, starting from the parameters of the shipped Piteå–Älvsbyn study
(``scenarios/pitea_alvsbyn.yaml``) with their sources; the parameters that study leaves at the
model's defaults are named in a comment under each service. Given-cost arrangements (an existing
rescue service, a programme) are listed but disabled: their costs belong to particular members.
The file is checked as ``validate`` checks it before it is put in place, and an existing file is
never overwritten.
"""

from __future__ import annotations

import argparse
import os
import re
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from simulator import scenario as scenario_mod
from simulator.cli.yamltext import entry, flow
from simulator.core.errors import InputError, nearest
from simulator.core.params import ResolvedParam
from simulator.scenario import ServiceSetup
from simulator.scenario.facts import (
    DEFAULT_DATA_DIR,
    available_municipalities,
    available_years,
    data_years,
)
from simulator.scenario.limits import MAX_MUNICIPALITIES
from simulator.scenario.yamlfile import resolve_extends
from simulator.services import REGISTRY
from simulator.services.given_cost import SERVICES as GIVEN_COSTS

__all__ = ["TEMPLATE", "register", "scenario_text", "write_new"]

TEMPLATE = DEFAULT_DATA_DIR.parent / "pitea_alvsbyn.yaml"
"""The shipped study a new scenario starts from."""
_YEARS = 8
"""Years of a new study by default (the base year and seven more, as the shipped studies)."""
_GIVEN = {service.name for service in GIVEN_COSTS}
"""Arrangements whose costs are given, not modelled: they belong to particular members."""
_GIVEN_NOTE = "enable it with settings as rescue_service in scenarios/pitea_alvsbyn.yaml"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``new`` command to the ``samverkan`` parser."""
    command = sub.add_parser(
        "new",
        help="write a scenario file for a new group of municipalities",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("out", type=Path, help="the scenario file to write (YAML), e.g. x.yaml")
    command.add_argument(
        "--municipalities",
        required=True,
        help="comma-separated names as in scenarios/data/population.csv, e.g. Boden,Kalix",
    )
    command.add_argument(
        "--base-year", type=int, help="first modelled year (default: the last data year)"
    )
    command.add_argument(
        "--horizon", type=int, help=f"last modelled year (default: base year + {_YEARS - 1})"
    )
    command.set_defaults(handler=_handle)


def _names(text: str) -> list[str]:
    """The municipalities asked for: known to the data, each once, 2 to MAX_MUNICIPALITIES."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    known = available_municipalities(DEFAULT_DATA_DIR)
    for name in names:
        if name not in known:
            where = f"a municipality in {DEFAULT_DATA_DIR / 'population.csv'}"
            raise InputError(None, "--municipalities", name, f"{where}; {nearest(name, known)}")
    if not 2 <= len(names) <= MAX_MUNICIPALITIES or len(set(names)) != len(names):
        raise InputError(
            None,
            "--municipalities",
            text,
            f"2 to {MAX_MUNICIPALITIES} different names separated by commas, e.g. Boden,Kalix",
        )
    return names


def _common(years: Sequence[Sequence[int]]) -> list[int]:
    return sorted(set.intersection(*(set(y) for y in years)))


def _years(names: Sequence[str], base: int | None, horizon: int | None) -> tuple[int, int]:
    """Base year (default the last year the data give for every member) and horizon, both in the
    years every member has (given or projected)."""
    have = _common([available_years(DEFAULT_DATA_DIR, name) for name in names])
    if base is None:
        base = _common([data_years(DEFAULT_DATA_DIR, name) for name in names])[-1]
    if horizon is None:
        horizon = base + _YEARS - 1
    span = f"{have[0]}–{have[-1]}" if have else "none"
    for flag, year in (("--base-year", base), ("--horizon", horizon)):
        if year not in have:
            allowed = f"a year with facts for all of {', '.join(names)}: {span}"
            raise InputError(None, flag, year, allowed)
    if horizon < base:
        raise InputError(None, "--horizon", horizon, f"a year >= the base year ({base})")
    return base, horizon


def _study_id(out: Path) -> str:
    """A scenario id from the file name: lower case, å ä → a, ö → o, other signs → _."""
    stem = out.stem.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    text = re.sub(r"[^a-z0-9_\-]", "_", stem).lstrip("_-")
    return text or "study"


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} och {names[-1]}"


def _header(names: Sequence[str], base: int, horizon: int, prices: int) -> list[str]:
    projected = [y for y in range(base, horizon + 1) if y > _last_data(names)]
    facts = (
        f"# Facts of {projected[0]}–{projected[-1]} are projections (status projection: the last\n"
        "# five data years' linear trend, scenarios/data/README.md); the assumptions list them.\n"
        if projected
        else ""
    )
    return [
        f"# {_joined(names)}: a new study, written by\n# `samverkan new --municipalities "
        f"{','.join(names)} --base-year {base} --horizon {horizon}`.\n"
        "# Every parameter below starts from the Piteå–Älvsbyn study\n"
        "# (scenarios/pitea_alvsbyn.yaml) with its source; the others take the model's declared\n"
        "# defaults, with theirs (named under each service). Check each figure for these members\n"
        f"# and years. Salaries are priced in {prices} as in that study (years.prices): the wage\n"
        "# index brings them to the base year.\n"
        "# A variant changes one value with a bare number, e.g. `discount_rate: 0.03`.\n" + facts
    ]


def _last_data(names: Sequence[str]) -> int:
    return _common([data_years(DEFAULT_DATA_DIR, name) for name in names])[-1]


def _block(params: Sequence[ResolvedParam], indent: str) -> list[str]:
    """One line a parameter, in flow style with value, unit, range and source."""
    return [f"{indent}{p.name}: {entry(p)}\n" for p in params]


def _service(
    name: str, setup: ServiceSetup | None, raw: Mapping[str, Any], names: Sequence[str]
) -> list[str]:
    """A service's block: the template's parameters and settings, or the service disabled."""
    if name in _GIVEN or setup is None:
        return [f"  {name}: {{enabled: false}}  # a given cost: {_GIVEN_NOTE}\n"]
    params = setup.params.values()
    own = [p for p in params if p.origin != "default"]
    rest = [p.name for p in params if p.origin == "default"]
    note = textwrap.fill(
        f"{name}, at the model's defaults: {', '.join(rest)}",
        width=98,
        initial_indent="  # ",
        subsequent_indent="  #   ",
    )
    lines = [note + "\n"] if rest else []
    if own:
        lines += ["    params:\n", *_block(own, "      ")]
    settings = {
        key: value
        for key, value in (raw.get("settings") or {}).items()
        if not (isinstance(value, dict) and set(value) & set(names))  # a member's own figures
    }
    if settings:
        lines.append(f"    settings: {flow(settings)}\n")
    body = lines[1:] if rest else lines
    head = lines[:1] if rest else []
    return [*head, f"  {name}:\n", *body] if body else [*head, f"  {name}: {{}}\n"]


def scenario_text(out: Path, names: Sequence[str], base: int, horizon: int) -> str:
    """The new scenario's YAML text (``out`` gives the id and the data folder's relative path)."""
    template = scenario_mod.load(TEMPLATE)
    raw = resolve_extends(TEMPLATE).merged
    prices = min(template.price_year, base)
    data = os.path.relpath(DEFAULT_DATA_DIR, out.absolute().parent)
    timeline = {
        "decision": f"{base}-01",
        "start": f"{base + 1}-01",
        "preparation_months": 12,
        "double_running_months": 1,
        "source": "assumption: a decision at the start of the base year, a year of preparation "
        "and a month of double running, as in the Piteå–Älvsbyn study",
    }
    lines = _header(names, base, horizon, prices)
    lines += [
        f"id: {_study_id(out)}\n",
        f"title: {flow(f'{_joined(names)} – samverkan i stödfunktioner (förstudie {base})')}\n",
        f"municipalities: {flow(list(names))}\n",
        f"data: {flow(data)}\n",
        f"years: {{base: {base}, horizon: {horizon}, prices: {prices}}}\n",
        "seed: 1\n",
        "report: {language: sv}\n",
        f"timeline: {flow(timeline)}\n\neconomics:\n",
    ]
    lines += _block([p for p in template.economics.values() if p.origin != "default"], "  ")
    lines.append("\nsharing:\n")
    lines += _block([p for p in template.sharing.values() if p.origin != "default"], "  ")
    lines.append("\nservices:\n")
    for name in REGISTRY:
        conf = raw["services"].get(name) or {}
        lines += _service(name, template.services.get(name), conf, template.municipalities)
    return "".join(lines)


def write_new(out: Path, names: Sequence[str], base: int, horizon: int) -> None:
    """Write the scenario to ``out`` (which must not exist), checked as ``validate`` checks it;
    nothing is left behind if the check fails."""
    text = scenario_text(out, names, base, horizon)
    try:
        with open(out, "x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise InputError(None, "OUT", str(out), "a file that does not exist yet") from None
    except OSError as exc:
        raise InputError(None, "OUT", str(out), f"a file that can be written ({exc.strerror})")
    try:
        scenario_mod.load(out)
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def _handle(args: argparse.Namespace) -> int:
    names = _names(args.municipalities)
    base, horizon = _years(names, args.base_year, args.horizon)
    if args.out.exists() or args.out.is_symlink():
        raise InputError(None, "OUT", str(args.out), "a file that does not exist yet")
    write_new(args.out, names, base, horizon)
    print(f"{args.out}: new scenario for {', '.join(names)}, years {base}–{horizon}")
    print(f"  check it with: samverkan validate {args.out}")
    print(f"  run it with:   samverkan run {args.out}")
    return 0
