"""All 14 municipalities of Norrbotten (``norrbotten.yaml``): 16 383 groups × 8 years × 6 services.

Targets (issue: who cooperates with whom), on the 2-core reference machine:

- model evaluation of every group, year and service (``engine.run``, after loading) < 10 s;
- a whole ``samverkan run`` (a new process: model, allocations by every default method, CSV
  tables, summary, workbook, charts as PNG and PDF; keys are left out past 10 municipalities, see
  :mod:`simulator.cli.runner`) < 2 minutes, its peak memory (resident set) stated beside it.

The model is the median of 3 runs after one warm-up; the whole run is timed once (it takes about
a minute and a half).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.timing import Figure, Figures, median_seconds
from simulator import engine, scenario
from simulator.scenario.facts import load_facts

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "norrbotten.yaml"
COMMAND = [sys.executable, "-m", "simulator.cli", "run"]


def whole_run() -> tuple[float, float]:
    """Wall seconds and peak resident memory (GB) of one ``samverkan run`` in a new process."""
    with tempfile.TemporaryDirectory() as folder:
        errors = Path(folder) / "stderr.txt"
        with errors.open("wb") as stderr:
            start = time.perf_counter()
            child = subprocess.Popen(
                [*COMMAND, str(SCENARIO), "--out", str(Path(folder) / "results")],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            _, status, usage = os.wait4(child.pid, 0)  # the child's own peak memory
            seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"samverkan run failed: {errors.read_text(encoding='utf-8')}")
        return seconds, usage.ru_maxrss / 1024**2  # kB → GB


def main(figures: Figures) -> None:
    """The model of all groups against 10 s; the whole run against 2 minutes, with its memory."""
    sc = scenario.load(SCENARIO)
    facts = load_facts(sc.data_dir, sc.municipalities, sc.years)
    seconds = median_seconds(lambda: engine.run(sc, facts), repeats=3)
    n = len(sc.municipalities)
    label = f"norrbotten: {2**n - 1} groups × {len(sc.years)} years, {len(sc.services)} services"
    figures.add(Figure(label, seconds, target=10.0))
    seconds, peak = whole_run()
    figures.add(
        Figure(f"samverkan run norrbotten (all outputs, peak {peak:.1f} GB)", seconds, target=120.0)
    )
