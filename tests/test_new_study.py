"""``samverkan new``: a scenario for a new group of municipalities in one command, which then runs."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from simulator import cli, scenario
from simulator.scenario.assumptions import assumptions_table
from simulator.services import REGISTRY

MODELLED = ("payroll", "switchboard", "procurement", "pension", "it_support", "managers")


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("new") / "boden_kalix.yaml"
    assert cli.main(["new", "--municipalities", "Boden,Kalix", str(path)]) == 0
    return path


def test_new_writes_every_service_and_the_sources_it_starts_from(study: Path) -> None:
    raw = yaml.safe_load(study.read_text(encoding="utf-8"))
    assert raw["id"] == "boden_kalix" and raw["municipalities"] == ["Boden", "Kalix"]
    # the last data year is 2025; eight years as the shipped studies; salaries of 2013 as in them
    assert raw["years"] == {"base": 2025, "horizon": 2032, "prices": 2013}
    assert list(raw["services"]) == list(REGISTRY)
    for name in MODELLED:
        assert raw["services"][name].get("enabled", True)
    for name in set(REGISTRY) - set(MODELLED):  # given costs belong to particular members
        assert raw["services"][name] == {"enabled": False}
    rate = raw["economics"]["discount_rate"]
    assert rate == {
        "value": 0.035,
        "unit": "1/year",
        "low": 0.02,
        "high": 0.05,
        "source": "ASEK 3.5 % real (Asplund, CTS WP 2018:23)",
    }
    assert "today" not in raw["services"]["switchboard"]["settings"]  # Piteå's and Älvsbyn's own


def test_the_new_study_has_the_parameters_of_the_shipped_one(study: Path) -> None:
    new = scenario.load(study)
    shipped = scenario.load(Path(__file__).parent.parent / "scenarios" / "pitea_alvsbyn.yaml")
    for name in MODELLED:
        mine = new.services[name].values()
        assert mine == shipped.services[name].values(), name


def test_new_then_run(study: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli.main(["run", str(study), "--charts", "none", "--out", str(out)]) == 0
    projection = pd.read_csv(out / "projection.csv")
    assert projection["year"].tolist() == list(range(2025, 2033))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenario"] == "boden_kalix"
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "population.Boden.2026" in summary and "projection:" in summary


def test_projected_facts_are_in_the_assumptions(study: Path) -> None:
    table = assumptions_table(scenario.load(study))
    facts = table[table["block"] == "facts"]
    # 2 series × 2 municipalities × 7 projected years (2026–2032)
    assert len(facts) == 28 and facts["assumption"].all()
    boden = facts.set_index("name").loc["population.Boden.2026"]
    # 28 652 in 2025 + the slope of 2021–2025 (160.1 a year, see test_data) → 28 812
    assert boden["value"] == 28812 and boden["origin"] == "projection"
    assert boden["source"].startswith("projection: 28 652 in 2025 +160.1 persons a year")


def test_validate_names_the_projected_years(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["validate", str(study)]) == 0
    out = capsys.readouterr().out
    assert "projected: population of Boden 2026–2032" in out
    assert "projected: employees of Kalix 2026–2032" in out


def test_a_base_year_and_horizon_in_the_data(tmp_path: Path) -> None:
    path = tmp_path / "pair.yaml"
    args = ["new", "--municipalities", "Piteå, Älvsbyn", "--base-year", "2019", str(path)]
    assert cli.main(args) == 0
    sc = scenario.load(path)
    assert (sc.base_year, sc.horizon, sc.price_year) == (2019, 2026, 2013)
    assert sc.id == "pair" and sc.municipalities == ("Piteå", "Älvsbyn")


def test_an_existing_file_is_never_overwritten(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = study.read_bytes()
    assert cli.main(["new", "--municipalities", "Luleå,Piteå", str(study)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("samverkan: error:") and "does not exist yet" in err
    assert study.read_bytes() == before


def test_an_unknown_municipality_lists_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.yaml"
    assert cli.main(["new", "--municipalities", "Bodne,Kalix", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--municipalities: got 'Bodne'" in err and "did you mean 'Boden'?" in err
    assert "Arjeplog" in err and "Övertorneå" in err  # the allowed names are listed
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "flag", "allowed"),
    [
        (["--horizon", "2040"], "--horizon", "2013–2035"),  # ten projected years past 2025
        (["--base-year", "2010"], "--base-year", "2013–2035"),
        (["--base-year", "2020", "--horizon", "2019"], "--horizon", "the base year (2020)"),
    ],
)
def test_years_outside_the_facts_are_refused(
    args: list[str], flag: str, allowed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.yaml"
    assert cli.main(["new", "--municipalities", "Boden,Kalix", *args, str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{flag}: got" in err and allowed in err and not out.exists()


def test_one_municipality_is_not_a_study(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["new", "--municipalities", "Boden", str(tmp_path / "x.yaml")]) == 2
    assert "2 to 14 different names" in capsys.readouterr().err


def test_written_values_read_back_as_they_were() -> None:
    from simulator.cli.yamltext import flow

    value = {"opens": "08:00", "n": 30, "share": 0.3846, "on": False, "names": ["Luleå", "a: b"]}
    # unquoted, 08:00 would be read as the number 480 (YAML 1.1 base 60), the key on as True and
    # "a: b" as a mapping
    assert flow(value) == (
        '{opens: "08:00", n: 30, share: 0.3846, "on": false, names: ["Luleå", "a: b"]}'
    )
    assert yaml.safe_load(flow(value)) == value
