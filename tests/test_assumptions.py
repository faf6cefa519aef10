"""The assumptions table: parameters and settings, with sources, flags and ranges."""

from __future__ import annotations

from pathlib import Path

from helpers import SCENARIOS

from simulator import scenario
from simulator.scenario import assumptions


def test_a_value_outside_the_declared_range_is_flagged(tmp_path: Path) -> None:
    # payroll declares hours_per_payslip plausible in 0.2–0.35 h; the scenario widens its own range
    path = tmp_path / "wide.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'pitea_alvsbyn.yaml'}\nid: wide\nservices:\n  payroll:\n    params:\n"
        "      hours_per_payslip: {value: 0.5, unit: h/payslip, low: 0.1, high: 1.0,\n"
        "                          source: 'assumption: a slow payroll office'}\n",
        encoding="utf-8",
    )
    table = assumptions.assumptions_table(scenario.load(path)).set_index(["block", "name"])
    assert not table.loc[("payroll", "hours_per_payslip"), "within_declared_range"]
    assert table.loc[("payroll", "payslips_per_employee"), "within_declared_range"]
    assert table.loc[("payroll", "hours_per_payslip"), "assumption"]


def test_settings_rows_carry_their_own_source() -> None:
    table = assumptions.assumptions_table(scenario.load(SCENARIOS / "pitea_alvsbyn.yaml"))
    # the archivist of managers' default roles: 200 h a year plus 200 h per 1 000 employees,
    # bought at 900 SEK/h; its name is the label of its rows, not a row
    roles = table[table["name"].str.startswith("settings.roles.archivist.")].set_index("name")
    assert dict(roles["value"]) == {
        "settings.roles.archivist.driver": "employees",
        "settings.roles.archivist.hours_per_thousand": 200.0,
        "settings.roles.archivist.hours_fixed": 200.0,
        "settings.roles.archivist.external_hourly_price": 900.0,
    }
    assert roles["source"].nunique() == 1 and roles["assumption"].all()
    assert roles["source"].iloc[0].startswith("assumption: kommunarkivarie")


def test_levels_of_today_are_rows_per_municipality_with_their_own_source() -> None:
    # scenarios/pitea_alvsbyn.yaml, switchboard settings.today: Älvsbyn answers 60 % within 120 s
    # with 40 % of the posts' time on reception; Piteå gives a source only (it keeps the target,
    # so its service_level and answer_within are not given and not listed; other_duties_share
    # defaults to 0)
    table = assumptions.assumptions_table(scenario.load(SCENARIOS / "pitea_alvsbyn.yaml"))
    switchboard = table[table["block"] == "switchboard"].set_index("name")
    today = switchboard.loc[switchboard.index.str.startswith("settings.today")]
    assert dict(today["value"]) == {
        "settings.today.Piteå.other_duties_share": 0.0,
        "settings.today.Älvsbyn.service_level": 0.6,
        "settings.today.Älvsbyn.answer_within": 120.0,
        "settings.today.Älvsbyn.other_duties_share": 0.4,
    }
    alvsbyn = today.loc[today.index.str.startswith("settings.today.Älvsbyn.")]
    assert alvsbyn["source"].nunique() == 1
    assert alvsbyn["source"].iloc[0].startswith("assumption: combined växel and reception")
    assert today.loc["settings.today.Piteå.other_duties_share", "source"] == (
        "assumption: staffed for the target with dedicated staff; no measured level found"
    )
    profile = switchboard.loc["settings.opens", "source"]  # the settings' own source
    assert profile.startswith("assumption: open 08:00–16:30") and profile not in set(
        today["source"]
    )
    assert today["assumption"].all()


def test_a_measured_level_of_today_is_not_flagged_as_an_assumption(tmp_path: Path) -> None:
    # Älvsbyn's level given with a measured source, Piteå's left as in the base file
    path = tmp_path / "measured.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'pitea_alvsbyn.yaml'}\nid: measured\nservices:\n"
        "  switchboard:\n    settings:\n      today:\n"
        "        Piteå: {source: 'assumption: staffed for the target'}\n"
        "        Älvsbyn: {service_level: 0.55, answer_within: 90,\n"
        "                  source: 'telephone survey of the switchboard 2014'}\n",
        encoding="utf-8",
    )
    table = assumptions.assumptions_table(scenario.load(path)).set_index(["block", "name"])
    row = table.loc[("switchboard", "settings.today.Älvsbyn.service_level")]
    assert row["value"] == 0.55 and row["source"] == "telephone survey of the switchboard 2014"
    assert not row["assumption"]
    assert table.loc[("switchboard", "settings.today.Piteå.other_duties_share"), "assumption"]


def test_source_words_mark_assumptions() -> None:
    assert assumptions.is_assumption("estimate: back-cast of 2016 salaries")
    assert assumptions.is_assumption("variant: council ambition")
    assert not assumptions.is_assumption("SKL beslutade PO-pålägg kommuner 2014: 38.46 %")
