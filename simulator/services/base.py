"""The protocol every service model follows, and the context it is evaluated in.

A service is evaluated once for all years and all coalitions: every array it returns has
shape ``(years, coalitions)`` (the coalition last), so the same code serves one coalition,
all ``2**n - 1`` of them, and later a leading Monte Carlo axis.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from pydantic import BaseModel

from simulator.core.facts import Facts
from simulator.core.params import ParamSpec

__all__ = ["Context", "Measure", "StaffGroup", "ServiceOutput", "Service", "Values"]

Values = Mapping[str, float]


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
    """

    facts: Facts
    membership: np.ndarray
    size: np.ndarray
    host: np.ndarray
    distance_to_host: np.ndarray
    economics: Values
    service_fte: Mapping[str, np.ndarray] = field(default_factory=lambda: MappingProxyType({}))

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
    """Staff of one kind: fractional FTE needed, minimum FTE, monthly salary in base-year SEK."""

    fte: np.ndarray
    minimum_fte: np.ndarray | float
    monthly_salary: float


@dataclass(frozen=True)
class ServiceOutput:
    """What a service model returns; every array is (Y, C) SEK or units as named.

    ``costs`` are annual non-personnel costs in SEK (real base-year prices; staff time and bought
    work follow the wage index, systems and travel do not); ``one_off`` are total
    one-off transition costs per coalition in SEK, shape (C,); ``choices`` are labelled
    per-(year, coalition) decisions (e.g. make or buy) to show in the output.
    """

    workload: Mapping[str, Measure]
    staff: Mapping[str, StaffGroup]
    costs: Mapping[str, np.ndarray]
    one_off: Mapping[str, np.ndarray] = field(default_factory=lambda: MappingProxyType({}))
    choices: Mapping[str, np.ndarray] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Service:
    """A service model: its declared parameters and its evaluation function.

    ``evaluate(context, params, settings) -> ServiceOutput`` where ``params`` maps parameter
    names to values in the declared units and ``settings`` is an instance of
    ``settings_model`` (non-scalar inputs such as arrival profiles), or None.
    """

    name: str
    title_sv: str
    title_en: str
    params: tuple[ParamSpec, ...]
    evaluate: Callable[[Context, Values, BaseModel | None], ServiceOutput]
    settings_model: type[BaseModel] | None = None
    uses_other_services: bool = False  # evaluated after the others, with ``Context.service_fte``

    def spec(self, name: str) -> ParamSpec:
        """The declaration of parameter ``name``."""
        return {p.name: p for p in self.params}[name]
