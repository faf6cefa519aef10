"""Writing a results folder: nothing half-written, nothing replaced by surprise, nothing lost.

The replacement is failed (OSError, Ctrl-C) and killed (SIGKILL, in a forked child) at every step of
its file-system calls; after each, ``--out`` holds either the earlier results or the new ones, whole,
and nothing else is left beside it (but what a warning names, when removing was what failed).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from simulator.cli import moves, output
from simulator.core.errors import InputError

NEW = {"a.csv": "new\n", "manifest.json": "", "charts/c.png": "png"}
OLD = {"a.csv": "old\n", "b.csv": "kept until replaced\n"}


def _manifest(tag: str) -> str:
    return json.dumps({"scenario": tag, "scenario_sha256": "0" * 64, "files": ["a.csv"]})


def _earlier(out: Path) -> Path:
    """An earlier results folder at ``out``."""
    out.mkdir(parents=True)
    for name, text in OLD.items():
        (out / name).write_text(text, encoding="utf-8")
    (out / "manifest.json").write_text(_manifest("old"), encoding="utf-8")
    return out


def _fill(folder: Path) -> None:
    (folder / "charts").mkdir()
    for name, text in NEW.items():
        (folder / name).write_text(text or _manifest("new"), encoding="utf-8")


def _state(out: Path) -> str:
    """'old' or 'new' when ``out`` holds one of them whole; else a description."""
    if not out.exists():
        return "missing"
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    tag = json.loads((out / "manifest.json").read_text())["scenario"]
    expected = {"old": sorted([*OLD, "manifest.json"]), "new": sorted(NEW)}.get(tag)
    return tag if files == expected else f"partial {files}"


def _beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name != out.name)


class Calls:
    """Counts the calls to the file-system functions a write uses (rename, replace, mkdir, rmdir,
    rmtree, renameat2) and calls ``hook(n, when)`` before and after the n-th."""

    NAMES = ("rename", "replace", "mkdir", "rmdir")

    def __init__(self, patch: pytest.MonkeyPatch, hook: Callable[[int, str], None]) -> None:
        self.count = 0
        self.hook = hook
        for name in self.NAMES:
            patch.setattr(os, name, self._wrap(getattr(os, name)))
        patch.setattr(shutil, "rmtree", self._wrap(shutil.rmtree))
        patch.setattr(moves, "rename2", self._wrap(moves.rename2))

    def _wrap(self, function: Callable[..., object]) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            self.count += 1
            n = self.count
            self.hook(n, "before")
            result = function(*args, **kwargs)
            self.hook(n, "after")
            return result

        return call


@pytest.fixture(params=["exchange", "fallback"])
def path_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each test with renameat2 (where the system has it) and with the plain-rename fallback."""
    if request.param == "fallback":
        monkeypatch.setattr(moves, "renameat2", lambda: None)
    elif moves.renameat2() is None:
        pytest.skip("no renameat2 on this system")
    return str(request.param)


def _steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, force: bool
) -> Iterator[tuple[Path, str]]:
    """For every call k of a write: a fresh folder (with earlier results at ``out`` if ``force``)
    and a write whose k-th call raises ``error``; yields ``out`` and the outcome."""
    for at in range(1, 40):
        out = tmp_path / f"step{at}" / "D"
        if force:
            _earlier(out)
        else:
            out.parent.mkdir()

        def fail(n: int, when: str, at: int = at) -> None:
            if (n, when) == (at, "before"):
                raise error

        with monkeypatch.context() as patch:
            calls = Calls(patch, fail)
            try:
                output.write_atomically(out, _fill, force)
                outcome = "done"
            except (InputError, OSError, KeyboardInterrupt) as caught:
                outcome = type(caught).__name__
        yield out, outcome
        if calls.count < at:  # every call passed: there is no later step to fail
            return
    raise AssertionError("the write makes more calls than expected")


