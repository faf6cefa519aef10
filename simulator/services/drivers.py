"""Names of the drivers a cost-sharing key may use, and where each comes from.

Derived from the service declarations (:data:`simulator.services.REGISTRY`) and the fact
drivers of :mod:`simulator.services.vocabulary`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from simulator.services import REGISTRY, vocabulary

__all__ = ["FACT_DRIVERS", "DRIVER_MEASURES", "SERVICE_DRIVER", "driver_names"]

FACT_DRIVERS: tuple[str, ...] = tuple(d.name for d in vocabulary.FACT_DRIVERS)
"""Drivers read from the municipality facts."""

DRIVER_MEASURES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {d.name: (s.name, d.measure) for s in REGISTRY.values() for d in s.drivers}
)
"""Driver name → (service, workload measure) it is read from: a municipality's own volume, alone."""

SERVICE_DRIVER: Mapping[str, str] = MappingProxyType(
    {s.name: s.volume_key for s in REGISTRY.values() if s.volume_key is not None}
)
"""The volume key councils usually pick per service (shared data, municipal_sources.md §3.3)."""


def driver_names(services: list[str]) -> list[str]:
    """Drivers available to a scenario with these services."""
    return [
        *FACT_DRIVERS,
        *(name for name, (service, _) in DRIVER_MEASURES.items() if service in services),
    ]
