"""Service models. ``REGISTRY`` maps the service names a scenario may use to their models.

The given-cost model serves several arrangements, each under its own name (``given_cost``,
``rescue_service``, ``hemlangtan``), so that one scenario can hold more than one.

May import: core and queueing (never scenario, engine, report or cli).
"""

from __future__ import annotations

from types import MappingProxyType

from simulator.services import (
    given_cost,
    it_support,
    managers,
    payroll,
    pension,
    procurement,
    switchboard,
)
from simulator.services.base import Service

__all__ = ["REGISTRY"]

REGISTRY: MappingProxyType[str, Service] = MappingProxyType(
    {
        s.name: s
        for s in (
            payroll.SERVICE,
            switchboard.SERVICE,
            procurement.SERVICE,
            pension.SERVICE,
            it_support.SERVICE,
            managers.SERVICE,
            *given_cost.SERVICES,
        )
    }
)
