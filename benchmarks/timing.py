"""Timing and reporting for the benchmarks: warm up, take the median of repeated runs, and compare it
with a stated target and with a peer library timed in the same run.

A figure misses its target when it is slower than the target by more than its noise band (25 % by
default: the spread of medians seen between runs on the 2-core reference machine). ``make bench``
exits non-zero when any figure misses, so a miss is visible rather than printed and ignored.
Absolute times are for this machine; the ratios to the peers are the claim.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Figure", "Figures", "median_seconds"]

NOISE = 0.25


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


@dataclass(frozen=True)
class Figure:
    """One measured figure: our median time, its target (seconds) and/or a peer's time with the
    largest ratio ours ÷ peer that counts as meeting it."""

    label: str
    seconds: float
    target: float | None = None
    peer: str | None = None
    peer_seconds: float | None = None
    ratio_target: float | None = None
    noise: float = NOISE

    @property
    def ratio(self) -> float | None:
        """Our time ÷ the peer's."""
        return None if not self.peer_seconds else self.seconds / self.peer_seconds

    @property
    def missed(self) -> bool:
        """Slower than the target, or than the ratio target, beyond the noise band."""
        slack = 1.0 + self.noise
        late = self.target is not None and self.seconds > self.target * slack
        ratio = self.ratio
        behind = (
            self.ratio_target is not None
            and ratio is not None
            and ratio > self.ratio_target * slack
        )
        return late or behind

    def line(self) -> str:
        """The figure in one line: ours, target, peer, ratio, verdict."""
        parts = [f"{self.label:<58} {_ms(self.seconds)}"]
        if self.target is not None:
            parts.append(f"target < {_ms(self.target).strip()}")
        if self.peer_seconds is not None:
            parts.append(
                f"{self.peer} {_ms(self.peer_seconds).strip()}, ours ÷ peer {self.ratio:.3g}"
            )
        if self.ratio_target is not None:
            parts.append(f"target ratio ≤ {self.ratio_target:g}")
        if self.target is not None or self.ratio_target is not None:
            parts.append("MISSES" if self.missed else "meets")
        return "   ".join(parts)


class Figures(list[Figure]):
    """The figures of one benchmark run; each is printed as it is added."""

    def add(self, figure: Figure) -> Figure:
        """Record and print ``figure``."""
        self.append(figure)
        print(figure.line(), flush=True)
        return figure

    def note(self, text: str) -> None:
        """Print a line that is not a figure (context for the reader)."""
        print(text, flush=True)

    @property
    def misses(self) -> list[Figure]:
        """The figures that missed their target beyond the noise band."""
        return [f for f in self if f.missed]


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:10.2f} ms" if seconds < 10 else f"{seconds:10.2f} s "
