"""Readable names of allocation methods and key drivers in the report language.

Method labels are the report's own (:mod:`simulator.report.texts`, group ``method``); driver labels
are what the services declared (:func:`simulator.engine.catalogue.driver_label`).
"""

from __future__ import annotations

from simulator.engine.catalogue import driver_label
from simulator.report.texts import group, text

__all__ = ["method_label", "driver_label"]

_PROPORTIONAL = "proportional:"


def method_label(method: str, lang: str = "sv") -> str:
    """``proportional:population`` → ``Efter invånare``; ``shapley`` → ``Shapleyvärdet``; unknown
    methods as named."""
    if method.startswith(_PROPORTIONAL):
        driver = driver_label(method.removeprefix(_PROPORTIONAL), lang)
        return text("method.proportional", lang, driver=driver)
    return group("method", lang).get(method, method)
