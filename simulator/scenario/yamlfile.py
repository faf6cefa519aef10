"""Reading scenario YAML: syntax errors with line numbers, `extends:` chains, field lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from simulator.core.errors import InputError

__all__ = ["Chain", "read_mapping", "resolve_extends", "line_of", "format_path"]


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_mapping(path: Path) -> dict[str, Any]:
    """Parse ``path`` as a YAML mapping.

    Raises
    ------
    InputError
        File missing or unreadable, empty, not valid YAML (with the line), a key given twice, or
        not a mapping at the top.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "(file)", str(path), "an existing scenario file") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, "(file)", f"byte {exc.start}", "UTF-8 text") from None
    except OSError as exc:
        raise InputError(
            path, "(file)", str(path), f"a readable scenario file ({exc.strerror})"
        ) from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(
            path, "(YAML syntax)", problem, "valid YAML with each key once", line=line
        ) from None
    if data is None:
        raise InputError(path, "(file)", "", "a non-empty scenario (the file is empty)")
    if not isinstance(data, dict):
        raise InputError(
            path, "(top level)", type(data).__name__, "a mapping of fields (id, title, ...)"
        )
    return data


@dataclass(frozen=True)
class Chain:
    """A scenario and the files it extends, base first: the merged mapping and each file's own."""

    merged: dict[str, Any]
    ids: tuple[str, ...]
    files: tuple[Path, ...]
    raws: tuple[dict[str, Any], ...]

    def defining_file(self, loc: Sequence[object]) -> int:
        """Index of the last file in the chain that gives the field at ``loc`` (else the top file)."""
        for index in range(len(self.files) - 1, -1, -1):
            if _has(self.raws[index], loc):
                return index
        return len(self.files) - 1


def _has(data: Any, loc: Sequence[object]) -> bool:
    for part in loc:
        if isinstance(data, Mapping) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return False
    return True


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``override`` into ``base``. A parameter (a mapping with ``value``) and a list
    are replaced whole, so a changed value never inherits the base's source; ``null`` removes
    an inherited field (as in a JSON merge patch)."""
    merged = dict(base)
    for key, new in override.items():
        if new is None:
            merged.pop(key, None)
            continue
        old = merged.get(key)
        atomic = isinstance(new, Mapping) and "value" in new
        if isinstance(old, Mapping) and isinstance(new, Mapping) and not atomic:
            merged[key] = _merge(old, new)
        else:
            merged[key] = new
    return merged


def resolve_extends(path: Path, _stack: Sequence[Path] = ()) -> Chain:
    """Read ``path`` and the chain of files it ``extends``, and merge them (base first).

    Raises
    ------
    InputError
        ``extends`` names a missing file or the chain has a cycle.
    """
    path = path.resolve()
    if path in _stack:
        cycle = " -> ".join(p.name for p in (*_stack, path))
        raise InputError(
            _stack[-1], "extends", path.name, f"a chain without cycles (found {cycle})"
        )
    raw = read_mapping(path)
    parent = raw.pop("extends", None)
    own = Chain(raw, (str(raw.get("id", path.stem)),), (path,), (raw,))
    if parent is None:
        return own
    if not isinstance(parent, str) or not parent.strip():
        raise InputError(
            path,
            "extends",
            parent,
            "the file name of a base scenario, e.g. pitea_alvsbyn.yaml",
            line_of(path, ("extends",)),
        )
    base_path = (path.parent / parent).resolve()
    if not base_path.is_file():
        raise InputError(
            path,
            "extends",
            parent,
            f"an existing scenario file (looked for {base_path})",
            line_of(path, ("extends",)),
        )
    base = resolve_extends(base_path, (*_stack, path))
    inherited = {k: v for k, v in base.merged.items() if k != "id"}
    return Chain(
        _merge(inherited, raw), base.ids + own.ids, base.files + own.files, base.raws + own.raws
    )


def format_path(loc: Sequence[object]) -> str:
    """``('services', 'payroll', 'params', 'x', 'value')`` → ``services.payroll.params.x.value``;
    list positions as ``[i]``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def line_of(path: Path, loc: Sequence[object]) -> int | None:
    """Line (1-based) of the field at ``loc`` in ``path`` (the key's line for a mapping entry, the
    item's line for a list entry), or None if the file does not give that field."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    line = None
    for part in loc:
        found = _child(node, part)
        if found is None:
            return None
        mark, node = found
        line = mark.line + 1
    return line


def _child(node: yaml.Node | None, part: object) -> tuple[yaml.Mark, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return key.start_mark, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part].start_mark, node.value[part]
    return None
