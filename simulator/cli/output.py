"""Writing a results folder: into a temporary folder beside it, then moved into place in one step.

The promises, and how they are kept:

- **Nothing half-written.** Every file is written into a new hidden folder ``.NAME.XXXXXXXX.tmp``
  beside ``--out`` (same file system, so the move is one rename); on any error, KeyboardInterrupt or
  SIGTERM the temporary folder is removed. Only SIGKILL can leave it behind (never ``--out``).
- **Nothing replaced by surprise.** Whether ``--out`` is free is decided by the move itself:
  ``renameat2(RENAME_NOREPLACE)`` where the system has it, else ``rename``, which refuses a target
  that exists and is not an empty folder. Two runs onto one ``--out`` can never both succeed.
- **With --force, never a moment without results.** The new folder and the earlier one are swapped
  in one step (``renameat2(RENAME_EXCHANGE)``); where the system lacks it, the earlier folder is
  renamed aside to a new hidden name and renamed back if anything fails before the new one is in
  place. What was swapped out is checked to be an earlier results folder (a manifest.json of this
  program) before it is removed; anything else is swapped back and left alone.
- **Nothing deleted that the program did not create.** Only its own temporary folder and, with
  ``--force``, the earlier results folder it replaced are removed; no fixed name such as
  ``.NAME.old`` is ever reused, so a user's file or folder of that name is never touched.
- **Ordinary permissions.** Folders are made with ``mkdir`` (mode 0o777 less the umask), not
  ``mkdtemp`` (0o700).
"""

from __future__ import annotations

import errno
import json
import os
import platform
import secrets
import shutil
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from simulator.cli import moves
from simulator.core.errors import InputError
from simulator.scenario import Scenario

__all__ = ["check_target", "is_results_folder", "manifest", "write_atomically"]

_PACKAGES = (
    "samverkan",
    "numpy",
    "scipy",
    "pandas",
    "pulp",
    "highspy",
    "pydantic",
    "pyyaml",
    "matplotlib",
    "xlsxwriter",
)
_MANIFEST_BYTES = 1_000_000


def _out_error(out: Path, allowed: str) -> InputError:
    return InputError(None, "--out", str(out), allowed)


def is_results_folder(path: Path) -> bool:
    """Whether ``path`` is a real folder (not a link) holding a manifest.json this program wrote."""
    try:
        if path.is_symlink() or not path.is_dir():
            return False
        with open(path / "manifest.json", "rb") as file:
            body = json.loads(file.read(_MANIFEST_BYTES))
    except (OSError, ValueError):
        return False
    return isinstance(body, dict) and {"scenario", "scenario_sha256", "files"} <= body.keys()


def check_target(out: Path, force: bool) -> None:
    """Refuse an unusable results folder before any work is done: an existing one without
    ``force``; with ``force``, anything but an earlier results folder (one with this program's
    manifest.json), so that no other folder is ever replaced; a path whose parent is not a folder.
    The move checks again, at the moment it happens."""
    if out.name in ("", ".", ".."):
        raise _out_error(out, "a new folder name, e.g. results/my_scenario")
    if "\0" in str(out):
        raise _out_error(out, "a path without a null character")
    try:
        exists = out.exists() or out.is_symlink()
        parent = next((p for p in out.absolute().parents if p.exists()), None)
    except (OSError, ValueError) as exc:  # a name too long, a null byte
        raise _out_error(out, f"a usable path ({_reason(exc)})") from None
    if exists and not force:
        raise _out_error(out, "a folder that does not exist yet, or --force to replace it")
    if exists and not is_results_folder(out):
        raise _out_error(
            out,
            "with --force, an earlier results folder (one with a manifest.json); this path is "
            "something else and is left alone",
        )
    if parent is None or not parent.is_dir():
        raise _out_error(out, "a path inside an existing folder")


def write_atomically(out: Path, fill: Callable[[Path], None], force: bool) -> None:
    """Call ``fill(tmp)`` to write every file into a new temporary folder beside ``out``, then move
    it into place: onto a free ``out``, or with ``force`` in exchange for an earlier results folder.
    On any error (and on SIGTERM or Ctrl-C) nothing is left behind and nothing earlier is lost."""
    check_target(out, force)
    with moves.signals_raise():
        made = _make_parents(out)
        try:
            tmp = _make_temp(out)
        except BaseException:
            _remove_empty(made)
            raise
        try:
            fill(tmp)
            _move_into_place(tmp, out, force)
        except BaseException:
            _discard(tmp)
            _remove_empty(made)
            raise


def _reason(exc: BaseException) -> str:
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)


