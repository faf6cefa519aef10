"""Backtests: the shipped cases within their bands, the machinery on a tiny case checked by hand,
and `samverkan backtest` (output, JSON, exit codes)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from simulator.cli import main
from simulator.core.errors import InputError
from simulator.engine import run
from simulator.engine.backtest import (
    BAND_PP,
    DEFAULT_CASES,
    Case,
    backtest,
    change_pct,
    figures,
    load_cases,
    table,
)

SHIPPED = yaml.safe_load(DEFAULT_CASES.read_text(encoding="utf-8"))["cases"]
SHIPPED_IDS = [entry["case"] for entry in SHIPPED]
HELD_IDS = [entry["case"] for entry in SHIPPED if entry.get("held", True)]
PREFIX = "samverkan: error: "


def _shipped(case_id: str) -> Case:
    """The shipped case ``case_id``, loaded in the test (a broken cases file fails each test,
    not the collection of this file)."""
    return next(c for c in load_cases(DEFAULT_CASES) if c.observation.case == case_id)


@pytest.mark.parametrize("case_id", HELD_IDS)
def test_every_case_within_its_band(case_id):
    case = _shipped(case_id)
    (comparison,) = backtest([case])
    assert comparison.within_band, (
        f"{case.observation.case}: model {comparison.model_change_pct:+.1f} % against observed "
        f"{comparison.observed_change_pct:+.1f} %, {comparison.difference_pp:+.1f} pp outside "
        f"±{case.band_pp:g} pp"
    )


@pytest.mark.parametrize("case_id", SHIPPED_IDS)
def test_shipped_cases_leave_the_parameters_they_inform_at_the_model_defaults(case_id):
    # A case may not tune what it tests: each informed parameter of a service comes from the
    # model's declaration, not from the case's scenario.
    case = _shipped(case_id)
    sc = case.scenario
    for path in case.observation.informs:
        parts = path.split(".")
        if parts[0] == "services":
            param = sc.services[parts[1]].params[parts[2]]
        else:
            param = (sc.economics if parts[0] == "economics" else sc.sharing)[parts[1]]
        assert param.origin == "default", path


def test_shipped_cases_file_names_the_kak_payroll_observation():
    kak = _shipped("kak_payroll")
    assert (kak.observation.before, kak.observation.after) == (16.85, 13.62)
    assert kak.scenario.municipalities == ("Köping", "Arboga", "Kungsör")
    # 13.62 / 16.85 - 1 = -0.19169...
    assert change_pct(16.85, 13.62) == pytest.approx(-19.169, abs=1e-3)


def test_change_pct_of_nothing_is_undefined():
    assert math.isnan(change_pct(0.0, 3.0))
    assert change_pct(4.0, 3.0) == pytest.approx(-25.0)  # 3/4 - 1


def test_figures_sum_the_singletons_and_take_the_grand_coalition():
    # two players, masks 1 (A), 2 (B), 3 (A+B): alone 2 + 3 = 5, shared 4.5
    values = np.array([[2.0, 3.0, 4.5], [9.0, 9.0, 9.0]])
    assert figures(values, 0) == (5.0, 4.5)
    # three players, masks 1..7: singletons are masks 1, 2, 4 (positions 0, 1, 3)
    three = np.array([[1.0, 2.0, 100.0, 4.0, 100.0, 100.0, 6.5]])
    assert figures(three, 0) == (7.0, 6.5)


# A tiny case: two municipalities and a given-cost service. Alone Alfa pays 600 000 and Beta
# 400 000 SEK a year (sum 1 000 000); shared 1 000 000 - 200 000 × (2 - 1) = 800 000: the model's
# change is 800 000 / 1 000 000 - 1 = -20 %. Observed 1 000 000 → 850 000 is -15 %, so the
# difference is -20 - (-15) = -5 pp: within ±8, outside a band of its own of ±3. The service has
# no staff: its staffed FTE is 0 alone, so an FTE change is undefined and never within the band.
_SCENARIO = """\
id: tiny
title: Tiny backtest case
municipalities: [Alfa, Beta]
years: {base: 2020, horizon: 2021}
services:
  given_cost:
    settings:
      annual_cost_by_municipality: {Alfa: 600000, Beta: 400000}
      saving_per_extra_member: 200000
      source: "assumption: a hand-checked test case"
