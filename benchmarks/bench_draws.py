"""Monte Carlo draws through the whole model run: ``lulea_region`` (all services, all 31 coalitions,
all 8 years) with every non-policy parameter drawn uniformly within its declared range (seeded).

Targets (issue 14): 10 000 draws in < 10 s, peak memory < 2 GB. The draws run 1 000 at a time
(:func:`simulator.engine.evaluation.run_chunks`); of each chunk the running plus one-off cost of
every service and of all together, (D, Y, C) SEK, is kept (what the cost games need). Each size
runs in a fresh interpreter, so that its peak resident memory (``ru_maxrss``, the interpreter and
numpy included) is its own; the time is that of the draws, after import, loading and sampling.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from benchmarks.timing import Figure, Figures

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "lulea_region.yaml"
SIZES = ((1_000, None), (10_000, 10.0))  # draws, target seconds
CHUNK = 1_000
SEED = 20180801
MEMORY_TARGET = 2 * 1024**3  # bytes


def measure(count: int, chunk: int = CHUNK, seed: int = SEED) -> dict[str, float]:
    """Seconds to run ``count`` draws in chunks of ``chunk`` and keep each service's cost; and the
    peak resident memory of this process, bytes (run it in a fresh process)."""
    from simulator import engine, scenario
    from simulator.engine import draws, evaluation
    from simulator.scenario.facts import load_facts

    sc = scenario.load(SCENARIO)
    facts = load_facts(sc.data_dir, sc.municipalities, sc.years)
    drawn = draws.uniform(sc, count, np.random.default_rng(seed))
    engine.run(sc, facts, draws={k: v[:2] for k, v in drawn.items()})  # warm up
    start = time.perf_counter()
    kept: dict[str, list[np.ndarray]] = {}
    for result in evaluation.run_chunks(sc, facts, drawn, chunk):
        for name, service in result.services.items():
            kept.setdefault(name, []).append(service.running + service.one_off_total)
        kept.setdefault("total", []).append(result.running() + result.one_off())
    costs = {name: np.concatenate(parts) for name, parts in kept.items()}
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "peak_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024.0,
        "kept_bytes": float(sum(a.nbytes for a in costs.values())),
        "parameters": float(len(drawn)),
    }


def _in_fresh_process(count: int) -> dict[str, float]:
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_draws", str(count)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main(figures: Figures) -> None:
    """Time and peak memory of 1 000 and 10 000 draws, against the targets."""
    figures.note(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    seconds = {}
    for count, target in SIZES:
        got = _in_fresh_process(count)
        seconds[count] = got["seconds"]
        label = f"lulea_region: {count:,} draws × 31 coalitions × 8 years, all services"
        figures.add(Figure(label, got["seconds"], target=target))
        memory = "meets" if got["peak_bytes"] < MEMORY_TARGET else "MISSES"
        figures.note(
            f"  {count / got['seconds']:,.0f} draws/s; {got['parameters']:.0f} parameters drawn; "
            f"peak memory {got['peak_bytes'] / 1024**2:,.0f} MB (target < 2 048 MB, {memory}); "
            f"costs kept {got['kept_bytes'] / 1024**2:,.0f} MB"
        )
    small, large = (size for size, _ in SIZES)
    figures.note(
        f"time grows ×{seconds[large] / seconds[small]:.1f} for ×{large // small} draws; "
        f"load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]))))
