"""Service models. ``REGISTRY`` maps the service names a scenario may use to their models."""

from __future__ import annotations

from types import MappingProxyType

from simulator.services import payroll, switchboard
from simulator.services.base import Service

__all__ = ["REGISTRY"]

REGISTRY: MappingProxyType[str, Service] = MappingProxyType({
    s.name: s for s in (payroll.SERVICE, switchboard.SERVICE)
})
