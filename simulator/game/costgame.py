"""Cost games: what every coalition of municipalities would pay (SEK a year) if its members shared.

Coalitions follow :mod:`simulator.core.coalitions`: player ``i`` is bit ``1 << i`` and
``costs[mask - 1]`` is ``c(S)``. The game knows nothing of scenarios; the model builds it by calling
the constructor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.core import coalitions
from simulator.core.errors import nearest

__all__ = ["CostGame", "CoalitionCosts", "GameError", "coalition_sums"]

_SHOWN = 12  # how many missing coalitions an error message lists

_Number = TypeVar("_Number", bound=np.number[Any])

CoalitionCosts = Mapping[str, float] | Mapping[int, float] | Mapping[str | int, float]
"""``{label or mask: cost in SEK}``, as :meth:`CostGame.from_mapping` reads it."""


class GameError(ValueError):
    """An invalid cost game; ``field``, ``value`` and ``allowed`` say what and why (as in
    ``InputError``)."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field}: got {value!r}; {allowed}")


def coalition_sums(values: NDArray[_Number]) -> NDArray[_Number]:
    """Sum of ``values`` over every coalition, shape ``(2**n,)``, position = mask (position 0 is the
    empty set).

    Equal to ``values @ coalitions.membership(n)`` with a leading 0, built by doubling (n vectorised
    steps, no membership matrix in memory).

    >>> coalition_sums(np.array([1, 10, 100])).tolist()  # masks 0 … 7
    [0, 1, 10, 11, 100, 101, 110, 111]
    """
    values = np.asarray(values)
    out = np.zeros(1 << len(values), dtype=values.dtype)
    for i, value in enumerate(values):
        out[1 << i : 2 << i] = out[: 1 << i] + value
    return out


def _frozen(array: ArrayLike) -> NDArray[np.float64]:
    """A read-only float64 copy of ``array``."""
    out = np.array(array, dtype=np.float64)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False)
class CostGame:
    """A cost game over named players.

    Parameters
    ----------
    players : player names in coalition-bit order (unique, at least one)
    costs : ``c(S)`` in SEK for every non-empty coalition, shape ``(2**n - 1,)``, position
        ``mask - 1``
    drivers : optional per-player driver vectors (population, employees, …), each shape ``(n,)``
    sizes : optional name of the driver that measures a coalition's size (per-capita nucleolus)

    Examples
    --------
    Three players; ``costs`` in mask order A, B, A+B, C, A+C, B+C, A+B+C:

    >>> game = CostGame(("A", "B", "C"), np.array([15.0, 20, 35, 55, 61, 65, 78]))
    >>> game.cost(0b011), game.grand_cost  # c(A+B), c(N)
    (35.0, 78.0)
    >>> game.standalone.tolist()
    [15.0, 20.0, 55.0]
    >>> game.savings([14, 18.5, 45.5]).tolist()  # c(i) − x_i, SEK
    [1.0, 1.5, 9.5]
    """

    players: tuple[str, ...]
    costs: NDArray[np.float64]
    drivers: Mapping[str, NDArray[np.float64]] = field(default_factory=dict)
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
        costs: CoalitionCosts,
        drivers: Mapping[str, ArrayLike] | None = None,
        sizes: str | None = None,
    ) -> CostGame:
        """Build from ``{label or mask: cost}``; a label joins member names with ``+`` in any
        order.

        >>> game = CostGame.from_mapping(
        ...     ["Piteå", "Älvsbyn"],
        ...     {"Piteå": 5.2e6, "Älvsbyn": 1.9e6, "Älvsbyn+Piteå": 6.3e6},
        ...     {"population": [42_000, 8_000]},
        ... )
        >>> game.costs.tolist(), game.drivers["population"].tolist()
        ([5200000.0, 1900000.0, 6300000.0], [42000.0, 8000.0])
        """
        players = _players(players)
        values = np.zeros((1 << len(players)) - 1)
        given = np.zeros((1 << len(players)) - 1, dtype=bool)
        for key, cost in costs.items():
            mask = _mask(key, players)
            if given[mask - 1]:
                raise GameError(
                    f"costs[{key}]",
                    cost,
                    f"coalition {coalitions.label(mask, players)} given twice",
                )
            try:
                values[mask - 1] = float(cost)
            except (TypeError, ValueError):
                raise GameError(f"costs[{key}]", cost, "a cost must be a number of SEK") from None
            given[mask - 1] = True
        missing = [coalitions.label(int(m), players) for m in np.flatnonzero(~given) + 1]
        if missing:
            shown = ", ".join(missing[:_SHOWN]) + (", …" if len(missing) > _SHOWN else "")
            raise GameError(
                "costs",
                f"{len(missing)} coalitions missing",
                f"every non-empty coalition needs a cost; missing: {shown}",
            )
        vectors = {name: _frozen(vector) for name, vector in (drivers or {}).items()}
        return cls(players, values, vectors, sizes)

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.players)

    def cost(self, mask: int) -> float:
        """``c(S)`` in SEK for the coalition ``mask`` (0 for the empty coalition)."""
        return 0.0 if mask == 0 else float(self.costs[mask - 1])

    @property
    def full_costs(self) -> NDArray[np.float64]:
        """``c(S)`` for every mask including the empty coalition (``c(∅) = 0``), shape
        ``(2**n,)``."""
        return np.concatenate(([0.0], self.costs))

    @property
    def standalone(self) -> NDArray[np.float64]:
        """Each player's stand-alone cost ``c({i})`` in SEK, in player order."""
        return self.costs[coalitions.singletons(self.n) - 1]

    @property
    def grand_cost(self) -> float:
        """``c(N)`` in SEK."""
        return float(self.costs[-1])

    def size_weights(self) -> NDArray[np.float64] | None:
        """The size driver named by ``sizes``, or ``None`` when the game names none."""
        return None if self.sizes is None else self.drivers[self.sizes]

    def savings(self, x: ArrayLike) -> NDArray[np.float64]:
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
    """Mask of a coalition given as a mask or a ``+``-joined label; raises GameError naming the
    problem."""
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
