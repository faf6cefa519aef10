"""Tests for `samverkan validate`: a summary and exit 0 on a valid scenario; on every broken fixture in
tests/fixtures/scenarios/ exit 2 with a one-line `samverkan: error:` message and no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "scenarios"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scenarios"
PREFIX = "samverkan: error: "

GOOD = {
    "minimal.yaml": ("minimal", "minimal"),
    "minimal_variant.yaml": ("minimal_variant", "minimal_variant <- minimal"),
}
# Broken fixture → (file the message names, field path the message names, or None: not checked).
EXPECTED = {
    "bad_yaml_syntax.yaml": ("bad_yaml_syntax.yaml, line 2", "(YAML syntax)"),
    "unknown_field.yaml": ("unknown_field.yaml", "reports"),
    "unknown_service_field.yaml": ("unknown_service_field.yaml", "services.payroll.parms"),
    "unknown_parameter.yaml": (
        "unknown_parameter.yaml",
        "services.payroll.params.hours_per_payslp",
    ),
    "unknown_service.yaml": ("unknown_service.yaml", "services.payrol"),
    "missing_years.yaml": ("missing_years.yaml", "years"),
    "wrong_type.yaml": ("wrong_type.yaml", "services.payroll.params.hours_per_payslip.value"),
    "negative_value.yaml": ("negative_value.yaml", "services.payroll.params.employer_hours.value"),
    "share_out_of_range.yaml": (
        "share_out_of_range.yaml",
        "services.switchboard.params.service_level.value",
    ),
    "value_outside_range.yaml": (
        "value_outside_range.yaml",
        "services.payroll.params.hours_per_payslip",
    ),
    "low_above_high.yaml": ("low_above_high.yaml", "services.payroll.params.hours_per_payslip"),
    "unit_mismatch.yaml": ("unit_mismatch.yaml", "services.payroll.params.hours_per_payslip.unit"),
    "unknown_municipality.yaml": ("unknown_municipality.yaml", "municipalities[0]"),
    "duplicate_municipality.yaml": ("duplicate_municipality.yaml", "municipalities[2]"),
    "year_missing_from_data.yaml": ("year_missing_from_data.yaml", "years"),
    "horizon_before_base.yaml": ("horizon_before_base.yaml", "years.horizon"),
    "extends_not_found.yaml": ("extends_not_found.yaml", "extends"),
    "extends_cycle_a.yaml": ("extends_cycle_b.yaml", "extends"),
    "extends_cycle_b.yaml": ("extends_cycle_a.yaml", "extends"),
    "empty_file.yaml": ("empty_file.yaml", "(file)"),
    "one_municipality.yaml": ("one_municipality.yaml", "municipalities"),
    "empty_source.yaml": ("empty_source.yaml", "services.payroll.params.hours_per_payslip.source"),
    "profile_negative_weight.yaml": (
        "profile_negative_weight.yaml",
        "services.switchboard.settings.weekday",
    ),
    "profile_unknown_field.yaml": (
        "profile_unknown_field.yaml",
        "services.switchboard.settings.open",
    ),
    "no_enabled_service.yaml": ("no_enabled_service.yaml", "services"),
    # The field is not checked here: see the xfail case in test_scenario.py (the error should name 'data').
    "data_dir_not_found.yaml": ("no_such_data", None),
}


def _validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["validate", str(path)])
    out, err = capsys.readouterr()
    return status, out, err


def _assert_one_line_error(err: str) -> str:
    assert err.startswith(PREFIX)
    assert err.endswith("\n") and err.count("\n") == 1
    assert "Traceback" not in err
    return err[len(PREFIX) :]


def test_every_fixture_has_an_expectation() -> None:
    names = {p.name for p in FIXTURES.glob("*.yaml")}
    assert names == set(GOOD) | set(EXPECTED), "add the fixture to GOOD or EXPECTED"
    assert not set(GOOD) & set(EXPECTED)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_validate_good_fixture(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _validate(FIXTURES / name, capsys)
    scenario_id, chain = GOOD[name]
    assert (status, err) == (0, "")
    assert f"valid scenario {scenario_id!r} ({chain})" in out
    assert "2 municipalities: Piteå, Älvsbyn" in out


@pytest.mark.parametrize(
    ("name", "ids", "line"),
    [
        ("pitea_alvsbyn.yaml", "pitea_alvsbyn", "years 2014–2021; services: payroll, switchboard"),
        (
            "pitea_alvsbyn_high_service.yaml",
            "pitea_alvsbyn_high_service <- pitea_alvsbyn",
            "years 2014–2021",
        ),
        (
            "lulea_region.yaml",
            "lulea_region <- pitea_alvsbyn",
            "5 municipalities: Boden, Kalix, Luleå, Piteå, Älvsbyn",
        ),
    ],
)
def test_validate_shipped_scenarios(
    name: str, ids: str, line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _validate(SHIPPED / name, capsys)
    assert (status, err) == (0, "")
    assert f"({ids})" in out and line in out


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_broken_fixture_exits_2_with_one_line(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _validate(FIXTURES / name, capsys)
    assert (status, out) == (2, "")
    message = _assert_one_line_error(err)
    file, field = EXPECTED[name]
    assert file in message
    assert field is None or f": {field}: got " in message or f": {field}: missing;" in message


def test_validate_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _validate(tmp_path / "absent.yaml", capsys)
    assert (status, out) == (2, "")
    assert "an existing scenario file" in _assert_one_line_error(err)


def test_validate_file_that_is_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\ntitle: Piteå\n".encode("latin-1"))
    status, out, err = _validate(path, capsys)
    assert (status, out) == (2, "")
    assert "UTF-8 text" in _assert_one_line_error(err)


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_console_entry_prints_no_traceback() -> None:
    done = _run_cli("validate", str(FIXTURES / "unknown_municipality.yaml"))
    assert (done.returncode, done.stdout) == (2, "")
    assert "did you mean 'Piteå'?" in _assert_one_line_error(done.stderr)


def test_validate_a_folder_exits_2_without_traceback(tmp_path: Path) -> None:
    done = _run_cli("validate", str(tmp_path))
    assert done.returncode == 2
    _assert_one_line_error(done.stderr)
