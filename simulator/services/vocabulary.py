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
    "COMMUTING",
    "DOUBLE_RUNNING",
    "WORKPLACES",
    "MECHANISMS",
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
    name="systems",
    label=Wording(sv="System och licenser", en="Systems and licences"),
    mechanism="one_system",
)
TRAVEL = Component(name="travel", label=Wording(sv="Resor", en="Travel"), mechanism="sharing")
COORDINATION = Component(
    name="coordination", label=Wording(sv="Samordning", en="Coordination"), mechanism="sharing"
)
EXTERNAL = Component(
    name="external",
    label=Wording(sv="Köpta tjänster", en="Bought services"),
    mechanism="specialists",
)
MIGRATION = Component(
    name="migration", label=Wording(sv="Migrering", en="Migration"), mechanism="one_off"
)
PROJECT = Component(
    name="project",
    label=Wording(sv="Projekt och utbildning", en="Project and training"),
    mechanism="one_off",
)
COMMUTING = Component(
    name="commuting",
    label=Wording(sv="Pendling för flyttad personal", en="Commuting of transferred staff"),
    mechanism="sharing",
)
WORKPLACES = Component(
    name="workplaces",
    label=Wording(sv="Arbetsplatser för flyttad personal", en="Workplaces for moved staff"),
    mechanism="one_off",
)
DOUBLE_RUNNING = Component(
    name="double_running",
    label=Wording(sv="Dubbeldrift", en="Double running"),
    mechanism="one_off",
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
    COMMUTING,
    WORKPLACES,
    DOUBLE_RUNNING,
)
"""The shared components (a service declares its own besides these, e.g. ``given``)."""

MECHANISMS: dict[str, Wording] = {
    "scale": Wording(sv="Stordrift och enhetliga arbetssätt", en="Scale and standardised work"),
    "pooling": Wording(sv="Sammanslagna köer", en="Queue pooling"),
    "one_system": Wording(sv="Ett system i stället för flera", en="One system instead of several"),
    "specialists": Wording(sv="Specialister inom räckhåll", en="Specialists made affordable"),
    "minimum": Wording(sv="Gemensam minimibemanning", en="Shared minimum staffing"),
    "rounding": Wording(sv="Avrundning av tjänster", en="Rounding of posts"),
    "attrition": Wording(
        sv="Personal som ännu inte gått vidare", en="Staff not yet reduced (attrition)"
    ),
    "sharing": Wording(sv="Kostnader för samverkan", en="Costs of sharing"),
    "agreed": Wording(sv="Överenskommen kostnad", en="Agreed cost"),
    "price": Wording(sv="Lägre priser", en="Lower prices"),
    "other": Wording(sv="Övrigt", en="Other"),
    "one_off": Wording(sv="Engångskostnader", en="One-off costs"),
}
"""Where a saving comes from: the mechanisms a difference between alone and shared is put down
to (``saving_sources.csv``). Minimum staffing and rounding are named apart, so that a reader
sees how much of a saving they make; staff that cannot leave at once show as ``attrition``."""