def _make_parents(out: Path) -> list[Path]:
    """Create the missing folders above ``out``; return them, deepest first (to undo)."""
    missing = []
    for parent in out.absolute().parents:
        if parent.exists():
            break
        missing.append(parent)
    for folder in reversed(missing):
        try:
            os.mkdir(folder)
        except FileExistsError:
            continue
        except OSError as exc:
            _remove_empty(missing)
            raise _out_error(out, f"a folder that can be created ({_reason(exc)})") from None
    return missing


def _make_temp(out: Path, suffix: str = ".tmp") -> Path:
    """A new, empty hidden folder beside ``out`` (``.NAME.XXXXXXXX.tmp``), made with ordinary
    permissions (0o777 less the umask)."""
    for _ in range(100):
        folder = out.absolute().with_name(f".{out.name}.{secrets.token_hex(4)}{suffix}")
        try:
            os.mkdir(folder)
            return folder
        except FileExistsError:
            continue
        except OSError as exc:
            raise _out_error(out, f"a folder that can be created ({_reason(exc)})") from None
    raise _out_error(out, "a folder with room for a new temporary folder beside it")


def _move_into_place(tmp: Path, out: Path, force: bool) -> None:
    """Move the finished ``tmp`` to ``out`` in one step (signals held until done)."""
    with moves.signals_held():
        try:
            if not moves.rename2(tmp, out, moves.NOREPLACE):
                os.rename(tmp, out)
            return
        except OSError as exc:
            if not force or exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise _taken(out, exc) from None
        try:
            _replace(tmp, out)
        except OSError as exc:
            raise _out_error(out, f"a folder that can be replaced ({_reason(exc)})") from None


def _taken(out: Path, exc: OSError) -> InputError:
    if exc.errno in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR):
        return _out_error(
            out, "a folder that does not exist yet; it appeared during the run (use --force)"
        )
    return _out_error(out, f"a folder that can be written ({_reason(exc)})")


def _replace(tmp: Path, out: Path) -> None:
    """Put the new results ``tmp`` at ``out`` in place of the earlier results, then remove those.

    What is taken from ``out`` is checked at that moment to be an earlier results folder; if it is
    anything else it is put back and the run refused."""
    if moves.rename2(tmp, out, moves.EXCHANGE):
        if not is_results_folder(tmp):  # what came out of ``out``
            moves.rename2(tmp, out, moves.EXCHANGE)
            raise _not_results(out)
        _discard(tmp)
        return
    aside = _set_aside(out)
    try:
        os.rename(tmp, out)
    except BaseException:
        _restore(aside, out)
        raise
    _discard(aside)


def _set_aside(out: Path) -> Path:
    """Rename the earlier results at ``out`` to a new hidden name beside it; return that name.

    The name is first made as an empty folder of this program's own, so that the rename can only
    replace that."""
    aside = _make_temp(out, ".old")
    try:
        os.rename(out, aside)
    except BaseException:
        _remove_empty([aside])
        raise
    if not is_results_folder(aside):
        _restore(aside, out)
        raise _not_results(out)
    return aside


def _restore(aside: Path, out: Path) -> None:
    """Move the earlier results back from ``aside`` to ``out``; if that fails, tell where."""
    try:
        os.rename(aside, out)
    except OSError as exc:
        print(
            f"samverkan: warning: the earlier results are kept in {aside}; they could not be "
            f"moved back to {out} ({_reason(exc)})",
            file=sys.stderr,
        )


def _not_results(out: Path) -> InputError:
    return _out_error(
        out,
        "with --force, an earlier results folder (one with a manifest.json); what is there now "
        "is something else and is left alone",
    )


def _discard(folder: Path) -> None:
    """Remove a folder this program made (or the earlier results it replaced); warn if it stays."""
    try:
        shutil.rmtree(folder)
    except FileNotFoundError:
        pass
    except OSError as exc:
        _warn_left(folder, exc)
    except BaseException as exc:  # interrupted: say what stays, and go on being interrupted
        _warn_left(folder, exc)
        raise


def _warn_left(folder: Path, exc: BaseException) -> None:
    reason = _reason(exc) or type(exc).__name__
    print(f"samverkan: warning: could not remove {folder} ({reason})", file=sys.stderr)


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders this program made (deepest first) while they are empty; leave one that
    is not (someone put something in it), and warn if one cannot be removed for another reason."""
    for folder in folders:
        try:
            os.rmdir(folder)
        except FileNotFoundError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                _warn_left(folder, exc)
            return


def manifest(scenario: Scenario, seed: int, files: list[str]) -> str:
    """manifest.json text: scenario, file hash, the overrides set over the file (``--set``),
    seed, package versions, time."""
    versions: dict[str, str | None] = {}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    body = {
        "scenario": scenario.id,
        "chain": list(scenario.chain),
        "scenario_file": str(scenario.path),
        "scenario_sha256": scenario.file_hash,
        "overrides": dict(scenario.overrides),
        "seed": seed,
        "python": platform.python_version(),
        "packages": versions,
        "created_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "files": sorted(files),
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
