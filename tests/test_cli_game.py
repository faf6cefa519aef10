"""``samverkan game solve``: output formats and input errors (parser built here, as the main CLI does)."""

from __future__ import annotations

import argparse
import csv
import io
import json
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
    assert "c(N) = 78.00 SEK" in text and "sub-additive: yes" in text and "core empty: no" in text
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
