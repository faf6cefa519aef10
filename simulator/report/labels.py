"""Readable names of the codes in the tables, in the report language: allocation methods, key
drivers, periods, kinds of cost, objectives, parameter blocks, workload measures and units, and
parameter or setting values.

Method labels are the report's own (:mod:`simulator.report.texts`, group ``method``); driver,
service, component and mechanism labels are what the services declared
(:mod:`simulator.engine.catalogue`). Codes nobody worded pass through unchanged.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping, Sequence

from simulator.engine.catalogue import driver_label, service_title
from simulator.report.formatting import number, percent_sign
from simulator.report.texts import group, text

__all__ = [
    "method_label",
    "driver_label",
    "key_label",
    "period_label",
    "unit_label",
    "block_label",
    "yes_no",
    "decimals",
    "value_text",
    "weights_text",
    "NPV",
]

NPV = "npv"
"""The ``year`` of a present value in the tidy tables."""

_PROPORTIONAL = "proportional:"
_UNIT_SPLIT = re.compile(r"(/)")
_PAIR = re.compile(r"^\s*([^:,]+): (\S+)\s*$")
_MAX_DECIMALS = 6


def method_label(method: str, lang: str = "sv") -> str:
    """``proportional:population`` → ``Efter invånare``; ``shapley`` → ``Shapleyvärdet``; unknown
    methods as named."""
    if method.startswith(_PROPORTIONAL):
        driver = driver_label(method.removeprefix(_PROPORTIONAL), lang)
        return text("method.proportional", lang, driver=driver)
    return group("method", lang).get(method, method)


def key_label(key: str, lang: str = "sv") -> str:
    """A key of the key comparison: a method (``proposed_key`` → ``Föreslagen nyckel``) or a single
    driver (``population`` → ``Efter invånare``)."""
    methods = group("method", lang)
    if key in methods:
        return methods[key]
    return text("method.proportional", lang, driver=driver_label(key, lang))


def period_label(year: object, lang: str = "sv") -> object:
    """A calendar year as a number (``"2018"`` → ``2018``), the present value as a word
    (``npv`` → ``Nuvärde``)."""
    if isinstance(year, str) and year.strip().isdigit():
        return int(year)
    if year == NPV:
        return text("period.npv", lang)
    return year


def unit_label(unit: str, lang: str = "sv") -> str:
    """A unit in the report language, word by word: ``h/FTE/year`` → ``h/årsarbetare/år``,
    ``share of salary`` → ``andel av lönen``, ``1/year`` → ``per år``; unknown words as
    written."""
    words = group("unitword", lang)
    parts = _UNIT_SPLIT.split(str(unit))
    if len(parts) > 2 and parts[0].strip() == "1":  # a rate: 1/year → per år
        rest = "".join(words.get(_unit_key(part), part) for part in parts[2:])
        return text("unitword.per", lang, unit=rest)
    return "".join(words.get(_unit_key(part), part) for part in parts)


def _unit_key(word: str) -> str:
    stripped = word.strip()
    return "one" if stripped == "1" else stripped.lower().replace(" ", "_")


def block_label(block: str, lang: str = "sv") -> str:
    """A block of the assumptions: ``economics`` → ``Ekonomi``, a service by its title."""
    return group("block", lang).get(block) or service_title(block, lang)


def yes_no(value: object, lang: str = "sv") -> str:
    """``True`` → ``ja`` / ``yes``, ``False`` → ``nej`` / ``no``."""
    return text("word.yes" if value else "word.no", lang)


def decimals(value: float) -> int:
    """The decimals a given figure is written with (``0.035`` → 3, ``0.3846`` → 4, ``1600`` → 0),
    at most six: what its display must keep."""
    if not math.isfinite(value) or float(value).is_integer():
        return 0
    shown = f"{value:.{_MAX_DECIMALS}f}".rstrip("0")
    return len(shown.split(".")[1]) if "." in shown else 0


def value_text(value: object, lang: str = "sv") -> str:
    """A parameter's or setting's value as text a reader expects: numbers with their own decimals
    (``0.035`` → ``0,035``), ``True`` → ``ja``, a mapping ``{'Piteå': 0.8}`` (or its text
    ``Piteå: 0.8``) → ``Piteå 0,8``, a list of numbers joined with semicolons in Swedish; key
    drivers by their label."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return yes_no(value, lang)
    if isinstance(value, int | float):
        return number(float(value), decimals(float(value)), lang)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return _joined([f"{k} {value_text(v, lang)}" for k, v in value.items()], lang)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return _joined([value_text(v, lang) for v in value], lang)
    return _text_value(str(value), lang)


def _text_value(value: str, lang: str) -> str:
    """A setting written as text: ``True``/``False``, ``k: v, …`` and ``a, b, …`` of numbers are
    read back; a driver name is labelled; anything else as written."""
    if value in ("True", "False"):
        return yes_no(value == "True", lang)
    if not value.strip():
        return text("value.empty", lang)
    parts = [p.strip() for p in value.split(", ")]
    pairs = [_PAIR.match(p) for p in parts]
    if len(parts) > 1 or all(pairs):
        if all(pairs) and all(_is_number(m.group(2)) for m in pairs if m):
            return _joined(
                [f"{m.group(1)} {value_text(float(m.group(2)), lang)}" for m in pairs if m], lang
            )
        if all(_is_number(p) for p in parts):
            return _joined([value_text(float(p), lang) for p in parts], lang)
        return value
    return driver_label(value, lang)


def _is_number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True


def _joined(parts: Sequence[str], lang: str) -> str:
    """Items of a list: ``; `` between them where a decimal comma would make ``, `` ambiguous."""
    separator = "; " if number(0.5, 1, lang) != "0.5" else ", "
    return separator.join(parts)


def weights_text(weights: str, lang: str = "sv") -> str:
    """A key's weights as written in ``key_comparison`` (``equal 0.15, population 0.25``) in
    words: ``lika delar 15 %; invånare 25 %``."""
    parts = []
    for item in str(weights).split(","):
        name, _, weight = item.strip().rpartition(" ")
        if not name or not _is_number(weight):
            return str(weights)
        share = float(weight) * 100
        parts.append(f"{driver_label(name, lang)} {value_text(share, lang)}{percent_sign(lang)}")
    return _joined(parts, lang)
