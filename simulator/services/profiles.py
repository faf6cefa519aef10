"""Arrival profiles for queueing services: weekday shares and intraday shares over opening hours."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = ["Profiles"]

# A municipal switchboard open 08:00–16:30 in half-hour intervals: a morning peak 09–11,
# a lunch dip and a smaller afternoon peak (assumption; shape typical of Swedish municipal
# switchboards, no published profile found).
_INTRADAY = (4.0, 7.0, 8.5, 8.5, 8.0, 7.5, 6.0, 5.0, 5.5, 6.5, 6.5, 6.0, 5.5, 4.5, 4.0, 3.5, 3.5)
_WEEKDAY = (23.0, 20.5, 19.5, 19.5, 17.5)  # Monday heaviest, Friday lightest (assumption)


class Profiles(BaseModel):
    """When calls arrive. Shares are relative weights (normalised to sum to 1).

    ``intraday`` has one weight per interval of ``interval_minutes`` from ``opens`` (HH:MM);
    ``weekday`` has one weight per open weekday (Monday first).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    interval_minutes: int = Field(default=30, ge=5, le=120)
    opens: str = Field(default="08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    intraday: tuple[float, ...] = _INTRADAY
    weekday: tuple[float, ...] = _WEEKDAY
    source: str = "assumption: morning peak 09–11, lunch dip, Monday heaviest"

    @field_validator("intraday", "weekday")
    @classmethod
    def _weights(cls, values: tuple[float, ...]) -> tuple[float, ...]:
        if not values or any(v < 0 for v in values) or sum(values) <= 0:
            raise ValueError("weights must be >= 0 with a positive sum")
        return values

    @model_validator(mode="after")
    def _fits_in_day(self) -> Profiles:
        hours, minutes = map(int, self.opens.split(":"))
        if len(self.weekday) > 7:
            raise ValueError("at most 7 weekday weights")
        if hours * 60 + minutes + len(self.intraday) * self.interval_minutes > 24 * 60:
            raise ValueError("opening hours run past midnight")
        return self

    def intraday_array(self) -> np.ndarray:
        """Intraday shares, shape (K,), summing to 1."""
        values = np.asarray(self.intraday, dtype=np.float64)
        return values / values.sum()

    def weekday_array(self) -> np.ndarray:
        """Weekday shares, shape (D,), summing to 1."""
        values = np.asarray(self.weekday, dtype=np.float64)
        return values / values.sum()

    @property
    def open_hours_per_day(self) -> float:
        """Opening hours per day."""
        return len(self.intraday) * self.interval_minutes / 60.0
