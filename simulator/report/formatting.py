"""Number formatting for reports: Swedish (space thousands separator, decimal comma, tkr / mnkr)
or English (comma thousands separator, decimal point, kSEK / MSEK). Money is SEK inside."""

from __future__ import annotations

import math

__all__ = ["number", "tkr", "mnkr", "money", "percent"]

_NBSP = "\u00a0"  # a no-break space, so a figure never wraps inside a table cell


def number(value: float, decimals: int = 0, lang: str = "sv") -> str:
    """``1234567.8`` → ``1 234 568`` (sv) or ``1,234,568`` (en); ``-0`` shows as ``0``."""
    if not math.isfinite(value):
        return "–"
    text = f"{value:,.{decimals}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")
    if lang == "sv":
        text = text.replace(",", _NBSP).replace(".", ",").replace("-", "−")
    return text


def tkr(sek: float, lang: str = "sv", decimals: int = 0) -> str:
    """Thousands of SEK: ``1234567.8`` → ``1 235 tkr`` (sv) / ``1,235 kSEK`` (en)."""
    return f"{number(sek / 1e3, decimals, lang)}{_NBSP}{'tkr' if lang == 'sv' else 'kSEK'}"


def mnkr(sek: float, lang: str = "sv", decimals: int = 1) -> str:
    """Millions of SEK: ``1234567.8`` → ``1,2 mnkr`` (sv) / ``1.2 MSEK`` (en)."""
    return f"{number(sek / 1e6, decimals, lang)}{_NBSP}{'mnkr' if lang == 'sv' else 'MSEK'}"


def money(sek: float, lang: str = "sv") -> str:
    """tkr below 10 million SEK, mnkr from there (one decimal)."""
    return tkr(sek, lang) if abs(sek) < 1e7 else mnkr(sek, lang)


def percent(share: float, lang: str = "sv", decimals: int = 1) -> str:
    """``0.125`` → ``12,5 %`` (sv) / ``12.5%`` (en)."""
    text = number(share * 100, decimals, lang)
    return f"{text}{_NBSP}%" if lang == "sv" else f"{text}%"
