"""Variants in one line (a bare number) and overrides from Python (``api.evaluate(...,
overrides=...)``) and the command line (``--set``): validated as a scenario file is."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from helpers import SCENARIOS

from simulator import api, cli, scenario
from simulator.core.errors import InputError
from simulator.scenario.assumptions import assumptions_table

PITEA = SCENARIOS / "pitea_alvsbyn.yaml"
GRAND = "Piteå+Älvsbyn"
ASEK = "ASEK 3.5 % real (Asplund, CTS WP 2018:23)"  # the discount rate's source in PITEA


def _variant(tmp_path: Path, body: str, name: str = "lower_rate.yaml") -> Path:
    path = tmp_path / name
    path.write_text(f"extends: {PITEA}\nid: lower_rate\n{body}", encoding="utf-8")
    return path


def _npv(results: api.Results) -> float:
    """The grand coalition's present value of all costs (the ``npv`` game of the total)."""
    game = results.tables["game"]
    row = game[(game["year"].astype(str) == "npv") & (game["service"] == "total")]
    return float(row.loc[row["coalition"] == GRAND, "cost_sek"].item())


def _npv_by_hand(results: api.Results, rate: float) -> float:
    """Σ over the years of (running + one-off cost) × (1 + rate)^−(year − 2014), grand coalition."""
    game = results.tables["game"]
    yearly = game[(game["year"].astype(str) != "npv") & (game["service"] == "total")]
    yearly = yearly[yearly["coalition"] == GRAND]
    running = pd.Series(yearly["cost_sek"].to_numpy(), index=yearly["year"].astype(int))
    costs = results.tables["costs"]
    one_off = costs[(costs["kind"] == "one_off") & (costs["coalition"] == GRAND)]
    one_off = one_off.groupby(one_off["year"].astype(int))["cost_sek"].sum()
    total = running.add(one_off, fill_value=0.0)
    return float((total * (1.0 + rate) ** -(total.index - 2014)).sum())


@pytest.fixture(scope="module")
def base() -> api.Results:
    return api.evaluate(PITEA)


@pytest.fixture(scope="module")
def lower() -> api.Results:
    return api.evaluate(PITEA, overrides={"economics.discount_rate": 0.03})


# --- a variant in one line ------------------------------------------------------------------------


def test_a_bare_number_inherits_unit_range_and_source_and_marks_the_variant(
    tmp_path: Path,
) -> None:
    sc = scenario.load(_variant(tmp_path, "economics: {discount_rate: 0.03}\n"))
    table = assumptions_table(sc).set_index(["block", "name"])
    row = table.loc[("economics", "discount_rate")]
    assert (row["value"], row["unit"], row["low"], row["high"]) == (0.03, "1/year", 0.02, 0.05)
    assert row["source"] == f"value 0.03 set in variant lower_rate.yaml; base: {ASEK}"
    assert row["origin"] == "lower_rate" and bool(row["assumption"])


def test_a_bare_number_for_a_parameter_the_base_leaves_at_its_default(tmp_path: Path) -> None:
    body = "services:\n  payroll:\n    params: {scale_elasticity: 0.1}\n"
    sc = scenario.load(_variant(tmp_path, body))
    param = sc.services["payroll"].params["scale_elasticity"]
    declared = scenario.load(PITEA).services["payroll"].params["scale_elasticity"]
    assert param.value == 0.1 and (param.unit, param.low, param.high) == (
        declared.unit,
        declared.low,
        declared.high,
    )
    assert param.source.startswith("value 0.1 set in variant lower_rate.yaml; base: the model's")
    assert declared.source in param.source


def test_a_one_line_variant_runs_and_changes_the_npv(tmp_path: Path, lower: api.Results) -> None:
    variant = api.evaluate(_variant(tmp_path, "economics: {discount_rate: 0.03}\n"))
    assert _npv(variant) == pytest.approx(_npv(lower), rel=1e-12)


def test_a_bare_number_outside_the_inherited_range_is_refused_as_in_a_full_entry(
    tmp_path: Path,
) -> None:
    bare = tmp_path / "bare"
    full = tmp_path / "full"
    bare.mkdir()
    full.mkdir()
    entry = f'{{value: 0.07, unit: 1/year, low: 0.02, high: 0.05, source: "{ASEK}"}}'
    errors = [
        pytest.raises(
            InputError, scenario.load, _variant(folder, f"economics:\n  discount_rate: {v}\n")
        )
        for folder, v in ((bare, "0.07"), (full, entry))
    ]
    for info in errors:
        error = info.value
        assert (error.field, error.value, error.line) == ("economics.discount_rate.value", 0.07, 4)
        assert error.allowed.startswith("a value within the plausible range [0.02, 0.05]")
    assert errors[0].value.allowed == errors[1].value.allowed


def test_a_misspelt_name_says_did_you_mean_before_any_missing_field(tmp_path: Path) -> None:
    path = _variant(tmp_path, "economics:\n  discount_rat: {value: 0.03}\n")
    with pytest.raises(InputError) as info:
        scenario.load(path)
    assert info.value.field == "economics.discount_rat"
    assert "did you mean 'discount_rate'?" in info.value.allowed


def test_a_partial_entry_of_a_known_name_says_how_to_write_it(tmp_path: Path) -> None:
    path = _variant(tmp_path, "economics:\n  discount_rate: {value: 0.03}\n")
    with pytest.raises(InputError) as info:
        scenario.load(path)
    assert info.value.field == "economics.discount_rate.unit"
    assert "or only the number to inherit the rest" in info.value.allowed


# --- overrides from Python -----------------------------------------------------------------------


