"""Number formatting for reports: Swedish (space thousands separator, decimal comma, tkr / mnkr)
or English (comma thousands separator, decimal point, kSEK / MSEK). Money is SEK inside."""

from __future__ import annotations

import math

from simulator.report.texts import text

__all__ = ["number", "tkr", "mnkr", "money", "percent", "percent_sign"]

_NBSP = "\u00a0"  # a no-break space, so a figure never wraps inside a table cell


def number(value: float, decimals: int = 0, lang: str = "sv") -> str:
    """``1234567.8`` → ``1 234 568`` (sv) or ``1,234,568`` (en); ``-0`` shows as ``0``."""
    if not math.isfinite(value):
        return "–"
    shown = f"{value:,.{decimals}f}"
    if shown.lstrip("-").strip("0.,") == "":
        shown = shown.lstrip("-")
    if lang == "sv":
        shown = shown.replace(",", _NBSP).replace(".", ",").replace("-", "−")
    return shown


def tkr(sek: float, lang: str = "sv", decimals: int = 0) -> str:
    """Thousands of SEK: ``1234567.8`` → ``1 235 tkr`` (sv) / ``1,235 kSEK`` (en)."""
    return f"{number(sek / 1e3, decimals, lang)}{_NBSP}{text('unit.tkr', lang)}"


def mnkr(sek: float, lang: str = "sv", decimals: int = 1) -> str:
    """Millions of SEK: ``1234567.8`` → ``1,2 mnkr`` (sv) / ``1.2 MSEK`` (en)."""
    return f"{number(sek / 1e6, decimals, lang)}{_NBSP}{text('unit.mnkr', lang)}"


def money(sek: float, lang: str = "sv") -> str:
    """tkr below 10 million SEK, mnkr from there (one decimal)."""
    return tkr(sek, lang) if abs(sek) < 1e7 else mnkr(sek, lang)


def percent_sign(lang: str = "sv") -> str:
    """What follows a number of percent: a no-break space and ``%`` in Swedish, ``%`` in English."""
    return f"{_NBSP}%" if lang == "sv" else "%"


def percent(share: float, lang: str = "sv", decimals: int = 1) -> str:
    """``0.125`` → ``12,5 %`` (sv) / ``12.5%`` (en)."""
    return f"{number(share * 100, decimals, lang)}{percent_sign(lang)}"
