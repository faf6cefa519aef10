"""Staffing for a service-level target over many intervals at once (``queueing.min_agents``),
against pyworkforce's Erlang C (the peer, a ``bench`` extra; left out when it is not installed).

Target: Erlang C minimum agents for 100 000 (traffic, target) pairs in < 0.5 s. Traffic is uniform on
[0.1, 500] Erlangs, targets uniform on [0.70, 0.95] answered within 20 s, handling time 180 s; seeded
``numpy.random.Generator``; median of 7 runs after a warm-up. The peer solves one pair at a time, so it
is timed on the first 1 000 pairs and its time scaled to 100 000 (stated in the label). Also reported,
without a target: Erlang A (patience uniform on [30, 600] s) for 10 000 pairs, median of 3 runs.
"""

from __future__ import annotations

import numpy as np

from benchmarks.timing import Figure, Figures, median_seconds
from simulator import queueing

try:
    from pyworkforce.queuing import ErlangC
except ImportError:  # a bench-only dependency
    ErlangC = None

SEED = 20240611
AHT = 180.0
WITHIN = 20.0
PEER_PAIRS = 1_000


def pairs(size: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Traffic (Erlangs) and service-level targets."""
    return rng.uniform(0.1, 500.0, size), rng.uniform(0.70, 0.95, size)


def peer_agents(traffic: np.ndarray, target: np.ndarray) -> list[int]:
    """pyworkforce's Erlang C staffing, pair by pair (calls per 30-minute interval)."""
    out = []
    for a, t in zip(traffic, target, strict=True):
        model = ErlangC(transactions=a * 1800 / AHT, aht=AHT / 60, asa=WITHIN / 60, interval=30)
        out.append(model.required_positions(service_level=t, max_occupancy=1.0)["raw_positions"])
    return out


def main(figures: Figures) -> None:
    """Median times of Erlang C and Erlang A staffing against the target and the peer."""
    rng = np.random.default_rng(SEED)
    traffic, target = pairs(100_000, rng)
    seconds = median_seconds(lambda: queueing.min_agents(traffic, AHT, target, WITHIN), repeats=7)
    peer = None
    if ErlangC is not None:
        few = slice(0, PEER_PAIRS)
        per_pair = (
            median_seconds(lambda: peer_agents(traffic[few], target[few]), repeats=3) / PEER_PAIRS
        )
        peer = per_pair * traffic.size
    name = f"pyworkforce (× {traffic.size // PEER_PAIRS} of {PEER_PAIRS} pairs)"
    figures.add(
        Figure(
            "Erlang C min_agents, 100 000 pairs",
            seconds,
            target=0.5,
            peer=name if peer else None,
            peer_seconds=peer,
        )
    )
    agents = queueing.min_agents(traffic, AHT, target, WITHIN)
    figures.note(
        f"  {agents.sum():,} agents in all; mean agents - traffic {np.mean(agents - traffic):.2f}"
    )
    traffic, target = pairs(10_000, rng)
    patience = rng.uniform(30.0, 600.0, traffic.size)

    def erlang_a() -> np.ndarray:
        return queueing.min_agents(traffic, AHT, target, WITHIN, patience=patience)

    figures.add(
        Figure("Erlang A min_agents, 10 000 pairs (no target)", median_seconds(erlang_a, repeats=3))
    )
    fewer = queueing.min_agents(traffic, AHT, target, WITHIN) - erlang_a()
    figures.note(f"  Erlang A needs {np.mean(fewer):.2f} fewer agents than Erlang C on average")
