"""Timing helper for the benchmarks: warm up, then the median of repeated runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

__all__ = ["median_seconds", "report"]


def median_seconds(work: Callable[[], object], repeats: int = 7, warmup: int = 1) -> float:
    """Median wall time of ``work()`` in seconds over ``repeats`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        work()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(label: str, seconds: float, target: float) -> str:
    """One line: what was timed, the median, the target and whether it was met."""
    verdict = "meets" if seconds < target else "MISSES"
    return f"{label:<60} {seconds * 1e3:10.2f} ms   target < {target * 1e3:.0f} ms   {verdict}"
