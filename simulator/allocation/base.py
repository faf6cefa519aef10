"""The result of an allocation method, and the errors the methods raise."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

__all__ = ["Allocation", "AllocationError", "SolverError"]


class AllocationError(ValueError):
    """A method does not apply to this game (e.g. empty imputation set, zero weights)."""


class SolverError(RuntimeError):
    """A linear programme did not solve to optimality; the message names the method and stage."""


@dataclass(frozen=True, eq=False)
class Allocation:
    """Who pays what.

    Parameters
    ----------
    method : method name as in the registry (``shapley``, ``proportional:population``, …)
    players : player names, in the game's order
    values : cost allocated to each player, SEK a year, shape ``(n,)``
    info : method-specific facts (standard errors, least-core ε in SEK, solver, stages, tolerance)
    """

    method: str
    players: tuple[str, ...]
    values: NDArray[np.float64]
    info: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        values = np.array(self.values, dtype=np.float64)
        if values.shape != (len(self.players),):
            raise ValueError(
                f"{self.method}: {values.shape[0]} values for {len(self.players)} players"
            )
        values.setflags(write=False)
        object.__setattr__(self, "players", tuple(self.players))
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "info", MappingProxyType(dict(self.info)))

    def as_dict(self) -> dict[str, float]:
        """``{player: SEK}``."""
        return {p: float(v) for p, v in zip(self.players, self.values)}
