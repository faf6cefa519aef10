"""`samverkan run` and `samverkan staffing`: files, --force, atomic writes, determinism, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from helpers import SCENARIOS

from simulator import cli
from simulator.report import summary

PITEA = SCENARIOS / "pitea_alvsbyn.yaml"
FILES = {
    "workload.csv",
    "staffing.csv",
    "costs.csv",
    "game.csv",
    "projection.csv",
    "allocations.csv",
    "summary.md",
    "manifest.json",
    "report.xlsx",
    "keys.csv",
    "key_comparison.csv",
}
SAME_BYTES = FILES - {"manifest.json"}  # the manifest records the time of the run


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "pitea"
    assert cli.main(["run", str(PITEA), "--out", str(out)]) == 0
    return out


def test_run_writes_every_table(results: Path) -> None:
    assert FILES <= {p.name for p in results.iterdir()}
    game = pd.read_csv(results / "game.csv")
    assert list(game.columns) == ["scenario", "year", "service", "coalition", "cost_sek"]
    assert set(game["coalition"]) == {"Piteå", "Älvsbyn", "Piteå+Älvsbyn"}
    staffing = pd.read_csv(results / "staffing.csv")
    assert {"fte", "fte_staffed"} <= set(staffing.columns)
    assert (staffing["fte_staffed"] >= staffing["fte"] - 1e-9).all()


def test_run_draws_the_charts(results: Path) -> None:
    charts = {p.name for p in (results / "charts").iterdir()}
    for stem in (
        "cost_by_service",
        "waterfall",
        "savings",
        "allocation",
        "core",
        "service_level_switchboard",
    ):
        assert {f"{stem}.png", f"{stem}.pdf"} <= charts
    manifest = json.loads((results / "manifest.json").read_text(encoding="utf-8"))
    assert "charts/savings.png" in manifest["files"]


def test_manifest_records_hash_seed_and_versions(results: Path) -> None:
    manifest = json.loads((results / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenario"] == "pitea_alvsbyn" and manifest["seed"] == 20131218
    assert len(manifest["scenario_sha256"]) == 64 and manifest["packages"]["numpy"]


def test_summary_lists_every_parameter_with_its_source(results: Path) -> None:
    text = (results / "summary.md").read_text(encoding="utf-8")
    assert "Antaganden och parametrar" in text and "hours_per_payslip" in text and "ASEK" in text


def test_same_seed_gives_identical_csv_bytes(results: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert cli.main(["run", str(PITEA), "--out", str(again)]) == 0
    for name in SAME_BYTES:
        assert (again / name).read_bytes() == (results / name).read_bytes(), name


def test_existing_folder_is_kept_without_force(
    results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kept"
    shutil.copytree(results, out)
    (out / "note.txt").write_text("mine", encoding="utf-8")
    assert cli.main(["run", str(PITEA), "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (out / "note.txt").read_text(encoding="utf-8") == "mine"
    assert cli.main(["run", str(PITEA), "--out", str(out), "--force"]) == 0
    assert not (out / "note.txt").exists() and FILES <= {p.name for p in out.iterdir()}


def test_a_failed_run_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(summary, "markdown", broken)
    with pytest.raises(RuntimeError):
        cli.main(["run", str(PITEA), "--out", str(tmp_path / "out")])
    assert list(tmp_path.iterdir()) == []


def test_a_failed_forced_run_keeps_the_old_results(
    results: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "old"
    shutil.copytree(results, out)
    monkeypatch.setattr(summary, "markdown", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        cli.main(["run", str(PITEA), "--out", str(out), "--force"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old"]
    assert (out / "game.csv").read_bytes() == (results / "game.csv").read_bytes()


def test_english_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", str(PITEA), "--out", str(tmp_path / "en"), "--lang", "en"]) == 0
    assert "Payroll administration" in capsys.readouterr().out
    assert "Assumptions and parameters" in (tmp_path / "en" / "summary.md").read_text(
        encoding="utf-8"
    )


def test_invalid_scenario_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        f"id: x\ntitle: t\nmunicipalities: [Piteå]\ndata: {SCENARIOS / 'data'}\n"
        "years: {base: 2014, horizon: 2015}\n"
        "services: {payroll: {}}\n",
        encoding="utf-8",
    )
    assert cli.main(["run", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("samverkan: error:") and "Traceback" not in err and "at least two" in err
    assert not (tmp_path / "out").exists()


def test_staffing_json(capsys: pytest.CaptureFixture[str]) -> None:
    # 120 calls an hour × 180 s = 6 Erlang. Erlang B by the recursion B(c) = A·B(c-1)/(c + A·B(c-1)):
    # B(8, 6) = 0.121876, B(9, 6) = 0.075145; C = c·B/(c - A(1 - B)): C(8) = 0.35698, C(9) = 0.19598;
    # SL(20 s) = 1 - C·exp(-(c - A)·20/180): 8 agents 0.7142 < 0.8, 9 agents 0.8596 → 9 agents.
    args = [
        "staffing",
        "--calls-per-hour",
        "120",
        "--aht-seconds",
        "180",
        "--service-level",
        "0.8",
        "--within",
        "20",
        "--format",
        "json",
    ]
    assert cli.main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "agents",
        "service_level",
        "asa_seconds",
        "occupancy",
        "wait_probability",
        "abandonment",
    }
    assert data["agents"] == 9
    assert data["wait_probability"] == pytest.approx(0.19598, abs=1e-5)
    assert data["service_level"] == pytest.approx(0.85957, abs=1e-5)
    assert data["occupancy"] == pytest.approx(6 / 9)


def test_staffing_rejects_a_bad_target(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli.main(
            [
                "staffing",
                "--calls-per-hour",
                "120",
                "--aht-seconds",
                "180",
                "--service-level",
                "1.5",
            ]
        )
        == 2
    )
    assert "samverkan: error:" in capsys.readouterr().err


def test_force_never_replaces_a_folder_that_is_not_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "budget.xlsx").write_text("precious", encoding="utf-8")
    assert cli.main(["run", str(PITEA), "--out", str(documents), "--force"]) == 2
    assert "manifest.json" in capsys.readouterr().err
    assert (documents / "budget.xlsx").read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("out", [".", "afile/x"])
def test_unusable_out_paths_exit_2(
    out: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert cli.main(["run", str(PITEA), "--out", out]) == 2
    err = capsys.readouterr().err
    assert err.startswith("samverkan: error:") and "--out" in err and "Traceback" not in err


def test_staffing_error_names_the_bad_argument(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["staffing", "--calls-per-hour", "120", "--aht-seconds", "-5"]) == 2
    err = capsys.readouterr().err
    assert "--aht-seconds -5.0" in err and "aht" in err


# --- issue 10: solver failures, non-finite results, pipes, --out paths ----------------------------


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    assert err.startswith("samverkan: error: ") and err.count("\n") == 1 and "Traceback" not in err
    return err


def test_an_unmeetable_queue_target_names_the_service(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from simulator import queueing

    def unmeetable(*args: object, **kwargs: object) -> None:
        raise RuntimeError("min_agents: no number of agents meets the targets")

    for name in dir(queueing):  # min_agents and the table lookup that falls back on it
        if name.startswith("min_agents"):
            monkeypatch.setattr(queueing, name, unmeetable)
    assert cli.main(["keys", str(PITEA)]) == 2
    assert "pitea_alvsbyn.yaml: services.switchboard.params: got 'targets" in _one_line(capsys)


def test_no_key_on_the_grid_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from simulator.engine import keys as engine_keys
    from simulator.keys import KeySolverError

    def infeasible(*args: object, **kwargs: object) -> None:
        raise KeySolverError("key optimiser (payroll): the core constraints admit no key")

    monkeypatch.setattr(engine_keys, "propose_key", infeasible)
    assert cli.main(["keys", str(PITEA)]) == 2
    assert ": keys: got 'key optimiser (payroll)" in _one_line(capsys)


def test_a_fault_of_the_program_is_not_dressed_as_input(monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.engine import keys as engine_keys

    def bug(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(engine_keys, "propose_key", bug)
    with pytest.raises(RuntimeError, match="a bug"):
        cli.main(["keys", str(PITEA)])


def test_a_non_finite_result_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from simulator import api

    evaluate = api.evaluate

    def overflowing(*args: object, **kwargs: object) -> api.Results:
        results = evaluate(*args, **kwargs)  # type: ignore[arg-type]
        results.tables["allocations"].loc[3, "cost_sek"] = float("inf")
        return results

    monkeypatch.setattr(api, "evaluate", overflowing)
    assert cli.main(["run", str(PITEA), "--out", str(tmp_path / "out")]) == 2
    err = _one_line(capsys)
    assert "(result) allocations.cost_sek: got inf" in err and "service " in err
    assert list(tmp_path.iterdir()) == []


def test_output_into_a_closed_pipe_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert cli.main(["validate", str(PITEA)]) == 141
    assert capsys.readouterr().err == ""


def test_piped_into_head_no_traceback() -> None:
    import subprocess
    import sys

    with subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "keys", str(PITEA)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=SCENARIOS.parent,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # as `head -1` does
        err = process.stderr.read().decode()
        assert process.wait(timeout=120) in (0, 141)
    assert "Traceback" not in err and "Error" not in err


def test_force_keeps_a_users_dot_old_file(results: Path, tmp_path: Path) -> None:
    """--force once deleted a folder ``.D.old`` whatever it held, and failed on a file of that name."""
    out = tmp_path / "D"
    shutil.copytree(results, out)
    (tmp_path / ".D.old").write_text("mine", encoding="utf-8")
    assert cli.main(["run", str(PITEA), "--out", str(out), "--force"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".D.old", "D"]
    assert (tmp_path / ".D.old").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("out", ["x" * 300, "y/" * 3000 + "z"])
def test_an_over_long_out_exits_2(
    out: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", str(PITEA), "--out", out]) == 2
    assert "--out" in _one_line(capsys) and list(tmp_path.iterdir()) == []


# --- service levels as fractions, help texts ------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "value", "hint"),
    [
        ("--service-level", "80", "write 0.8, not 80"),
        ("--service-level", "0", "a fraction in (0, 1)"),
        ("--max-occupancy", "85", "write 0.85, not 85"),
        ("--max-abandonment", "1.5", "a fraction in (0, 1)"),
    ],
)
def test_staffing_takes_fractions_not_per_cent(
    flag: str, value: str, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["staffing", "--calls-per-hour", "120", "--aht-seconds", "180", flag, value]
    assert cli.main(args) == 2
    err = _one_line(capsys)
    assert f"command line: {flag}: got {float(value)!r}; " in err and hint in err
    assert "np.float64" not in err


@pytest.mark.parametrize(
    ("command", "texts"),
    [
        (["run"], ["scenario file (YAML)", "--set NAME=VALUE", "economics.discount_rate=0.03"]),
        (["validate"], ["scenario file (YAML)", "--set NAME=VALUE"]),
        (
            ["staffing"],
            ["arriving calls per hour", "seconds a call", "fraction of calls", "0–1", "seconds"],
        ),
        (["new"], ["--municipalities", "Boden,Kalix", "--base-year", "--horizon"]),
    ],
)
def test_help_describes_the_arguments_and_their_units(
    command: list[str], texts: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main([*command, "--help"])
    assert info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # help wraps lines at the terminal's width
    for text in texts:
        assert text in out, text
