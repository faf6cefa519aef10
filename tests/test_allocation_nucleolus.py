"""Nucleolus, pre-nucleolus, per-capita nucleolus and least core: published and hand-checked games.

Textbook examples are value (savings) games v; each is turned into a cost game with stand-alone costs
``c(i) = a_i − v(i)`` and ``c(S) = a(S) − v(S)``. Then the cost excess ``x(S) − c(S)`` equals the value
excess ``v(S) − y(S)`` for ``x_i = a_i − y_i``, so the cost nucleolus is ``a − y``.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from simulator.allocation import (
    AllocationError,
    SolverError,
    core_is_empty,
    least_core,
    nucleolus,
    per_capita_nucleolus,
)
from simulator.allocation.generators import random_pooled_game
from simulator.allocation.lexicographic import lexicographic
from simulator.allocation.lp import ExcessProblem, StageModel
from simulator.game import CostGame, coalition_sums


def cost_game(lex_values: list[float], offset: float = 20.0) -> tuple[CostGame, np.ndarray]:
    """Cost game of a value game given in lexicographic order ({1}, {2}, …, {1,2}, …, N); players '1' … 'n'."""
    n = {3: 3, 7: 3, 15: 4}[len(lex_values)]
    players = [str(i + 1) for i in range(n)]
    subsets = [s for k in range(1, n + 1) for s in itertools.combinations(players, k)]
    costs = {"+".join(s): offset * len(s) - v for s, v in zip(subsets, lex_values)}
    return CostGame.from_mapping(players, costs), np.full(n, offset)


def test_peleg_sudholter_example_5_5_12():
    # Peleg, B. & Sudhölter, P. (2007), Introduction to the Theory of Cooperative Games, 2nd ed., Springer,
    # Example 5.5.12, p. 96 (as quoted by the CoopGame R package): v(12) = 10, v(N) = 2, else 0.
    # Pre-nucleolus (3, 3, −4), nucleolus (1, 1, 0). By hand: with x1 = x2 = a the largest excesses are
    # e(12) = 10 − 2a and e(3) = 2a − 2, equal at a = 3; on imputations x3 ≥ 0 forces x3 = 0, x1 = x2 = 1.
    game, a = cost_game([0, 0, 0, 10, 0, 0, 2])
    np.testing.assert_allclose(nucleolus(game).values, a - [1, 1, 0], atol=1e-9)
    np.testing.assert_allclose(
        nucleolus(game, domain="preimputation").values, a - [3, 3, -4], atol=1e-9
    )


def test_ferguson_three_player_game():
    # Ferguson, T. S., Game Theory (UCLA lecture notes), part IV "Games in coalitional form" (quoted in the
    # CoopGame tests): v = (−1, 0, 1, 3, 4, 2, 5) has nucleolus (8/3, 2/3, 5/3). By hand: the two-player
    # excesses e(12) = x3 − 2, e(13) = x2 − 1, e(23) = x1 − 3 sum to −1, so all three equal −1/3.
    game, a = cost_game([-1, 0, 1, 3, 4, 2, 5], offset=10.0)
    np.testing.assert_allclose(nucleolus(game).values, a - [8 / 3, 2 / 3, 5 / 3], atol=1e-9)
    np.testing.assert_allclose(
        nucleolus(game, domain="preimputation").values, a - [8 / 3, 2 / 3, 5 / 3], atol=1e-9
    )
    assert nucleolus(game).info["levels"][0] == pytest.approx(-1 / 3)


def test_young_1985_per_capita_nucleolus():
    # Young, H. P. (1985), "Monotonic solutions of cooperative games", Int. J. Game Theory 14: 65–72 (example
    # quoted in the CoopGame help for perCapitaNucleolus): v = (0, 0, 0, 0, 9, 10, 12) → (2/3, 7/6, 61/6).
    # By hand: e(1)/1 = −x1 and e(23)/2 = (x1 − 2)/2 meet at x1 = 2/3 (level −2/3); then e(13)/2 = (x2 − 3)/2
    # and e(12)/2 = (−2/3 − x2)/2 meet at x2 = 7/6 (level −11/12).
    game, a = cost_game([0, 0, 0, 0, 9, 10, 12])
    allocation = per_capita_nucleolus(game)
    np.testing.assert_allclose(allocation.values, a - [2 / 3, 7 / 6, 61 / 6], atol=1e-9)
    np.testing.assert_allclose(allocation.info["levels"][:2], [-2 / 3, -11 / 12], atol=1e-9)
    assert allocation.info["sizes"] == "members"


def test_three_player_cost_game_by_hand():
    # c: A 15, B 20, C 55, AB 35, AC 61, BC 65, N 78. Complementary excesses sum to constants:
    # e(A) + e(BC) = −2, e(B) + e(AC) = −3, e(C) + e(AB) = −12. So x_A = 14 (level −1), x_B = 18.5 (−1.5).
    game = CostGame.from_mapping(
        "ABC", {"A": 15, "B": 20, "C": 55, "A+B": 35, "A+C": 61, "B+C": 65, "A+B+C": 78}
    )
    allocation = nucleolus(game)
    np.testing.assert_allclose(allocation.values, [14, 18.5, 45.5], atol=1e-9)
    np.testing.assert_allclose(allocation.info["levels"], [-1, -1.5], atol=1e-9)
    assert allocation.info["stages"] == 2


def test_least_core_of_the_majority_game():
    # Three-player majority game v(S) = 1 for |S| ≥ 2: empty core, least-core value 1/3 at the equal split.
    game, a = cost_game([0, 0, 0, 1, 1, 1, 1])
    allocation = least_core(game)
    assert allocation.info["epsilon"] == pytest.approx(1 / 3)
    np.testing.assert_allclose(allocation.values, a - 1 / 3, atol=1e-9)
    np.testing.assert_allclose(nucleolus(game).values, a - 1 / 3, atol=1e-9)
    assert core_is_empty(game)


def test_per_capita_nucleolus_by_population_shares_savings_by_population():
    # Two players: equal excess per inhabitant means the saving 0.8 M splits 42 203 : 8 091.
    game = CostGame.from_mapping(
        ["Piteå", "Älvsbyn"], {"Piteå": 5.2e6, "Älvsbyn": 1.9e6, "Piteå+Älvsbyn": 6.3e6}
    )
    allocation = per_capita_nucleolus(game, [42_203, 8_091])
    saving = 0.8e6 * np.array([42_203, 8_091]) / 50_294
    np.testing.assert_allclose(allocation.values, game.standalone - saving, rtol=1e-10)
    assert allocation.info["sizes"] == "given"


def excess_problem(game: CostGame, sizes: np.ndarray | None = None) -> ExcessProblem:
    """The stage LP data of ``game`` in SEK (no scaling), imputation bounds on."""
    n = game.n
    weights = np.ones((1 << n) - 2) if sizes is None else coalition_sums(sizes)[1:-1]
    return ExcessProblem(game.costs[:-1], weights, game.grand_cost, game.standalone, "nucleolus")


@pytest.mark.parametrize("n, seed", [(3, 0), (5, 1), (7, 2), (8, 3), (10, 4)])
def test_constraint_generation_equals_the_lp_over_all_coalitions(n, seed):
    # Starting from every coalition is the former sequential LP (no generation); both must agree.
    game = random_pooled_game(n, np.random.default_rng(seed), coordination=1.0)
    every = np.arange(1, (1 << n) - 1, dtype=np.int64)
    for sizes in (None, np.arange(1, n + 1.0)):
        problem = excess_problem(game, sizes)
        generated, stages = lexicographic(problem, 1e-9 * game.grand_cost)
        full, full_stages = lexicographic(problem, 1e-9 * game.grand_cost, start=every)
        np.testing.assert_allclose(generated, full, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(
            [s.solution.t for s in stages], [s.solution.t for s in full_stages], atol=1e-9
        )
        if n > 3:  # for three players the first working set is already all six coalitions
            assert max(s.rows for s in stages) < len(every)


def test_large_game_is_lexicographic_to_the_end():
    game = random_pooled_game(12, np.random.default_rng(12), coordination=0.3)
    allocation = nucleolus(game)
    assert allocation.info["backend"] == "highs"
    assert abs(allocation.values.sum() - game.grand_cost) < 1e-6
    levels = allocation.info["levels"]
    assert all(
        b <= a + 1e-7 for a, b in zip(levels, levels[1:])
    )  # later stages never exceed earlier levels


def test_each_stage_is_certified_against_every_coalition():
    # The check over all 2^n − 2 coalitions is recorded per stage; independently, the largest excess
    # over every coalition at the final allocation is the first level.
    game = random_pooled_game(14, np.random.default_rng(14), coordination=0.4)
    allocation = nucleolus(game, domain="preimputation")
    info = allocation.info
    stages = info["stages"]
    scale = np.abs(game.costs).max()
    assert len(info["rounds"]) == len(info["working_set"]) == len(info["max_violation"]) == stages
    assert max(info["max_violation"]) <= 1e-9 * scale
    assert max(info["working_set"]) < (1 << 14) - 2  # a small part of the 16 382 coalitions
    excess = coalition_sums(allocation.values)[1:-1] - game.costs[:-1]
    assert excess.max() == pytest.approx(info["levels"][0], abs=1e-7 * scale)


def test_least_core_is_the_first_stage():
    game = random_pooled_game(11, np.random.default_rng(11), coordination=0.8)
    allocation = least_core(game)
    excess = coalition_sums(allocation.values)[1:-1] - game.costs[:-1]
    epsilon = allocation.info["epsilon"]
    assert excess.max() <= epsilon + 1e-6
    assert epsilon == pytest.approx(nucleolus(game, domain="preimputation").info["levels"][0])


def test_a_one_point_imputation_set_is_the_nucleolus():
    # Σ c(i) = c(N): x_i ≤ c(i) and Σ x = c(N) leave only x = c(i); no LP is needed.
    game = CostGame.from_mapping(
        "ABC", {"A": 5, "B": 6, "A+B": 9, "C": 7, "A+C": 10, "B+C": 11, "A+B+C": 18}
    )
    allocation = nucleolus(game)
    assert allocation.values.tolist() == [5.0, 6.0, 7.0]
    assert allocation.info["stages"] == 0
    np.testing.assert_allclose(nucleolus(game, domain="preimputation").values.sum(), 18.0)


def test_one_player():
    game = CostGame.from_mapping(["A"], {"A": 7.0})
    assert nucleolus(game).values.tolist() == [7.0] and least_core(game).info["epsilon"] == float(
        "-inf"
    )


def test_empty_imputation_set_is_an_error():
    game = CostGame.from_mapping("AB", {"A": 1, "B": 1, "A+B": 3})
    with pytest.raises(AllocationError, match="imputation set is empty"):
        nucleolus(game)
    np.testing.assert_allclose(nucleolus(game, domain="preimputation").values, [1.5, 1.5])


def test_unknown_domain_and_backend_are_errors():
    game = CostGame.from_mapping("AB", {"A": 1, "B": 1, "A+B": 1.5})
    with pytest.raises(AllocationError, match="domain"):
        nucleolus(game, domain="core")
    with pytest.raises(AllocationError, match="backend"):
        nucleolus(game, backend="glpk")
    with pytest.raises(AllocationError, match="pulp path is gone"):
        nucleolus(game, backend="pulp")
    np.testing.assert_allclose(nucleolus(game, backend="highs").values, [0.75, 0.75])


def test_infeasible_stage_raises_an_error_naming_method_and_stage():
    # x_i ≤ 1 for two players cannot pay c(N) = 5.
    problem = ExcessProblem(
        np.array([1.0, 1.0]), np.ones(2), 5.0, np.array([1.0, 1.0]), "nucleolus"
    )
    model = StageModel(problem)
    model.add(np.array([1, 2], dtype=np.int64))
    with pytest.raises(SolverError, match="nucleolus, stage 1"):
        model.solve(1)
