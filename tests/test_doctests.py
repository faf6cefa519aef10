"""The docstring examples of the lower layers are acceptance tests: every one must run as written.

Each allocation method shows its textbook example (the numbers the reference tests pin), queueing
shows M/M/1 and a published staffing case, game shows coalitions and sub-additivity, keys a key
checked in a two-player game.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest
from helpers import ROOT

PACKAGES = ["simulator.core", "simulator.queueing", "simulator.allocation", "simulator.keys"]
GAME_MODULES = [
    "simulator.game.costgame",
    "simulator.game.properties",
    "simulator.game.structures",
    "simulator.engine.projection",
    "simulator.uncertainty.distributions",
    "simulator.uncertainty.sensitivity",
    "simulator.api",
]

WITH_EXAMPLES = {
    "simulator.core.coalitions",
    "simulator.core.params",
    "simulator.queueing.erlang",
    "simulator.queueing.staffing",
    "simulator.game.costgame",
    "simulator.game.properties",
    "simulator.game.structures",
    "simulator.allocation.checks",
    "simulator.allocation.generators",
    "simulator.allocation.nucleolus",
    "simulator.allocation.properties",
    "simulator.allocation.registry",
    "simulator.allocation.scrb",
    "simulator.allocation.shapley",
    "simulator.allocation.simple",
    "simulator.keys.compare",
    "simulator.keys.evaluate",
    "simulator.engine.projection",
    "simulator.uncertainty.distributions",
    "simulator.uncertainty.sensitivity",
    "simulator.api",
}
"""Modules whose docstrings must hold at least one example."""

FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def module_names() -> list[str]:
    """Every module of the packages above (the packages themselves included), then the game's."""
    names = []
    for package in PACKAGES:
        names.append(package)
        path = importlib.import_module(package).__path__
        names += [f"{package}.{info.name}" for info in pkgutil.iter_modules(path)]
    return names + GAME_MODULES


MODULES = module_names()


def test_every_module_that_must_show_examples_is_collected() -> None:
    assert WITH_EXAMPLES <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the facade's example reads scenarios/ from the repository root
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
    if name in WITH_EXAMPLES:
        assert result.attempted > 0, f"{name} shows no example"
