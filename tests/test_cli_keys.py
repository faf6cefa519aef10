"""``samverkan keys``: table, CSV and JSON output, and invalid scenarios (exit 2, one line, no traceback)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import SCENARIOS

from simulator.cli import main

FIXTURES = SCENARIOS.parent / "tests" / "fixtures" / "keys"
BROKEN = [
    "unknown_driver",
    "driver_of_missing_service",
    "repeated_driver",
    "empty_drivers",
    "bad_step",
    "years_outside",
    "years_reversed",
    "unknown_objective",
    "unknown_service",
    "no_usable_driver",
]


def keys(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["keys", *argv]) == 0
    return capsys.readouterr().out


def test_table_shows_sentence_weights_checks_and_comparison(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = keys(capsys, str(FIXTURES / "good.yaml"))
    assert out.startswith(
        "Nycklar för Keys test scenario (keys_good), avtalsår 2015–2017, "
        "mål: jämnast relativ besparing, "
        "steg 10"
    )
    assert "Löneadministration (payroll)" in out and "Hela avtalet (alla tjänster) (total)" in out
    assert "Båda kommunerna betalar mindre än om de stod ensamma, varje år 2015–2017" in out
    assert "vikter: lika delar" in out and "i kärnan" in out and "nuvärde" in out
    assert "jämfört med en enda fördelningsgrund" in out and "föreslagen" in out


def test_table_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    out = keys(capsys, str(FIXTURES / "good.yaml"), "--lang", "en")
    assert "objective: most even relative savings" in out
    assert (
        "Payroll administration (payroll)" in out
        and "Both municipalities pay less than they would alone" in out
    )
    assert "present value" in out and "compared with a single driver" in out


def test_csv_is_the_keys_table(capsys: pytest.CaptureFixture[str]) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(
                keys(capsys, str(FIXTURES / "good.yaml"), "--format", "csv", "--draws", "0")
            )
        )
    )
    assert list(rows[0])[:6] == ["scenario", "service", "family", "recommended", "driver", "weight"]
    # payslips are a fixed multiple of employees in the fixture: the same key, weighted once
    assert [
        r["driver"] for r in rows if r["service"] == "payroll" and r["family"] == "drivers"
    ] == ["equal", "population", "employees"]
    chosen = [r for r in rows if r["service"] == "total" and r["recommended"] == "True"]
    assert sum(float(r["weight"]) for r in chosen) == pytest.approx(1.0)
    assert {r["p_in_core"] for r in rows} == {""}  # no draws, no probabilities
    assert {r["first_year"] for r in rows} == {"2015"} and {r["last_year"] for r in rows} == {
        "2017"
    }


def test_json_has_sentences_weights_games_and_comparison(
    capsys: pytest.CaptureFixture[str],
) -> None:
    document = json.loads(keys(capsys, str(SCENARIOS / "lulea_region.yaml"), "--format", "json"))
    assert document["scenario"] == "lulea_region" and document["agreement_years"] == [2018, 2025]
    services = document["services"]
    assert list(services) == [
        "payroll",
        "switchboard",
        "procurement",
        "pension",
        "it_support",
        "managers",
        "total",
    ]
    for name, entry in services.items():
        assert sum(entry["weights"].values()) == pytest.approx(1.0)
        assert entry["sentence"]["sv"] and entry["sentence"]["en"]
        # the key is chosen on the years in shared operation: from the start in January 2019
        assert entry["agreement_years"] == [2019, 2025]
        assert list(entry["games"]) == [str(y) for y in range(2019, 2026)] + ["npv"]
        assert entry["in_core_all_years"] == all(g["in_core"] for g in entry["games"].values())
        if not entry["in_core_all_years"]:
            assert (
                entry["worst"]["excess_sek"] > 0
                and entry["worst"]["coalition"] in entry["sentence"]["sv"]
            )
        assert [row["key"] for row in entry["comparison"]][0] == "proposed_key"
        total = sum(entry["games"]["npv"]["allocation_sek"].values())
        assert total > 0


def test_shipped_two_member_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    out = keys(capsys, str(SCENARIOS / "pitea_alvsbyn.yaml"))
    assert (
        out.count("Båda kommunerna betalar") == 8
    )  # seven services and the total, all in the core


@pytest.mark.parametrize("name", BROKEN)
def test_invalid_scenarios_exit_2_with_one_line(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", str(FIXTURES / f"{name}.yaml")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("samverkan: error: ") and f"{name}.yaml" in captured.err
    assert (
        "keys." in captured.err
        and captured.err.count("\n") == 1
        and "Traceback" not in captured.err
    )


def test_missing_scenario_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", str(FIXTURES / "no_such_file.yaml")]) == 2
    assert "no_such_file.yaml" in capsys.readouterr().err
