"""The protocol every service model follows, and the context it is evaluated in.

A service is evaluated once for all years and all coalitions: every array it returns has
shape ``(years, coalitions)`` (the coalition last), so the same code serves one coalition,
all ``2**n - 1`` of them, and a leading axis of Monte Carlo draws, ``(draws, years, coalitions)``.
With draws, a drawn parameter reaches the service as a (D, 1, 1) array (see :data:`Value`) and
the facts as (D, Y, n) arrays; a parameter of a (..., Y, n, C) array takes
:func:`simulator.services.common.per_member`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Protocol, runtime_checkable

import numpy as np
from pydantic import BaseModel

from simulator.core.facts import Facts
from simulator.core.params import ParamSpec

__all__ = [
    "Context",
    "Measure",
    "StaffGroup",
    "ServiceLevelCurves",
    "ServiceOutput",
    "Service",
    "Value",
    "Values",
    "Wording",
    "Driver",
    "Component",
    "Arrangement",
]

Value = float | np.ndarray
"""A parameter's value: a number, or with draws a (D, 1, 1) array that broadcasts against
(D, Y, C) arrays. Policy parameters (:attr:`ParamSpec.policy`) are always numbers."""

Values = Mapping[str, Value]


@dataclass(frozen=True)
class Wording:
    """One text in Swedish and English."""

    sv: str
    en: str

    def pick(self, lang: str) -> str:
        """The text in ``lang`` (``sv`` or ``en``)."""
        return {"sv": self.sv, "en": self.en}[lang]


@dataclass(frozen=True)
class Driver:
    """A figure a cost-sharing key may split by: a municipality's own volume, alone.

    ``measure`` names the workload measure of the declaring service it is read from (for the
    drivers every scenario has, the column of the municipality facts); ``label`` is the short
    name in tables (``lönespecifikationer``), ``phrase`` the words in a key sentence ("efter
    ``antal lönespecifikationer``").
    """

    name: str
    measure: str
    unit: str
    label: Wording
    phrase: Wording


@dataclass(frozen=True)
class Component:
    """A cost component (``personnel``, ``systems``, …), its display label, and the mechanism
    (:data:`simulator.services.vocabulary.MECHANISMS`) a difference in it between alone and
    shared comes from."""

    name: str
    label: Wording
    mechanism: str = "other"


@dataclass(frozen=True)
class Context:
    """What a service needs besides its own parameters.

    Attributes
    ----------
    facts : municipality facts for the scenario's years, columns in scenario order
    membership : (n, C) matrix, 1.0 where municipality i belongs to coalition c
    size : (C,) number of members per coalition
    host : (C,) index of the host municipality of each coalition (the most populous member
        in the base year: where a shared service is assumed to be placed)
    distance_to_host : (n, C) road km from each member's central town to the host; 0 for non-members
    economics : resolved economic parameters (name → value)
    service_fte : staffed FTE (Y, C) of the services evaluated before this one; filled only for
        services declared with ``uses_other_services`` (e.g. managers from a span of control)
    draws : the leading shape of Monte Carlo draws: ``()`` in a plain run, ``(D,)`` with draws
        (then facts are (D, Y, n), drawn parameters (D, 1, 1), and ``host`` (D, 1, C) and
        ``distance_to_host`` (D, 1, n, C) when the facts are drawn)
    price_year : the year the scenario's salaries and hourly costs are priced in (None: the base
        year); the wage index runs from it
    """

    facts: Facts
    membership: np.ndarray
    size: np.ndarray
    host: np.ndarray
    distance_to_host: np.ndarray
    economics: Values
    service_fte: Mapping[str, np.ndarray] = field(default_factory=lambda: MappingProxyType({}))
    draws: tuple[int, ...] = ()
    price_year: int | None = None

    @property
    def years(self) -> np.ndarray:
        """Scenario years, shape (Y,)."""
        return self.facts.years

    def pool(self, per_municipality: np.ndarray) -> np.ndarray:
        """Sum a (..., n) array over the members of every coalition → (..., C)."""
        return per_municipality @ self.membership

    def shared(self) -> np.ndarray:
        """(C,) 1.0 for coalitions of two or more members (where sharing costs arise)."""
        return (self.size >= 2).astype(np.float64)


@dataclass(frozen=True)
class Measure:
    """A workload figure per (year, coalition) and its unit."""

    values: np.ndarray
    unit: str


@dataclass(frozen=True)
class StaffGroup:
    """Staff of one kind: fractional FTE needed, minimum FTE, monthly salary in base-year SEK.

    ``pool`` names the occupation the group belongs to: groups of a service with the same pool
    share their staff, so surplus staff of one fill open needs of another before anyone is hired
    and attrition acts on the pool (an IT desk and its technicians); None: a pool of its own.
    ``at_sites`` (..., Y, n, C) is the part of ``fte`` that works at each member's own site
    rather than with the shared staff at the host (technicians based at each site); None: all
    at the host.
    """

    fte: np.ndarray
    minimum_fte: np.ndarray | float
    monthly_salary: Value
    pool: str | None = None
    at_sites: np.ndarray | None = None


@dataclass(frozen=True)
class ServiceLevelCurves:
    """Service level and abandonment against agents on duty, at the peak interval of some
    coalitions (those a reader compares: each member alone and all together).

    What pooling queues saves, computed once by a queueing service with the formulas it staffs
    by, for readers who draw it.

    Attributes
    ----------
    agents : (A,) agents on duty, 1, 2, … to well past the largest peak
    masks : (K,) the coalitions of the curves (bitmasks, increasing)
    traffic : (..., Y, K) offered traffic in each of those coalitions' peak interval, Erlang
    service_level : (A, ..., Y, K) share of calls answered within ``answer_within``
    abandonment : (A, ..., Y, K) share of callers who hang up (0 without a patience)
    answer_within : the service-level threshold, s
    target : the service-level target, a share (0.8 = 80 %)
    patience : mean caller patience, s (Erlang A); None for Erlang C (no abandonment)
    """

    agents: np.ndarray
    masks: np.ndarray
    traffic: np.ndarray
    service_level: np.ndarray
    abandonment: np.ndarray
    answer_within: float
    target: float
    patience: float | None


@dataclass(frozen=True)
class ServiceOutput:
    """What a service model returns; every array is (Y, C) SEK or units as named.

    ``costs`` are annual non-personnel costs in SEK (real base-year prices; staff time and bought
    work follow the wage index, systems and travel do not); ``one_off`` are total
    one-off transition costs per coalition in SEK, shape (C,); ``choices`` are labelled
    per-(year, coalition) decisions (e.g. make or buy) to show in the output; ``queue`` the
    service-level curves of a queueing service (None for the others).
    """

    workload: Mapping[str, Measure]
    staff: Mapping[str, StaffGroup]
    costs: Mapping[str, np.ndarray]
    one_off: Mapping[str, np.ndarray] = field(default_factory=lambda: MappingProxyType({}))
    choices: Mapping[str, np.ndarray] = field(default_factory=lambda: MappingProxyType({}))
    queue: ServiceLevelCurves | None = None


@runtime_checkable
class Arrangement(Protocol):
    """Settings of an arrangement that may already be in place before the base year.

    ``existing`` says it is; ``agreed_shares`` gives how its members split the shared cost today,
    (n,) shares of the grand coalition's cost summing to 1. The engine then compares the shared
    cost with that split instead of with each member alone (it brings no new saving).
    """

    existing: bool

    def agreed_shares(self, municipalities: Sequence[str]) -> np.ndarray:
        """(n,) today's shares of the shared cost, in the order of ``municipalities``."""
        ...