@pytest.mark.parametrize("error", [OSError(errno.EACCES, "denied"), KeyboardInterrupt()])
def test_a_forced_replacement_failed_at_any_step_loses_nothing(
    error: BaseException,
    path_kind: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outcomes = []
    for out, outcome in _steps(tmp_path, monkeypatch, error, force=True):
        warnings = capsys.readouterr().err
        state = _state(out)
        outcomes.append(outcome)
        # An OSError is a finding (the earlier results stay); a Ctrl-C may also come while the
        # earlier results are being removed, after the new ones are in place.
        allowed = {"done": {"new"}, "KeyboardInterrupt": {"old", "new"}}.get(outcome, {"old"})
        assert state in allowed, (out, outcome, state, warnings)
        left = _beside(out)
        assert all(name in warnings for name in left), (out, outcome, left, warnings)
        assert all(name.startswith(".D.") for name in left)
    assert outcomes[-1] == "done" and len(set(outcomes)) > 1


@pytest.mark.parametrize("error", [OSError(errno.EACCES, "denied"), KeyboardInterrupt()])
def test_a_new_folder_failed_at_any_step_leaves_nothing(
    error: BaseException,
    path_kind: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for out, outcome in _steps(tmp_path, monkeypatch, error, force=False):
        warnings = capsys.readouterr().err
        assert _state(out) == ("new" if outcome == "done" else "missing"), (out, outcome)
        assert all(name in warnings for name in _beside(out)), (out, _beside(out), warnings)


def _killed_at(out: Path, at: int, when: str) -> bool:
    """Run a forced replacement in a forked child that SIGKILLs itself ``when`` ("before" or
    "after") its call number ``at``; True when the child was killed (it got that far)."""
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest

        def kill(n: int, moment: str) -> None:
            if (n, moment) == (at, when):
                os.kill(os.getpid(), signal.SIGKILL)

        try:
            Calls(pytest.MonkeyPatch(), kill)
            output.write_atomically(out, _fill, True)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forced_replacement_killed_at_any_step_keeps_results_at_out(tmp_path: Path) -> None:
    """SIGKILL runs no cleanup: a hidden folder may stay beside ``--out``, but ``--out`` itself
    holds the earlier or the new results, whole, at every step (renameat2's exchange)."""
    if moves.renameat2() is None:
        pytest.skip("no renameat2 on this system: the fallback restores on errors, not on SIGKILL")
    for at in range(1, 40):
        for when in ("before", "after"):
            out = _earlier(tmp_path / f"k{at}{when}" / "D")
            killed = _killed_at(out, at, when)
            assert _state(out) in ("old", "new"), (at, when, _state(out))
            assert all(name.startswith(".D.") for name in _beside(out))
        if not killed:
            return
    raise AssertionError("the write makes more calls than expected")


def test_sigterm_during_the_write_removes_the_temporary_folder(tmp_path: Path) -> None:
    out = _earlier(tmp_path / "D")

    def terminated(folder: Path) -> None:
        _fill(folder)
        os.kill(os.getpid(), signal.SIGTERM)

    with pytest.raises(KeyboardInterrupt):
        output.write_atomically(out, terminated, True)
    assert _state(out) == "old" and _beside(out) == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handler is put back


def test_a_folder_that_appears_during_the_run_is_never_replaced(tmp_path: Path) -> None:
    """Two runs onto one ``--out``: the one that finishes second is refused, the first's kept."""
    out = tmp_path / "D"

    def racing(folder: Path) -> None:
        _fill(folder)
        output.write_atomically(out, _fill, False)  # the other run finishes first
        (out / "a.csv").write_text("first run\n", encoding="utf-8")

    with pytest.raises(InputError, match="appeared during the run"):
        output.write_atomically(out, racing, False)
    assert (out / "a.csv").read_text() == "first run\n" and _beside(out) == []


def test_force_leaves_a_folder_that_is_not_results_alone_even_if_it_appears_late(
    path_kind: str, tmp_path: Path
) -> None:
    out = _earlier(tmp_path / "D")

    def swapped(folder: Path) -> None:
        _fill(folder)
        shutil.rmtree(out)
        out.mkdir()
        (out / "budget.xlsx").write_text("precious", encoding="utf-8")

    with pytest.raises(InputError, match="something else and is left alone"):
        output.write_atomically(out, swapped, True)
    assert (out / "budget.xlsx").read_text() == "precious" and _beside(out) == []


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_force_never_touches_a_users_dot_old(kind: str, path_kind: str, tmp_path: Path) -> None:
    out = _earlier(tmp_path / "D")
    old = tmp_path / ".D.old"
    if kind == "file":
        old.write_text("mine", encoding="utf-8")
    else:
        old.mkdir()
        (old / "note.txt").write_text("mine", encoding="utf-8")
    output.write_atomically(out, _fill, True)
    assert _state(out) == "new" and _beside(out) == [".D.old"]
    assert (old if kind == "file" else old / "note.txt").read_text() == "mine"


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_results_get_ordinary_permissions(umask: int, tmp_path: Path) -> None:
    previous = os.umask(umask)
    try:
        output.write_atomically(tmp_path / "D", _fill, False)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "D").stat().st_mode) == 0o777 & ~umask
    assert stat.S_IMODE((tmp_path / "D" / "a.csv").stat().st_mode) == 0o666 & ~umask


def test_failed_run_removes_the_parent_folders_it_made(tmp_path: Path) -> None:
    with pytest.raises(ZeroDivisionError):
        output.write_atomically(tmp_path / "a" / "b" / "D", lambda folder: 1 / 0, False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("out", "words"),
    [
        ("x" * 300, "File name too long"),
        ("a" * 250, "File name too long"),  # the hidden temporary name beside it is too long
        ("dir/" + "y" * 5000, "too long"),
        ("bad\0name", "null"),
    ],
)
def test_unusable_out_is_an_input_error(out: str, words: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=words):
        output.write_atomically(tmp_path / out, _fill, False)
    assert list(tmp_path.iterdir()) == []


def test_force_onto_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    target = _earlier(tmp_path / "real")
    (tmp_path / "D").symlink_to(target)
    with pytest.raises(InputError, match="manifest.json"):
        output.write_atomically(tmp_path / "D", _fill, True)
    assert _state(target) == "old" and (tmp_path / "D").is_symlink()


def test_when_removing_the_earlier_results_fails_a_warning_names_what_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _earlier(tmp_path / "D")

    def refuse(path: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "denied", str(path))

    monkeypatch.setattr(shutil, "rmtree", refuse)
    output.write_atomically(out, _fill, True)
    err = capsys.readouterr().err
    assert _state(out) == "new" and err.count("\n") == 1 and _beside(out)[0] in err
    assert err.startswith("samverkan: warning: could not remove")
