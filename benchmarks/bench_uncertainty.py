"""The uncertainty study of ``lulea_region`` as a user runs it: draws through the whole chain
reduced to the outcomes (group saving per year, NPV, payback, each member's cost under Shapley and
the proposed key, the key's core check for all 31 coalitions), then the tables; and the global
sensitivity.

Targets (issue 14): 10 000 draws with their outcomes and probabilities in < 10 s; Sobol indices
with bootstrap intervals (per block of parameters, Saltelli N = 1 024, so 10 240 model runs) plus
Morris screening (10 trajectories) in < 60 s. Also reported without a target: the same 10 000
draws on two local worker processes (the result is identical; on 2 cores the gain is small).
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.timing import Figure, Figures
from simulator import scenario
from simulator.uncertainty import analysis
from simulator.uncertainty.execution import run_draws
from simulator.uncertainty.study import inputs_of

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "lulea_region.yaml"
SEED = 20180801


def _seconds(work: object) -> float:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - start


def main(figures: Figures) -> None:
    """Draws with outcomes and tables, then Sobol and Morris, against their targets."""
    inputs = inputs_of(scenario.load(SCENARIO))
    count = 10_000

    def draws_and_tables(workers: int = 1) -> None:
        outcome = run_draws(inputs, count, SEED, workers=workers)
        analysis.draws_summary(outcome, "lulea_region")
        analysis.probabilities(outcome, "lulea_region")

    seconds = _seconds(draws_and_tables)
    figures.add(
        Figure(
            f"lulea_region: {count:,} draws, outcomes and probabilities".replace(",", " "),
            seconds,
            target=10.0,
        )
    )
    figures.note(f"  {count / seconds:,.0f} draws per second".replace(",", " "))
    seconds = _seconds(lambda: draws_and_tables(workers=2))
    figures.add(Figure("  the same on 2 local worker processes (no target)", seconds))
    seconds = _seconds(lambda: analysis.sensitivity_table(inputs, "lulea_region", SEED, 1024, 10))
    figures.add(
        Figure("lulea_region: Sobol by block (N = 1 024) and Morris (r = 10)", seconds, target=60.0)
    )
