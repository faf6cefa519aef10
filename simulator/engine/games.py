"""Cost games from a run, and who pays what under each method: the ``allocations.csv`` table.

A game per service and for the total, for every year (running costs) and for the present value
over the years (``npv``: running plus one-off costs). Governance has no stand-alone cost, so it is
shared only as part of the total. Drivers for proportional keys are each municipality's own
figures: population and employees from the facts, and volumes from the services' workloads
(a municipality alone); the ``npv`` game uses their mean over the years.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator import allocation
from simulator.allocation import Allocation, AllocationError
from simulator.core import coalitions
from simulator.engine.evaluation import RunResult, npv_costs
from simulator.game import CostGame
from simulator.services.drivers import DRIVER_MEASURES, SERVICE_DRIVER

__all__ = [
    "price_effect_comparison",
    "drivers",
    "games",
    "RunGames",
    "default_methods",
    "allocate_all",
    "allocations_table",
]

_GAME_METHODS = (
    "equal",
    "standalone",
    "equal_savings",
    "shapley",
    "nucleolus",
    "per_capita_nucleolus",
    "least_core",
    "scrb",
)
AGREED = "agreed"
"""The method and key driver of a key the parties have already agreed (fixed shares per member)."""


def drivers(result: RunResult, year_index: int | None) -> dict[str, np.ndarray]:
    """Per-municipality drivers (n,) in one year, or their mean over the years (``None``)."""
    singles = coalitions.singletons(len(result.scenario.municipalities)) - 1
    pick = (lambda a: a[year_index]) if year_index is not None else (lambda a: a.mean(axis=0))
    facts = result.context.facts
    out = {"population": pick(facts.population), "employees": pick(facts.employees)}
    for name, (service, measure) in DRIVER_MEASURES.items():
        if service in result.services and measure in result.services[service].workload:
            out[name] = pick(result.services[service].workload[measure].values[:, singles])
    return out


@dataclass(frozen=True)
class RunGames:
    """Every cost game of a run, built once and read by the allocations, the keys and the price
    effect: ``entries`` holds (year or ``"npv"``, service or ``"total"``, game) for every year,
    then the present value."""

    entries: tuple[tuple[int | str, str, CostGame], ...]

    def __iter__(self) -> Iterator[tuple[int | str, str, CostGame]]:
        return iter(self.entries)

    def of(self, service: str) -> dict[int | str, CostGame]:
        """Year (or ``"npv"``) → game of one service (or ``"total"``)."""
        return {label: game for label, name, game in self.entries if name == service}

    @property
    def services(self) -> tuple[str, ...]:
        """The services with games, and ``total``, in run order."""
        return tuple(dict.fromkeys(name for _, name, _ in self.entries))


def games(result: RunResult) -> RunGames:
    """The run's cost games: a game per service and for the total, every year and in present
    value."""
    players = result.scenario.municipalities
    names = [s for s in result.services if s != "governance"] + ["total"]
    running = {name: result.services[name].running for name in names[:-1]}
    running["total"] = result.running()
    entries: list[tuple[int | str, str, CostGame]] = []
    for t, year in enumerate(result.context.years):
        found = drivers(result, t)
        for name in names:
            game = CostGame(players, running[name][t], found, sizes="population")
            entries.append((int(year), name, game))
    found = drivers(result, None)
    present = npv_costs(result)
    for name in names:
        entries.append(("npv", name, CostGame(players, present[name], found, sizes="population")))
    return RunGames(tuple(entries))


def default_methods(service: str, available: Sequence[str]) -> list[str]:
    """Equal, stand-alone, per inhabitant, per employee, the service's own volume key, and the
    game-theory methods."""
    keys = ["population", "employees", SERVICE_DRIVER.get(service, "population")]
    proportional = [f"proportional:{k}" for k in dict.fromkeys(keys) if k in available]
    return ["equal", "standalone", *proportional, *_GAME_METHODS[2:]]


def allocate_all(
    result: RunResult, methods: Sequence[str] | None = None, *, run_games: RunGames | None = None
) -> Iterator[tuple[int | str, str, CostGame, Allocation]]:
    """Every allocation of every game (methods: as given, else the scenario's, else the defaults);
    a method that does not apply to a game (SCRB without a positive remaining benefit, a
    proportional key whose driver is zero for all) is left out for that game."""
    methods = methods or result.scenario.allocation_methods
    agreed = agreed_keys(result) if methods is None or AGREED in methods else {}
    for year, service, game in run_games or games(result):
        for method in methods or default_methods(service, list(game.drivers)):
            if method == AGREED:
                continue
            try:
                yield year, service, game, allocation.allocate(game, method)
            except AllocationError:
                continue
        if service in agreed:
            yield (
                year,
                service,
                game,
                Allocation(AGREED, game.players, game.grand_cost * agreed[service]),
            )


def agreed_keys(result: RunResult) -> dict[str, np.ndarray]:
    """Keys the parties agreed for given-cost arrangements: service → shares (n,)."""
    out = {}
    for name, setup in result.scenario.services.items():
        shares = getattr(setup.settings, "agreed_shares", None)
        if shares is not None:
            out[name] = shares(result.scenario.municipalities)
    return out


def allocations_table(
    result: RunResult, methods: Sequence[str] | None = None, *, run_games: RunGames | None = None
) -> pd.DataFrame:
    """scenario, year (or ``npv``), service, method, municipality, cost_sek, standalone_sek,
    saving_sek, saving_pct, in_core — one row per municipality and allocation."""
    frames = []
    for year, service, game, alloc in allocate_all(result, methods, run_games=run_games):
        checked = allocation.check(game, alloc)
        frames.append(
            pd.DataFrame(
                {
                    "scenario": result.scenario.id,
                    "year": year,
                    "service": service,
                    "method": alloc.method,
                    "municipality": game.players,
                    "cost_sek": alloc.values,
                    "standalone_sek": game.standalone,
                    "saving_sek": checked.saving,
                    "saving_pct": 100.0 * checked.saving_share,
                    "in_core": checked.in_core,
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    frame["year"] = frame["year"].astype(object)
    return frame


def price_effect_comparison(
    result: RunResult, method: str = "shapley", *, run_games: RunGames | None = None
) -> pd.DataFrame | None:
    """Who pays what of procurement (present value, SEK) with the volume price effect left out of
    the game and with it counted, under ``method``; None without procurement.

    The run's own present-value game of procurement is one side (with the effect when the scenario
    counts it, else without); the other side adds or removes the effect's present value.
    Columns: municipality, standalone_sek, without_sek, with_sek (the price effect is a negative
    cost, so counting it lowers what the group pays and moves the gain to whoever the method
    credits with it).
    """
    service = result.services.get("procurement")
    if service is None or "price_effect" not in service.choices:
        return None
    effect = (service.choices["price_effect"] * result.discount()[:, None]).sum(axis=0)
    included = bool(service.choices["price_effect_included"].max() > 0)
    run_game = (run_games or games(result)).of("procurement")["npv"]
    other = run_game.costs + (-effect if included else effect)
    other_game = CostGame(run_game.players, other, run_game.drivers, sizes=run_game.sizes)
    without, with_effect = (other_game, run_game) if included else (run_game, other_game)
    return pd.DataFrame(
        {
            "municipality": run_game.players,
            "standalone_sek": with_effect.standalone,
            "without_sek": allocation.allocate(without, method).values,
            "with_sek": allocation.allocate(with_effect, method).values,
        }
    )
