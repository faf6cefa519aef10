"""``samverkan game solve``: output formats and input errors (parser built here, as the main CLI does)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import time
from pathlib import Path

import pytest

from simulator.cli.game import register
from simulator.core.errors import InputError

GAMES = Path(__file__).parent / "fixtures" / "games"


def run(*argv: str) -> str:
    parser = argparse.ArgumentParser(prog="samverkan")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["game", "solve", *argv])
    out = io.StringIO()
    assert args.handler(args, out) == 0
    return out.getvalue()


def test_json_output_has_allocations_and_checks():
    document = json.loads(run(str(GAMES / "three.csv"), "--format", "json"))
    assert document["players"] == ["A", "B", "C"]
    assert list(document["allocations"]) == [
        "equal",
        "standalone",
        "equal_savings",
        "shapley",
        "nucleolus",
        "per_capita_nucleolus",
        "least_core",
        "scrb",
    ]
    assert document["allocations"]["nucleolus"] == pytest.approx({"A": 14, "B": 18.5, "C": 45.5})
    assert document["checks"]["nucleolus"] == {
        "efficient": True,
        "individually_rational": True,
        "in_core": True,
        "max_excess": pytest.approx(-1.0),
        "objecting_coalition": "A",
    }
    assert document["checks"]["equal"]["objecting_coalition"] == "A+B"
    assert (
        document["subadditive"] is True
        and document["core_empty"] is False
        and document["skipped"] == {}
    )


def test_json_methods_chosen_with_drivers():
    path = GAMES / "pitea_alvsbyn.json"
    document = json.loads(
        run(str(path), "--methods", "proportional:population, shapley", "--format", "json")
    )
    assert list(document["allocations"]) == ["proportional:population", "shapley"]
    assert document["allocations"]["shapley"] == pytest.approx({"Piteå": 4.8e6, "Älvsbyn": 1.5e6})


def test_default_methods_include_each_driver_and_sized_per_capita():
    document = json.loads(run(str(GAMES / "lulea_region.json"), "--format", "json"))
    assert {"proportional:population", "proportional:employees", "per_capita_nucleolus"} <= set(
        document["allocations"]
    )
    for verdict in document["checks"].values():
        assert verdict["efficient"]


def test_csv_is_long_format():
    rows = list(
        csv.DictReader(
            io.StringIO(
                run(str(GAMES / "three.csv"), "--methods", "nucleolus,equal", "--format", "csv")
            )
        )
    )
    assert list(rows[0]) == [
        "method",
        "player",
        "cost",
        "standalone",
        "saving",
        "saving_pct",
        "in_core",
    ]
    assert len(rows) == 6
    assert rows[0] == {
        "method": "nucleolus",
        "player": "A",
        "cost": "14.00",
        "standalone": "15.00",
        "saving": "1.00",
        "saving_pct": "6.67",
        "in_core": "true",
    }
    assert rows[3]["method"] == "equal" and rows[3]["in_core"] == "false"


def test_table_lists_players_methods_and_verdicts():
    text = run(str(GAMES / "three.csv"), "--methods", "shapley,nucleolus")
    assert "c(N) = 78.00 SEK" in text and "sub-additive: not checked (--methods given)" in text
    every = run(str(GAMES / "three.csv"))  # every method: the game's properties are checked too
    assert "sub-additive: yes" in every and "core empty: no" in every
    lines = text.splitlines()
    assert lines[2].split() == ["player", "stand-alone", "shapley", "nucleolus"]
    assert lines[3].split() == ["A", "15.00", "12.83", "14.00"]
    assert lines[7].split() == ["in", "core", "no", "yes"]


def test_inapplicable_default_method_is_skipped_and_listed(tmp_path):
    path = tmp_path / "dear.csv"  # together dearer than apart: no imputation exists
    path.write_text("coalition,cost\nA,1\nB,1\nA+B,3\n", encoding="utf-8")
    document = json.loads(run(str(path), "--format", "json"))
    assert "nucleolus" in document["skipped"] and "nucleolus" not in document["allocations"]
    assert document["core_empty"] is True and document["subadditive"] is False
    assert "skipped nucleolus" in run(str(path))


def test_inapplicable_requested_method_is_an_input_error(tmp_path):
    path = tmp_path / "dear.csv"
    path.write_text("coalition,cost\nA,1\nB,1\nA+B,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="does not apply") as caught:
        run(str(path), "--methods", "nucleolus")
    assert caught.value.field == "--methods" and caught.value.file is None


@pytest.mark.parametrize(
    "methods, hint",
    [
        ("shapely", "did you mean 'shapley'"),
        ("proportional:employees", "allowed"),
        (",", "comma-separated"),
    ],
)
def test_unknown_method_is_an_input_error_with_a_suggestion(methods, hint):
    with pytest.raises(InputError, match=hint) as caught:
        run(str(GAMES / "three.csv"), "--methods", methods)
    assert caught.value.field == "--methods"


def test_bad_game_file_error_propagates():
    with pytest.raises(InputError) as caught:
        run(str(GAMES / "nonnumeric.csv"))
    assert caught.value.line == 3


def test_main_command_runs_game_solve(capsys):
    from simulator.cli import main

    assert (
        main(
            [
                "game",
                "solve",
                str(GAMES / "three.csv"),
                "--methods",
                "nucleolus",
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out)["allocations"]["nucleolus"]["C"] == pytest.approx(
        45.5
    )
    assert main(["game", "solve", str(GAMES / "three.csv"), "--methods", "shapely"]) == 2
    assert "did you mean 'shapley'" in capsys.readouterr().err


@pytest.mark.parametrize("sizes", [["x"], {"population": 1}, 3])
def test_sizes_that_is_not_a_name_is_one_line_input_error(capsys, tmp_path, sizes):
    from simulator.cli import main

    game = json.loads((GAMES / "sizes_not_a_name.json").read_text(encoding="utf-8")) | {
        "sizes": sizes
    }
    path = tmp_path / "game.json"
    path.write_text(json.dumps(game), encoding="utf-8")
    for file in (GAMES / "sizes_not_a_name.json", path):
        assert main(["game", "solve", str(file)]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in captured.err
        assert f"{file.name}: sizes: got " in lines[0]
        assert "the name of one driver, as a string; allowed: population" in lines[0]


# --- hostile game files (issue 10): one line, exit 2, in bounded time ------------------------------

SEVENTEEN = [f"P{i}" for i in range(17)]
HOSTILE = {
    "decimal_comma.csv": ("coalition,cost\nA,1,5\nB,2\nA+B,3\n", "at most 2 cells"),
    "trailing_cell.csv": ("coalition,cost\nA,1\nB,2,\nA+B,3\n", "at most 2 cells"),
    "long_cell.csv": ("coalition,cost\n" + "A" * 140_000 + ",1\n", "at most 10,000 characters"),
    "huge_cost.csv": ("coalition,cost\nA," + "9" * 400 + "\nB,1\nA+B,1\n", "magnitude"),
    "tiny_cost.csv": ("coalition,cost\nA,1e-300\nB,1\nA+B,1\n", "magnitude"),
    "formula_player.csv": ("coalition,cost\n=1+1,1\nB,1\n=1+1+B,1\n", "formula"),
    "control_player.csv": ("coalition,cost\nA\x07,1\nB,1\n", "control characters"),
    "only_commas.csv": (",,,\n", "a header row"),
    "nul.csv": ("coalition,cost\nA,1\x00\nB,1\nA+B,1\n", "magnitude"),
    "deep.json": ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
    "nan.json": ('{"players": ["A"], "costs": {"A": NaN}}', "NaN (not a JSON number)"),
    "infinity.json": ('{"players": ["A"], "costs": {"A": -Infinity}}', "not a JSON number"),
    "huge_int.json": ('{"players": ["A"], "costs": {"A": ' + "9" * 400 + "}}", "400 digits"),
    "huger_int.json": ('{"players": ["A"], "costs": {"A": ' + "9" * 5000 + "}}", "5000 digits"),
    "many_keys.json": ("{" + ",".join(f'"k{i}": 1' for i in range(65_536)) + "}", "unknown key"),
    "many_dup_keys.json": ("{" + ",".join('"k": 1' for i in range(65_536)) + "}", "only once"),
    "formula_player.json": ('{"players": ["@SUM(1)"], "costs": {"@SUM(1)": 1}}', "formula"),
    "seventeen_players.json": (
        json.dumps({"players": SEVENTEEN, "costs": {p: 1 for p in SEVENTEEN}}),
        "at most 16 players",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_game_file_is_one_line_within_5_s(name, tmp_path, capsys):
    from simulator.cli import main

    text, words = HOSTILE[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    start = time.monotonic()
    assert main(["game", "solve", str(path)]) == 2
    assert time.monotonic() - start < 5
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and words in captured.err


@pytest.mark.parametrize("kind", ["folder", "fifo", "zero"])
def test_a_game_path_that_is_no_file(kind, tmp_path, capsys):
    from simulator.cli import main

    path = tmp_path / "dir.csv"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    assert main(["game", "solve", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a regular game file" in err


def test_reading_a_game_is_linear_in_its_keys(tmp_path):
    """65 536 distinct keys are read (and refused as unknown) at once; the duplicate check is no
    longer quadratic."""
    path = tmp_path / "keys.json"
    path.write_text("{" + ",".join(f'"k{i}": 1' for i in range(65_536)) + "}", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(InputError, match="unknown key"):
        run(str(path))
    assert time.monotonic() - start < 2


def test_solve_reads_the_game_csv_a_run_writes(tmp_path):
    """A results folder's game.csv holds every service and year; --service and --year choose."""
    path = tmp_path / "game.csv"
    path.write_text(
        "scenario,year,service,coalition,cost_sek\n"
        "x,2014,payroll,A,10\nx,2014,payroll,B,20\nx,2014,payroll,A+B,24\n"
        "x,npv,total,A,100\nx,npv,total,B,60\nx,npv,total,A+B,140\n",
        encoding="utf-8",
    )
    total = json.loads(run(str(path), "--methods", "shapley", "--format", "json"))
    # Shapley of A = 100 - (100 + 60 - 140) / 2 = 90
    assert total["allocations"]["shapley"] == pytest.approx({"A": 90.0, "B": 50.0})
    payroll = json.loads(
        run(
            str(path),
            "--methods",
            "shapley",
            "--service",
            "payroll",
            "--year",
            "2014",
            "--format",
            "json",
        )
    )
    assert payroll["allocations"]["shapley"] == pytest.approx({"A": 7.0, "B": 17.0})
