"""Who should cooperate with whom: the cheapest coalition structures of every game of a run.

For each service (and the total of all services) and each period (every year's running cost, and
the present value of running and one-off costs), the ``k`` cheapest partitions of the members into
sharing groups (:func:`simulator.game.structures.best_structures`), with the extra cost of each
runner-up against the best, so a study sees how flat the optimum is. The best structure is checked
for stability (:func:`simulator.allocation.structure_core.structure_core`: no group cutting across
it would do better on its own), and within each of its blocks the Shapley value of the block's own
game names the member who gains least. A service that not every member takes part in (its
``members:``, ``joins:``, ``leaves:``) is searched among those taking part in the period (in any
year for ``npv``): the others are blocks of their own, whose cost is their own anyway, so that a
tie does not put a member who does not take part into a group.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from simulator.allocation.shapley import shapley_values
from simulator.allocation.structure_core import structure_core
from simulator.core import coalitions
from simulator.engine.evaluation import RunResult
from simulator.engine.games import RunGames
from simulator.game import CostGame
from simulator.game.structures import Structure, best_structures

__all__ = [
    "COLUMNS",
    "ALL_PERIODS_UP_TO",
    "block_game_costs",
    "structures_table",
    "structures_within",
    "taking_part",
    "run_periods",
]

ALL_PERIODS_UP_TO = 10
"""Members up to which a run reports the structures of every year as well as the present value."""

COLUMNS = [
    "scenario",
    "service",
    "period",
    "rank",
    "block",
    "members",
    "cost_sek",
    "saving_sek",
    "structure_cost_sek",
    "extra_cost_sek",
    "stable",
    "objecting_coalition",
    "least_gain_member",
    "least_gain_pct",
]


def block_game_costs(game: CostGame, block: int) -> NDArray[np.float64]:
    """The costs of the game restricted to the members of ``block``: (2**m − 1,) in the block's own
    mask order (its members' bits renumbered 0 … m−1)."""
    bits = [i for i in range(game.n) if block >> i & 1]
    sub = np.arange(1, 1 << len(bits))
    full = np.zeros_like(sub)
    for j, i in enumerate(bits):
        full |= ((sub >> j) & 1) << i
    return np.asarray(game.full_costs[full], dtype=np.float64)


def _block_row(game: CostGame, index: int, block: int) -> dict[str, object]:
    """A block's cost and its saving against its members alone."""
    alone = game.standalone @ _bits(block, game.n)
    return {
        "block": index,
        "members": coalitions.label(block, game.players),
        "cost_sek": float(game.full_costs[block]),
        "saving_sek": float(alone - game.full_costs[block]),
        "least_gain_member": "",
        "least_gain_pct": np.nan,
    }


def _least_gain(game: CostGame, block: int) -> tuple[str, float]:
    """The member of ``block`` who gains least under the Shapley value of the block's own game,
    and that gain as a per cent of its cost alone."""
    members = coalitions.members(block, game.players)
    alone = game.standalone[_bits(block, game.n) > 0]
    values = shapley_values(block_game_costs(game, block))
    safe = np.where(alone > 0, alone, 1.0)
    gain = np.where(alone > 0, (alone - values) / safe, 0.0)
    least = int(np.argmin(gain))
    return members[least], 100.0 * float(gain[least])


def _structure_rows(game: CostGame, k: int, inside: int | None = None) -> list[dict[str, object]]:
    """Rows of the ``k`` cheapest structures of one game (block rows; stability for the best);
    with ``inside`` (a mask), only the members it holds may share (the others run alone)."""
    found = best_structures(game, k) if inside is None else structures_within(game, inside, k)
    verdict = structure_core(game, found[0].blocks)
    rows = []
    for structure in found:
        best = structure.rank == 1
        for index, block in enumerate(structure.blocks, start=1):
            row = _block_row(game, index, block)
            if best and block & (block - 1):  # a group of two or more
                row["least_gain_member"], row["least_gain_pct"] = _least_gain(game, block)
            row["rank"] = structure.rank
            row["structure_cost_sek"] = structure.cost
            row["extra_cost_sek"] = structure.cost - found[0].cost
            row["stable"] = verdict.stable if best else pd.NA
            row["objecting_coalition"] = verdict.objecting if best else ""
            rows.append(row)
    return rows


def structures_within(game: CostGame, inside: int, k: int) -> list[Structure]:
    """The ``k`` cheapest structures of ``game`` in which only the members of ``inside`` (a mask)
    may share: the search over the game restricted to them, each other member a block of its
    own (a service the others do not take part in; their cost is their own anyway)."""
    bits = [i for i in range(game.n) if inside >> i & 1]
    outside = [1 << i for i in range(game.n) if not inside >> i & 1]
    alone = float(sum(game.full_costs[b] for b in outside))
    if not bits:
        return [Structure(1, tuple(outside), alone, game.players)]
    sub = CostGame(tuple(game.players[i] for i in bits), block_game_costs(game, inside))
    found = []
    for structure in best_structures(sub, k):
        blocks = [_widened(block, bits) for block in structure.blocks]
        found.append(
            Structure(
                structure.rank,
                tuple(sorted(blocks + outside)),
                structure.cost + alone,
                game.players,
            )
        )
    return found


def _widened(block: int, bits: Sequence[int]) -> int:
    """A mask over the restricted game's members as a mask over all players."""
    return sum(1 << i for j, i in enumerate(bits) if block >> j & 1)


def taking_part(result: RunResult, service: str, period: int | str) -> int | None:
    """The mask of the members taking part in ``service`` in ``period`` (a year, or ``npv``: in
    any year), or None when all do (or for ``total``)."""
    setup = result.scenario.services.get(service)
    if setup is None or not setup.participation.given:
        return None
    years = result.context.years.tolist()
    active = setup.participation.active(result.scenario.municipalities, years)
    row = active.any(axis=0) if str(period) == "npv" else active[years.index(int(period))]
    if row.all():
        return None
    return int(sum(1 << i for i in np.flatnonzero(row)))


def run_periods(result: RunResult) -> list[int | str] | None:
    """The periods a run reports structures for: every year and ``npv`` (None) up to
    :data:`ALL_PERIODS_UP_TO` members; beyond, ``npv`` only (a search at n = 14 takes about a
    second a game; ``samverkan structures --period YEAR`` gives any year)."""
    if len(result.scenario.municipalities) <= ALL_PERIODS_UP_TO:
        return None
    return ["npv"]


def _bits(mask: int, n: int) -> NDArray[np.float64]:
    return np.array([(mask >> i) & 1 for i in range(n)], dtype=np.float64)


def structures_table(
    result: RunResult,
    run_games: RunGames,
    k: int = 3,
    *,
    services: Sequence[str] | None = None,
    periods: Sequence[int | str] | None = None,
) -> pd.DataFrame:
    """``structures.csv``: the ``k`` cheapest structures of every service (and the total) in
    every period, one row per block. Columns: :data:`COLUMNS` (``period`` is a year or ``npv``;
    ``stable``, ``objecting_coalition`` and the least-gain columns are filled for the best
    structure only). ``services`` and ``periods`` (years or ``"npv"``) keep only those games."""
    frames = []
    for period, service, game in run_games:
        if services is not None and service not in services:
            continue
        if periods is not None and str(period) not in {str(p) for p in periods}:
            continue
        frame = pd.DataFrame(_structure_rows(game, k, taking_part(result, service, period)))
        frames.append(frame.assign(scenario=result.scenario.id, service=service, period=period))
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    table = pd.concat(frames, ignore_index=True)
    table["period"] = table["period"].astype(object)
    return table[COLUMNS]
