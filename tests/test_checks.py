"""The architecture and code checks that the test command enforces.

- import contracts (import-linter, ``[tool.importlinter]`` in pyproject.toml): the stages in pipeline
  order, no cycles, and the rules of DESIGN.md (services never import report or cli, …);
- ruff: lint and format at 100 columns (``[tool.ruff]``);
- mypy on ``simulator/`` (``[tool.mypy]``).

Each runs as its own process, from the repository root, exactly as a developer would run it; a failure
shows the tool's own message, which names the broken rule, file and line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

BIN = Path(sys.executable).parent

CHECKS = {
    "import contracts": [str(BIN / "lint-imports"), "--no-cache"],
    "ruff lint": [str(BIN / "ruff"), "check", "--no-cache", "simulator", "tests", "benchmarks"],
    "ruff format": [
        str(BIN / "ruff"),
        "format",
        "--check",
        "--no-cache",
        "simulator",
        "tests",
        "benchmarks",
    ],
    "mypy": [str(BIN / "mypy"), "--no-incremental", "--cache-dir=/dev/null"],
}


@pytest.mark.parametrize("name", CHECKS)
def test_check_passes(name: str) -> None:
    done = subprocess.run(
        CHECKS[name], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{name} failed:\n{done.stdout[-6000:]}\n{done.stderr[-2000:]}"


def test_every_stage_states_what_it_may_import() -> None:
    """Each stage folder's ``__init__`` docstring says what it may import (the README repeats it)."""
    stages = sorted(p.parent.name for p in (ROOT / "simulator").glob("*/__init__.py"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for stage in stages:
        doc = (ROOT / "simulator" / stage / "__init__.py").read_text(encoding="utf-8")
        assert "May import:" in doc.split('"""')[1], stage
        assert f"{stage}/" in readme, f"README layout section lacks {stage}/"
