"""Staffing for a service-level target over many intervals at once (``queueing.min_agents``).

Target: Erlang C minimum agents for 100 000 (traffic, target) pairs in < 0.5 s. Traffic is uniform on
[0.1, 500] Erlangs, targets uniform on [0.70, 0.95] answered within 20 s, handling time 180 s; seeded
``numpy.random.Generator``; median of 7 runs after a warm-up. Also reported, without a target: Erlang A
(patience uniform on [30, 600] s) for 10 000 pairs, median of 3 runs.
"""

from __future__ import annotations

import numpy as np

try:
    from benchmarks.timing import median_seconds, report
except ImportError:  # run as a script, python benchmarks/bench_queueing.py
    from timing import median_seconds, report

from simulator import queueing

SEED = 20240611
AHT, WITHIN = 180.0, 20.0


def pairs(size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Traffic (Erlangs) and service-level targets."""
    return rng.uniform(0.1, 500.0, size), rng.uniform(0.70, 0.95, size)


def main() -> None:
    """Print median times of Erlang C and Erlang A staffing against the stated target."""
    rng = np.random.default_rng(SEED)
    traffic, target = pairs(100_000, rng)
    seconds = median_seconds(lambda: queueing.min_agents(traffic, AHT, target, WITHIN), repeats=7)
    print(report("Erlang C min_agents, 100 000 pairs", seconds, 0.5))
    agents = queueing.min_agents(traffic, AHT, target, WITHIN)
    print(
        f"  {agents.sum():,} agents in all; mean agents - traffic {np.mean(agents - traffic):.2f}"
    )

    traffic, target = pairs(10_000, rng)
    patience = rng.uniform(30.0, 600.0, traffic.size)

    def erlang_a() -> np.ndarray:
        return queueing.min_agents(traffic, AHT, target, WITHIN, patience=patience)

    seconds = median_seconds(erlang_a, repeats=3)
    print(f"{'Erlang A min_agents, 10 000 pairs (no target)':<60} {seconds * 1e3:10.2f} ms")
    fewer = queueing.min_agents(traffic, AHT, target, WITHIN) - erlang_a()
    print(f"  Erlang A needs {np.mean(fewer):.2f} fewer agents than Erlang C on average")


if __name__ == "__main__":
    main()
