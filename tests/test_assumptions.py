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
    roles = table[table["name"].str.startswith("settings.roles.archivist.")]
    assert set(roles["name"]) >= {
        "settings.roles.archivist.minimum_fte",
        "settings.roles.archivist.monthly_salary",
    }
    assert roles["source"].nunique() == 1 and roles["assumption"].all()


def test_source_words_mark_assumptions() -> None:
    assert assumptions.is_assumption("estimate: back-cast of 2016 salaries")
    assert assumptions.is_assumption("variant: council ambition")
    assert not assumptions.is_assumption("SKL beslutade PO-pålägg kommuner 2014: 38.46 %")
