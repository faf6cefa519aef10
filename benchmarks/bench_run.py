"""A whole ``samverkan run`` as a user starts it: a new process, every output written.

Targets (issue: fast to run): ``pitea_alvsbyn`` < 5 s wall, ``lulea_region`` < 8 s wall on the 2-core
reference machine, with all outputs (tables, workbook, charts as PNG and PDF, summary). Median of 3
runs, each into a fresh temporary folder.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.timing import Figure, Figures, median_seconds

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [sys.executable, "-m", "simulator.cli", "run"]


def run_once(name: str) -> None:
    """One ``samverkan run`` of a shipped scenario into a fresh folder; raise if it fails."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "results"
        subprocess.run(
            [*COMMAND, str(ROOT / "scenarios" / f"{name}.yaml"), "--out", str(out)],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )


def main(figures: Figures) -> None:
    """Wall time of a whole run per shipped scenario against its target."""
    for name, target in (("pitea_alvsbyn", 5.0), ("lulea_region", 8.0)):
        seconds = median_seconds(lambda: run_once(name), repeats=3, warmup=0)
        figures.add(
            Figure(f"samverkan run {name} (new process, all outputs)", seconds, target=target)
        )
