"""The scenario argument every command that reads a scenario shares, with ``--set``.

``samverkan run SCENARIO --set economics.discount_rate=0.03 --set
services.payroll.hours_per_payslip=0.12`` changes only those values: unit, range and source are
inherited from the scenario (or the model's declaration), the source says the value was set by
``--set``, and the scenario is validated exactly as a file with those values would be
(:mod:`simulator.scenario.overrides`).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from simulator import scenario as scenario_mod
from simulator.core.errors import InputError

__all__ = ["SET", "add_scenario_arguments", "load_scenario", "parse_sets"]

SET = "--set"
_FORM = "NAME=VALUE with a parameter path and a number, e.g. economics.discount_rate=0.03"


def add_scenario_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the positional scenario file and the repeatable ``--set NAME=VALUE``."""
    parser.add_argument(
        "scenario",
        type=Path,
        help="scenario file (YAML), e.g. scenarios/pitea_alvsbyn.yaml; see README, Scenarios",
    )
    parser.add_argument(
        SET,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        dest="overrides",
        help="change one parameter's value, keeping its unit, range and source, e.g. "
        "economics.discount_rate=0.03 or services.payroll.hours_per_payslip=0.12 (repeatable)",
    )


def _number(text: str) -> float | str:
    """``text`` as a number where it is one, else as given (the loader refuses it as it would
    refuse the same text in a file)."""
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


def parse_sets(items: list[str]) -> dict[str, float | str]:
    """``["economics.discount_rate=0.03", ...]`` → ``{"economics.discount_rate": 0.03, ...}``.

    Raises
    ------
    InputError
        An item without ``=``, without a name, or naming a parameter twice.
    """
    out: dict[str, float | str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(None, SET, item, _FORM)
        if name in out:
            raise InputError(None, SET, item, f"each parameter once ({name} is set twice)")
        out[name] = _number(value.strip())
    return out


def load_scenario(args: argparse.Namespace) -> scenario_mod.Scenario:
    """The scenario named on the command line, with its ``--set`` overrides, validated."""
    overrides = parse_sets(args.overrides)
    return scenario_mod.load(args.scenario, overrides, overrides_from=SET)
