"""What a scenario says about the cost-sharing keys the optimiser should propose."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["KeySettings"]


class KeySettings(BaseModel):
    """Settings of the key optimiser (``keys:`` in a scenario).

    drivers : candidate drivers (``equal``, ``standalone``, ``population``, ``employees`` and the
        services' volumes such as ``payslips``); None: equal, population, employees, the service's
        own volume and stand-alone cost
    step : weights are integer multiples of this (e.g. 0.05 = steps of 5 %); must divide 1
    agreement_years : first and last year the key is agreed for (None: every scenario year)
    objective : ``nucleolus`` or ``shapley`` (closest in L1), ``even_savings`` (max–min relative
        saving) or ``simplicity`` (fewest drivers, ties broken by closeness to the nucleolus)
    services : services to propose keys for (None: every service and the total)
    families : key families to consider (None: all but ``model``; see
        :mod:`simulator.keys.families`); ``model`` (or ``standalone`` among the drivers) adds keys
        on each year's stand-alone cost, a model figure
    glide_years : the historic-cost key glides to the driver key over this many years (None: it
        stays frozen)
    draws : Monte Carlo draws of the uncertain assumptions (as ``samverkan uncertainty`` draws
        them, with the scenario's seed) over which every family's key is judged and the most
        robust proposed; 0: none
    within : simplicity as a choice: the driver key with the fewest drivers whose distance to the
        nucleolus is within this fraction of the closest driver key's (0.10: 10 %; None: the
        objective alone chooses)
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    drivers: tuple[str, ...] | None = None
    step: float = Field(default=0.05, gt=0, le=1)
    agreement_years: tuple[int, int] | None = None
    objective: Literal["nucleolus", "shapley", "even_savings", "simplicity"] = "nucleolus"
    services: tuple[str, ...] | None = None
    families: (
        tuple[
            Literal["agreed", "equal", "price_list", "drivers", "historic", "fixed", "model"],
            ...,
        ]
        | None
    ) = None
    glide_years: int | None = Field(default=None, ge=1, le=20)
    within: float | None = Field(default=None, ge=0, le=1)
    draws: int = Field(default=1000, ge=0, le=100_000)

    @field_validator("step")
    @classmethod
    def _divides_one(cls, step: float) -> float:
        if abs(round(1 / step) * step - 1) > 1e-9:
            raise ValueError(
                f"a step that divides 1 into whole parts (e.g. 0.05, 0.1, 0.25); {step} does not"
            )
        return step

    @field_validator("drivers")
    @classmethod
    def _not_empty(cls, drivers: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if drivers is not None and not drivers:
            raise ValueError("at least one candidate driver (or leave it out for the defaults)")
        if drivers is not None and len(set(drivers)) != len(drivers):
            raise ValueError("each driver once")
        return drivers

    @field_validator("services")
    @classmethod
    def _once(cls, services: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if services is not None and len(set(services)) != len(services):
            raise ValueError("each service once")
        return services

    @field_validator("agreement_years")
    @classmethod
    def _ordered(cls, years: tuple[int, int] | None) -> tuple[int, int] | None:
        if years is not None and years[0] > years[1]:
            raise ValueError("the first year must not be after the last")
        return years
