"""Readable names of allocation methods and drivers in the report language."""

from __future__ import annotations

__all__ = ["method_label", "driver_label"]

_DRIVERS = {
    "sv": {
        "population": "invånare",
        "employees": "anställda",
        "payslips": "lönespecifikationer",
        "calls": "samtal",
        "spend": "inköpsvolym",
        "procurements": "upphandlingar",
        "consultations": "pensionssamtal",
        "users": "användare",
        "tickets": "ärenden",
        "equal": "lika delar",
        "standalone": "egen kostnad",
    },
    "en": {
        "population": "inhabitants",
        "employees": "employees",
        "payslips": "payslips",
        "calls": "calls",
        "spend": "purchasing volume",
        "procurements": "procurements",
        "consultations": "pension consultations",
        "users": "users",
        "tickets": "tickets",
        "equal": "equal shares",
        "standalone": "own cost",
    },
}
_METHODS = {
    "sv": {
        "equal": "Lika delar",
        "standalone": "Efter egen kostnad",
        "equal_savings": "Lika besparing",
        "shapley": "Shapleyvärdet",
        "nucleolus": "Nukleolus",
        "per_capita_nucleolus": "Nukleolus per invånare",
        "least_core": "Minsta kärnan",
        "scrb": "SCRB (separabla kostnader)",
        "agreed": "Överenskommen nyckel",
        "proposed_key": "Föreslagen nyckel",
        "proportional": "Efter {driver}",
    },
    "en": {
        "equal": "Equal shares",
        "standalone": "By own cost",
        "equal_savings": "Equal savings",
        "shapley": "Shapley value",
        "nucleolus": "Nucleolus",
        "per_capita_nucleolus": "Per-capita nucleolus",
        "least_core": "Least core",
        "scrb": "SCRB",
        "agreed": "Agreed key",
        "proposed_key": "Proposed key",
        "proportional": "By {driver}",
    },
}


def driver_label(driver: str, lang: str = "sv") -> str:
    """``payslips`` → ``lönespecifikationer`` (sv) / ``payslips`` (en); unknown names pass through."""
    return _DRIVERS[lang].get(driver, driver)


def method_label(method: str, lang: str = "sv") -> str:
    """``proportional:population`` → ``Efter invånare``; ``shapley`` → ``Shapleyvärdet``."""
    if method.startswith("proportional:"):
        return _METHODS[lang]["proportional"].format(
            driver=driver_label(method.split(":", 1)[1], lang)
        )
    return _METHODS[lang].get(method, method)
