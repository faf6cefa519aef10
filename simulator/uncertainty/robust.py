"""Keys across uncertain futures: each family's key applied in every Monte Carlo draw.

The draws are those of ``samverkan uncertainty`` with the same seed and number of draws (the same
chunks, generators and sampling: :func:`simulator.uncertainty.montecarlo.draw_run`). In each draw
every service's games are rebuilt from the draw's own costs (each year of the agreement and the
present value), and each family's key charges them as a council would apply it that year:

* weights on drivers take the draw's own figures (inhabitants, employees, the service's volume,
  and stand-alone cost for the ``model`` family);
* what the agreement fixes stays fixed: the historic cost (a budget figure known when the
  agreement is signed), fixed percentages, and a key already agreed; a glide path moves from the
  fixed historic shares to the draw's driver shares.

:func:`simulator.keys.odds.key_odds` counts the draws in which each key keeps every group whole
and in which every member saves. With draws, the proposal per service is the key that stays in the
core in the largest share of draws, among the keys that keep everyone whole at the assumptions'
values where any does (a key the study's own figures reject is not proposed); ties go to the larger
smallest chance of a member saving, then to the simpler family (the order of
:data:`~simulator.keys.families.FAMILIES`). A key already agreed is kept, with its odds shown. The
candidates are the families' keys as chosen at the assumptions' values; the guarantee of
:mod:`simulator.keys.odds` counts them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from simulator.core import coalitions
from simulator.engine.evaluation import RunResult
from simulator.engine.keys import AGREED, KeyReport
from simulator.game import CostGame
from simulator.keys.families import FAMILIES, GLIDE, HISTORIC, glide_factors, target_driver
from simulator.keys.odds import KeyOdds, key_odds
from simulator.keys.proposal import KeyProposal
from simulator.keys.shares import EQUAL, STANDALONE, driver_share
from simulator.scenario import Scenario
from simulator.uncertainty.montecarlo import (
    chunk_seeds,
    chunk_sizes,
    default_facts,
    discount_factors,
    draw_run,
    drawn_driver,
    driver_series,
    rank_correlations,
    uncertain_parameters,
)

__all__ = ["robust_keys", "draw_games"]

Progress = Callable[[int], None]


class DrawGames:
    """One service's games in every draw of a chunk: costs (D, G, C) and driver figures."""

    def __init__(self, result: RunResult, service: str, labels: tuple[int | str, ...]) -> None:
        years = [int(y) for y in result.context.years]
        self.labels = labels
        self.n = len(result.scenario.municipalities)
        if service == "total":
            running, one_off = result.running(), result.one_off()
        else:
            running = result.services[service].running
            one_off = result.services[service].one_off_total
        factors = discount_factors(result)[..., :, None]
        present = ((running + one_off) * factors).sum(axis=-2)  # (D, C)
        self._index = {
            label: (years.index(int(label)) if label != "npv" else None) for label in labels
        }
        parts = [present if i is None else running[:, i, :] for i in self._index.values()]
        self.costs = np.stack(parts, axis=1)  # (D, G, C)
        self._result = result

    def driver(self, name: str) -> NDArray[np.float64]:
        """(D, G, n) one driver's figures per member in each draw and game (the present value
        takes their mean over the years)."""
        if name == STANDALONE:
            return self.costs[..., coalitions.singletons(self.n) - 1]
        series = driver_series(self._result, name)
        series = np.broadcast_to(series, (self.costs.shape[0], *series.shape[-2:]))  # (D, Y, n)
        picks = [
            series.mean(axis=-2) if i is None else series[:, i, :] for i in self._index.values()
        ]
        return np.stack(picks, axis=1)


def draw_games(result: RunResult, service: str, labels: tuple[int | str, ...]) -> DrawGames:
    """The games of ``service`` (or ``total``) labelled ``labels`` (years and ``npv``) in every
    draw of ``result``."""
    return DrawGames(result, service, labels)


def allocation(
    proposal: KeyProposal, games: DrawGames, glide: Mapping[int | str, float] | None = None
) -> NDArray[np.float64]:
    """(D, G, n) what the key charges each member in each draw and game (see the module
    docstring: drivers from the draw, fixed figures from the agreement; ``glide``: the glide
    factor of each game, for a key on ``glide:`` drivers)."""
    fixed = {v.label: v.game for v in proposal.evaluation.verdicts}
    d, g, n = games.costs.shape[0], len(games.labels), games.n
    shares = np.zeros((d, g, n))
    for driver, weight in zip(proposal.drivers, proposal.weights):
        if weight:
            shares += weight * _shares(driver, fixed, games, glide)
    return games.costs[..., -1:] * shares


