"""Allocation methods on larger games, against stated targets and against coopgame-py (Rust).

Targets: exact Shapley value, n = 20, < 1 s; nucleolus, n = 10, < 1 s; nucleolus, n = 16, < 10 s.
Games: the pooled-service game of ``allocation.generators`` with a coordination cost (its core may be
empty), and a game of independent random costs (no structure to exploit). coopgame-py is a test-only
dependency; without it the comparison is left out.
"""

from __future__ import annotations

import numpy as np

from benchmarks.timing import median_seconds, report
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


def compare(label: str, ours: float, work: object) -> str:
    """Our time ÷ coopgame's on the same game."""
    if coopgame is None:
        return f"{label:<60} coopgame-py not installed"
    theirs = median_seconds(work, repeats=3)
    return f"{label:<60} coopgame {theirs * 1e3:10.2f} ms   ours ÷ theirs = {ours / theirs:7.1f}"


def main() -> None:
    """Print median times against the targets and against coopgame-py."""
    rng = np.random.default_rng(2024)
    game = random_pooled_game(20, rng, coordination=0.2)
    seconds = median_seconds(lambda: shapley(game), repeats=5)
    print(report("exact Shapley, n = 20 (1 048 575 coalitions)", seconds, 1.0))
    their_game = coopgame.Game(list(game.costs)) if coopgame else None
    print(compare("  same game", seconds, lambda: coopgame.shapley(their_game)))

    for n, target, repeats in ((10, 1.0, 5), (16, 10.0, 1)):
        for kind, game in (
            ("pooled game", random_pooled_game(n, rng, coordination=0.3)),
            ("random costs", random_costs(n, rng)),
        ):
            stages = nucleolus(game).info["stages"]
            seconds = median_seconds(lambda: nucleolus(game), repeats=repeats, warmup=0)
            core = "empty core" if core_is_empty(game) else "non-empty core"
            print(report(f"nucleolus, n = {n}, {kind} ({core}, {stages} stages)", seconds, target))
            their_game = coopgame.Game(list(game.costs)) if coopgame else None
            print(compare("  same game", seconds, lambda: coopgame.cost_nucleolus(their_game)))


if __name__ == "__main__":
    main()
