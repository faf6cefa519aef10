"""Allocation methods on larger games, against stated targets and against coopgame-py (Rust).

Targets: exact Shapley value, n = 20, < 1 s; nucleolus, n = 10, < 1 s; nucleolus, n = 16, < 10 s.
Games: the pooled-service game of ``allocation.generators`` with a coordination cost (its core may be
empty), and a game of independent random costs (no structure to exploit). coopgame-py is a test-only
dependency; without it the comparison is left out.
"""

from __future__ import annotations

import numpy as np

from benchmarks.timing import Figure, Figures, median_seconds
from simulator.allocation import core_is_empty, nucleolus, shapley
from simulator.allocation.generators import random_pooled_game
from simulator.game import CostGame, coalition_sums

try:
    import coopgame
except ImportError:  # test-only dependency
    coopgame = None


def random_costs(n: int, rng: np.random.Generator) -> CostGame:
    """Independent random costs growing with coalition size, with an imputation (Σ c(i) ≥ c(N))."""
    costs = rng.uniform(10, 100, (1 << n) - 1) * coalition_sums(np.ones(n))[1:] ** 0.8
    costs[-1] = min(costs[-1], costs[(1 << np.arange(n)) - 1].sum())
    return CostGame(tuple(f"P{i + 1}" for i in range(n)), costs)


def peer_seconds(work: object) -> float | None:
    """coopgame-py's median time on the same game (None when it is not installed)."""
    return None if coopgame is None else median_seconds(work, repeats=3)


def main(figures: Figures) -> None:
    """Median times against the targets and against coopgame-py on the same games."""
    rng = np.random.default_rng(2024)
    game = random_pooled_game(20, rng, coordination=0.2)
    seconds = median_seconds(lambda: shapley(game), repeats=5)
    their_game = coopgame.Game(list(game.costs)) if coopgame else None
    peer = peer_seconds(lambda: coopgame.shapley(their_game))
    figures.add(
        Figure(
            "exact Shapley, n = 20 (1 048 575 coalitions)",
            seconds,
            target=1.0,
            peer="coopgame-py",
            peer_seconds=peer,
        )
    )
    for n, target, repeats in ((10, 1.0, 5), (16, 10.0, 1)):
        for kind, game in (
            ("pooled game", random_pooled_game(n, rng, coordination=0.3)),
            ("random costs", random_costs(n, rng)),
        ):
            stages = nucleolus(game).info["stages"]
            seconds = median_seconds(lambda: nucleolus(game), repeats=repeats, warmup=0)
            core = "empty core" if core_is_empty(game) else "non-empty core"
            their_game = coopgame.Game(list(game.costs)) if coopgame else None
            peer = peer_seconds(lambda: coopgame.cost_nucleolus(their_game))
            label = f"nucleolus, n = {n}, {kind} ({core}, {stages} stages)"
            figures.add(
                Figure(label, seconds, target=target, peer="coopgame-py", peer_seconds=peer)
            )
