"""The README's examples run: its Python blocks execute, its commands exist."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

from simulator import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_blocks_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - the README's own example


def test_quick_start_has_exactly_two_commands_and_make_has_them() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^make (\w+)", quick, flags=re.M)
    assert commands == ["run", "test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert all(re.search(rf"^{c}:", makefile, flags=re.M) for c in commands)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["run", "validate", "staffing", "game", "keys"])
def test_every_documented_subcommand_exists(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert f"samverkan {command}" in README
    with pytest.raises(SystemExit) as info:
        cli.main([command, "--help"])
    assert info.value.code == 0