def test_an_override_changes_the_npv_as_the_discount_rate_says(
    base: api.Results, lower: api.Results
) -> None:
    # The npv game is Σ_y (running_y + one-off_y) × (1 + r)^−(y − 2014): recomputed at r = 0.03 from
    # the yearly games and the one-off costs, it is the npv game of the run with the override. Costs
    # are the same every year, so a lower rate gives a larger present value of costs.
    assert _npv(lower) == pytest.approx(_npv_by_hand(lower, 0.03), rel=1e-12)
    assert _npv(base) == pytest.approx(_npv_by_hand(base, 0.035), rel=1e-12)
    assert _npv(lower) > _npv(base)
    assert lower.scenario.overrides == {"economics.discount_rate": 0.03}


def test_an_override_is_marked_in_the_assumptions(lower: api.Results) -> None:
    table = assumptions_table(lower.scenario).set_index(["block", "name"])
    row = table.loc[("economics", "discount_rate")]
    assert row["source"] == f"value 0.03 set in a variant by overrides; base: {ASEK}"
    assert row["origin"] == "override" and row["low"] == 0.02 and row["high"] == 0.05


def test_a_service_parameter_by_its_short_or_full_path() -> None:
    short = scenario.load(PITEA, {"services.payroll.hours_per_payslip": 0.12})
    full = scenario.load(PITEA, {"services.payroll.params.hours_per_payslip": 0.12})
    for sc in (short, full):
        assert sc.services["payroll"].params["hours_per_payslip"].value == 0.12


def test_a_service_the_scenario_does_not_run_takes_no_override() -> None:
    # lulea_region.yaml disables the rescue service it inherits from pitea_alvsbyn.yaml
    with pytest.raises(InputError) as info:
        scenario.load(SCENARIOS / "lulea_region.yaml", {"services.rescue_service.x": 1})
    assert info.value.field == "services.rescue_service.x"
    assert info.value.allowed.startswith("a service the scenario runs; allowed: it_support")


def test_an_out_of_range_override_is_refused_before_the_model_runs() -> None:
    with pytest.raises(InputError) as info:
        api.evaluate(PITEA, overrides={"economics.discount_rate": 5.0})
    assert str(info.value) == (
        "overrides: economics.discount_rate.value: got 5.0; a value within the plausible range "
        "[0.02, 0.05]; widen the range or change the value"
    )


@pytest.mark.parametrize(
    ("overrides", "field", "allowed"),
    [
        (
            {"economics.discount_rat": 0.03},
            "economics.discount_rat",
            "did you mean 'discount_rate'?",
        ),
        ({"economic.discount_rate": 0.03}, "economic.discount_rate", "did you mean 'economics'?"),
        (
            {"services.payrol.hours_per_payslip": 0.1},
            "services.payrol.hours_per_payslip",
            "'payroll'",
        ),
        ({"economics.discount_rate": "abc"}, "economics.discount_rate", "a number"),
        ({"economics.discount_rate": None}, "economics.discount_rate", "a number"),
        ({"economics.discount_rate": float("nan")}, "economics.discount_rate.value", "finite"),
        (
            {"economics.discount_rate.value": 0.03},
            "economics.discount_rate.value",
            "a parameter path",
        ),
    ],
)
def test_invalid_overrides_name_the_field(
    overrides: dict[str, object], field: str, allowed: str
) -> None:
    with pytest.raises(InputError) as info:
        scenario.load(PITEA, overrides)
    assert info.value.file == "overrides" and info.value.field == field
    assert allowed in info.value.allowed


# --- overrides on the command line ---------------------------------------------------------------


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.startswith("samverkan: error: --set: ") and err.count("\n") == 1
    assert "Traceback" not in err
    return err


def test_run_with_set_changes_the_npv_and_records_the_override(
    tmp_path: Path, lower: api.Results
) -> None:
    out = tmp_path / "out"
    args = ["run", str(PITEA), "--set", "economics.discount_rate=0.03", "--charts", "none"]
    assert cli.main([*args, "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["overrides"] == {"economics.discount_rate": 0.03}
    game = pd.read_csv(out / "game.csv", dtype={"year": str})
    npv = game[(game["year"] == "npv") & (game["service"] == "total")]
    assert npv.loc[npv["coalition"] == GRAND, "cost_sek"].item() == pytest.approx(
        _npv(lower), abs=1e-6
    )
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "value 0.03 set in a variant by --set" in summary


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (
            "economics.discount_rate=5.0",
            "economics.discount_rate.value: got 5.0; a value within "
            "the plausible range [0.02, 0.05]",
        ),
        ("economics.discount_rat=0.03", "did you mean 'discount_rate'?"),
        ("economics.discount_rate=abc", "got 'abc'; a number"),
    ],
)
def test_invalid_set_is_one_line_and_exit_2(
    setting: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert cli.main(["run", str(PITEA), "--set", setting, "--out", str(out)]) == 2
    assert expected in _one_line(capsys)
    assert not out.exists()


def test_set_without_a_value_or_twice(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(PITEA), "--set", "economics.discount_rate"]) == 2
    assert "NAME=VALUE" in capsys.readouterr().err
    twice = ["--set", "economics.discount_rate=0.03", "--set", "economics.discount_rate=0.04"]
    assert cli.main(["validate", str(PITEA), *twice]) == 2
    assert "set twice" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["validate", "keys", "uncertainty", "hosts"])
def test_every_command_that_reads_a_scenario_takes_set(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--service", "payroll"] if command == "hosts" else []
    args = [command, str(PITEA), *extra, "--set", "economics.discount_rate=5.0"]
    assert cli.main(args) == 2
    assert "economics.discount_rate.value: got 5.0" in _one_line(capsys)


def test_validate_shows_what_was_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(PITEA), "--set", "economics.discount_rate=0.03"]) == 0
    assert "set: economics.discount_rate = 0.03" in capsys.readouterr().out
