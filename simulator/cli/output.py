"""Writing a results folder atomically: into a temporary folder, then moved into place.

A failed run leaves no half-written results; an existing folder is replaced only with ``force``.
"""

from __future__ import annotations

import json
import platform
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from simulator.core.errors import InputError
from simulator.scenario import Scenario

__all__ = ["check_target", "write_atomically", "manifest"]

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
    "openpyxl",
)


def check_target(out: Path, force: bool) -> None:
    """Refuse an unusable results folder before any work is done: an existing one without
    ``force``; with ``force``, anything but an earlier results folder (one with a manifest.json),
    so that no other folder is ever replaced; a path whose parent is not a folder."""
    if out.name in ("", ".", "..") or out.resolve() == Path(out.resolve().anchor):
        raise InputError(None, "--out", str(out), "a new folder name, e.g. results/my_scenario")
    if out.exists() and not force:
        raise InputError(
            None, "--out", str(out), "a folder that does not exist yet, or --force to replace it"
        )
    if out.exists() and not (out / "manifest.json").is_file():
        raise InputError(
            None,
            "--out",
            str(out),
            "with --force, an earlier results folder (one with a "
            "manifest.json); this path is something else and is left alone",
        )
    parent = next((p for p in out.resolve().parents if p.exists()), None)
    if parent is None or not parent.is_dir():
        raise InputError(None, "--out", str(out), "a path inside an existing folder")


def write_atomically(out: Path, fill: Callable[[Path], None], force: bool) -> None:
    """Call ``fill(tmp)`` to write every file into a fresh temporary folder beside ``out``, then
    move it into place (replacing ``out`` only when ``force``). On any error nothing is left behind."""
    check_target(out, force)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    except OSError as exc:
        raise InputError(
            None, "--out", str(out), f"a folder that can be created ({exc.strerror})"
        ) from None
    try:
        fill(tmp)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def manifest(scenario: Scenario, seed: int, files: list[str]) -> str:
    """manifest.json text: scenario, file hash, seed, package versions, time."""
    versions = {}
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
        "seed": seed,
        "python": platform.python_version(),
        "packages": versions,
        "created_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "files": sorted(files),
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
