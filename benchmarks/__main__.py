"""Run every benchmark module (``bench_*.py``) in this folder, print its figures, and exit 1 when a
figure misses its target beyond its noise band (see :mod:`benchmarks.timing`)."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks
from benchmarks.timing import Figures


def main(names: list[str]) -> int:
    """Run the named benchmark modules (all when none are named); 1 if any figure missed."""
    found = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    figures = Figures()
    for name in names or found:
        print(f"\n== {name} ==", flush=True)
        importlib.import_module(f"benchmarks.{name}").main(figures)
    print(f"\n{len(figures)} figures, {len(figures.misses)} missed beyond the noise band")
    for figure in figures.misses:
        print(f"  MISSES: {figure.line()}")
    return 1 if figures.misses else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
