"""Overrides: parameter values set on top of a scenario's files, by their path.

``{"economics.discount_rate": 0.03}`` in Python, ``--set economics.discount_rate=0.03`` on the
command line. A path names a parameter as the scenario file writes it: ``economics.<name>``,
``sharing.<name>`` or ``services.<service>.<name>`` (``services.<service>.params.<name>`` also
works). An override is the last layer on the merged mapping of the files and changes only the
value, as a bare number in a variant does: unit, range and source are inherited, and the source
says the value was set by an override. The loader then validates the result exactly as it
validates a file, so an override meets the same errors and range checks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from simulator.core.errors import InputError, nearest
from simulator.scenario.yamlfile import Chain, merge

__all__ = ["BLOCKS", "apply_overrides", "parameter_location"]

BLOCKS = ("economics", "sharing", "services")
"""The blocks of a scenario that hold parameters."""

_PATHS = "a parameter path: economics.<name>, sharing.<name> or services.<service>.<name>"


def parameter_location(path: str, label: str) -> tuple[str, ...]:
    """The field location of the parameter named by ``path`` in a scenario mapping, e.g.
    ``services.payroll.hours_per_payslip`` → ``('services', 'payroll', 'params',
    'hours_per_payslip')``.

    Raises
    ------
    InputError
        The path names no block that holds parameters, or has too few or too many parts.
    """
    parts = tuple(path.split(".")) if isinstance(path, str) else ()
    if not parts or parts[0] not in BLOCKS:
        head = parts[0] if parts else str(path)
        raise InputError(label, str(path), head, f"{_PATHS}; " + nearest(head, BLOCKS))
    if parts[0] == "services" and len(parts) == 4 and parts[2] == "params":
        parts = (*parts[:2], parts[3])
    size = 3 if parts[0] == "services" else 2
    if len(parts) != size or not all(parts):
        raise InputError(label, path, path, _PATHS)
    return (*parts[:2], "params", parts[2]) if parts[0] == "services" else parts


def _nested(loc: tuple[str, ...], value: object) -> dict[str, Any]:
    """``('a', 'b')``, 1 → ``{'a': {'b': 1}}``."""
    out: Any = value
    for part in reversed(loc):
        out = {part: out}
    return out


def _check_service(chain: Chain, loc: tuple[str, ...], label: str, path: str) -> None:
    """A service's parameter may be overridden only for a service the scenario runs (enabled)."""
    if loc[0] != "services":
        return
    services = chain.merged.get("services")
    known = [
        name
        for name, conf in (services.items() if isinstance(services, Mapping) else ())
        if not (isinstance(conf, Mapping) and conf.get("enabled") is False)
    ]
    if loc[1] not in known:
        allowed = "a service the scenario runs; " + nearest(loc[1], known)
        raise InputError(label, path, loc[1], allowed)


def apply_overrides(chain: Chain, overrides: Mapping[str, object], label: str) -> Chain:
    """``chain`` with ``overrides`` (parameter path → value) merged over its files, recorded so
    that errors and source texts name ``label`` (e.g. ``--set``).

    A number changes only the value of the parameter it names (see
    :func:`simulator.scenario.yamlfile.set_value`); any other value is left for the loader to
    refuse, as it refuses the same value in a file."""
    nested: dict[str, Any] = {}
    for path, value in overrides.items():
        loc = parameter_location(path, label)
        if value is None:
            raise InputError(label, path, value, "a number, e.g. 0.03")
        _check_service(chain, loc, label, path)
        nested = merge(nested, _nested(loc, value), label)
    merged = merge(chain.merged, nested, f"in a variant by {label}")
    return dataclasses.replace(chain, merged=merged, overrides=nested, overrides_from=label)
