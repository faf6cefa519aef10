"""Given-cost arrangements: services whose annual cost is decided rather than modelled.

Settings give each member's stand-alone annual cost (one figure for all, or one per
municipality), an optional fixed saving per extra member and a floor, the period the
arrangement runs and the key the parties agreed. For a coalition S, in SEK a year::

    c(S) = max(Σ_{i∈S} stand-alone_i − saving × (|S| − 1), min(floor, Σ_{i∈S} stand-alone_i))
           × months active in the year / 12

A month counts as active when any day of it lies in [start, end]. The agreed key is
:meth:`GivenCostSettings.agreed_shares`, to show beside the game-theory allocations. One model
serves several arrangements under their own service names (see ``SERVICES``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeFloat,
    ValidationInfo,
    field_validator,
    model_validator,
)

from simulator.services.base import (
    Component,
    Context,
    Measure,
    Service,
    ServiceOutput,
    Values,
    Wording,
)

__all__ = ["GivenCostSettings", "given_cost_service", "SERVICES"]

Share = Annotated[float, Field(ge=0.0, le=1.0)]


class GivenCostSettings(BaseModel):
    """An arrangement's decided costs (SEK a year, base-year prices), period, agreed key and source.

    ``key`` is ``equal``, ``standalone`` (proportional to the stand-alone costs, the historic-cost
    key) or ``shares`` (then ``shares`` gives each municipality's share, summing to 1). When the
    loader passes ``context={"municipalities": [...]}`` the names in ``annual_cost_by_municipality``
    and ``shares`` are checked against them at validation; otherwise when the costs or the key are
    first asked for.

    ``existing``: the arrangement is already in place before the base year: today's cost is the
    shared cost, so it brings no new saving; it stays in the cost games so its key can be compared.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    annual_cost: NonNegativeFloat | None = None
    annual_cost_by_municipality: dict[str, NonNegativeFloat] = {}
    saving_per_extra_member: NonNegativeFloat = 0.0
    floor: NonNegativeFloat = 0.0
    start: date | None = None
    end: date | None = None
    key: Literal["equal", "standalone", "shares"] = "equal"
    shares: dict[str, Share] = {}
    existing: bool = False
    source: str = Field(min_length=1)

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise ValueError(f"an end date on or after start ({start})")
        return end

    @field_validator("shares")
    @classmethod
    def _sum_to_one(cls, shares: dict[str, float]) -> dict[str, float]:
        if shares and abs(sum(shares.values()) - 1.0) > 1e-9:
            raise ValueError(f"shares summing to 1 (they sum to {sum(shares.values()):g})")
        return shares

    @field_validator("annual_cost_by_municipality", "shares")
    @classmethod
    def _known_names(cls, given: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        names = (info.context or {}).get("municipalities")
        if names is not None:
            _check_names(str(info.field_name), given, names)
        return given

    @model_validator(mode="after")
    def _consistent(self) -> GivenCostSettings:
        if (self.annual_cost is None) == (not self.annual_cost_by_municipality):
            raise ValueError(
                "either annual_cost (one figure for all) or annual_cost_by_municipality, not both"
            )
        if (self.key == "shares") != bool(self.shares):
            raise ValueError("key 'shares' together with shares (municipality: share), or neither")
        return self

    def _check_names(self, municipalities: Sequence[str]) -> None:
        for field in ("annual_cost_by_municipality", "shares"):
            _check_names(field, getattr(self, field), municipalities)

    def standalone(self, municipalities: Sequence[str]) -> np.ndarray:
        """(n,) each municipality's stand-alone cost, SEK a year."""
        self._check_names(municipalities)
        if self.annual_cost is not None:
            return np.full(len(municipalities), self.annual_cost)
        return np.array(
            [self.annual_cost_by_municipality[m] for m in municipalities], dtype=np.float64
        )

    def months_active(self, years: np.ndarray) -> np.ndarray:
        """(Y,) months of each calendar year in which the arrangement runs (0–12)."""
        first = -np.inf if self.start is None else self.start.year * 12 + self.start.month - 1
        last = np.inf if self.end is None else self.end.year * 12 + self.end.month - 1
        begin = np.asarray(years, dtype=np.float64) * 12
        return np.maximum(np.minimum(last, begin + 11) - np.maximum(first, begin) + 1, 0.0)

    def agreed_shares(self, municipalities: Sequence[str]) -> np.ndarray:
        """(n,) the key the parties agreed, as shares of the grand coalition's cost summing to 1."""
        if self.key == "shares":
            self._check_names(municipalities)
            return np.array([self.shares[m] for m in municipalities], dtype=np.float64)
        if self.key == "standalone":
            costs = self.standalone(municipalities)
            return (
                costs / costs.sum()
                if costs.sum() > 0
                else np.full(len(municipalities), 1 / len(municipalities))
            )
        return np.full(len(municipalities), 1.0 / len(municipalities))


def _check_names(field: str, given: dict[str, float], municipalities: Sequence[str]) -> None:
    """``given`` (if not empty) names each of ``municipalities`` and no other, or ValueError
    saying which."""
    if not given or set(given) == set(municipalities):
        return
    unknown = [name for name in given if name not in municipalities]
    missing = [name for name in municipalities if name not in given]
    wrong = (
        f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not in the scenario"
        if unknown
        else f"missing {', '.join(missing)}"
    )
    raise ValueError(
        f"{field} must name exactly the municipalities {', '.join(municipalities)}; {wrong}"
    )


def _evaluate(ctx: Context, p: Values, settings: BaseModel | None) -> ServiceOutput:
    if not isinstance(settings, GivenCostSettings):
        raise TypeError("a given-cost service needs GivenCostSettings")
    total = ctx.pool(settings.standalone(ctx.facts.municipalities))  # (C,)
    shared = np.maximum(
        total - settings.saving_per_extra_member * (ctx.size - 1), np.minimum(settings.floor, total)
    )
    months = np.broadcast_to(
        settings.months_active(ctx.years)[:, None], (ctx.years.size, ctx.size.size)
    )
    return ServiceOutput(
        workload={
            "months_active": Measure(months.astype(np.float64), "months"),
            "standalone_cost": Measure(
                np.broadcast_to(total, months.shape) * months / 12.0, "SEK/year"
            ),
        },
        staff={},
        costs={"given": shared * months / 12.0},
    )


GIVEN = Component(
    name="given", label=Wording(sv="Överenskommen kostnad", en="Agreed cost"), mechanism="agreed"
)
"""The agreed cost of an arrangement."""


def given_cost_service(name: str, title_sv: str, title_en: str) -> Service:
    """A given-cost service under its own name (no declared parameters; everything is in the
    settings)."""
    return Service(
        name=name,
        title_sv=title_sv,
        title_en=title_en,
        params=(),
        evaluate=_evaluate,
        components=(GIVEN,),
        settings_model=GivenCostSettings,
    )


SERVICES: tuple[Service, ...] = (
    given_cost_service(name="given_cost", title_sv="Överenskommen kostnad", title_en="Given cost"),
    given_cost_service(
        name="rescue_service",
        title_sv="Räddningstjänst (räddningschef)",
        title_en="Rescue service (fire chief)",
    ),
    given_cost_service(
        name="hemlangtan",
        title_sv="Hemlängtan (inflyttning)",
        title_en="Hemlängtan (in-migration programme)",
    ),
)
