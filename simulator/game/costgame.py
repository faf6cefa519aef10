"""Cost games: what every coalition of municipalities would pay (SEK a year) if its members shared.

Coalitions follow :mod:`simulator.core.coalitions`: player ``i`` is bit ``1 << i`` and ``costs[mask - 1]`` is
``c(S)``. The game knows nothing of scenarios; the model builds it by calling the constructor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from simulator.core import coalitions
from simulator.core.errors import nearest

__all__ = ["CostGame", "GameError", "coalition_sums"]

_SHOWN = 12  # how many missing coalitions an error message lists


class GameError(ValueError):
    """An invalid cost game; ``field``, ``value`` and ``allowed`` say what and why (as in ``InputError``)."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field, self.value, self.allowed = field, value, allowed
        super().__init__(f"{field}: got {value!r}; {allowed}")


def coalition_sums(values: np.ndarray) -> np.ndarray:
    """Sum of ``values`` over every coalition, shape ``(2**n,)``, position = mask (position 0 is the empty set).

    Equal to ``values @ coalitions.membership(n)`` with a leading 0, built by doubling (n vectorised steps,
    no membership matrix in memory).
    """
    values = np.asarray(values)
    out = np.zeros(1 << len(values), dtype=values.dtype)
    for i, value in enumerate(values):
        out[1 << i : 2 << i] = out[: 1 << i] + value
    return out


def _frozen(array: object, dtype: type = np.float64) -> np.ndarray:
    out = np.array(array, dtype=dtype)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class CostGame:
    """A cost game over named players.

    Parameters
    ----------
    players : player names in coalition-bit order (unique, at least one)
    costs : ``c(S)`` in SEK for every non-empty coalition, shape ``(2**n - 1,)``, position ``mask - 1``
    drivers : optional per-player driver vectors (population, employees, …), each shape ``(n,)``
    sizes : optional name of the driver that measures a coalition's size (per-capita nucleolus)
    """

    players: tuple[str, ...]
    costs: np.ndarray
    drivers: Mapping[str, np.ndarray] = field(default_factory=dict)
    sizes: str | None = None

    def __post_init__(self) -> None:
        players = _players(self.players)
        costs = _frozen(self.costs)
        if costs.shape != ((1 << len(players)) - 1,):
            raise GameError(
                "costs",
                costs.shape,
                f"need {(1 << len(players)) - 1} costs for {len(players)} players",
            )
        if not np.isfinite(costs).all():
            bad = coalitions.label(int(np.flatnonzero(~np.isfinite(costs))[0]) + 1, players)
            raise GameError(
                f"costs[{bad}]", "non-finite", "every cost must be a finite number of SEK"
            )
        drivers = {name: _frozen(v) for name, v in self.drivers.items()}
        for name, vector in drivers.items():
            if vector.shape != (len(players),) or not np.isfinite(vector).all():
                raise GameError(
                    f"drivers.{name}", vector.tolist(), "need one finite number per player"
                )
        if self.sizes is not None and self.sizes not in drivers:
            raise GameError(
                "sizes", self.sizes, nearest(self.sizes, drivers) if drivers else "no drivers given"
            )
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "costs", costs)
        object.__setattr__(self, "drivers", MappingProxyType(drivers))

    @classmethod
    def from_mapping(
        cls,
        players: Sequence[str],
        costs: Mapping[str | int, float],
        drivers: Mapping[str, Sequence[float]] | None = None,
        sizes: str | None = None,
    ) -> CostGame:
        """Build from ``{label or mask: cost}``; a label joins member names with ``+`` in any order."""
        players = _players(players)
        values, given = (
            np.zeros((1 << len(players)) - 1),
            np.zeros((1 << len(players)) - 1, dtype=bool),
        )
        for key, cost in costs.items():
            mask = _mask(key, players)
            if given[mask - 1]:
                raise GameError(
                    f"costs[{key}]",
                    cost,
                    f"coalition {coalitions.label(mask, players)} given twice",
                )
            try:
                values[mask - 1], given[mask - 1] = float(cost), True
            except (TypeError, ValueError):
                raise GameError(f"costs[{key}]", cost, "a cost must be a number of SEK") from None
        missing = [coalitions.label(int(m), players) for m in np.flatnonzero(~given) + 1]
        if missing:
            shown = ", ".join(missing[:_SHOWN]) + (", …" if len(missing) > _SHOWN else "")
            raise GameError(
                "costs",
                f"{len(missing)} coalitions missing",
                f"every non-empty coalition needs a cost; missing: {shown}",
            )
        return cls(players, values, dict(drivers or {}), sizes)

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.players)

    def cost(self, mask: int) -> float:
        """``c(S)`` in SEK for the coalition ``mask`` (0 for the empty coalition)."""
        return 0.0 if mask == 0 else float(self.costs[mask - 1])

    @property
    def full_costs(self) -> np.ndarray:
        """``c(S)`` for every mask including the empty coalition (``c(∅) = 0``), shape ``(2**n,)``."""
        return np.concatenate(([0.0], self.costs))

    @property
    def standalone(self) -> np.ndarray:
        """Each player's stand-alone cost ``c({i})`` in SEK, in player order."""
        return self.costs[coalitions.singletons(self.n) - 1]

    @property
    def grand_cost(self) -> float:
        """``c(N)`` in SEK."""
        return float(self.costs[-1])

    def size_weights(self) -> np.ndarray | None:
        """The size driver named by ``sizes``, or ``None`` when the game names none."""
        return None if self.sizes is None else self.drivers[self.sizes]

    def savings(self, x: Sequence[float]) -> np.ndarray:
        """Each player's saving ``c(i) − x_i`` in SEK against going alone."""
        return self.standalone - np.asarray(x, dtype=np.float64)

    def reordered(self, order: Sequence[str]) -> CostGame:
        """The same game with the players in ``order`` (a permutation of ``players``)."""
        if sorted(order) != sorted(self.players):
            raise GameError("order", list(order), f"need a permutation of {list(self.players)}")
        old_bits = np.array([1 << self.players.index(p) for p in order], dtype=np.int64)
        old_masks = coalition_sums(old_bits)[1:]
        drivers = {k: v[[self.players.index(p) for p in order]] for k, v in self.drivers.items()}
        return CostGame(tuple(order), self.costs[old_masks - 1], drivers, self.sizes)


def _players(players: Sequence[str]) -> tuple[str, ...]:
    """Players as a tuple of unique non-empty names, or GameError."""
    players = tuple(players)
    if not players or not all(isinstance(p, str) and p.strip() and "+" not in p for p in players):
        raise GameError(
            "players", list(players), "need at least one player, each a non-empty name without '+'"
        )
    repeated = sorted({p for p in players if players.count(p) > 1})
    if repeated:
        raise GameError("players", repeated, "each player may appear only once")
    return players


def _mask(key: str | int, players: tuple[str, ...]) -> int:
    """Mask of a coalition given as a mask or a ``+``-joined label; raises GameError naming the problem."""
    if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
        if not 1 <= key < 1 << len(players):
            raise GameError("costs", key, f"a mask must lie in 1 … {(1 << len(players)) - 1}")
        return int(key)
    names = [part.strip() for part in str(key).split("+")]
    for name in names:
        if name not in players:
            raise GameError(f"costs[{key}]", name, "not a player; " + nearest(name, players))
    if len(set(names)) != len(names):
        raise GameError(f"costs[{key}]", key, "a coalition names each member once")
    return coalitions.mask_of(names, players)
