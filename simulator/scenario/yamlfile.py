"""Reading scenario YAML: syntax errors with line numbers, `extends:` chains, field lines.

Reading is bounded (see :mod:`simulator.scenario.limits`): only a regular file of at most
``MAX_SCENARIO_BYTES``; at most ``MAX_NODES`` values and ``MAX_DEPTH`` levels of nesting, counting
every alias as the values it stands for (so an alias bomb is refused while it is parsed); no alias
inside the node it names; text without control characters and at most ``MAX_STRING`` characters;
field names as text; numbers zero or of magnitude ``MIN_MAGNITUDE`` to ``MAX_MAGNITUDE``; at most
``MAX_EXTENDS`` files in an ``extends`` chain.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import yaml

from simulator.core.errors import MISSING, InputError
from simulator.game.files import read_text
from simulator.scenario.limits import (
    MAX_DEPTH,
    MAX_EXTENDS,
    MAX_MAGNITUDE,
    MAX_NODES,
    MAX_PATH,
    MAX_SCENARIO_BYTES,
    MAX_STRING,
    MIN_MAGNITUDE,
)

__all__ = [
    "Chain",
    "format_path",
    "is_number",
    "line_of",
    "merge",
    "read_mapping",
    "resolve_extends",
    "set_value",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
"""Control characters other than tab and line breaks, and lone surrogates: not text a workbook,
chart or UTF-8 file can hold."""


class _Refused(yaml.YAMLError):
    """A limit passed while parsing: what was found, what is allowed, and where."""

    def __init__(self, found: str, allowed: str, mark: object) -> None:
        super().__init__(found)
        self.found = found
        self.allowed = allowed
        line = getattr(mark, "line", None)
        self.line = None if line is None else line + 1


@dataclass(frozen=True)
class _Measure:
    """The values a node stands for, and its height in levels, with its aliases expanded."""

    size: int
    height: int


class _BoundedLoader(yaml.SafeLoader):
    """A safe loader that counts values and levels as it composes (aliases expanded), refuses an
    alias inside the node it names, and refuses a key given twice in one mapping."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._total = 0  # values so far, aliases expanded
        self._depth = 0  # levels open now
        self._reach = 0  # deepest level reached inside the node being composed
        self._measures: dict[int, _Measure] = {}  # by id of an anchored node

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            measure = self._measures.get(id(node))
            if measure is None:
                raise _Refused(
                    "an alias inside the node it names", "aliases without cycles", event.start_mark
                )
            self._count(measure.size, self._depth + measure.height, event.start_mark)
            return node
        self._count(1, self._depth + 1, event.start_mark)
        before = self._total - 1
        outer = self._reach
        self._depth += 1
        self._reach = self._depth
        node = super().compose_node(parent, index)
        self._depth -= 1
        if event.anchor is not None:
            self._measures[id(node)] = _Measure(self._total - before, self._reach - self._depth)
        self._reach = max(outer, self._reach)
        return node

    def _count(self, size: int, level: int, mark: object) -> None:
        self._total += size
        self._reach = max(self._reach, level)
        if self._total > MAX_NODES:
            raise _Refused(
                f"more than {MAX_NODES:,} values (aliases counted as the values they stand for)",
                f"a scenario of at most {MAX_NODES:,} values",
                mark,
            )
        if level > MAX_DEPTH:
            raise _Refused(
                f"nesting deeper than {MAX_DEPTH} levels", f"at most {MAX_DEPTH} levels", mark
            )

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                found = f"a field name of type {type(key).__name__}"
                raise _Refused(found, "field names written as text", key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if len(node.value) > 20:
            raise _Refused(f"an integer of {len(node.value)} characters", _NUMBERS, node.start_mark)
        value = super().construct_yaml_int(node)
        if abs(value) > MAX_MAGNITUDE:
            raise _Refused(f"the integer {value}", _NUMBERS, node.start_mark)
        return value

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value = super().construct_yaml_float(node)
        if not (abs(value) <= MAX_MAGNITUDE and (value == 0 or abs(value) >= MIN_MAGNITUDE)):
            raise _Refused(f"the number {node.value}", _NUMBERS, node.start_mark)
        return value

    def construct_yaml_str(self, node: yaml.ScalarNode) -> str:
        value = super().construct_yaml_str(node)
        bad = _CONTROL.search(value)
        if bad is not None:
            found = f"a control character {bad.group()!r} in the text {value[:40]!r}"
            raise _Refused(found, "text without control characters", node.start_mark)
        if len(value) > MAX_STRING:
            raise _Refused(
                f"a text of {len(value):,} characters",
                f"texts of at most {MAX_STRING:,} characters",
                node.start_mark,
            )
        return value

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> datetime.date | datetime.datetime:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise _Refused(
                f"the date {node.value} ({exc})", "a valid date", node.start_mark
            ) from None


_NUMBERS = f"zero or finite numbers of magnitude {MIN_MAGNITUDE:.0e} to {MAX_MAGNITUDE:.0e}"

for _tag, _method in (
    ("int", _BoundedLoader.construct_yaml_int),
    ("float", _BoundedLoader.construct_yaml_float),
    ("str", _BoundedLoader.construct_yaml_str),
    ("timestamp", _BoundedLoader.construct_yaml_timestamp),
):
    _BoundedLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _method)


