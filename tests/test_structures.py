"""Coalition structures by dynamic programming against a brute-force search over every partition.

The number of partitions of n players is the Bell number: 1, 2, 5, 15, 52, 203 for n = 1 … 6; the
five-member Luleå region has 52.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from helpers import SCENARIOS

from simulator import engine, scenario
from simulator.allocation import core_is_empty
from simulator.allocation.structure_core import structure_core
from simulator.engine import games as run_games
from simulator.engine.structures import COLUMNS as STRUCTURE_COLUMNS
from simulator.engine.structures import structures_table
from simulator.game import CostGame
from simulator.game.structures import best_structures, block_pairs

BELL = {1: 1, 2: 2, 3: 5, 4: 15, 5: 52, 6: 203}


def partitions(members: list[int]) -> Iterator[list[int]]:
    """Every partition of ``members`` (bit indices) as a list of block masks: the textbook recursion
    (the first member joins each block of a partition of the rest, or stands alone)."""
    if not members:
        yield []
        return
    first, rest = members[0], members[1:]
    for smaller in partitions(rest):
        yield [1 << first, *smaller]
        for i, block in enumerate(smaller):
            yield [*smaller[:i], block | 1 << first, *smaller[i + 1 :]]


def brute_force(game: CostGame) -> list[tuple[float, tuple[int, ...]]]:
    full = game.full_costs
    found = [
        (float(sum(full[b] for b in p)), tuple(sorted(p))) for p in partitions(list(range(game.n)))
    ]
    return sorted(found)


def random_game(n: int, seed: int) -> CostGame:
    rng = np.random.default_rng(seed)
    sizes = np.array([bin(m).count("1") for m in range(1, 1 << n)])
    costs = rng.uniform(10, 100, (1 << n) - 1) * sizes**0.85
    return CostGame(tuple(f"K{i}" for i in range(n)), costs)


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_the_recursion_counts_the_bell_numbers(n: int) -> None:
    assert len(list(partitions(list(range(n))))) == BELL[n]


@pytest.mark.parametrize(("n", "seed"), [(3, 1), (4, 2), (5, 3), (5, 4), (6, 5)])
def test_every_structure_in_order_equals_the_brute_force(n: int, seed: int) -> None:
    game = random_game(n, seed)
    expected = brute_force(game)
    found = best_structures(game, BELL[n] + 3)
    assert len(found) == BELL[n]
    assert [s.cost for s in found] == pytest.approx([cost for cost, _ in expected], rel=1e-12)
    assert {s.blocks for s in found} == {blocks for _, blocks in expected}
    assert [s.rank for s in found] == list(range(1, BELL[n] + 1))


def test_the_lulea_region_structure_equals_the_brute_force_over_its_52_partitions() -> None:
    result = engine.run(scenario.load(SCENARIOS / "lulea_region.yaml"))
    every = run_games.games(result)
    for service in every.services:
        game = every.of(service)["npv"]
        expected = brute_force(game)
        best = best_structures(game, 3)
        assert [s.cost for s in best] == pytest.approx([c for c, _ in expected[:3]], rel=1e-12), (
            service
        )
        assert best[0].blocks == expected[0][1] or best[0].cost == pytest.approx(expected[1][0])


def test_pairs_cover_each_partition_step_once() -> None:
    # Σ over non-empty S of 2^(|S| - 1) choices of the block holding S's lowest member = (3^n - 1)/2
    for n in range(1, 9):
        block, rest = block_pairs(n)
        assert block.size == (3**n - 1) // 2
        assert not np.any(block & rest)


def test_labels_name_the_members() -> None:
    game = CostGame(("Piteå", "Älvsbyn", "Luleå"), [10, 8, 15, 30, 40, 38, 48])
    best = best_structures(game, 1)[0]
    assert best.labels == ("Piteå+Älvsbyn", "Luleå") and best.cost == 45.0


def test_structure_core_against_hand_arithmetic() -> None:
    # A, B, C alone 10 each; A+B 15 (saves 5), A+C and B+C 21, all three 32.
    game = CostGame(("A", "B", "C"), [10, 10, 15, 10, 21, 21, 32])
    together = structure_core(game, (0b011, 0b100))
    # x_A + x_B = 15, x_C = 10; the least core splits A+B's saving: 7.5 each, 2.5 below alone
    assert together.stable and together.epsilon == pytest.approx(-2.5)
    assert together.x == pytest.approx([7.5, 7.5, 10.0])
    alone = structure_core(game, (0b001, 0b010, 0b100))
    assert not alone.stable and alone.epsilon == pytest.approx(5.0) and alone.objecting == "A+B"


def test_the_grand_coalition_structure_is_stable_exactly_when_the_core_is_not_empty() -> None:
    for seed in range(6):
        game = random_game(4, seed)
        assert structure_core(game, (0b1111,)).stable == (not core_is_empty(game))


def test_structures_table_of_the_lulea_region_adds_up() -> None:
    result = engine.run(scenario.load(SCENARIOS / "lulea_region.yaml"))
    every = run_games.games(result)
    table = structures_table(result, every, k=3)
    assert list(table.columns) == STRUCTURE_COLUMNS
    for (service, period, rank), rows in table.groupby(["service", "period", "rank"]):
        game = every.of(service)[period]
        # the blocks partition the members, and their costs add up to the structure's cost
        members = [m for label in rows["members"] for m in label.split("+")]
        assert sorted(members) == sorted(game.players)
        assert rows["cost_sek"].sum() == pytest.approx(
            rows["structure_cost_sek"].iloc[0], rel=1e-12
        )
        alone = sum(game.standalone[game.players.index(m)] for m in members)
        assert rows["saving_sek"].sum() == pytest.approx(
            alone - rows["cost_sek"].sum(), rel=1e-9, abs=1e-6
        )
    best = table[table["rank"] == 1]
    assert best["extra_cost_sek"].eq(0).all() and best["stable"].notna().all()
    assert (table["extra_cost_sek"] >= 0).all()
    npv = table[(table["period"] == "npv") & (table["service"] == "total")]
    expected = brute_force(every.of("total")["npv"])
    assert npv.groupby("rank")["structure_cost_sek"].first().tolist() == pytest.approx(
        [cost for cost, _ in expected[:3]], rel=1e-12
    )
