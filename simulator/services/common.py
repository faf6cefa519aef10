"""Pieces several service models share: transition, coordination and travel costs, personnel
cost, and the shape of a parameter for per-member arrays."""

from __future__ import annotations

import numpy as np

from simulator.core.params import Kind, ParamSpec
from simulator.services import staffing
from simulator.services.base import Context, Value, Values

__all__ = [
    "transition_params",
    "transition_costs",
    "coordination_hours",
    "travel",
    "price_index",
    "in_house_cost",
    "fte_cost",
    "make_or_buy",
    "normalised",
    "per_member",
    "policy",
]


def transition_params(
    *,
    migration: float,
    migration_low: float,
    migration_high: float,
    migration_source: str,
    project_hours: float,
    coordination: float,
    coordination_source: str,
) -> tuple[ParamSpec, ...]:
    """Declarations of a service's costs of sharing: one-off migration and project, ongoing
    coordination.

    ``migration`` is SEK per joining member (plausible from ``migration_low`` to
    ``migration_high``), ``project_hours`` h per shared set-up (plausible from 1/2.5 to 2.5 times),
    ``coordination`` h a year per member of a shared service (plausible up to 3 times).
    """
    return (
        ParamSpec(
            name="migration_cost_per_member",
            unit="SEK",
            default=migration,
            low=migration_low,
            high=migration_high,
            source=migration_source,
            description="one-off cost for each member that moves "
            "onto the host's system and routines",
            kind=Kind.NONNEGATIVE,
        ),
        ParamSpec(
            name="project_hours",
            unit="h",
            default=project_hours,
            low=project_hours / 2.5,
            high=project_hours * 2.5,
            source="assumption: project management, training "
            "and parallel running, per shared set-up",
            description="one-off project hours to set up the shared service",
            kind=Kind.NONNEGATIVE,
        ),
        ParamSpec(
            name="coordination_hours_per_member",
            unit="h/year",
            default=coordination,
            low=0.0,
            high=coordination * 3,
            source=coordination_source,
            description="ongoing coordination per member of a shared service "
            "(harmonised routines, contacts with each organisation)",
            kind=Kind.NONNEGATIVE,
        ),
    )


def transition_costs(ctx: Context, p: Values) -> dict[str, np.ndarray]:
    """One-off costs per coalition (C,), SEK: migration of the non-host members and the project.

    With drawn parameters (D, 1, C): the engine spreads them over the transition years.
    """
    joining = np.maximum(ctx.size - 1, 0).astype(np.float64)
    return {
        "migration": p["migration_cost_per_member"] * joining,
        "project": p["project_hours"] * ctx.economics["hourly_cost"] * ctx.shared(),
    }


def coordination_hours(ctx: Context, p: Values) -> np.ndarray:
    """Ongoing coordination hours per year (C,): per member, in shared coalitions only."""
    return p["coordination_hours_per_member"] * ctx.size * ctx.shared()


def travel(ctx: Context, trips: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Travel hours and car cost (SEK) per coalition for round trips from the host to each member,
    at the scenario's ``cost_per_km`` and ``travel_speed`` (economics).

    ``trips`` is (..., n, C): round trips a year from the host of coalition c to member i (0 for
    non-members). Returns (..., C) hours a year and (..., C) SEK a year; the host itself and
    stand-alone municipalities travel 0 km.
    """
    km = 2.0 * (trips * ctx.distance_to_host).sum(axis=-2)
    return km / ctx.economics["travel_speed"], km * ctx.economics["cost_per_km"]


def price_index(ctx: Context) -> np.ndarray:
    """(Y, 1) level of salaries and of fees for bought work, relative to the year they are priced
    in (the scenario's price year, else the base year).

    ``(1 + wage_growth) ** (year - price year)``: consultants' fees and the hourly cost of staff
    time follow wages, so an external price (SEK in base-year terms) grows with the same index as
    the salaries it is compared with. Broadcasts over (..., Y, C).
    """
    return staffing.wage_index(ctx.years, ctx.economics["wage_growth"], ctx.price_year)


def fte_cost(ctx: Context, monthly_salary: Value) -> np.ndarray:
    """(..., Y, 1) SEK a year of one FTE on the payroll, as the engine charges it:
    ``monthly_salary`` × 12 × (1 + PO) × (1 + overhead_rate) × the wage index
    (:func:`price_index`). For services that pay part-time shares of a post pro rata."""
    econ = ctx.economics
    per_year = monthly_salary * 12 * (1 + econ["employer_overhead"])
    return per_year * (1 + econ["overhead_rate"]) * price_index(ctx)


def in_house_cost(
    ctx: Context, fte: np.ndarray, minimum: np.ndarray | float, monthly_salary: Value
) -> np.ndarray:
    """(..., Y, C) SEK a year of employing staff for an FTE need, as the engine would charge it.

    The need is staffed by the scenario's policy (rounded up to ``staffing_step``, at least
    ``minimum``) and costed at ``monthly_salary`` × 12 × (1 + PO) × (1 + overhead_rate) × the
    real wage index (:func:`price_index`). For make-or-buy comparisons; attrition is not taken
    into account.
    """
    econ = ctx.economics
    staff = staffing.staffed(fte, minimum, policy(econ, "staffing_step"))
    per_fte = monthly_salary * 12 * (1 + econ["employer_overhead"]) * (1 + econ["overhead_rate"])
    return staff * per_fte * price_index(ctx)


def make_or_buy(in_house: np.ndarray, bought: np.ndarray) -> np.ndarray:
    """(..., Y, C) True where a coalition employs rather than buys, decided once for the whole
    horizon.

    A coalition makes when the sum over the years of its in-house cost is at most the sum of the
    external cost (both (..., Y, C) SEK a year); the choice is the same in every year of a run.
    Staff are reduced only through attrition, so a choice that flipped from make to buy in a later
    year would leave the coalition paying both the consultant and the staff it can no longer use.
    """
    make = in_house.sum(axis=-2, keepdims=True) <= bought.sum(axis=-2, keepdims=True)
    return np.broadcast_to(make, np.broadcast_shapes(in_house.shape, bought.shape))


def normalised(*weights: Value) -> np.ndarray:
    """Relative weights as shares summing to 1 (all zeros stay zeros), stacked on a first axis.

    Numbers give a (k,) array; drawn weights (D, 1, 1) give (k, D, 1, 1), each draw normalised on
    its own.

    >>> normalised(2.0, 1.0, 1.0).tolist()
    [0.5, 0.25, 0.25]
    >>> normalised(0.0, 0.0).tolist()
    [0.0, 0.0]
    """
    values = np.stack(np.broadcast_arrays(*(np.asarray(w, dtype=np.float64) for w in weights)))
    total = values.sum(axis=0)
    return values / np.where(total > 0, total, 1.0)


def per_member(value: Value) -> Value:
    """A parameter for arrays (..., Y, n, C) with a member axis before the coalitions: draws
    (D, 1, 1) become (D, 1, 1, 1); a number stays as it is."""
    return value[..., None] if isinstance(value, np.ndarray) else value


def policy(p: Values, name: str) -> float:
    """The value of a policy parameter (:attr:`ParamSpec.policy`): always a number, as the engine
    refuses draws of a policy; TypeError if an array reaches it anyway."""
    value = p[name]
    if isinstance(value, np.ndarray):
        raise TypeError(f"{name} is a policy choice and takes a number, not draws")
    return float(value)
