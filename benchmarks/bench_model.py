"""Evaluating every coalition and year of a scenario (all services), after import and loading.

Target (issue: foundation): all 31 coalitions × 8 years of ``lulea_region`` < 50 ms.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.timing import Figure, Figures, median_seconds
from simulator import engine, scenario
from simulator.scenario.facts import load_facts

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def main(figures: Figures) -> None:
    """The median evaluation time per shipped scenario against the target."""
    for name, target in (("pitea_alvsbyn", 0.05), ("lulea_region", 0.05)):
        sc = scenario.load(SCENARIOS / f"{name}.yaml")
        facts = load_facts(sc.data_dir, sc.municipalities, sc.years)
        seconds = median_seconds(lambda: engine.run(sc, facts), repeats=15)
        n = len(sc.municipalities)
        label = (
            f"{name}: {2**n - 1} coalitions × {len(sc.years)} years, {len(sc.services)} services"
        )
        figures.add(Figure(label, seconds, target=target))
