"""Shapley value: permutation definition, airport games (Littlechild & Owen 1973), sampling."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from simulator.allocation import AllocationError, shapley, shapley_sampled
from simulator.allocation.generators import airport_game, random_pooled_game
from simulator.allocation.shapley import shapley_values
from simulator.game import CostGame


def by_permutations(game: CostGame) -> np.ndarray:
    """Shapley's definition: average marginal cost over all orders of arrival."""
    total = np.zeros(game.n)
    for order in itertools.permutations(range(game.n)):
        mask = 0
        for i in order:
            total[i] += game.cost(mask | 1 << i) - game.cost(mask)
            mask |= 1 << i
    return total / math.factorial(game.n)


@pytest.mark.parametrize("n, seed", [(1, 0), (2, 1), (3, 2), (4, 3), (5, 4), (6, 5), (7, 6)])
def test_exact_equals_the_permutation_definition(n, seed):
    game = random_pooled_game(n, np.random.default_rng(seed), coordination=3.0)
    np.testing.assert_allclose(shapley(game).values, by_permutations(game), rtol=1e-12, atol=1e-9)


def test_three_player_game_by_hand():
    # φ_A = 1/3·15 + 1/6·(35 − 20) + 1/6·(61 − 55) + 1/3·(78 − 65) = 12 5/6, and so on.
    game = CostGame.from_mapping(
        "ABC", {"A": 15, "B": 20, "C": 55, "A+B": 35, "A+C": 61, "B+C": 65, "A+B+C": 78}
    )
    np.testing.assert_allclose(shapley(game).values, [12 + 5 / 6, 17 + 1 / 3, 47 + 5 / 6])


def test_airport_game_splits_each_runway_segment_equally():
    # Littlechild, S. C. & Owen, G. (1973), "A simple expression for the Shapley value in a special case",
    # Management Science 20(3): 370–372: with runway needs r_1 ≤ … ≤ r_n the Shapley value of player k is
    # Σ_{j ≤ k} (r_j − r_{j−1}) / (n − j + 1). For needs 1, 2, 3, 6: 1/4; 1/4 + 1/3; 1/4 + 1/3 + 1/2; … + 3.
    game = airport_game(["a", "b", "c", "d"], [1, 2, 3, 6])
    expected = np.cumsum([1 / 4, 1 / 3, 1 / 2, 3 / 1])
    np.testing.assert_allclose(shapley(game).values, expected)


def test_airport_formula_on_a_larger_game():
    rng = np.random.default_rng(11)
    runway = np.sort(rng.uniform(1, 100, 9))
    segments = np.diff(runway, prepend=0.0) / (9 - np.arange(9))
    game = airport_game([f"p{i}" for i in range(9)], rng.permutation(runway))
    order = np.argsort(np.argsort(game.standalone))  # each player's rank by runway need
    np.testing.assert_allclose(shapley(game).values, np.cumsum(segments)[order])


def test_sampled_value_is_efficient_and_within_its_standard_error():
    game = random_pooled_game(8, np.random.default_rng(3), coordination=1.0)
    exact = shapley(game).values
    sampled = shapley_sampled(game, 4000, np.random.default_rng(7), chunk=1000)
    error = np.asarray(sampled.info["standard_error"])
    assert sampled.info["permutations"] == 4000 and (error > 0).all()
    assert abs(sampled.values.sum() - game.grand_cost) < 1e-8
    assert (np.abs(sampled.values - exact) <= 5 * error).all()


def test_sampled_value_is_reproducible_with_the_same_seed():
    game = random_pooled_game(6, np.random.default_rng(0))
    one = shapley_sampled(game, 500, np.random.default_rng(42))
    two = shapley_sampled(game, 500, np.random.default_rng(42))
    np.testing.assert_array_equal(one.values, two.values)


def test_sampling_needs_two_permutations():
    with pytest.raises(AllocationError):
        shapley_sampled(
            random_pooled_game(3, np.random.default_rng(0)), 1, np.random.default_rng(0)
        )


def test_twenty_players_exactly():
    game = random_pooled_game(20, np.random.default_rng(20))
    values = shapley(game).values
    assert abs(values.sum() - game.grand_cost) < 1e-6 * game.grand_cost


def test_shapley_values_of_many_games_equal_the_single_game_value() -> None:
    rng = np.random.default_rng(11)
    players = ("A", "B", "C", "D", "E")
    costs = rng.uniform(10, 100, (4, 31))
    many = shapley_values(costs)
    for row, values in zip(costs, many, strict=True):
        assert values == pytest.approx(shapley(CostGame(players, row)).values, abs=1e-9)
    assert many.sum(axis=-1) == pytest.approx(costs[:, -1])
