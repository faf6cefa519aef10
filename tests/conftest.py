"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from helpers import make_context, make_facts

from simulator.services.base import Context


@pytest.fixture
def context_factory() -> Callable[..., Context]:
    """``context_factory(population, employees, distance_km=50, **economics)``."""

    def build(
        population: list[float],
        employees: list[float],
        distance_km: float = 50.0,
        **economics: float,
    ) -> Context:
        return make_context(make_facts(population, employees, distance_km), **economics)

    return build
