"""When a shared service starts and where it sits: the ``timeline:`` and ``host:`` of a scenario.

A timeline says when the councils decide, how long the preparation takes (the one-off project and
migration costs fall in those months), the month shared operation starts, and how many months the
members' own organisations keep running beside the shared one (double running). It is given for
all services at the top of a scenario and may be overridden per service::

    timeline: {decision: 2013-12, start: 2015-01, preparation_months: 12, double_running_months: 2}
    services:
      payroll:
        timeline: {start: 2017-01}
        host: Älvsbyn

The host of a shared service is a member by name, or ``{distributed: {Piteå: 0.6, Älvsbyn: 0.4}}``
(the share of the shared staff kept at each site). Without ``host:`` a coalition's host is its
most populous member. Without ``timeline:`` shared operation starts in January of the base year
and the one-off costs fall in the first ``transition_years`` (the scenario's economics).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "Month",
    "TimelineFile",
    "Timeline",
    "HostFile",
    "Host",
    "DEFAULT_PREPARATION_MONTHS",
    "DEFAULT_DOUBLE_RUNNING_MONTHS",
    "overlap",
]

DEFAULT_PREPARATION_MONTHS = 12
"""Assumption: a year from the decision to the start (procurement of a system, the agreement,
recruitment, migration); Piteå and Älvsbyn decided on the lönecenter's study in December 2013 and
started it in 2017, so real preparations can take much longer (set ``start`` from the record)."""

DEFAULT_DOUBLE_RUNNING_MONTHS = 1
"""Assumption: a month in which the members' own organisations still run beside the shared one
(a parallel pay run, the old switchboard kept open) before they close."""

_MONTH = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month (year, month 1–12)."""

    year: int
    month: int = 1

    @classmethod
    def parse(cls, value: object) -> Month:
        """``2017``, ``"2017-09"`` or ``"2017-09-01"`` (a day is taken as its month); a YAML date
        too."""
        if hasattr(value, "year") and hasattr(value, "month"):
            return cls(int(value.year), int(value.month))
        text = str(value).strip()
        found = _MONTH.match(text)
        if found is None or isinstance(value, bool):
            raise ValueError(f"a year or a month such as 2017 or 2017-09; {value!r} is neither")
        year, month = int(found.group(1)), int(found.group(2) or 1)
        if not 1990 <= year <= 2100 or not 1 <= month <= 12:
            raise ValueError(f"a month between 1990-01 and 2100-12; {value!r} is not")
        return cls(year, month)

    @property
    def decimal(self) -> float:
        """The month's start as a decimal year: 2017-07 → 2017.5."""
        return self.year + (self.month - 1) / 12

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


