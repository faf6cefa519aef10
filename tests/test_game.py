"""CostGame: construction, validation, properties; game files and their errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.allocation import core_is_empty
from simulator.core import coalitions
from simulator.core.errors import InputError
from simulator.game import (
    CostGame,
    GameError,
    coalition_sums,
    is_subadditive,
    subadditivity_violation,
)
from simulator.game.files import read_game

GAMES = Path(__file__).parent / "fixtures" / "games"

# Hand-checkable three-player game (nucleolus (14, 18.5, 45.5), see test_allocation_nucleolus.py).
THREE = {"A": 15, "B": 20, "C": 55, "A+B": 35, "A+C": 61, "B+C": 65, "A+B+C": 78}


def three() -> CostGame:
    return CostGame.from_mapping("ABC", THREE)


def test_from_mapping_places_costs_by_mask():
    game = three()
    assert game.n == 3 and game.players == ("A", "B", "C")
    assert game.cost(0b011) == 35 and game.cost(0b101) == 61 and game.cost(0) == 0
    assert game.costs[coalitions.mask_of(["C", "B"], game.players) - 1] == 65
    np.testing.assert_array_equal(game.standalone, [15, 20, 55])
    assert game.grand_cost == 78
    np.testing.assert_array_equal(game.savings([14, 18.5, 45.5]), [1, 1.5, 9.5])


def test_labels_in_any_order_and_masks_are_accepted():
    by_label = CostGame.from_mapping(
        "ABC",
        {"C+A": 61, "B+C+A": 78, **{k: v for k, v in THREE.items() if k not in ("A+C", "A+B+C")}},
    )
    by_mask = CostGame.from_mapping(
        "ABC", {coalitions.mask_of(k.split("+"), "ABC"): v for k, v in THREE.items()}
    )
    np.testing.assert_array_equal(by_label.costs, three().costs)
    np.testing.assert_array_equal(by_mask.costs, three().costs)


def test_costs_are_read_only_float64():
    game = three()
    assert game.costs.dtype == np.float64
    with pytest.raises(ValueError):
        game.costs[0] = 1.0


def test_missing_coalitions_are_listed():
    costs = {k: v for k, v in THREE.items() if k not in ("A+B", "B+C")}
    with pytest.raises(GameError, match=r"missing: A\+B, B\+C"):
        CostGame.from_mapping("ABC", costs)


@pytest.mark.parametrize(
    "players, costs, message",
    [
        ("ABC", {**THREE, "B+A": 35}, "given twice"),
        ("ABC", {**THREE, "A+D": 3}, "did you mean|allowed"),
        ("ABC", {**THREE, "A+B": "a lot"}, "must be a number"),
        ("ABC", {**THREE, "A+B": float("nan")}, "finite"),
        ("ABA", {"A": 1}, "only once"),
        ("", {}, "at least one player"),
    ],
)
def test_invalid_games_are_rejected(players, costs, message):
    with pytest.raises(GameError, match=message):
        CostGame.from_mapping(tuple(players), costs)


def test_wrong_length_and_bad_driver_are_rejected():
    with pytest.raises(GameError, match="need 7 costs"):
        CostGame(("A", "B", "C"), np.ones(6))
    with pytest.raises(GameError, match="one finite number per player"):
        CostGame(("A", "B"), np.ones(3), {"population": np.array([1.0])})
    with pytest.raises(GameError, match="sizes"):
        CostGame(("A", "B"), np.ones(3), {"population": np.array([1.0, 2.0])}, sizes="popultion")


def test_one_player_game():
    game = CostGame.from_mapping(["Piteå"], {"Piteå": 5.0})
    assert (
        game.n == 1 and game.grand_cost == 5.0 and is_subadditive(game) and not core_is_empty(game)
    )


def test_coalition_sums_equal_the_membership_product():
    x = np.array([3.0, -1.5, 2.25, 7.0])
    np.testing.assert_allclose(coalition_sums(x)[1:], x @ coalitions.membership(4))
    np.testing.assert_array_equal(
        coalition_sums(np.ones(4, dtype=np.int64))[1:], coalitions.sizes(4)
    )


def test_subadditivity_names_the_violating_pair():
    assert is_subadditive(three())
    costs = {**THREE, "A+B": 40}  # 40 > 15 + 20
    game = CostGame.from_mapping("ABC", costs)
    assert not is_subadditive(game)
    assert subadditivity_violation(game) == ("A", "B")


def test_core_emptiness():
    assert not core_is_empty(three())
    # Three-player majority game as a cost game: every pair saves 1 of 2, all three save 1 of 3.
    majority = CostGame.from_mapping(
        "ABC", {"A": 1, "B": 1, "C": 1, "A+B": 1, "A+C": 1, "B+C": 1, "A+B+C": 2}
    )
    assert core_is_empty(majority)


def test_reordered_game_keeps_every_coalition_cost():
    game = CostGame.from_mapping("ABC", THREE, {"population": [1, 2, 3]})
    other = game.reordered(["C", "A", "B"])
    for label, cost in THREE.items():
        assert other.costs[coalitions.mask_of(label.split("+"), other.players) - 1] == cost
    np.testing.assert_array_equal(other.drivers["population"], [3, 1, 2])
    with pytest.raises(GameError):
        game.reordered(["A", "B"])


# ---------------------------------------------------------------- game files


def test_read_csv_players_in_order_of_first_appearance():
    game = read_game(GAMES / "three.csv")
    assert game.players == ("A", "B", "C")
    np.testing.assert_array_equal(game.costs, three().costs)  # "C+B" in the file is B+C


def test_read_json_with_drivers_and_sizes():
    game = read_game(GAMES / "pitea_alvsbyn.json")
    assert game.players == ("Piteå", "Älvsbyn") and game.grand_cost == 6_300_000
    assert game.sizes == "population"
    np.testing.assert_array_equal(game.drivers["population"], [42203, 8091])
    np.testing.assert_array_equal(game.size_weights(), [42203, 8091])


def test_read_five_player_json():
    game = read_game(GAMES / "lulea_region.json")
    assert game.n == 5 and set(game.drivers) == {"population", "employees"}


@pytest.mark.parametrize(
    "name, field, line, words",
    [
        ("missing.csv", "costs", None, r"missing: A\+B\+C"),
        ("nonnumeric.csv", "cost", 3, "finite number"),
        ("unknown_player.csv", "coalition", 4, "did you mean 'Bert'"),
        ("twice.csv", "coalition", 5, "listed twice .first on line 4"),
        ("empty.csv", "file", None, "empty"),
        ("header_only.csv", "file", None, "list the cost"),
        ("bad_header.csv", "header", 1, "coalition,cost"),
        ("game.txt", "file", None, r"\.csv or \.json"),
        ("no_such_file.csv", "file", None, "no such file"),
        ("duplicate_players.json", "players", None, "only once"),
        ("missing_driver.json", "drivers.population", None, "every player"),
        ("unknown_member.json", "costs.Pitea+Älvsbyn", None, "did you mean 'Piteå'"),
        ("nonnumeric.json", "costs.B", None, "finite number"),
        ("missing.json", "costs", None, r"missing: A\+B, A\+C, B\+C"),
        ("bad_sizes.json", "sizes", None, "did you mean 'population'"),
        ("duplicate_key.json", "key", None, "only once"),
        ("same_coalition.json", "costs.B+A", None, "same coalition as 'A\\+B'"),
        ("syntax.json", "file", 2, "valid JSON"),
        ("unknown_key.json", "cost", None, "did you mean 'costs'"),
    ],
)
def test_broken_game_files(name, field, line, words):
    with pytest.raises(InputError, match=words) as caught:
        read_game(GAMES / name)
    error = caught.value
    assert error.file == str(GAMES / name)
    assert error.field == field
    assert error.line == line


def test_player_names_may_not_contain_the_label_separator(tmp_path):
    with pytest.raises(GameError, match="without '\\+'"):
        CostGame(("A+B", "C"), np.ones(3))
    path = tmp_path / "plus.json"
    path.write_text('{"players": ["A+B", "C"], "costs": {"C": 1}}', encoding="utf-8")
    with pytest.raises(InputError, match="none containing") as caught:
        read_game(path)
    assert caught.value.field == "players"
