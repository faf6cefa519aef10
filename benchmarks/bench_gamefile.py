"""``samverkan game solve`` of a 16-player JSON game file as a whole process, against the peer's
whole process: a Python script that reads the same JSON file and calls coopgame-py's nucleolus.

Target (issue 13): at most 2× the peer's time. The game: seeded independent random costs growing
with coalition size (65 535 coalitions), players ``P1`` … ``P16``; median of 3 runs each, every
run a new interpreter (import, reading and solving included).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.timing import Figure, Figures, median_seconds
from simulator.core import coalitions

PEER = """
import json, sys
import coopgame
data = json.load(open(sys.argv[1], encoding="utf-8"))
players = data["players"]
index = {p: i for i, p in enumerate(players)}
costs = [0.0] * (2 ** len(players) - 1)
for label, cost in data["costs"].items():
    mask = sum(1 << index[p] for p in label.split("+"))
    costs[mask - 1] = cost
print(coopgame.cost_nucleolus(coopgame.Game(costs)))
"""


def write_game(path: Path, n: int = 16, seed: int = 2024) -> None:
    """A random cost game of ``n`` players as the JSON game file ``game solve`` reads."""
    rng = np.random.default_rng(seed)
    players = [f"P{i + 1}" for i in range(n)]
    sizes = coalitions.sizes(n)
    costs = rng.uniform(10, 100, sizes.size) * sizes**0.8
    singles = coalitions.singletons(n) - 1
    costs[-1] = min(costs[-1], costs[singles].sum())
    labels = coalitions.labels(players)
    data = {"players": players, "costs": dict(zip(labels, costs.tolist(), strict=True))}
    path.write_text(json.dumps(data), encoding="utf-8")


def main(figures: Figures) -> None:
    """Whole-process times of ours and the peer's on the same file."""
    with tempfile.TemporaryDirectory() as folder:
        game = Path(folder) / "game16.json"
        write_game(game)
        ours = [
            sys.executable,
            "-m",
            "simulator.cli",
            "game",
            "solve",
            str(game),
            "--methods",
            "nucleolus",
        ]
        peer = [sys.executable, "-c", PEER, str(game)]
        seconds = median_seconds(
            lambda: subprocess.run(ours, check=True, capture_output=True), repeats=3, warmup=0
        )
        try:
            import coopgame  # noqa: F401  (the peer is a test dependency)
        except ImportError:
            figures.add(Figure("game solve, 16 players, JSON (whole process)", seconds))
            return
        theirs = median_seconds(
            lambda: subprocess.run(peer, check=True, capture_output=True), repeats=3, warmup=0
        )
        size = game.stat().st_size / 1e6
        figures.add(
            Figure(
                f"game solve, 16 players, JSON {size:.1f} MB (whole process)",
                seconds,
                peer="coopgame-py script",
                peer_seconds=theirs,
                ratio_target=2.0,
            )
        )
