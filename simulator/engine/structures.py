"""Who should cooperate with whom: the cheapest coalition structures of every game of a run.

For each service (and the total of all services) and each period (every year's running cost, and
the present value of running and one-off costs), the ``k`` cheapest partitions of the members into
sharing groups (:func:`simulator.game.structures.best_structures`), with the extra cost of each
runner-up against the best, so a study sees how flat the optimum is. The best structure is checked
for stability (:func:`simulator.allocation.structure_core.structure_core`: no group cutting across
it would do better on its own), and within each of its blocks the Shapley value of the block's own
game names the member who gains least.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from simulator.allocation.shapley import shapley_values
from simulator.allocation.structure_core import structure_core
from simulator.core import coalitions
from simulator.engine.evaluation import RunResult
from simulator.engine.games import RunGames
from simulator.game import CostGame
from simulator.game.structures import best_structures

__all__ = ["COLUMNS", "block_game_costs", "structures_table"]

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


def _structure_rows(game: CostGame, k: int) -> list[dict[str, object]]:
    """Rows of the ``k`` cheapest structures of one game (block rows; stability for the best)."""
    found = best_structures(game, k)
    verdict = structure_core(game, found[0].blocks)
    rows = []
    for structure in found:
        best = structure.rank == 1
        for index, block in enumerate(structure.blocks, start=1):
            row = _block_row(game, index, block)
            if best:
                row["least_gain_member"], row["least_gain_pct"] = _least_gain(game, block)
            row["rank"] = structure.rank
            row["structure_cost_sek"] = structure.cost
            row["extra_cost_sek"] = structure.cost - found[0].cost
            row["stable"] = verdict.stable if best else pd.NA
            row["objecting_coalition"] = verdict.objecting if best else ""
            rows.append(row)
    return rows


def _bits(mask: int, n: int) -> NDArray[np.float64]:
    return np.array([(mask >> i) & 1 for i in range(n)], dtype=np.float64)


def structures_table(result: RunResult, run_games: RunGames, k: int = 3) -> pd.DataFrame:
    """``structures.csv``: the ``k`` cheapest structures of every service (and the total) in
    every period, one row per block. Columns: :data:`COLUMNS` (``period`` is a year or ``npv``;
    ``stable``, ``objecting_coalition`` and the least-gain columns are filled for the best
    structure only)."""
    frames = []
    for period, service, game in run_games:
        frame = pd.DataFrame(_structure_rows(game, k))
        frames.append(frame.assign(scenario=result.scenario.id, service=service, period=period))
    table = pd.concat(frames, ignore_index=True)
    table["period"] = table["period"].astype(object)
    return table[COLUMNS]
