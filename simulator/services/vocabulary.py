"""Drivers and cost components that several services share, declared once.

The fact drivers (inhabitants, employees) are read from the municipality facts, so every
scenario has them; the components are those the engine adds to every staffed service
(personnel, overhead) and those the shared pieces in :mod:`simulator.services.common` produce.
"""

from __future__ import annotations

from simulator.services.base import Component, Driver, Wording

__all__ = [
    "POPULATION",
    "EMPLOYEES",
    "FACT_DRIVERS",
    "PERSONNEL",
    "OVERHEAD",
    "SYSTEMS",
    "TRAVEL",
    "COORDINATION",
    "EXTERNAL",
    "MIGRATION",
    "PROJECT",
    "TRANSITION",
    "STAFFED",
    "COMPONENTS",
]

POPULATION = Driver(
    name="population",
    measure="population",
    unit="inhabitants",
    label=Wording(sv="invånare", en="inhabitants"),
    phrase=Wording(sv="antal invånare", en="number of inhabitants"),
)
EMPLOYEES = Driver(
    name="employees",
    measure="employees",
    unit="employees",
    label=Wording(sv="anställda", en="employees"),
    phrase=Wording(sv="antal anställda", en="number of employees"),
)
FACT_DRIVERS: tuple[Driver, ...] = (POPULATION, EMPLOYEES)
"""Drivers read from the municipality facts (``measure`` names the facts column)."""

PERSONNEL = Component(name="personnel", label=Wording(sv="Personal", en="Staff"))
OVERHEAD = Component(
    name="overhead", label=Wording(sv="Lokaler och övrigt", en="Premises and other")
)
SYSTEMS = Component(
    name="systems", label=Wording(sv="System och licenser", en="Systems and licences")
)
TRAVEL = Component(name="travel", label=Wording(sv="Resor", en="Travel"))
COORDINATION = Component(name="coordination", label=Wording(sv="Samordning", en="Coordination"))
EXTERNAL = Component(name="external", label=Wording(sv="Köpta tjänster", en="Bought services"))
MIGRATION = Component(name="migration", label=Wording(sv="Migrering", en="Migration"))
PROJECT = Component(
    name="project", label=Wording(sv="Projekt och utbildning", en="Project and training")
)

TRANSITION: tuple[Component, ...] = (MIGRATION, PROJECT)
"""The one-off components of :func:`simulator.services.common.transition_costs`."""
STAFFED: tuple[Component, ...] = (PERSONNEL, OVERHEAD, *TRANSITION)
"""What every staffed service that can be shared has: staff, their overhead, the transition."""
COMPONENTS: tuple[Component, ...] = (
    PERSONNEL,
    OVERHEAD,
    SYSTEMS,
    TRAVEL,
    COORDINATION,
    EXTERNAL,
    MIGRATION,
    PROJECT,
)
"""The shared components (a service declares its own besides these, e.g. ``given``)."""