class TimelineFile(BaseModel):
    """A ``timeline:`` block as written (every field optional; a service's block overrides the
    scenario's field by field)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    decision: Month | None = None
    start: Month | None = None
    preparation_months: int | None = Field(default=None, ge=0, le=120)
    double_running_months: float | None = Field(default=None, ge=0, le=24)
    source: str | None = Field(default=None, max_length=2000)

    @field_validator("decision", "start", mode="before")
    @classmethod
    def _month(cls, value: object) -> Month | None:
        return None if value is None else Month.parse(value)

    @model_validator(mode="after")
    def _order(self) -> TimelineFile:
        if self.decision is not None and self.start is not None and self.start < self.decision:
            raise ValueError(f"a start ({self.start}) not before the decision ({self.decision})")
        return self

    def over(self, base: TimelineFile | None) -> TimelineFile:
        """This block with the fields it leaves out taken from ``base`` (the scenario's)."""
        if base is None:
            return self
        given = {k: getattr(self, k) for k in type(self).model_fields}
        return base.model_copy(update={k: v for k, v in given.items() if v is not None})


@dataclass(frozen=True)
class Timeline:
    """A service's resolved timeline.

    ``start`` is the first month of shared operation; ``preparation_months`` the months before it
    in which the one-off costs fall (0: they fall from the start, over ``transition_years``);
    ``double_running_months`` the months after the start in which the members' own organisations
    still run. ``given`` says whether the scenario gave a timeline (else the start is January of
    the base year, as a scenario without one has always meant).
    """

    start: Month
    preparation_months: int
    double_running_months: float
    decision: Month | None = None
    given: bool = False
    source: str | None = None

    @classmethod
    def resolve(cls, block: TimelineFile | None, base_year: int) -> Timeline:
        """The timeline of ``block`` (None: no timeline given) for a scenario starting in
        ``base_year``. A block without ``start`` starts ``preparation_months`` after the decision
        (or in January of the base year when no decision is given either)."""
        if block is None:
            return cls(Month(base_year), 0, 0.0)
        preparation = (
            DEFAULT_PREPARATION_MONTHS
            if block.preparation_months is None
            else block.preparation_months
        )
        start = block.start
        if start is None:
            if block.decision is None:
                start = Month(base_year)
            else:
                months = block.decision.year * 12 + block.decision.month - 1 + preparation
                start = Month(months // 12, months % 12 + 1)
        double = (
            DEFAULT_DOUBLE_RUNNING_MONTHS
            if block.double_running_months is None
            else block.double_running_months
        )
        return cls(start, preparation, float(double), block.decision, True, block.source)

    def operating_share(self, years: np.ndarray) -> np.ndarray:
        """(Y,) share of each year in shared operation: 0 before the start year, the months from
        the start in the start year (a July start: 0.5), 1 after.

        >>> Timeline(Month(2017, 7), 0, 0.0).operating_share(np.arange(2016, 2019)).tolist()
        [0.0, 0.5, 1.0]
        """
        return np.clip(years + 1 - self.start.decimal, 0.0, 1.0)

    def double_running_share(self, years: np.ndarray) -> np.ndarray:
        """(Y,) share of each year in double running: the ``double_running_months`` from the
        start, split over the years they fall in.

        >>> Timeline(Month(2017, 11), 0, 4.0).double_running_share(np.arange(2016, 2019)).tolist()
        [0.0, 0.16666666666666666, 0.16666666666666666]
        """
        begin = self.start.decimal
        end = begin + self.double_running_months / 12
        return overlap(years, begin, end)

    def preparation_share(self, years: np.ndarray) -> np.ndarray | None:
        """(Y,) share of the one-off costs falling in each year: spread evenly over the
        preparation months, those before the first year counted in the first year; None when the
        preparation takes no months (the one-off costs then fall from the start).

        >>> Timeline(Month(2017), 18, 0.0).preparation_share(np.arange(2014, 2018)).tolist()
        [0.0, 0.3333333333333333, 0.6666666666666666, 0.0]
        >>> Timeline(Month(2015), 24, 0.0).preparation_share(np.arange(2014, 2016)).tolist()
        [1.0, 0.0]
        """
        if self.preparation_months <= 0:
            return None
        end = self.start.decimal
        begin = end - self.preparation_months / 12
        first = float(years[0])
        share = overlap(years, max(begin, first), max(end, first))
        if share.sum() <= 0:  # the whole preparation before the first year: count it there
            share = np.zeros(years.size)
            share[0] = 1.0
            return share
        return share / share.sum()

    def starts_after(self, base_year: int) -> bool:
        """Whether shared operation starts after January of the base year."""
        return self.start > Month(base_year)


def overlap(years: np.ndarray, begin: float, end: float) -> np.ndarray:
    """(Y,) the part of [begin, end) within each calendar year, in years."""
    low = np.maximum(years.astype(np.float64), begin)
    high = np.minimum(years.astype(np.float64) + 1.0, end)
    return np.clip(high - low, 0.0, None)


class HostFile(BaseModel):
    """``host: {distributed: {member: share, ...}}`` as written (a plain name is taken apart)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    distributed: dict[str, float]

    @field_validator("distributed")
    @classmethod
    def _shares(cls, shares: dict[str, float]) -> dict[str, float]:
        if len(shares) < 2:
            raise ValueError("at least two sites with a share each (or name one host)")
        bad = [k for k, v in shares.items() if not (np.isfinite(v) and 0 <= v <= 1)]
        if bad:
            raise ValueError(f"shares between 0 and 1 ({bad[0]}: {shares[bad[0]]})")
        if abs(sum(shares.values()) - 1) > 1e-6:
            raise ValueError(f"shares that sum to 1 (they sum to {sum(shares.values()):g})")
        return shares


@dataclass(frozen=True)
class Host:
    """Where a service's shared staff work: one member (``name``) or several sites (``shares``,
    by municipality, summing to 1). ``None`` for both: the coalition's most populous member."""

    name: str | None = None
    shares: Mapping[str, float] | None = None

    @property
    def given(self) -> bool:
        """Whether the scenario names a host."""
        return self.name is not None or self.shares is not None

    def describe(self) -> str:
        """``Älvsbyn``, ``Piteå 60 %, Älvsbyn 40 %`` or ``the most populous member``."""
        if self.name is not None:
            return self.name
        if self.shares is not None:
            return ", ".join(f"{k} {v:.0%}" for k, v in self.shares.items())
        return "the most populous member"

    def weights(self, municipalities: Sequence[str]) -> np.ndarray | None:
        """(n,) the site shares in scenario order (0 for a municipality not named), or None for a
        single host."""
        if self.shares is None:
            return None
        return np.array([self.shares.get(m, 0.0) for m in municipalities], dtype=np.float64)

    def preferred(self, municipalities: Sequence[str]) -> int | None:
        """Index of the preferred host: the named one, or the site with the largest share (the
        first of equals); None when no host is given."""
        if self.name is not None:
            return list(municipalities).index(self.name)
        weights = self.weights(municipalities)
        return None if weights is None else int(np.argmax(weights))
