"""Reading scenario YAML: syntax errors with line numbers, `extends:` chains, field lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from simulator.errors import InputError

__all__ = ["read_mapping", "resolve_extends", "line_of", "format_path"]


def read_mapping(path: Path) -> dict[str, Any]:
    """Parse ``path`` as a YAML mapping.

    Raises
    ------
    InputError
        File missing, empty, not valid YAML (with the line), or not a mapping at the top.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "(file)", str(path), "an existing scenario file") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, "(file)", f"byte {exc.start}", "UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(path, "(YAML syntax)", problem, "valid YAML", line=line) from None
    if data is None:
        raise InputError(path, "(file)", "", "a non-empty scenario (the file is empty)")
    if not isinstance(data, dict):
        raise InputError(path, "(top level)", type(data).__name__, "a mapping of fields (id, title, ...)")
    return data


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``override`` into ``base``. A parameter (a mapping with ``value``) and a list
    are replaced whole, so a changed value never inherits the base's source."""
    merged = dict(base)
    for key, new in override.items():
        old = merged.get(key)
        atomic = isinstance(new, Mapping) and "value" in new
        if isinstance(old, Mapping) and isinstance(new, Mapping) and not atomic:
            merged[key] = _merge(old, new)
        else:
            merged[key] = new
    return merged


def resolve_extends(path: Path, _stack: Sequence[Path] = ()
                    ) -> tuple[dict[str, Any], tuple[str, ...], tuple[Path, ...]]:
    """Read ``path`` and the chain of files it ``extends``; return the merged mapping, the
    chain of scenario ids and the chain of files, base first.

    Raises
    ------
    InputError
        ``extends`` names a missing file or the chain has a cycle.
    """
    path = path.resolve()
    if path in _stack:
        cycle = " -> ".join(p.name for p in (*_stack, path))
        raise InputError(_stack[-1], "extends", path.name, f"a chain without cycles (found {cycle})")
    raw = read_mapping(path)
    parent = raw.pop("extends", None)
    own_id = str(raw.get("id", path.stem))
    if parent is None:
        return raw, (own_id,), (path,)
    if not isinstance(parent, str) or not parent.strip():
        raise InputError(path, "extends", parent, "the file name of a base scenario, e.g. pitea_alvsbyn.yaml")
    base_path = (path.parent / parent).resolve()
    if not base_path.is_file():
        raise InputError(path, "extends", parent, f"an existing scenario file (looked for {base_path})")
    base, chain, files = resolve_extends(base_path, (*_stack, path))
    base.pop("id", None)
    return _merge(base, raw), (*chain, own_id), (*files, path)


def format_path(loc: Sequence[object]) -> str:
    """``('services', 'payroll', 'params', 'x', 'value')`` → ``services.payroll.params.x.value``;
    list positions as ``[i]``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def line_of(path: Path, loc: Sequence[object]) -> int | None:
    """Line (1-based) of the field at ``loc`` in ``path``, or None if it is not in that file."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    line = None
    for part in loc:
        node = _child(node, part)
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _child(node: yaml.Node | None, part: object) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None