@dataclass(frozen=True)
class Service:
    """A service model, declared once: its titles, drivers, cost components, parameters and
    evaluation function.

    ``mechanism`` names what a staff need that differs alone and shared comes from (one of
    :data:`simulator.services.vocabulary.MECHANISMS`), ``group_mechanisms`` the same per staff
    group where a group's need has another (payroll's ``system_admin``: ``one_system``).

    ``evaluate(context, params, settings) -> ServiceOutput`` where ``params`` maps parameter
    names to values in the declared units and ``settings`` is an instance of
    ``settings_model`` (non-scalar inputs such as arrival profiles), or None.
    ``drivers`` are the service's own key drivers (read from its workload), ``components`` the
    cost components its results may hold, ``volume_key`` the driver councils usually share it by
    (one of its own drivers or a fact driver such as ``employees``), or None.
    """

    name: str
    title_sv: str
    title_en: str
    params: tuple[ParamSpec, ...]
    evaluate: Callable[[Context, Values, BaseModel | None], ServiceOutput]
    drivers: tuple[Driver, ...] = ()
    components: tuple[Component, ...] = ()
    volume_key: str | None = None
    settings_model: type[BaseModel] | None = None
    uses_other_services: bool = False  # evaluated after the others, with ``Context.service_fte``
    mechanism: str = "scale"
    group_mechanisms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def title(self, lang: str) -> str:
        """The display title in ``lang`` (``sv`` or ``en``)."""
        return Wording(self.title_sv, self.title_en).pick(lang)

    def spec(self, name: str) -> ParamSpec:
        """The declaration of parameter ``name``."""
        return {p.name: p for p in self.params}[name]
