"""Read a cost game from a CSV or JSON file; every problem raises ``InputError`` naming file, field and value.

CSV: columns ``coalition,cost`` (others ignored); a coalition is its member names joined by ``+`` in any
order; the players are the names of the one-member rows, in the order they first appear::

    coalition,cost
    Piteå,5200000
    Älvsbyn,1900000
    Piteå+Älvsbyn,6300000

JSON: ``{"players": [...], "costs": {"A+B": 12.5, ...}, "drivers": {"population": {"A": 42203, ...}},
"sizes": "population"}``; ``drivers`` and ``sizes`` (the driver that measures coalition size for the
per-capita nucleolus) are optional. Costs are SEK; every non-empty coalition needs one.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from pathlib import Path

from simulator.core import coalitions
from simulator.core.errors import InputError, nearest
from simulator.game import CostGame, GameError

__all__ = ["read_game"]

_KEYS = ("players", "costs", "drivers", "sizes")


def read_game(path: str | Path) -> CostGame:
    """Read the game in ``path`` (``.csv`` or ``.json``)."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".json"):
        raise InputError(
            path, "file", path.suffix or path.name, "a game file ends in .csv or .json"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "file", str(path), "no such file") from None
    except UnicodeDecodeError:
        raise InputError(path, "file", path.name, "a game file must be UTF-8 text") from None
    if not text.strip():
        raise InputError(
            path, "file", "", "the file is empty; it must list the cost of every coalition"
        )
    try:
        return _read_csv(path, text) if path.suffix.lower() == ".csv" else _read_json(path, text)
    except GameError as error:
        raise InputError(path, error.field, error.value, error.allowed) from None


def _number(
    path: Path, field: str, value: object, line: int | None = None, text: bool = True
) -> float:
    """A finite number (from text in CSV; a JSON number when ``text`` is false), or InputError."""
    if isinstance(value, bool) or (not text and not isinstance(value, (int, float))):
        value = repr(value)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number):
        raise InputError(
            path, field, value, "a finite number (SEK, decimal point, no thousands separator)", line
        )
    return number


def _mask(
    path: Path, field: str, label: str, players: tuple[str, ...], line: int | None = None
) -> int:
    """Mask of a ``+``-joined coalition label, or InputError naming the bad member."""
    names = [name.strip() for name in label.split("+")]
    for name in names:
        if name not in players:
            hint = nearest(name, players) if name else "member names joined by '+'"
            raise InputError(path, field, name or label, f"not a player; {hint}", line)
    if len(set(names)) != len(names):
        raise InputError(path, field, label, "a coalition names each member once", line)
    return coalitions.mask_of(names, players)


def _read_csv(path: Path, text: str) -> CostGame:
    rows = [
        (line, row)
        for line, row in enumerate(csv.reader(io.StringIO(text)), start=1)
        if any(cell.strip() for cell in row)
    ]
    header = [cell.strip().lower() for cell in rows[0][1]]
    if "coalition" not in header or "cost" not in header:
        raise InputError(
            path,
            "header",
            rows[0][1],
            "the first row names the columns: coalition,cost",
            rows[0][0],
        )
    at, cost_at = header.index("coalition"), header.index("cost")
    entries = []
    for line, row in rows[1:]:
        if len(row) <= max(at, cost_at):
            raise InputError(path, "row", row, "each row needs a coalition and a cost", line)
        entries.append((line, row[at].strip(), _number(path, "cost", row[cost_at].strip(), line)))
    if not entries:
        raise InputError(
            path, "file", "header only", "list the cost of every coalition below the header"
        )
    players = tuple(dict.fromkeys(label for _, label, _ in entries if "+" not in label and label))
    if not players:
        raise InputError(
            path,
            "coalition",
            entries[0][1],
            "each player needs a row of its own (stand-alone cost)",
        )
    costs, first_line = {}, {}
    for line, label, cost in entries:
        mask = _mask(path, "coalition", label, players, line)
        if mask in costs:
            raise InputError(
                path, "coalition", label, f"listed twice (first on line {first_line[mask]})", line
            )
        costs[mask], first_line[mask] = cost, line
    return CostGame.from_mapping(players, costs)


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [key for key, _ in pairs]
    repeated = [key for key in keys if keys.count(key) > 1]
    if repeated:
        raise ValueError(repeated[0])
    return dict(pairs)


def _read_json(path: Path, text: str) -> CostGame:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as error:
        raise InputError(path, "file", error.msg, "valid JSON", error.lineno) from None
    except ValueError as error:
        raise InputError(
            path, "key", str(error), "each key may appear only once in an object"
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            path, "(top level)", type(data).__name__, "an object with players and costs"
        )
    for key in data:
        if key not in _KEYS:
            raise InputError(path, key, key, "unknown key; " + nearest(key, _KEYS))
    players = data.get("players")
    if (
        not isinstance(players, list)
        or not players
        or not all(isinstance(p, str) and p.strip() and "+" not in p for p in players)
    ):
        raise InputError(
            path, "players", players, "a non-empty list of player names, none containing '+'"
        )
    players = tuple(p.strip() for p in players)
    repeated = sorted({p for p in players if players.count(p) > 1})
    if repeated:
        raise InputError(path, "players", repeated, "each player may appear only once")
    costs = data.get("costs")
    if not isinstance(costs, dict) or not costs:
        raise InputError(path, "costs", costs, 'an object {"A+B": cost in SEK, ...}')
    by_mask: dict[int, float] = {}
    label_of: dict[int, str] = {}
    for label, value in costs.items():
        mask = _mask(path, f"costs.{label}", label, players)
        if mask in by_mask:
            raise InputError(
                path,
                f"costs.{label}",
                label,
                f"the same coalition as {label_of[mask]!r}; list it once",
            )
        by_mask[mask], label_of[mask] = _number(path, f"costs.{label}", value, text=False), label
    drivers = _drivers(path, data.get("drivers", {}), players)
    sizes = data.get("sizes")
    if sizes is not None and (not isinstance(sizes, str) or sizes not in drivers):
        name = (
            sizes if isinstance(sizes, str) else ""
        )  # a list or object is no name: list the drivers
        hint = nearest(name, drivers) if drivers else "no drivers given"
        kind = (
            "the name of a driver"
            if isinstance(sizes, str)
            else "the name of one driver, as a string"
        )
        raise InputError(path, "sizes", sizes, f"{kind}; {hint}")
    if sizes is not None and min(drivers[sizes]) <= 0:
        raise InputError(
            path, f"drivers.{sizes}", drivers[sizes], "sizes must be positive for every player"
        )
    return CostGame.from_mapping(players, by_mask, drivers, sizes)


def _drivers(path: Path, drivers: object, players: tuple[str, ...]) -> dict[str, list[float]]:
    """``{driver: [value per player]}``; every player needs a value."""
    if not isinstance(drivers, Mapping):
        raise InputError(
            path, "drivers", drivers, 'an object {"population": {"A": 42203, ...}, ...}'
        )
    out = {}
    for name, values in drivers.items():
        if not isinstance(values, Mapping):
            raise InputError(path, f"drivers.{name}", values, "an object {player: value}")
        for player in values:
            if player not in players:
                raise InputError(
                    path, f"drivers.{name}", player, "not a player; " + nearest(player, players)
                )
        missing = [p for p in players if p not in values]
        if missing:
            raise InputError(
                path, f"drivers.{name}", missing, "the driver needs a value for every player"
            )
        out[name] = [_number(path, f"drivers.{name}.{p}", values[p], text=False) for p in players]
    return out
