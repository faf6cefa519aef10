"""Checks (efficiency, individual rationality, core, savings) and the method registry."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.allocation import Allocation, UnknownMethodError, allocate, check, method_names
from simulator.allocation.checks import excesses
from simulator.allocation.generators import random_pooled_game
from simulator.core import coalitions
from simulator.game import CostGame

THREE = CostGame.from_mapping(
    "ABC",
    {"A": 15, "B": 20, "C": 55, "A+B": 35, "A+C": 61, "B+C": 65, "A+B+C": 78},
    {"population": [3, 4, 13]},
)


def test_nucleolus_point_is_in_the_core():
    verdict = check(THREE, Allocation("nucleolus", THREE.players, [14, 18.5, 45.5]))
    assert verdict.efficient and verdict.individually_rational and verdict.in_core
    assert verdict.max_excess == pytest.approx(-1.0) and verdict.objecting_coalition == "A"
    np.testing.assert_allclose(verdict.saving, [1, 1.5, 9.5])
    np.testing.assert_allclose(verdict.saving_share, [1 / 15, 1.5 / 20, 9.5 / 55])


def test_equal_split_names_the_objecting_coalition():
    verdict = check(THREE, Allocation("equal", THREE.players, [26, 26, 26]))
    assert verdict.efficient and not verdict.individually_rational and not verdict.in_core
    assert verdict.objecting_coalition == "A+B" and verdict.max_excess == pytest.approx(17.0)


def test_efficiency_is_judged_to_the_ore():
    assert check(THREE, Allocation("x", THREE.players, [14, 18.5, 45.509])).efficient
    late = check(THREE, Allocation("x", THREE.players, [14, 18.5, 45.52]))
    assert not late.efficient and not late.in_core and late.efficiency_gap == pytest.approx(0.02)


def test_excesses_match_the_membership_matrix():
    x = np.array([14.0, 18.5, 45.5])
    np.testing.assert_allclose(excesses(THREE, x), x @ coalitions.membership(3) - THREE.costs)


def test_one_player_has_no_proper_coalition():
    game = CostGame.from_mapping(["A"], {"A": 4.0})
    verdict = check(game, Allocation("equal", game.players, [4.0]))
    assert verdict.in_core and verdict.max_excess is None and verdict.objecting_coalition is None


def test_zero_standalone_cost_has_no_saving_share():
    game = CostGame.from_mapping("AB", {"A": 0, "B": 5, "A+B": 5})
    verdict = check(game, Allocation("x", game.players, [0, 5]))
    assert np.isnan(verdict.saving_share[0]) and verdict.saving_share[1] == 0


def test_registry_names_and_dispatch():
    names = method_names(THREE)
    assert names == [
        "equal",
        "standalone",
        "proportional:population",
        "equal_savings",
        "shapley",
        "nucleolus",
        "per_capita_nucleolus",
        "least_core",
        "scrb",
    ]
    for name in names:
        allocation = allocate(THREE, name)
        assert allocation.method == name and allocation.values.sum() == pytest.approx(
            THREE.grand_cost
        )
    np.testing.assert_allclose(
        allocate(THREE, "proportional:population").values, [11.7, 15.6, 50.7]
    )


def test_registry_per_capita_uses_the_games_sizes():
    sized = CostGame(THREE.players, THREE.costs, dict(THREE.drivers), sizes="population")
    assert allocate(sized, "per_capita_nucleolus").info["sizes"] == "given"
    assert allocate(THREE, "per_capita_nucleolus").info["sizes"] == "members"


@pytest.mark.parametrize("name", ["shapely", "proportional:employees", "proportional"])
def test_registry_rejects_unknown_names(name):
    with pytest.raises(UnknownMethodError) as caught:
        allocate(THREE, name)
    assert "shapley" in caught.value.choices


def test_every_method_is_efficient_on_a_larger_game():
    game = random_pooled_game(9, np.random.default_rng(9), coordination=0.5)
    for name in method_names(game):
        assert check(game, allocate(game, name)).efficient, name