def _shares(
    driver: str,
    fixed: Mapping[int | str, CostGame],
    games: DrawGames,
    glide: Mapping[int | str, float] | None,
) -> NDArray[np.float64]:
    """(D, G, n) one driver's shares in each draw and game."""
    d, n = games.costs.shape[0], games.n
    if driver == EQUAL:
        return np.full((d, len(games.labels), n), 1.0 / n)
    if driver.startswith(GLIDE):  # (1 − g) · historic + g · the draw's shares of the target
        if glide is None:
            raise ValueError(f"a key on {driver} needs the glide factor of each game")
        historic = _fixed_rows(fixed, games, HISTORIC)
        g = np.array([glide[label] for label in games.labels])[None, :, None]
        return (1.0 - g) * historic + g * _shares(target_driver(driver), fixed, games, glide)
    if drawn_driver(driver):  # equal shares were taken above
        figures = games.driver(driver)
        return figures / figures.sum(axis=-1, keepdims=True)
    return _fixed_rows(fixed, games, driver)


def _fixed_rows(
    fixed: Mapping[int | str, CostGame], games: DrawGames, driver: str
) -> NDArray[np.float64]:
    """(D, G, n) a driver the agreement fixes: its shares in the agreement's games, every draw."""
    rows = []
    for label in games.labels:
        share = driver_share(fixed[label], driver)
        if share is None:
            raise ValueError(f"driver {driver} has no usable figures in the agreement's games")
        rows.append(share)
    stacked = np.stack(rows)
    return np.broadcast_to(stacked, (games.costs.shape[0], *stacked.shape))


def robust_keys(
    scenario: Scenario,
    report: KeyReport,
    draws: int,
    seed: int,
    progress: Progress | None = None,
) -> KeyReport:
    """``report`` with every family's odds over ``draws`` Monte Carlo draws and, per service, the
    most robust key as the proposal (an agreed key stays)."""
    parameters = tuple(uncertain_parameters(scenario))
    correlation = rank_correlations(scenario, parameters)
    facts = default_facts(scenario)
    families = report.families or {n: {report.family(n): p} for n, p in report.proposals.items()}
    labels = {
        name: tuple(v.label for v in next(iter(found.values())).evaluation.verdicts)
        for name, found in families.items()
    }
    glides = {  # as the key was chosen: over every year of the run and the present value
        name: glide_factors([*report.years, "npv"], report.span(name)[0], report.glide_years)
        for name in families
        if report.glide_years
    }
    costs: dict[str, list[NDArray[np.float64]]] = {name: [] for name in families}
    allocations: dict[tuple[str, str], list[NDArray[np.float64]]] = {}
    for size, child in zip(chunk_sizes(draws), chunk_seeds(seed, draws), strict=True):
        result = draw_run(scenario, facts, parameters, correlation, size, child)[0]
        for name, found in families.items():
            games = draw_games(result, name, labels[name])
            costs[name].append(games.costs)
            for family, proposal in found.items():
                allocations.setdefault((name, family), []).append(
                    allocation(proposal, games, glides.get(name))
                )
        if progress is not None:
            progress(size)
    odds: dict[str, dict[str, KeyOdds]] = {}
    chosen = dict(report.chosen or {})
    proposals = dict(report.proposals)
    for name, found in families.items():
        every = np.concatenate(costs[name])
        npv = labels[name].index("npv") if "npv" in labels[name] else len(labels[name]) - 1
        odds[name] = {
            family: key_odds(every, np.concatenate(allocations[(name, family)]), npv, len(found))
            for family in found
        }
        if chosen.get(name) != AGREED:
            whole = {f: o for f, o in odds[name].items() if found[f].in_core}
            chosen[name] = _most_robust(whole or odds[name])
            proposals[name] = found[chosen[name]]
    return replace(
        report,
        proposals=proposals,
        chosen=MappingProxyType(chosen),
        odds=MappingProxyType({k: MappingProxyType(v) for k, v in odds.items()}),
    )


def _most_robust(odds: Mapping[str, KeyOdds]) -> str:
    """The family whose key stays in the core in most draws; then the larger smallest chance of
    a member saving; then the simpler family."""
    return max(
        odds,
        key=lambda f: (odds[f].whole, min(odds[f].p_save), -FAMILIES.index(f)),
    )
