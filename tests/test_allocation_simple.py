"""Classical keys: equal, proportional, stand-alone, fixed + variable, equal savings (hand-checkable)."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.allocation import (
    AllocationError,
    equal,
    equal_savings,
    fixed_variable,
    proportional,
    standalone,
)
from simulator.game import CostGame

# Piteå and Älvsbyn sharing a payroll office (illustrative SEK): 5.2 M and 1.9 M alone, 6.3 M together.
GAME = CostGame.from_mapping(
    ["Piteå", "Älvsbyn"],
    {"Piteå": 5.2e6, "Älvsbyn": 1.9e6, "Piteå+Älvsbyn": 6.3e6},
    {"population": [42_000, 8_000]},
)


def test_equal_shares():
    np.testing.assert_allclose(equal(GAME).values, [3.15e6, 3.15e6])


def test_proportional_to_a_driver():
    allocation = proportional(GAME, GAME.drivers["population"])
    np.testing.assert_allclose(allocation.values, [6.3e6 * 42 / 50, 6.3e6 * 8 / 50])
    assert allocation.method == "proportional"


def test_proportional_to_standalone_cost():
    np.testing.assert_allclose(standalone(GAME).values, [6.3e6 * 52 / 71, 6.3e6 * 19 / 71])


def test_fixed_plus_variable():
    # 40 % split equally (1.26 M each), 60 % by population.
    allocation = fixed_variable(GAME, 0.4, GAME.drivers["population"])
    np.testing.assert_allclose(allocation.values, [1.26e6 + 3.78e6 * 0.84, 1.26e6 + 3.78e6 * 0.16])
    assert allocation.info["fixed_share"] == 0.4


def test_equal_savings():
    # Saving 0.8 M in all, 0.4 M each.
    np.testing.assert_allclose(equal_savings(GAME).values, [4.8e6, 1.5e6])


@pytest.mark.parametrize("weights", [[1.0], [0.0, 0.0], [-1.0, 2.0], [np.nan, 1.0]])
def test_bad_weights_are_rejected(weights):
    with pytest.raises(AllocationError, match="weights"):
        proportional(GAME, weights)


def test_fixed_share_outside_unit_interval_is_rejected():
    with pytest.raises(AllocationError, match="fixed_share"):
        fixed_variable(GAME, 1.5, [1, 1])


def test_allocation_is_frozen_and_named():
    allocation = equal(GAME)
    assert allocation.players == GAME.players and allocation.as_dict() == {
        "Piteå": 3.15e6,
        "Älvsbyn": 3.15e6,
    }
    with pytest.raises(ValueError):
        allocation.values[0] = 0.0
