"""Keys for a whole run: one proposal per service and for the total, as tidy tables and sentences.

Each key is chosen over the games of the agreement years and the present value (``npv``, over every
scenario year, with one-off costs); ``allocation_rows`` applies it to every scenario year as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from simulator.engine import games as cost_sharing
from simulator.engine.catalogue import service_title
from simulator.engine.evaluation import RunResult
from simulator.engine.games import AGREED, RunGames
from simulator.game import CostGame
from simulator.keys.compare import comparison_rows
from simulator.keys.evaluate import KEY_METHOD, evaluate
from simulator.keys.families import (
    FAMILIES,
    GLIDE,
    HISTORIC,
    SCHEDULE,
    glide_factors,
    glided,
    schedule_shares,
    with_fixed_drivers,
)
from simulator.keys.odds import KeyOdds
from simulator.keys.proposal import KeyProposal, propose_key, reference_targets
from simulator.keys.shares import EQUAL, STANDALONE, default_drivers, usable_drivers
from simulator.keys.tradeoff import COLUMNS as TRADEOFF_COLUMNS
from simulator.keys.tradeoff import TradeoffPoint, simplest_within, tradeoff, tradeoff_rows
from simulator.scenario.keys import KeySettings
from simulator.services.drivers import SERVICE_DRIVER

__all__ = ["KeyReport", "propose_keys"]

Games = Mapping[int | str, CostGame]
_TOTAL = {"sv": "Hela avtalet (alla tjänster)", "en": "The whole agreement (all services)"}


@dataclass(frozen=True, eq=False)
class KeyReport:
    """The proposals of one run.

    Attributes
    ----------
    scenario : scenario id
    years : every scenario year (the present value runs over them)
    agreement : first and last year of the agreement
    spans : service → first and last year its key is chosen on (the agreement's years in shared
        operation)
    alternatives : service → the key the optimiser would propose where the parties have already
        agreed one (the agreed key is kept as the proposal; this shows what a change would move)
    families : service → family → that family's best key (:mod:`simulator.keys.families`)
    chosen : service → the family of the proposal
    historic_years : service → the year whose own costs the historic-cost key freezes
    glide_years : years over which the historic-cost key glides to the driver key (None: frozen)
    tradeoffs : service → the closest driver key with at most k drivers, k = 1 … K
        (:func:`simulator.keys.tradeoff.tradeoff`)
    odds : service → family → how the key fares over Monte Carlo draws (None without draws)
    proposals : service (or ``total``) → proposal
    games : service → every game of the run (each year and ``npv``)
    titles : service → language (``sv``, ``en``) → name
    """

    scenario: str
    years: tuple[int, ...]
    agreement: tuple[int, int]
    proposals: Mapping[str, KeyProposal]
    games: Mapping[str, Games]
    titles: Mapping[str, Mapping[str, str]]
    spans: Mapping[str, tuple[int, int]] | None = None
    alternatives: Mapping[str, KeyProposal] | None = None
    families: Mapping[str, Mapping[str, KeyProposal]] | None = None
    chosen: Mapping[str, str] | None = None
    historic_years: Mapping[str, int] | None = None
    odds: Mapping[str, Mapping[str, KeyOdds]] | None = None
    glide_years: int | None = None
    tradeoffs: Mapping[str, tuple[TradeoffPoint, ...]] | None = None

    def span(self, service: str) -> tuple[int, int]:
        """First and last year the key of ``service`` is chosen on: the agreement's years from
        the service's first full year of shared operation (see :func:`propose_keys`)."""
        return (self.spans or {}).get(service, self.agreement)

    def family(self, service: str) -> str:
        """The family of the proposal for ``service``."""
        return (self.chosen or {}).get(service, "drivers")

    def title(self, service: str, lang: str = "sv") -> str:
        """The service's name in ``lang``."""
        return self.titles[service][lang]

    def keys_table(self) -> pd.DataFrame:
        """scenario, service, family, recommended, driver, weight, objective, step, first_year,
        last_year, in_core_all_years, worst_excess_sek, worst_year, objecting_coalition,
        p_in_core, p_all_save — one row per candidate driver of every family's key (the
        probabilities empty without draws)."""
        rows = []
        for name in self.proposals:
            families = (self.families or {}).get(name) or {self.family(name): self.proposals[name]}
            for family, p in families.items():
                worst = p.worst
                odds = (self.odds or {}).get(name, {}).get(family)
                for driver, weight in zip(p.drivers, p.weights):
                    rows.append(
                        {
                            "scenario": self.scenario,
                            "service": name,
                            "family": family,
                            "recommended": family == self.family(name),
                            "driver": driver,
                            "weight": float(weight),
                            "objective": p.objective,
                            "step": p.step,
                            "first_year": self.span(name)[0],
                            "last_year": self.span(name)[1],
                            "in_core_all_years": p.in_core,
                            "worst_excess_sek": worst.check.max_excess,
                            "worst_year": worst.label,
                            "objecting_coalition": worst.check.objecting_coalition,
                            "p_in_core": np.nan if odds is None else odds.p_in_core,
                            "p_all_save": np.nan if odds is None else odds.p_all_save,
                        }
                    )
        frame = pd.DataFrame(rows)
        frame["worst_year"] = frame["worst_year"].astype(object)
        return frame

    def tradeoff_table(self) -> pd.DataFrame:
        """scenario, service, k, weights, distance_sek, distance_pct, in_core, worst_excess_sek,
        worst_year — per service the closest key on observable drivers with at most k drivers:
        what simplicity costs in closeness to the nucleolus."""
        rows = [
            {"scenario": self.scenario, "service": name} | row
            for name, points in (self.tradeoffs or {}).items()
            for row in tradeoff_rows(points)
        ]
        frame = pd.DataFrame(rows, columns=["scenario", "service", *TRADEOFF_COLUMNS])
        frame["worst_year"] = frame["worst_year"].astype(object)
        return frame

    def allocation_rows(self) -> pd.DataFrame:
        """Rows for ``allocations.csv`` (method ``proposed_key``), every scenario year and ``npv``:
        scenario, year, service, method, municipality, cost_sek, standalone_sek, saving_sek,
        saving_pct, in_core."""
        frames = []
        for name, p in self.proposals.items():
            for verdict in evaluate(self.games[name], p.drivers, p.weights).verdicts:
                game, checked = verdict.game, verdict.check
                frames.append(
                    pd.DataFrame(
                        {
                            "scenario": self.scenario,
                            "year": verdict.label,
                            "service": name,
                            "method": KEY_METHOD,
                            "municipality": game.players,
                            "cost_sek": verdict.allocation,
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

    def comparison_table(self) -> pd.DataFrame:
        """The proposed key against each single-driver key, per service: scenario, service, key,
        weights, in_core_all_years, worst_excess_sek, worst_year, objecting_coalition,
        distance_to_nucleolus_sek, distance_to_nucleolus_pct, saving_spread_pct (see
        :func:`simulator.keys.compare.comparison_rows`)."""
        rows = [
            row | {"scenario": self.scenario, "service": name}
            for name, p in self.proposals.items()
            for row in comparison_rows(p)
        ]
        frame = pd.DataFrame(rows)
        frame["worst_year"] = frame["worst_year"].astype(object)
        first = ["scenario", "service"]
        return frame[first + [c for c in frame.columns if c not in first]]


def propose_keys(
    result: RunResult,
    run_games: RunGames | None = None,
    settings: KeySettings | None = None,
    solver: str = "highs",
) -> KeyReport:
    """Propose a key per service and for the total, as the scenario's ``keys:`` block (or
    ``settings``) says, on the run's games (built here when not given).

    Every key family (:mod:`simulator.keys.families`) gets its best key on the same games; the
    proposal is an agreement in force where there is one, else the first family, in the order of
    :data:`~simulator.keys.families.FAMILIES`, whose key keeps every group whole in every game,
    else the key with the smallest largest excess. Candidate drivers without positive figures in
    some year are left out for that service (listed in the proposal's ``skipped``). A key is chosen
    on the agreement years in which the service runs shared for the whole year (for the total: all
    services), as a key is agreed for shared operation: before the start each member pays its own
    costs, which no key reproduces. When the service starts after the agreement's last year, that
    last year is used. The historic cost is each member's own cost in the year before that first
    year (the first scenario year when there is none before).
    """
    sc = result.scenario
    settings = settings or sc.keys
    years = tuple(int(y) for y in result.context.years)
    first, last = settings.agreement_years or (years[0], years[-1])
    run_games = run_games or cost_sharing.games(result)
    agreed = cost_sharing.agreed_keys(result)
    weights = _present_weights(result)
    every, families, chosen, alternatives, spans, historic = {}, {}, {}, {}, {}, {}
    curves = {}
    for name in settings.services or run_games.services:
        begin = min(max(first, _full_operation(result, name)), last)
        spans[name] = (begin, last)
        historic[name] = begin - 1 if begin - 1 in years else years[0]
        found, every[name], curves[name] = _families(
            run_games.of(name),
            name,
            (begin, last),
            historic[name],
            agreed.get(name),
            weights,
            settings,
            solver,
            sc.path,
        )
        families[name] = found
        chosen[name] = _pick(found)
        if name in agreed:
            alternatives[name] = found[_pick({f: p for f, p in found.items() if f != AGREED})]
    titles = {
        name: _TOTAL if name == "total" else {lang: service_title(name, lang) for lang in _TOTAL}
        for name in families
    }
    return KeyReport(
        sc.id,
        years,
        (first, last),
        {name: families[name][chosen[name]] for name in families},
        every,
        titles,
        MappingProxyType(spans),
        MappingProxyType(alternatives),
        MappingProxyType(families),
        MappingProxyType(chosen),
        MappingProxyType(historic),
        glide_years=settings.glide_years,
        tradeoffs=MappingProxyType({n: c for n, c in curves.items() if c}),
    )


MODEL = "model"


def _families(
    every: Games,
    name: str,
    span: tuple[int, int],
    historic_year: int,
    agreed: np.ndarray | None,
    weights: Mapping[int | str, float],
    settings: KeySettings,
    solver: str,
    origin: str | Path | None,
) -> tuple[dict[str, KeyProposal], Games, tuple[TradeoffPoint, ...]]:
    """Each family's key for one service, the games with every family's drivers, and the
    simplicity trade-off of the driver keys."""
    frozen = {HISTORIC: every[historic_year].standalone}
    games = with_fixed_drivers(every, frozen if agreed is None else {**frozen, AGREED: agreed})
    volume = SERVICE_DRIVER.get(name)
    asked = settings.drivers or default_drivers(volume)
    observable = tuple(d for d in asked if d != STANDALONE)
    wanted: tuple[str, ...] = settings.families or tuple(f for f in FAMILIES if f != MODEL)
    if STANDALONE in asked and MODEL not in wanted:
        wanted = (*wanted, MODEL)
    candidates = {
        AGREED: (AGREED,) if agreed is not None else None,
        "equal": (EQUAL,),
        "price_list": (EQUAL, volume) if volume and volume in observable else None,
        "drivers": observable or None,
        HISTORIC: (HISTORIC,),
        MODEL: (*observable, STANDALONE),
    }
    if settings.glide_years:
        factors = glide_factors(list(games), span[0], settings.glide_years)
        games = glided(games, observable or (EQUAL,), every[historic_year].standalone, factors)
        candidates[HISTORIC] = tuple(f"{GLIDE}{d}" for d in observable or (EQUAL,))
    found = {}
    for family in FAMILIES:
        if family not in wanted and family != AGREED:
            continue
        if family == "fixed":
            fixed = _fixed(games, span, weights, solver, name)
            if fixed is not None:
                games = fixed
                found[family] = _propose(games, (SCHEDULE,), name, span, settings, solver, origin)
            continue
        drivers = candidates.get(family)
        if drivers:
            found[family] = _propose(games, drivers, name, span, settings, solver, origin)
    curve: tuple[TradeoffPoint, ...] = ()
    if "drivers" in found and len(found["drivers"].drivers) > 1:
        inside = _inside(games, span)
        drivers = found["drivers"].drivers
        curve = tuple(tradeoff(inside, drivers, step=settings.step, solver=solver))
        if settings.within is not None:  # the simplest key within the stated closeness
            point = simplest_within(curve, settings.within)
            chosen = dict(zip(point.drivers, point.weights))
            simple = [chosen.get(d, 0.0) for d in drivers]
            found["drivers"] = replace(
                found["drivers"], evaluation=evaluate(inside, drivers, simple)
            )
    return found, games, curve


def _fixed(
    games: Games,
    span: tuple[int, int],
    weights: Mapping[int | str, float],
    solver: str,
    name: str,
) -> dict[int | str, CostGame] | None:
    """The games with a ``schedule`` driver: a percentage per member and agreement year that keeps
    every group whole (None when no such schedule exists); years outside the agreement take the
    nearest agreement year's percentages."""
    inside = _inside(games, span)
    target = reference_targets(inside["npv"])["nucleolus"] if "npv" in inside else None
    if target is None:
        return None
    present = {y: weights[y] * g.grand_cost for y, g in inside.items() if y != "npv"}
    shares = schedule_shares(inside, present, target, solver, "schedule_" + name)
    if shares is None:
        return None
    years = sorted(int(label) for label in shares if label != "npv")
    out = {}
    for label, game in games.items():
        if label not in shares:
            near = years[0] if isinstance(label, int) and label < years[0] else years[-1]
            figures = shares[near]
        else:
            figures = shares[label]
        out[label] = replace(game, drivers={**game.drivers, SCHEDULE: figures})
    return out


def _pick(found: Mapping[str, KeyProposal]) -> str:
    """The agreed key; else the first family whose key keeps everyone whole; else the key with
    the smallest largest excess (the first such family)."""
    if AGREED in found:
        return AGREED
    whole = [f for f in FAMILIES if f in found and found[f].in_core]
    if whole:
        return whole[0]
    return min(found, key=lambda f: (found[f].worst.scaled_excess, FAMILIES.index(f)))


def _present_weights(result: RunResult) -> dict[int | str, float]:
    """Each year's discount factor (the weight of its cost in the present value)."""
    factors = np.ravel(np.asarray(result.discount(), dtype=np.float64))
    return {int(y): float(f) for y, f in zip(result.context.years, factors)}


def _propose(
    every: Games,
    candidates: tuple[str, ...],
    name: str,
    span: tuple[int, int],
    settings: KeySettings,
    solver: str,
    origin: str | Path | None,
) -> KeyProposal:
    """The key of one service on the games of its agreement years and the present value."""
    games = _inside(every, span)
    usable, skipped = usable_drivers(every, candidates)
    proposal = propose_key(
        games,
        usable or candidates,
        service=name,
        step=settings.step,
        objective=settings.objective,
        solver=solver,
        origin=origin,
    )
    return _with_skipped(proposal, skipped)


def _full_operation(result: RunResult, service: str) -> int:
    """The first year ``service`` (``total``: every service) runs shared all year; the base year
    without a timeline, a year past the horizon when it never does within it."""
    years = result.context.years
    names = [n for n in result.services if n != "governance"] if service == "total" else [service]
    first = int(years[0])
    for name in names:
        timeline = result.services[name].timeline
        if timeline is not None:
            full = timeline.operating_share(years) >= 1.0
            first = max(first, int(years[np.argmax(full)]) if full.any() else int(years[-1]) + 1)
    return first


def _inside(games: Games, span: tuple[int, int]) -> dict[int | str, CostGame]:
    """The games of the agreement's years in ``span`` and the present value."""
    return {label: g for label, g in games.items() if _in_agreement(label, *span)}


def _in_agreement(label: int | str, first: int, last: int) -> bool:
    """Whether a game's label (a year, or ``"npv"``) belongs to the agreement's games."""
    return label == "npv" or (isinstance(label, int) and first <= label <= last)


def _with_skipped(proposal: KeyProposal, skipped: Mapping[str, str]) -> KeyProposal:
    return proposal if not skipped else replace(proposal, skipped={**skipped, **proposal.skipped})
