"""Names of the drivers a cost-sharing key may use, and where each comes from."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["FACT_DRIVERS", "DRIVER_MEASURES", "SERVICE_DRIVER", "driver_names"]

FACT_DRIVERS = ("population", "employees")
"""Drivers read from the municipality facts."""

DRIVER_MEASURES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "payslips": ("payroll", "payslips"),
        "calls": ("switchboard", "calls"),
        "spend": ("procurement", "spend"),
        "procurements": ("procurement", "procurements"),
        "consultations": ("pension", "consultations"),
        "users": ("it_support", "users"),
        "tickets": ("it_support", "tickets"),
    }
)
"""Driver name → (service, workload measure) it is read from: a municipality's own volume, alone."""

SERVICE_DRIVER: Mapping[str, str] = MappingProxyType(
    {
        "payroll": "payslips",
        "switchboard": "calls",
        "procurement": "spend",
        "pension": "consultations",
        "it_support": "users",
        "managers": "employees",
    }
)
"""The volume key councils usually pick per service (shared data, municipal_sources.md §3.3)."""


def driver_names(services: list[str]) -> list[str]:
    """Drivers available to a scenario with these services."""
    return [
        *FACT_DRIVERS,
        *(name for name, (service, _) in DRIVER_MEASURES.items() if service in services),
    ]
