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
from simulator.keys.families import FAMILIES, GLIDE, target_driver
from simulator.keys.odds import KeyOdds, key_odds
from simulator.keys.proposal import KeyProposal
from simulator.keys.shares import EQUAL, STANDALONE
from simulator.scenario import Scenario
from simulator.services.drivers import DRIVER_MEASURES
from simulator.uncertainty.montecarlo import (
    CHUNK,
    chunk_seeds,
    default_facts,
    draw_run,
    rank_correlations,
    uncertain_parameters,
)

__all__ = ["robust_keys", "draw_games"]

Progress = Callable[[int], None]


class DrawGames:
    """One service's games in every draw of a chunk: costs (D, G, C) and driver figures."""

    def __init__(self, result: RunResult, service: str, labels: tuple[int | str, ...]) -> None:
        years = [int(y) for y in result.context.years]
        n = len(result.scenario.municipalities)
        self.labels = labels
        self.n = n
        index = [years.index(int(label)) for label in labels if label != "npv"]
        running = result.running() if service == "total" else result.services[service].running
        factors = _discount(result)[..., :, None]
        if service == "total":
            one_off = result.one_off()
        else:
            one_off = result.services[service].one_off_total
        present = ((running + one_off) * factors).sum(axis=-2)  # (D, C)
        parts = [running[:, i, :] for i in index]
        if "npv" in labels:
            parts.insert([*labels].index("npv"), present)
        self.costs = np.stack(parts, axis=1)  # (D, G, C)
        self._result = result
        self._index = {
            label: (years.index(int(label)) if label != "npv" else None) for label in labels
        }

    def driver(self, name: str) -> NDArray[np.float64]:
        """(D, G, n) one driver's figures per member in each draw and game."""
        singles = coalitions.singletons(self.n) - 1
        d = self.costs.shape[0]
        if name == STANDALONE:
            return self.costs[..., singles]
        facts = self._result.context.facts
        if name in ("population", "employees"):
            series = np.asarray(facts.population if name == "population" else facts.employees)
        else:
            service, measure = DRIVER_MEASURES[name]
            series = self._result.services[service].workload[measure].values[..., singles]
        series = np.broadcast_to(series, (d, *series.shape[-2:]))  # (D, Y, n)
        picks = [
            series.mean(axis=-2) if i is None else series[:, i, :] for i in self._index.values()
        ]
        return np.stack(picks, axis=1)


def draw_games(result: RunResult, service: str, labels: tuple[int | str, ...]) -> DrawGames:
    """The games of ``service`` (or ``total``) labelled ``labels`` (years and ``npv``) in every
    draw of ``result``."""
    return DrawGames(result, service, labels)


def _discount(result: RunResult) -> NDArray[np.float64]:
    factors = np.asarray(result.discount(), dtype=np.float64)
    return factors.reshape(*factors.shape[:-2], factors.shape[-1]) if factors.ndim >= 3 else factors


def allocation(proposal: KeyProposal, games: DrawGames) -> NDArray[np.float64]:
    """(D, G, n) what the key charges each member in each draw and game (see the module
    docstring: drivers from the draw, fixed figures from the agreement)."""
    fixed = {v.label: v.game for v in proposal.evaluation.verdicts}
    d, g, n = games.costs.shape[0], len(games.labels), games.n
    shares = np.zeros((d, g, n))
    for driver, weight in zip(proposal.drivers, proposal.weights):
        if weight:
            shares += weight * _shares(driver, fixed, games)
    return games.costs[..., -1:] * shares


def _shares(
    driver: str, fixed: Mapping[int | str, object], games: DrawGames
) -> NDArray[np.float64]:
    """(D, G, n) one driver's shares in each draw and game."""
    d, n = games.costs.shape[0], games.n
    if driver == EQUAL:
        return np.full((d, len(games.labels), n), 1.0 / n)
    if driver.startswith(GLIDE):  # (1 − g) h + g · share: g and h from the agreement's figures
        base = np.stack([_fixed_share(fixed[label], driver) for label in games.labels])
        target = _shares(target_driver(driver), fixed, games)
        agreed = np.stack(
            [_fixed_share(fixed[label], target_driver(driver)) for label in games.labels]
        )
        glide = _glide(fixed, games, driver)
        return base + glide[None, :, None] * (target - agreed[None])
    if driver in (STANDALONE, "population", "employees") or driver in DRIVER_MEASURES:
        figures = games.driver(driver)
        return figures / figures.sum(axis=-1, keepdims=True)
    rows = np.stack([_fixed_share(fixed[label], driver) for label in games.labels])
    return np.broadcast_to(rows, (d, *rows.shape))


def _fixed_share(game: object, driver: str) -> NDArray[np.float64]:
    """A driver's shares in one of the agreement's (deterministic) games."""
    from simulator.keys.shares import driver_share

    share = driver_share(game, driver)  # type: ignore[arg-type]
    if share is None:
        raise ValueError(f"driver {driver} has no usable figures in the agreement's games")
    return share


def _glide(fixed: Mapping[int | str, object], games: DrawGames, driver: str) -> NDArray[np.float64]:
    """The glide factor g of each game, recovered from the agreement's figures: the glide
    driver's shares are ``h + g · (share − h)``."""
    from simulator.keys.families import HISTORIC
    from simulator.keys.shares import driver_share

    out = []
    for label in games.labels:
        game = fixed[label]
        h = driver_share(game, HISTORIC)  # type: ignore[arg-type]
        s = driver_share(game, target_driver(driver))  # type: ignore[arg-type]
        mixed = driver_share(game, driver)  # type: ignore[arg-type]
        assert h is not None and s is not None and mixed is not None
        gap = s - h
        j = int(np.argmax(np.abs(gap)))
        out.append(0.0 if abs(gap[j]) < 1e-12 else float((mixed[j] - h[j]) / gap[j]))
    return np.array(out)


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
    costs: dict[tuple[str, str], list[NDArray[np.float64]]] = {}
    allocations: dict[tuple[str, str], list[NDArray[np.float64]]] = {}
    sizes = [min(CHUNK, draws - start) for start in range(0, draws, CHUNK)]
    for size, child in zip(sizes, chunk_seeds(seed, draws), strict=True):
        result = draw_run(scenario, facts, parameters, correlation, size, child)[0]
        for name, found in families.items():
            labels = tuple(v.label for v in next(iter(found.values())).evaluation.verdicts)
            games = draw_games(result, name, labels)
            for family, proposal in found.items():
                costs.setdefault((name, family), []).append(games.costs)
                allocations.setdefault((name, family), []).append(allocation(proposal, games))
        if progress is not None:
            progress(size)
    odds: dict[str, dict[str, KeyOdds]] = {}
    chosen = dict(report.chosen or {})
    proposals = dict(report.proposals)
    for name, found in families.items():
        odds[name] = {}
        for family, proposal in found.items():
            order = [v.label for v in proposal.evaluation.verdicts]
            odds[name][family] = key_odds(
                np.concatenate(costs[(name, family)]),
                np.concatenate(allocations[(name, family)]),
                order.index("npv") if "npv" in order else len(order) - 1,
                len(found),
            )
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
