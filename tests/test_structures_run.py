"""Who cooperates with whom, in a run: structures.csv, the charts, the summary and
``samverkan structures``; the Luleå region's structures against a brute-force search over all 52
partitions of its five members.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from helpers import SCENARIOS

from simulator import cli, engine, scenario
from simulator.engine import games as run_games
from simulator.engine.structures import COLUMNS
from simulator.game import CostGame
from simulator.game.structures import best_structures

LULEA = SCENARIOS / "lulea_region.yaml"


def partitions(members: list[int]) -> Iterator[list[int]]:
    """Every partition of ``members`` (bit indices) as block masks: the first member joins each
    block of a partition of the rest, or stands alone (Bell(5) = 52 for five)."""
    if not members:
        yield []
        return
    first, rest = members[0], members[1:]
    for smaller in partitions(rest):
        yield [1 << first, *smaller]
        for i, block in enumerate(smaller):
            yield [*smaller[:i], block | 1 << first, *smaller[i + 1 :]]


def brute_force(game: CostGame) -> list[tuple[float, tuple[int, ...]]]:
    """Every partition's cost (the sum of its blocks' costs), cheapest first."""
    found = [
        (float(sum(game.full_costs[b] for b in p)), tuple(sorted(p)))
        for p in partitions(list(range(game.n)))
    ]
    return sorted(found)


@pytest.fixture(scope="module")
def lulea() -> run_games.RunGames:
    return run_games.games(engine.run(scenario.load(LULEA)))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lulea") / "results"
    assert cli.main(["run", str(LULEA), "--out", str(out), "--charts", "png"]) == 0
    return out


def test_there_are_52_partitions_of_five() -> None:
    assert len(list(partitions(list(range(5))))) == 52


@pytest.mark.parametrize(
    "service",
    ["payroll", "switchboard", "procurement", "pension", "it_support", "managers", "total"],
)
def test_the_best_structure_of_each_npv_game_equals_the_brute_force(
    lulea: run_games.RunGames, service: str
) -> None:
    game = lulea.of(service)["npv"]
    expected = brute_force(game)
    assert len(expected) == 52
    assert expected[0][0] < expected[1][0]  # a unique optimum, so the partition is determined
    best = best_structures(game, 1)[0]
    assert best.cost == pytest.approx(expected[0][0], rel=1e-12)
    assert best.blocks == expected[0][1]


def test_structures_csv_is_written_by_a_run(folder: Path, lulea: run_games.RunGames) -> None:
    table = pd.read_csv(folder / "structures.csv")
    assert list(table.columns) == COLUMNS
    assert set(table["period"].astype(str)) == {*map(str, range(2018, 2026)), "npv"}
    best = table[(table["service"] == "total") & (table["period"] == "npv")]
    cheapest = brute_force(lulea.of("total")["npv"])[:3]
    by_rank = best.groupby("rank")["structure_cost_sek"].first()
    assert by_rank.tolist() == pytest.approx([cost for cost, _ in cheapest], rel=1e-9)
    # pension advice, npv: Kalix, Luleå and Älvsbyn share, Boden and Piteå alone (brute force)
    pension = table[(table["service"] == "pension") & (table["period"] == "npv")]
    assert sorted(pension[pension["rank"] == 1]["members"]) == [
        "Boden",
        "Kalix+Luleå+Älvsbyn",
        "Piteå",
    ]


def test_the_run_draws_the_structure_charts_and_writes_the_section(folder: Path) -> None:
    for stem in ("structures", "structures_map", "structures_map_pension"):
        assert (folder / "charts" / f"{stem}.png").stat().st_size > 0
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert "## Vem samverkar med vem?" in summary
    assert "bland alla 52 möjliga indelningar" in summary


def test_the_command_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["structures", str(LULEA), "--service", "pension", "--top", "2"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "1. Boden | Piteå | Kalix+Luleå+Älvsbyn" in out
    assert "2. " in out and "3. " not in out


def test_the_command_writes_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    argv = ["structures", str(LULEA), "--period", "2025", "--format", "csv", "--top", "1"]
    assert cli.main(argv) == 0
    path = tmp_path / "out.csv"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    table = pd.read_csv(path)
    assert list(table.columns) == COLUMNS
    assert set(table["period"]) == {2025} and set(table["rank"]) == {1}
    assert set(table["service"]) == {
        "payroll",
        "switchboard",
        "procurement",
        "pension",
        "it_support",
        "managers",
        "total",
    }


@pytest.mark.parametrize(
    "argv",
    [["--service", "swichboard"], ["--period", "2030"], ["--top", "0"]],
)
def test_bad_arguments_exit_2_with_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["structures", str(LULEA), *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("samverkan: error:") and err.count("\n") == 1
