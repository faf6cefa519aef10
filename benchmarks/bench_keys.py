"""The key optimiser against stated targets.

Targets: five members (the Luleå region), 8 candidate drivers, 3 agreement years, every service and the
total: < 2 s. Ten members (a synthetic region: pooled-service games with random sizes for 3 years and
the present value, six services and the total, 8 drivers): < 30 s. Times are for proposing the keys;
the scenario's model run is not included.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from benchmarks.timing import Figure, Figures, median_seconds
from simulator import engine, scenario
from simulator.allocation.generators import pooled_game
from simulator.engine.keys import propose_keys
from simulator.game import CostGame
from simulator.keys import propose_key
from simulator.scenario.keys import KeySettings

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
DRIVERS = ("equal", "standalone", "population", "employees", "payslips", "calls", "spend", "users")
VOLUMES = DRIVERS[4:]


def synthetic_region(
    n: int, services: int, rng: np.random.Generator, coordination: float = 0.05
) -> dict[str, dict[int | str, CostGame]]:
    """Per service: 3 years of pooled-service games (volumes drift ±10 % a year; a coordination cost
    ``coordination · |S|(|S| − 1) / 2``) and the present value at 3.5 %; ``total`` sums the services."""
    players = [f"K{i + 1}" for i in range(n)]
    population = rng.lognormal(10, 0.8, n)
    facts = {"population": population, "employees": population * rng.uniform(0.07, 0.11, n)}
    facts |= {name: population * rng.uniform(0.5, 1.5, n) for name in VOLUMES}
    out: dict[str, dict[int | str, CostGame]] = {}
    for s in range(services):
        fixed, volume = rng.uniform(2, 8, n), population * rng.uniform(0.8, 1.2, n) / 100
        games: dict[int | str, CostGame] = {}
        for t, year in enumerate((2020, 2021, 2022)):
            game = pooled_game(
                players,
                fixed,
                volume * rng.uniform(0.9, 1.1, n),
                0.75,
                overhead=5.0,
                coordination=coordination,
            )
            games[year] = CostGame(game.players, game.costs * 1e5, facts)
        games["npv"] = CostGame(
            games[2020].players,
            sum(g.costs / 1.035**t for t, g in enumerate(games.values())),
            facts,
        )
        out[f"service_{s + 1}"] = games
    out["total"] = {
        label: CostGame(game.players, sum(out[s][label].costs for s in list(out)), facts)
        for label, game in out["service_1"].items()
    }
    return out


def region_keys(region: dict[str, dict[int | str, CostGame]]) -> list[bool]:
    """Propose a key for every service of the synthetic region; whether each is in the core."""
    return [propose_key(games, DRIVERS, service=name).in_core for name, games in region.items()]


def main(figures: Figures) -> None:
    """The median times against the targets."""
    result = engine.run(scenario.load(SCENARIOS / "lulea_region.yaml"))
    settings = KeySettings(drivers=DRIVERS, agreement_years=(2018, 2020))
    keys = propose_keys(result, settings=settings)
    seconds = median_seconds(lambda: propose_keys(result, settings=settings), repeats=3)
    inside = sum(p.in_core for p in keys.proposals.values())
    label = f"lulea_region, 5 members, 8 drivers, 3 years: {len(keys.proposals)} keys ({inside} in the core)"
    figures.add(Figure(label, seconds, target=2.0))
    # cheap coordination: keys reach the core; dear: mostly the fallback
    for coordination in (0.05, 2.0):
        region = synthetic_region(10, 6, np.random.default_rng(2024), coordination)
        verdicts = region_keys(region)
        seconds = median_seconds(lambda: region_keys(region), repeats=1, warmup=0)
        label = (
            f"synthetic region, 10 members, 8 drivers, 3 years, κ = {coordination}: "
            f"{len(verdicts)} keys ({sum(verdicts)} in the core)"
        )
        figures.add(Figure(label, seconds, target=30.0))
