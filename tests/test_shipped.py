"""Every shipped scenario through the command: ``samverkan validate``, ``run`` and ``keys``.

The notebooks use these same files (checked below), so this covers the notebooks' scenarios too.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import ROOT, SCENARIOS

from simulator import cli

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
SMALL = [p for p in SHIPPED if p.stem != "norrbotten"]  # 14 municipalities: test_norrbotten.py
TABLES = {
    "workload.csv",
    "staffing.csv",
    "costs.csv",
    "game.csv",
    "projection.csv",
    "jobs.csv",
    "saving_sources.csv",
    "allocations.csv",
    "keys.csv",
    "key_comparison.csv",
    "key_tradeoff.csv",
}
CHARTS = {"cost_by_service", "waterfall", "savings", "allocation", "jobs", "saving_sources"}
BROKEN_IN_CHARTS: dict[str, str] = {}  # shipped scenarios whose charts fail: none


def _cases() -> list[object]:
    return [
        pytest.param(
            path,
            id=path.stem,
            marks=[pytest.mark.xfail(strict=True, reason=BROKEN_IN_CHARTS[path.name])]
            if path.name in BROKEN_IN_CHARTS
            else [],
        )
        for path in SMALL
    ]


def test_there_are_shipped_scenarios_and_the_notebooks_use_only_them() -> None:
    assert len(SHIPPED) >= 4
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        for name in re.findall(r"scenarios/([\w.-]+\.yaml)", notebook.read_text(encoding="utf-8")):
            assert SCENARIOS / name in SHIPPED, (notebook.name, name)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_validate(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "valid scenario" in out


@pytest.mark.parametrize("path", SMALL, ids=[p.stem for p in SMALL])
def test_keys(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["keys", str(path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert err == "" and document["services"]
    for proposal in document["services"].values():
        assert abs(sum(proposal["weights"].values()) - 1) < 1e-9


@pytest.mark.slow
@pytest.mark.parametrize("path", _cases())
def test_run_writes_a_whole_results_folder(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results"
    assert cli.main(["run", str(path), "--out", str(out)]) == 0
    printed, err = capsys.readouterr()
    assert err == "" and f"Results: {out}" in printed
    assert [p.name for p in tmp_path.iterdir()] == ["results"]  # nothing left beside it
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~umask  # as mkdir makes it, not 0o700
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert written == set(manifest["files"]) | {"manifest.json"}
    assert TABLES | {"summary.md", "report.xlsx"} <= written
    staffed = not pd.read_csv(out / "jobs.csv").empty  # a programme with a given cost has no staff
    assert {f"charts/{stem}.png" for stem in CHARTS if stem != "jobs" or staffed} <= written
    assert all((out / name).stat().st_size > 0 for name in written)
    for name in TABLES:
        frame = pd.read_csv(out / name)
        drawn = [c for c in frame.columns if c.startswith("p_")]  # empty without draws
        numbers = frame.drop(columns=drawn).select_dtypes(include="number").to_numpy(dtype=float)
        assert np.isfinite(numbers).all(), name