"""
_FACTS = {
    "population.csv": "municipality,year,value,unit,status,source\n"
    + "".join(
        f"{m},{y},{v},persons,estimate,test\n"
        for m, v in (("Alfa", 10000), ("Beta", 5000))
        for y in (2020, 2021)
    ),
    "employees.csv": "municipality,year,value,unit,status,source\n"
    + "".join(
        f"{m},{y},{v},persons,estimate,test\n"
        for m, v in (("Alfa", 900), ("Beta", 450))
        for y in (2020, 2021)
    ),
    "distances.csv": "from,to,road_km,straight_km,status,source\nAlfa,Beta,30,25,estimate,test\n",
}
_OBSERVATION = """\
  - case: {case}
    scenario: tiny/scenario.yaml
    service: given_cost
    metric: {metric}
    before: 1000000
    after: 850000
    unit: SEK/year
    source: test
    comparability: test
    informs: [sharing.meetings_per_year]
"""


def _write_cases(folder: Path, entries: str) -> Path:
    (folder / "tiny" / "data").mkdir(parents=True, exist_ok=True)
    (folder / "tiny" / "scenario.yaml").write_text(_SCENARIO, encoding="utf-8")
    for name, text in _FACTS.items():
        (folder / "tiny" / "data" / name).write_text(text, encoding="utf-8")
    (folder / "cases.yaml").write_text("cases:\n" + entries, encoding="utf-8")
    return folder


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    tight = _OBSERVATION.format(case="tiny_tight", metric="cost") + (
        "    band_pp: 3\n    band_reason: figures from the accounts, to the krona\n"
    )
    entries = (
        _OBSERVATION.format(case="tiny", metric="cost")
        + tight
        + _OBSERVATION.format(case="tiny", metric="fte")
    )
    return _write_cases(tmp_path, entries)


def test_tiny_case_figures_by_hand(tiny):
    cases = load_cases(tiny)
    assert [c.year for c in cases] == [2020, 2020, 2020]  # no year given: the first year
    assert [c.band_pp for c in cases] == [BAND_PP, 3.0, BAND_PP]
    calls = []

    def counting_run(scenario):
        calls.append(scenario.id)
        return run(scenario)

    rows = table(backtest(cases, counting_run))
    assert calls == ["tiny"]  # one run for the three observations of one scenario
    cost = rows.iloc[0]
    assert (cost.model_before, cost.model_after) == (1_000_000.0, 800_000.0)
    assert cost.observed_change_pct == pytest.approx(-15.0)
    assert cost.model_change_pct == pytest.approx(-20.0)
    assert cost.difference_pp == pytest.approx(-5.0)
    assert bool(cost.within_band)
    assert not bool(rows.iloc[1].within_band)  # |-5| > 3
    fte = rows.iloc[2]
    assert (fte.model_before, fte.model_after) == (0.0, 0.0)
    assert math.isnan(fte.model_change_pct)
    assert not bool(fte.within_band)


def test_backtest_command_prints_every_shipped_case(capsys):
    assert main(["backtest"]) == 0
    out = capsys.readouterr().out
    for case in load_cases(DEFAULT_CASES):
        assert case.observation.case in out
        assert case.observation.informs[0] in out
    assert f"Band: ±{BAND_PP:g} percentage points" in out


def test_backtest_command_table_of_the_tiny_case(tiny, capsys):
    assert main(["backtest", "--cases", str(tiny)]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if line.startswith("tiny ") and " cost " in line)
    # observed 1 000 000 → 850 000 (-15.0 %), model 1 000 000 → 800 000 (-20.0 %), -5.0 pp
    assert row.split() == [
        "tiny", "given_cost", "cost", "2020", "1", "000", "000", "850", "000", "-15.0",
        "1", "000", "000", "800", "000", "-20.0", "-5.0", "8", "yes",
    ]  # fmt: skip
    assert "1 of 3 held cases within their band." in lines
    assert any("band: ±3 pp: figures from the accounts" in line for line in lines)


def test_backtest_command_json(tiny, capsys):
    assert main(["backtest", "--cases", str(tiny / "cases.yaml"), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["band_pp"] == BAND_PP
    cost, tight, fte = document["rows"]
    assert cost["model_after"] == 800_000.0
    assert cost["difference_pp"] == pytest.approx(-5.0)
    assert cost["within_band"] is True
    assert tight["band_reason"] == "figures from the accounts, to the krona"
    assert fte["model_change_pct"] is None  # 0 FTE alone: no change to state
    assert fte["informs"] == ["sharing.meetings_per_year"]


def _error_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(PREFIX), captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_backtest_command_missing_cases_file_exits_2(tmp_path, capsys):
    assert main(["backtest", "--cases", str(tmp_path / "nowhere.yaml")]) == 2
    assert "nowhere.yaml" in _error_line(capsys)


@pytest.mark.parametrize(("text", "field"), [("", "(file)"), ("- a\n", "(top level)")])
def test_backtest_command_cases_file_not_a_mapping_exits_2(tmp_path, capsys, text, field):
    (tmp_path / "cases.yaml").write_text(text, encoding="utf-8")
    assert main(["backtest", "--cases", str(tmp_path)]) == 2
    line = _error_line(capsys)
    assert f"cases.yaml: {field}" in line and "cases: [...]" in line


@pytest.mark.parametrize(
    ("extra", "field", "hint"),
    [
        ("    colour: red\n", "cases[0].colour", "unknown field"),
        ("    year: 2019\n", "cases[0].year", "2020–2021"),
        ("    band_pp: 3\n", "cases[0]", "band_reason"),
    ],
)
def test_backtest_command_bad_observation_exits_2(tmp_path, capsys, extra, field, hint):
    cases = _write_cases(tmp_path, _OBSERVATION.format(case="tiny", metric="cost") + extra)
    assert main(["backtest", "--cases", str(cases)]) == 2
    line = _error_line(capsys)
    assert "cases.yaml, line" in line or field == "cases[0]"
    assert field in line and hint in line


@pytest.mark.parametrize(
    ("old", "new", "field", "hint"),
    [
        ("service: given_cost", "service: given_cots", "cases[0].service", "did you mean"),
        ("scenario: tiny/scenario.yaml", "scenario: tiny/other.yaml", "cases[0].scenario", "other"),
        ("metric: cost", "metric: money", "cases[0].metric", "fte"),
        ("before: 1000000", "before: 0", "cases[0].before", "greater than 0"),
        (
            "informs: [sharing.meetings_per_year]",
            "informs: [sharing.meeting_per_year]",
            "cases[0].informs[0]",
            "did you mean 'sharing.meetings_per_year'",
        ),
    ],
)
def test_load_cases_names_the_bad_field(tmp_path, old, new, field, hint):
    entry = _OBSERVATION.format(case="tiny", metric="cost").replace(old, new)
    cases = _write_cases(tmp_path, entry)
    with pytest.raises(InputError) as error:
        load_cases(cases)
    assert error.value.field == field
    assert hint in str(error.value)
    assert error.value.line is not None


def test_load_cases_refuses_a_case_named_twice(tmp_path):
    entry = _OBSERVATION.format(case="tiny", metric="cost")
    with pytest.raises(InputError, match=r"cases\[1\]\.case.*once per service and metric"):
        load_cases(_write_cases(tmp_path, entry + entry))


def test_backtest_command_invalid_case_scenario_exits_2(tmp_path, capsys):
    cases = _write_cases(tmp_path, _OBSERVATION.format(case="tiny", metric="cost"))
    scenario = cases / "tiny" / "scenario.yaml"
    scenario.write_text(_SCENARIO.replace("Beta]", "Gamma]"), encoding="utf-8")
    assert main(["backtest", "--cases", str(cases)]) == 2
    line = _error_line(capsys)
    assert "scenario.yaml" in line and "Gamma" in line


def test_a_case_not_held_says_why_and_is_shown(capsys):
    # the shipped IT case is shown beside the payroll case but not held to a band
    assert main(["backtest"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("hho_it"))
    assert row.endswith("not held")
    assert "not held: The observed 27 are all IT staff" in " ".join(out.split())
    held = [e for e in SHIPPED if e.get("held", True)]
    assert f"of {len(held)} held cases within their band" in out