def _parse(path: Path, text: str) -> Any:
    """The YAML in ``text`` as Python values, every failure an InputError with the line."""
    try:
        return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except _Refused as exc:
        raise InputError(path, "(YAML)", exc.found, exc.allowed, line=exc.line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(
            path, "(YAML syntax)", problem, "valid YAML with each key once", line=line
        ) from None


def read_mapping(path: Path) -> dict[str, Any]:
    """Parse ``path`` as a YAML mapping, within the limits of :mod:`simulator.scenario.limits`.

    Raises
    ------
    InputError
        File missing, unreadable, not a regular file or too large, empty, not valid YAML (with the
        line), past a limit (values, nesting, aliases, text, numbers), a key given twice, or not a
        mapping at the top.
    """
    text = read_text(path, MAX_SCENARIO_BYTES, "scenario file", field="(file)")
    data = _parse(path, text)
    if data is None:
        raise InputError(path, "(file)", "", "a non-empty scenario (the file is empty)")
    if not isinstance(data, dict):
        raise InputError(
            path, "(top level)", type(data).__name__, "a mapping of fields (id, title, ...)"
        )
    return data


@dataclass(frozen=True)
class Chain:
    """A scenario and the files it extends, base first: the merged mapping and each file's own.

    ``overrides`` holds the values set on top of the files (``--set`` on the command line,
    ``overrides=`` in Python) as a nested mapping, and ``overrides_from`` names them in errors."""

    merged: dict[str, Any]
    ids: tuple[str, ...]
    files: tuple[Path, ...]
    raws: tuple[dict[str, Any], ...]
    overrides: dict[str, Any] = field(default_factory=dict)
    overrides_from: str = "overrides"

    def defining_file(self, loc: Sequence[object]) -> int:
        """Index of the last file in the chain that gives the field at ``loc`` (else the top)."""
        for index in range(len(self.files) - 1, -1, -1):
            if _has(self.raws[index], loc):
                return index
        return len(self.files) - 1

    def overridden(self, loc: Sequence[object]) -> bool:
        """Whether an override gives the field at ``loc``."""
        return _has(self.overrides, loc)

    def setter(self, loc: Sequence[object]) -> str:
        """Who set the field at ``loc``, in words for a source text: ``in variant b.yaml``, ``in
        a.yaml`` (a file without ``extends``) or ``in a variant by --set`` (an override)."""
        if self.overridden(loc):
            return f"in a variant by {self.overrides_from}"
        index = self.defining_file(loc)
        return f"in variant {self.files[index].name}" if index else f"in {self.files[index].name}"

    def error(self, loc: tuple[Any, ...], value: object, allowed: str) -> InputError:
        """An InputError naming who gives the field at ``loc``: the overrides, or the file of the
        chain that gives it (the top file for a missing field) with its line."""
        if self.overridden(loc):
            return InputError(self.overrides_from, format_path(loc), value, allowed)
        file = self.files[-1 if value is MISSING else self.defining_file(loc)]
        return InputError(file, format_path(loc), value, allowed, line_of(file, loc))


def is_number(value: object) -> TypeGuard[float]:
    """Whether ``value`` is a bare number as YAML reads one (an int or float, not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _has(data: Any, loc: Sequence[object]) -> bool:
    """Whether ``data`` gives the field at ``loc``; a bare number written for a parameter gives
    its ``value``."""
    for depth, part in enumerate(loc):
        if isinstance(data, Mapping) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return is_number(data) and part == "value" and depth == len(loc) - 1
    return True


def set_value(new: float, old: Mapping[str, Any], setter: str) -> dict[str, Any]:
    """A parameter entry ``old`` with only its value changed to the bare number ``new``: unit,
    range and source are kept, and the source says who changed the value (``setter``, e.g.
    ``in variant b.yaml``) and what it was based on."""
    return {**old, "value": new, "source": f"value {new} set {setter}; base: {old.get('source')}"}


def merge(base: Mapping[str, Any], override: Mapping[str, Any], setter: str) -> dict[str, Any]:
    """Deep-merge ``override`` into ``base``. A parameter (a mapping with ``value``) and a list
    are replaced whole, so a changed value never inherits the base's source; a bare number over
    a parameter changes only its value (see :func:`set_value`; ``setter`` says who set it);
    ``null`` removes an inherited field (as in a JSON merge patch)."""
    merged = dict(base)
    for key, new in override.items():
        if new is None:
            merged.pop(key, None)
            continue
        old = merged.get(key)
        atomic = isinstance(new, Mapping) and "value" in new
        if isinstance(old, Mapping) and is_number(new) and "value" in old:
            merged[key] = set_value(new, old, setter)
        elif isinstance(old, Mapping) and isinstance(new, Mapping) and not atomic:
            merged[key] = merge(old, new, setter)
        else:
            merged[key] = new
    return merged


def resolve_extends(path: Path, _stack: Sequence[Path] = ()) -> Chain:
    """Read ``path`` and the chain of files it ``extends``, and merge them (base first).

    Raises
    ------
    InputError
        ``extends`` names a missing file, the chain has a cycle or more than ``MAX_EXTENDS`` files.
    """
    path = _resolved(path, _stack[-1] if _stack else None)
    if path in _stack:
        cycle = " -> ".join(p.name for p in (*_stack, path))
        raise InputError(
            _stack[-1], "extends", path.name, f"a chain without cycles (found {cycle})"
        )
    if len(_stack) >= MAX_EXTENDS:
        raise InputError(
            _stack[-1], "extends", path.name, f"a chain of at most {MAX_EXTENDS} files"
        )
    raw = read_mapping(path)
    parent = raw.pop("extends", None)
    own = Chain(raw, (str(raw.get("id", path.stem)),), (path,), (raw,))
    if parent is None:
        return own
    if not isinstance(parent, str) or not parent.strip() or len(parent) > MAX_PATH:
        raise InputError(
            path,
            "extends",
            parent,
            f"the file name of a base scenario, e.g. pitea_alvsbyn.yaml (at most {MAX_PATH} "
            "characters)",
            line_of(path, ("extends",)),
        )
    base_path = _resolved(path.parent / parent, path)
    if not _is_file(base_path):
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
        merge(inherited, raw, f"in variant {path.name}"),
        base.ids + own.ids,
        base.files + own.files,
        base.raws + own.raws,
    )


def _resolved(path: Path, named_in: Path | None) -> Path:
    """``path`` made absolute; a path the system cannot take (a name too long, a null byte) is an
    InputError naming the file that gives it (``extends`` of ``named_in``) or the path itself."""
    try:
        return path.resolve()
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        field = "(file)" if named_in is None else "extends"
        raise InputError(named_in or path, field, str(path), f"a usable path ({reason})") from None


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; False for a path the system cannot look up."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


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
        node = yaml.compose(
            read_text(path, MAX_SCENARIO_BYTES, "scenario file"), Loader=_BoundedLoader
        )
    except (InputError, yaml.YAMLError):
        return None
    line = None
    for depth, part in enumerate(loc):
        found = _child(node, part)
        if found is None:
            bare = isinstance(node, yaml.ScalarNode) and part == "value" and depth == len(loc) - 1
            return line if bare else None
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
