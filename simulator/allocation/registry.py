"""Method names → allocation functions, as used by scenarios and the command line.

Names: ``equal``, ``standalone``, ``proportional:<driver>`` (a driver of the game),
``equal_savings``, ``shapley``, ``nucleolus``, ``per_capita_nucleolus`` (sizes from the game's
``sizes`` driver, otherwise the number of members), ``least_core``, ``scrb``. Methods that need
options (``fixed_variable``, ``shapley_sampled``) are called directly.
"""

from __future__ import annotations

from collections.abc import Callable

from simulator.allocation import simple
from simulator.allocation.base import Allocation
from simulator.allocation.nucleolus import least_core, nucleolus, per_capita_nucleolus
from simulator.allocation.scrb import scrb
from simulator.allocation.shapley import shapley
from simulator.game import CostGame

__all__ = ["METHODS", "PROPORTIONAL", "UnknownMethodError", "allocate", "method_names"]

PROPORTIONAL = "proportional:"
"""Prefix of the method names ``proportional:<driver>``."""


def _per_capita(game: CostGame) -> Allocation:
    """The per-capita nucleolus with the game's own size driver (or the number of members)."""
    return per_capita_nucleolus(game, game.size_weights())


def _nucleolus(game: CostGame) -> Allocation:
    return nucleolus(game)


def _least_core(game: CostGame) -> Allocation:
    return least_core(game)


def _scrb(game: CostGame) -> Allocation:
    return scrb(game)


METHODS: dict[str, Callable[[CostGame], Allocation]] = {
    "equal": simple.equal,
    "standalone": simple.standalone,
    "equal_savings": simple.equal_savings,
    "shapley": shapley,
    "nucleolus": _nucleolus,
    "per_capita_nucleolus": _per_capita,
    "least_core": _least_core,
    "scrb": _scrb,
}
"""The methods that need nothing but the game (``proportional:<driver>`` comes on top)."""


class UnknownMethodError(LookupError):
    """A method name the registry does not know for this game; ``choices`` lists the known ones."""

    def __init__(self, name: str, choices: list[str]) -> None:
        self.name = name
        self.choices = choices
        super().__init__(f"unknown allocation method {name!r}; known: {', '.join(choices)}")


def method_names(game: CostGame) -> list[str]:
    """Every method name valid for ``game``, in display order (one ``proportional:<driver>`` per
    driver)."""
    names = list(METHODS)
    return names[:2] + [PROPORTIONAL + d for d in game.drivers] + names[2:]


def allocate(game: CostGame, name: str) -> Allocation:
    """Run the method called ``name`` on ``game``.

    Raises
    ------
    UnknownMethodError
        If ``name`` is not a method (or names a driver the game lacks).
    AllocationError
        If the method does not apply to this game.

    Examples
    --------
    >>> from simulator.game import CostGame
    >>> costs = {"A": 15, "B": 20, "C": 55, "A+B": 35, "A+C": 61, "B+C": 65, "A+B+C": 78}
    >>> game = CostGame.from_mapping("ABC", costs, {"population": [3, 4, 13]})
    >>> allocate(game, "proportional:population").values.round(2).tolist()  # 78 · 3/20, …
    [11.7, 15.6, 50.7]
    """
    if name in METHODS:
        return METHODS[name](game)
    if name.startswith(PROPORTIONAL) and name[len(PROPORTIONAL) :] in game.drivers:
        return simple.proportional(game, game.drivers[name[len(PROPORTIONAL) :]], name)
    raise UnknownMethodError(name, method_names(game))
