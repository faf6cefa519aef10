"""Scenario YAML written by the program: values in flow style, one parameter a line.

Text is written as JSON strings (valid YAML double-quoted scalars), so a time such as ``08:00`` or
a name with a colon stays text; numbers in their shortest exact form, whole numbers without a
decimal point.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping

import yaml

from simulator.core.params import ResolvedParam

__all__ = ["entry", "flow"]

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def _key(key: object) -> str:
    """A field name, plain where YAML reads it back as the same text (not ``on``, ``no``, …)."""
    text = str(key)
    plain = _PLAIN_KEY.match(text) and yaml.safe_load(text) == text
    return text if plain else json.dumps(text, ensure_ascii=False)


def flow(value: object) -> str:
    """``value`` (text, number, bool, date, list or mapping of these) as YAML in flow style.

    >>> flow({"opens": "08:00", "interval_minutes": 30, "days": [1, 2.5]})
    '{opens: "08:00", interval_minutes: 30, days: [1, 2.5]}'
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def entry(param: ResolvedParam) -> str:
    """A parameter as a full entry: ``{value, unit, low, high, source}``."""
    fields = {
        "value": param.value,
        "unit": param.unit,
        "low": param.low,
        "high": param.high,
        "source": param.source,
    }
    return flow(fields)
