"""Parameter blocks of a scenario (``economics``, ``sharing``, a service's ``params``), checked
against the model's declarations and resolved.

An entry is either written out, ``{value, unit, source, low, high}``, or a bare number: the value
alone, which keeps the unit, range and source of what it replaces (the base file's entry, else the
model's declared default) and names in its source who set it. Checks run in this order, so the
first error is the most useful one: the name (with "did you mean"), the form of the entry, the
value against its range, the fields, the unit, the kind of value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from simulator.core.errors import MISSING, nearest
from simulator.core.params import Param, ParamSpec, ResolvedParam
from simulator.scenario.yamlfile import Chain, is_number, set_value

__all__ = ["resolve_block"]

_FORM = (
    "a number (only the value: unit, range and source are inherited) or a full entry "
    "{value, unit, source, low, high}"
)
_MISSING = (
    "a field of a full parameter entry: give value, unit, source, low and high, or only the "
    "number to inherit the rest"
)


def resolve_block(
    chain: Chain, loc: tuple[Any, ...], given: Mapping[str, Any], specs: tuple[ParamSpec, ...]
) -> Mapping[str, ResolvedParam]:
    """Every declared parameter of one block as used: the entries ``given`` at ``loc`` (checked)
    and the declared defaults of the rest (optional parameters without a default are left out).

    Raises
    ------
    InputError
        Naming who gave the entry (file and line, or the overrides), the field, the value and
        what is allowed.
    """
    by_name = {s.name: s for s in specs}
    entries = {}
    for name, raw in given.items():
        where = (*loc, name)
        if name not in by_name:
            raise chain.error(where, name, "unknown parameter; " + nearest(name, by_name))
        entries[name] = _entry(chain, where, raw, by_name[name])
    resolved = {
        s.name: s.resolve(entries.get(s.name), _origin(chain, (*loc, s.name)))
        for s in specs
        if s.default is not None or s.name in entries
    }
    return MappingProxyType(resolved)


def _origin(chain: Chain, loc: tuple[Any, ...]) -> str:
    """The scenario id of the file that sets the parameter, or ``override``."""
    return "override" if chain.overridden(loc) else chain.ids[chain.defining_file(loc)]


def _declared(spec: ParamSpec) -> dict[str, Any]:
    """The model's declaration of a parameter as an entry a bare number can change."""
    default = "" if spec.default is None else f" {spec.default:g}"
    return {
        "value": spec.default,
        "unit": spec.unit,
        "low": spec.low,
        "high": spec.high,
        "source": f"the model's default{default} ({spec.source})",
    }


def _entry(chain: Chain, where: tuple[Any, ...], raw: object, spec: ParamSpec) -> Param:
    """One entry checked into a :class:`Param`, with the unit and kind the model declares."""
    if is_number(raw):
        raw = set_value(raw, _declared(spec), chain.setter(where))
    if not isinstance(raw, Mapping):
        raise chain.error(where, raw, _FORM)
    _check_range(chain, where, raw)
    try:
        param = Param.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        at = (*where, *err["loc"])
        if err["type"] == "missing":
            raise chain.error(at, MISSING, _MISSING) from None
        if err["type"] == "extra_forbidden":
            allowed = "unknown field; " + nearest(str(at[-1]), Param.model_fields)
            raise chain.error(at, at[-1], allowed) from None
        raise chain.error(at, err.get("input"), err["msg"].removeprefix("Value error, ")) from None
    if param.unit != spec.unit:
        raise chain.error(
            (*where, "unit"), param.unit, f"the unit the model expects: {spec.unit!r}"
        )
    if not spec.kind.allows(param.value):
        raise chain.error((*where, "value"), param.value, spec.kind.describe())
    return param


def _check_range(chain: Chain, where: tuple[Any, ...], raw: Mapping[str, Any]) -> None:
    """A value that is not finite, or outside its entry's plausible range, is refused at the value
    (whether the range is written beside it or inherited)."""
    value, low, high = (raw.get(key) for key in ("value", "low", "high"))
    if not is_number(value):
        return
    if not math.isfinite(value):
        raise chain.error((*where, "value"), value, "a finite number")
    if not (is_number(low) and is_number(high) and math.isfinite(low) and math.isfinite(high)):
        return
    if low <= high and not low <= value <= high:
        raise chain.error(
            (*where, "value"),
            value,
            f"a value within the plausible range [{low:g}, {high:g}]; widen the range or change "
            "the value",
        )
