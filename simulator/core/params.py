"""Parameters: one declaration each (name, unit, default, plausible range, source).

A scenario gives a parameter as ``{value, unit, source, low, high}``. The model declares the
unit it expects (:class:`ParamSpec`); a scenario whose unit differs is rejected.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

__all__ = ["Kind", "Param", "ParamSpec", "ResolvedParam", "labels_assumption"]

_ASSUMPTION_WORDS = ("assumption", "estimate", "variant", "antagande", "uppskattning", "skattning")


def labels_assumption(source: str) -> bool:
    """True when a source text labels its figure an assumption, an estimate or a variant's choice.

    >>> labels_assumption("Antagande: 0,5 h per lönespecifikation")
    True
    >>> labels_assumption("SCB, folkmängd 31 december 2023")
    False
    """
    return any(word in source.lower() for word in _ASSUMPTION_WORDS)


class Kind(str, Enum):
    """What values a parameter may take."""

    POSITIVE = "positive"  # > 0
    NONNEGATIVE = "nonnegative"  # >= 0
    SHARE = "share"  # in [0, 1]
    OPEN_SHARE = "open share"  # in (0, 1): neither none nor all
    WHOLE = "whole"  # a whole number >= 1
    ANY = "any"  # any finite number

    def allows(self, value: float) -> bool:
        """Whether ``value`` is of this kind (always a finite number)."""
        if not math.isfinite(value):
            return False
        if self is Kind.POSITIVE:
            return value > 0
        if self is Kind.NONNEGATIVE:
            return value >= 0
        if self is Kind.SHARE:
            return 0.0 <= value <= 1.0
        if self is Kind.OPEN_SHARE:
            return 0.0 < value < 1.0
        if self is Kind.WHOLE:
            return value >= 1 and float(value).is_integer()
        return True

    def describe(self) -> str:
        """What is allowed, in words."""
        return {
            Kind.POSITIVE: "a number > 0",
            Kind.NONNEGATIVE: "a number >= 0",
            Kind.SHARE: "a share between 0 and 1",
            Kind.OPEN_SHARE: "a share strictly between 0 and 1",
            Kind.WHOLE: "a whole number >= 1",
            Kind.ANY: "a finite number",
        }[self]


class Param(BaseModel):
    """A parameter as written in a scenario file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    unit: str
    source: str
    low: float
    high: float

    @field_validator("source", "unit")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("must not be empty")
        return text.strip()

    @model_validator(mode="after")
    def _in_range(self) -> Param:
        if not all(math.isfinite(v) for v in (self.value, self.low, self.high)):
            raise ValueError("value, low and high must be finite numbers")
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not exceed high ({self.high:g})")
        if not self.low <= self.value <= self.high:
            raise ValueError(
                f"value {self.value:g} lies outside its plausible range "
                f"[{self.low:g}, {self.high:g}]; widen the range or change the value"
            )
        return self


@dataclass(frozen=True)
class ParamSpec:
    """A model's declaration of one parameter.

    ``default`` is used when a scenario does not name the parameter; its ``source`` says where
    the default comes from (or that it is an assumption). ``policy`` marks a choice the
    cooperation makes (a service-level target, a minimum staffing, the staffing step, whole-number
    structural settings) rather than a figure it estimates: it stays fixed when the estimates
    are drawn for a Monte Carlo run.
    """

    name: str
    unit: str
    default: float | None  # None: optional, off unless the scenario gives it
    low: float
    high: float
    source: str
    description: str
    kind: Kind = Kind.POSITIVE
    policy: bool = False

    def resolve(self, given: Param | None, origin: str) -> ResolvedParam:
        """The parameter as used: the scenario's value if given, else the declared default."""
        if given is None:
            if self.default is None:
                raise ValueError(f"parameter {self.name} has no default and was not given")
            return ResolvedParam(
                name=self.name,
                value=self.default,
                unit=self.unit,
                source=self.source,
                low=self.low,
                high=self.high,
                description=self.description,
                origin="default",
                declared_low=self.low,
                declared_high=self.high,
            )
        return ResolvedParam(
            name=self.name,
            value=given.value,
            unit=given.unit,
            source=given.source,
            low=given.low,
            high=given.high,
            description=self.description,
            origin=origin,
            declared_low=self.low,
            declared_high=self.high,
        )


@dataclass(frozen=True)
class ResolvedParam:
    """A parameter's value as used in a run, with where it came from (for the assumptions table)."""

    name: str
    value: float
    unit: str
    source: str
    low: float
    high: float
    description: str
    origin: str  # "default" or the scenario id that set it
    declared_low: float = -math.inf  # the model's declared plausible range
    declared_high: float = math.inf

    @property
    def within_declared_range(self) -> bool:
        """Whether the value lies in the model's declared plausible range (reports flag it if
        not)."""
        return self.declared_low <= self.value <= self.declared_high

    @property
    def is_assumption(self) -> bool:
        """True when the source labels the value an assumption, an estimate or a variant's
        choice."""
        return labels_assumption(self.source)
