"""Pieces several service models share: transition and coordination costs."""

from __future__ import annotations

import numpy as np

from simulator.params import Kind, ParamSpec
from simulator.services.base import Context, Values

__all__ = ["transition_params", "transition_costs", "coordination_hours"]


def transition_params(migration: float, migration_range: tuple[float, float], migration_source: str,
                      project_hours: float, coordination: float, coordination_source: str
                      ) -> tuple[ParamSpec, ...]:
    """Declarations of a service's costs of sharing: one-off migration and project, ongoing coordination."""
    return (
        ParamSpec("migration_cost_per_member", "SEK", migration, *migration_range, migration_source,
                  "one-off cost for each member that moves onto the host's system and routines",
                  Kind.NONNEGATIVE),
        ParamSpec("project_hours", "h", project_hours, project_hours / 2.5, project_hours * 2.5,
                  "assumption: project management, training and parallel running, per shared set-up",
                  "one-off project hours to set up the shared service", Kind.NONNEGATIVE),
        ParamSpec("coordination_hours_per_member", "h/year", coordination, 0.0, coordination * 3,
                  coordination_source, "ongoing coordination per member of a shared service (harmonised "
                  "routines, contacts with each organisation)", Kind.NONNEGATIVE),
    )


def transition_costs(ctx: Context, p: Values) -> dict[str, np.ndarray]:
    """One-off costs per coalition (C,), SEK: migration of the non-host members and the project."""
    joining = np.maximum(ctx.size - 1, 0).astype(np.float64)
    return {
        "migration": p["migration_cost_per_member"] * joining,
        "project": p["project_hours"] * ctx.economics["hourly_cost"] * ctx.shared(),
    }


def coordination_hours(ctx: Context, p: Values) -> np.ndarray:
    """Ongoing coordination hours per year (C,): per member, in shared coalitions only."""
    return p["coordination_hours_per_member"] * ctx.size * ctx.shared()
