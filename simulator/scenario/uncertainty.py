"""What a scenario says about its uncertainty study (``uncertainty:`` in a scenario file).

Every estimate with a range is drawn from a PERT distribution by default; a scenario may choose
another distribution for all (``distribution``) or for named parameters (``distributions``, by the
parameter's path as the file writes it, e.g. ``services.payroll.hours_per_payslip``), declare rank
correlations between named parameters, and state the relative uncertainty of facts marked
``estimate``. Paths are checked against the scenario's parameters when a study starts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["Correlation", "UncertaintySettings"]

Kind = Literal["pert", "triangular", "uniform", "fixed"]


class Correlation(BaseModel):
    """A rank (Spearman) correlation between two parameters."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    first: str = Field(min_length=1, max_length=200)
    second: str = Field(min_length=1, max_length=200)
    rank: float = Field(gt=-1, lt=1)


class UncertaintySettings(BaseModel):
    """Settings of the uncertainty study (see the module docstring)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    distribution: Kind = "pert"
    distributions: dict[str, Kind] = {}
    correlations: tuple[Correlation, ...] = ()
    facts: float = Field(default=0.03, ge=0, le=0.5)
    """± relative uncertainty (uniform) of facts marked ``estimate``; 3 % is an assumption: the
    estimated population and employee figures are interpolations or ratio estimates within about
    3 % of the verified figures around them (scenarios/data/README.md)."""

    @field_validator("correlations")
    @classmethod
    def _each_pair_once(cls, pairs: tuple[Correlation, ...]) -> tuple[Correlation, ...]:
        seen = set()
        for pair in pairs:
            key = frozenset((pair.first, pair.second))
            if len(key) != 2:
                raise ValueError(f"a parameter is not correlated with itself ({pair.first})")
            if key in seen:
                raise ValueError(f"the pair {pair.first}, {pair.second} is given twice")
            seen.add(key)
        return pairs
