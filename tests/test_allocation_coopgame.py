"""Independent cross-check against coopgame-py (Rust implementation, test-only dependency).

coopgame works with value games. A cost game c becomes the savings game ``v(S) = Σ_{i∈S} c(i) − c(S)``;
an allocation y of savings is the cost allocation ``x_i = c(i) − y_i``, and the value excess
``v(S) − y(S)`` equals the cost excess ``x(S) − c(S)``, so nucleolus, per-capita nucleolus and least core
correspond exactly. Coalition order: coopgame's ``order="binary"`` is ours (position ``mask − 1``).
"""

from __future__ import annotations

import numpy as np
import pytest

from simulator.allocation import least_core, nucleolus, per_capita_nucleolus, shapley
from simulator.allocation.generators import airport_game, random_pooled_game
from simulator.game import CostGame, coalition_sums

coopgame = pytest.importorskip("coopgame")

CASES = [(n, seed) for n in range(3, 11) for seed in range(3)]


def random_game(n: int, seed: int) -> CostGame:
    """Seed 0: sub-additive pooled game; 1: pooled with coordination cost (core often empty);
    2: independent random costs with Σ c(i) ≥ c(N)."""
    rng = np.random.default_rng(1000 * n + seed)
    if seed < 2:
        return random_pooled_game(n, rng, coordination=[0.0, 0.6][seed])
    costs = rng.uniform(10, 100, (1 << n) - 1) * coalition_sums(np.ones(n))[1:] ** 0.8
    costs[-1] = min(costs[-1], costs[(1 << np.arange(n)) - 1].sum())
    return CostGame(tuple(f"P{i}" for i in range(n)), costs)


def savings_game(game: CostGame):
    return coopgame.Game(list(coalition_sums(game.standalone)[1:] - game.costs))


def tolerance(game: CostGame) -> float:
    return 1e-6 * float(np.abs(game.costs).max())


@pytest.mark.parametrize("n, seed", CASES)
def test_nucleolus_matches_coopgame(n, seed):
    game = random_game(n, seed)
    theirs = np.asarray(coopgame.cost_nucleolus(coopgame.Game(list(game.costs))))
    np.testing.assert_allclose(nucleolus(game).values, theirs, atol=tolerance(game))


@pytest.mark.parametrize("n, seed", [(12, 0), (13, 1), (14, 2), (14, 0)])
def test_nucleolus_by_constraint_generation_matches_coopgame_on_larger_games(n, seed):
    # Here the working set is a small part of the 2^n − 2 coalitions.
    game = random_game(n, seed)
    theirs = np.asarray(coopgame.cost_nucleolus(coopgame.Game(list(game.costs))))
    ours = nucleolus(game)
    np.testing.assert_allclose(ours.values, theirs, atol=tolerance(game))
    assert max(ours.info["working_set"]) < ((1 << n) - 2) // 4


@pytest.mark.parametrize("n, seed", CASES)
def test_prenucleolus_matches_coopgame(n, seed):
    game = random_game(n, seed)
    theirs = game.standalone - np.asarray(coopgame.prenucleolus(savings_game(game))["allocation"])
    np.testing.assert_allclose(
        nucleolus(game, domain="preimputation").values, theirs, atol=tolerance(game)
    )


@pytest.mark.parametrize("n, seed", CASES)
def test_per_capita_nucleolus_matches_coopgame(n, seed):
    game = random_game(n, seed)
    theirs = game.standalone - np.asarray(
        coopgame.per_capita_nucleolus(savings_game(game))["allocation"]
    )
    np.testing.assert_allclose(per_capita_nucleolus(game).values, theirs, atol=tolerance(game))


@pytest.mark.parametrize("n, seed", CASES)
def test_least_core_value_matches_coopgame(n, seed):
    game = random_game(n, seed)
    theirs = coopgame.least_core(savings_game(game), "preimputation")["epsilon"]
    assert least_core(game).info["epsilon"] == pytest.approx(theirs, abs=tolerance(game))


@pytest.mark.parametrize("n, seed", CASES)
def test_shapley_matches_coopgame(n, seed):
    game = random_game(n, seed)
    np.testing.assert_allclose(
        shapley(game).values,
        coopgame.shapley(coopgame.Game(list(game.costs))),
        rtol=1e-12,
        atol=1e-9,
    )


def test_airport_nucleolus_matches_littlechild_via_coopgame():
    # coopgame.airport computes the airport nucleolus by Littlechild's (1974) method.
    runway = [1.0, 2.0, 3.0, 6.0, 6.5, 9.0]
    game = airport_game([f"p{i}" for i in range(6)], runway)
    np.testing.assert_allclose(
        nucleolus(game).values, coopgame.airport(runway)["nucleolus"], atol=1e-8
    )
