"""Read a cost game from a CSV or JSON file; every problem raises ``InputError`` naming file, field
and value.

CSV: columns ``coalition,cost`` (others ignored, but no row may have more cells than the header, so
that a decimal comma such as ``A,1,5`` is an error, not a cost of 1); a coalition is its member
names joined by ``+`` in any order; the players are the names of the one-member rows, in the order
they first appear::

    coalition,cost
    Piteå,5200000
    Älvsbyn,1900000
    Piteå+Älvsbyn,6300000

JSON: ``{"players": [...], "costs": {"A+B": 12.5, ...}, "drivers": {"population": {"A": 42203,
...}}, "sizes": "population"}``; ``drivers`` and ``sizes`` (the driver that measures coalition size
for the per-capita nucleolus) are optional. Costs are SEK; every non-empty coalition needs one.

Limits, checked while reading so that no file can make a command hang or fill memory: a regular file
of at most :data:`MAX_GAME_BYTES`; at most :data:`MAX_PLAYERS` players; cells of at most
:data:`MAX_CELL` characters; numbers zero or of magnitude :data:`MIN_MAGNITUDE` to
:data:`MAX_MAGNITUDE`; names as
:func:`name_problem` allows. :func:`read_text` and :func:`name_problem` are also the scenario
reader's rules.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
import stat
import unicodedata
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from simulator.core.errors import InputError, nearest
from simulator.game import CostGame, GameError

__all__ = [
    "FORMULA_START",
    "MAX_CELL",
    "MAX_GAME_BYTES",
    "MAX_MAGNITUDE",
    "MAX_NAME",
    "MAX_PLAYERS",
    "MIN_MAGNITUDE",
    "name_problem",
    "read_game",
    "read_text",
]

_KEYS = ("players", "costs", "drivers", "sizes")
_ONE_NAME = "the name of one driver, as a string"

MAX_GAME_BYTES = 16_000_000
"""Largest game file read, in bytes: the 65 535 coalitions of a 16-player game with names of ten
letters take about 7 MB as JSON; a results folder's ``game.csv`` holds every service and year."""
MAX_PLAYERS = 16
"""Most players in a game file (65 535 coalitions): the nucleolus and least core work on a growing
set of coalitions (constraint generation) and solve 16 players in well under a second, but every
coalition's cost must still be read and checked."""
MAX_CELL = 10_000
"""Longest CSV cell, in characters."""
MAX_MAGNITUDE = 1e15
"""Largest magnitude of a number (a cost in SEK, a driver, a scenario's figure): a thousand times
the largest municipal budget, and far enough below the float range that every sum over coalitions
and years, product and present value stays finite."""
MIN_MAGNITUDE = 1e-12
"""Smallest magnitude of a number other than zero: no share, rate or amount is meaningful below it,
and figures such as 1e-300 leave the linear programmes of the nucleolus and the key optimiser badly
scaled."""
MAX_NAME = 100
"""Longest name of a player (municipality), in characters."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a CSV cell as a formula when a text starts with them."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_text(path: Path, limit: int, what: str, field: str = "file") -> str:
    """The text of ``path``: a regular file of at most ``limit`` bytes, UTF-8 (a BOM is dropped).

    A folder, named pipe, device or socket is refused before anything is read, so ``/dev/zero`` or
    a FIFO can neither hang a command nor fill its memory; ``what`` names the file in messages
    (``"scenario file"``), ``field`` is the field the error names.

    Raises
    ------
    InputError
        Missing, unreadable, not a regular file, larger than ``limit``, or not UTF-8.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(path, field, str(path), f"no such file; an existing {what}") from None
    except (OSError, ValueError) as exc:  # ValueError: a null byte in the path
        reason = exc.strerror if isinstance(exc, OSError) else str(exc)
        raise InputError(path, field, str(path), f"a readable {what} ({reason})") from None
    try:
        data = _read_regular(path, fd, limit, what, field)
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, field, f"byte {exc.start}", f"a {what} must be UTF-8 text") from None


def _read_regular(path: Path, fd: int, limit: int, what: str, field: str) -> bytes:
    """The bytes of the open file ``fd``; InputError if not a regular file or over ``limit``."""
    try:
        mode = os.fstat(fd).st_mode
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        if not stat.S_ISREG(mode):
            raise InputError(path, field, str(path), f"a regular {what}; this is {kind}")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError(path, field, str(path), f"a readable {what} ({exc.strerror})") from None
    if size > limit:
        raise InputError(
            path, field, f"more than {limit:,} bytes", f"a {what} of at most {limit:,} bytes"
        )
    return b"".join(chunks)


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a player (a municipality), or None when it can.

    The rule: 1 to :data:`MAX_NAME` characters, no leading or trailing space; no ``+`` (it joins the
    members of a coalition label); no control characters; and no name that a spreadsheet would read
    as a formula when it opens a results CSV, i.e. none starting with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return. Such names are refused rather than altered in the outputs, so every
    table names a municipality exactly as its data file does.
    """
    if not name or name != name.strip() or len(name) > MAX_NAME:
        return f"a name of 1 to {MAX_NAME} characters without leading or trailing spaces"
    if "+" in name:
        return "a name without '+' (it joins the members of a coalition)"
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name):
        return "a name without control characters"
    if name.startswith(FORMULA_START):
        return (
            "a name that does not start with =, +, -, @, a tab or a carriage return "
            "(a spreadsheet would read it as a formula)"
        )
    return None


def read_game(path: str | Path, *, service: str = "total", year: str = "npv") -> CostGame:
    """Read the game in ``path`` (``.csv`` or ``.json``).

    A results folder's ``game.csv`` (columns scenario, year, service, coalition, cost_sek) holds
    a game per service and year; ``service`` and ``year`` choose one (default: the total of all
    services in present value)."""
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".json"):
        raise InputError(
            path, "file", path.suffix or path.name, "a game file ends in .csv or .json"
        )
    text = read_text(path, MAX_GAME_BYTES, "game file")
    if not text.strip():
        raise InputError(
            path, "file", "", "the file is empty; it must list the cost of every coalition"
        )
    if path.suffix.lower() == ".csv" and _is_results_table(text):
        text = _one_game(path, text, service, year)
    try:
        return _read_csv(path, text) if path.suffix.lower() == ".csv" else _read_json(path, text)
    except GameError as error:
        raise InputError(path, error.field, error.value, error.allowed) from None


_RESULTS_COLUMNS = ("year", "service", "coalition", "cost_sek")


def _is_results_table(text: str) -> bool:
    """Whether a CSV is a results folder's ``game.csv`` (every service and year in one table)."""
    header = [cell.strip().lower() for cell in text.split("\n", 1)[0].split(",")]
    return all(column in header for column in _RESULTS_COLUMNS)


def _one_game(path: Path, text: str, service: str, year: str) -> str:
    """The rows of one service and year of a ``game.csv``, as a ``coalition,cost`` table."""
    rows = list(csv.DictReader(io.StringIO(text)))
    chosen = [r for r in rows if r.get("service") == service and r.get("year") == year]
    if not chosen:
        services = sorted({r.get("service", "") for r in rows})
        years = sorted({r.get("year", "") for r in rows})
        raise InputError(
            path,
            "service/year",
            f"{service} {year}",
            f"a service in {', '.join(services)} and a year in {', '.join(years)} "
            "(--service, --year)",
        )
    lines = ["coalition,cost"] + [f"{r['coalition']},{r['cost_sek']}" for r in chosen]
    return "\n".join(lines) + "\n"


def _number(
    path: Path, field: str, value: object, line: int | None = None, text: bool = True
) -> float:
    """Zero or a number of magnitude MIN_MAGNITUDE to MAX_MAGNITUDE (from text in CSV; a JSON
    number when ``text`` is false), or InputError."""
    if isinstance(value, bool) or (not text and not isinstance(value, (int, float))):
        value = repr(value)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        number = math.nan
    if not (abs(number) <= MAX_MAGNITUDE and (number == 0 or abs(number) >= MIN_MAGNITUDE)):
        raise InputError(
            path,
            field,
            value,
            f"a finite number, zero or of magnitude {MIN_MAGNITUDE:.0e} to {MAX_MAGNITUDE:.0e} "
            "(SEK, decimal point, no thousands separator)",
            line,
        )
    return number


def _players(path: Path, field: str, players: tuple[str, ...], line: int | None = None) -> None:
    """Refuse more than MAX_PLAYERS players or a name :func:`name_problem` refuses."""
    for name in players:
        problem = name_problem(name)
        if problem is not None:
            raise InputError(path, field, name, problem, line)
    if len(players) > MAX_PLAYERS:
        raise InputError(
            path,
            field,
            f"{len(players)} players",
            f"at most {MAX_PLAYERS} players ({(1 << MAX_PLAYERS) - 1} coalitions): "
            "every coalition's cost is read and checked",
        )


def _mask(
    path: Path, field: str, label: str, players: tuple[str, ...], line: int | None = None
) -> int:
    """Mask of a ``+``-joined coalition label, or InputError naming the bad member."""
    bits = _bits(players)
    mask = 0
    names = label.split("+")
    for raw in names:
        name = raw.strip()
        bit = bits.get(name)
        if bit is None:
            hint = nearest(name, players) if name else "member names joined by '+'"
            raise InputError(path, field, name or label, f"not a player; {hint}", line)
        if mask & bit:
            raise InputError(path, field, label, "a coalition names each member once", line)
        mask |= bit
    return mask


@functools.lru_cache(maxsize=8)
def _bits(players: tuple[str, ...]) -> dict[str, int]:
    """Each player's bit (built once per set of players, not once per coalition)."""
    return {name: 1 << i for i, name in enumerate(players)}


def _csv_rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows with their line numbers; a cell longer than MAX_CELL is refused."""
    reader = csv.reader(io.StringIO(text))
    rows = []
    try:
        for row in reader:
            if any(len(cell) > MAX_CELL for cell in row):
                too_long = f"a cell of more than {MAX_CELL:,} characters"
                allowed = f"cells of at most {MAX_CELL:,} characters"
                raise InputError(path, "row", too_long, allowed, reader.line_num)
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
    except csv.Error as exc:  # e.g. a field past the csv module's own limit, a NUL
        allowed = f"comma-separated text with cells of at most {MAX_CELL:,} characters"
        raise InputError(path, "file", str(exc), allowed, reader.line_num) from None
    return rows


def _read_csv(path: Path, text: str) -> CostGame:
    rows = _csv_rows(path, text)
    if not rows:
        raise InputError(path, "file", text[:20], "a header row: coalition,cost")
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
        if len(row) > len(header):
            raise InputError(
                path,
                "row",
                row,
                f"at most {len(header)} cells, as the header has (a decimal comma or a "
                "thousands separator splits a number: write 1.5 or 1500000)",
                line,
            )
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
    _players(path, "coalition", players)
    costs: dict[int, float] = {}
    first_line: dict[int, int] = {}
    for line, label, cost in entries:
        mask = _mask(path, "coalition", label, players, line)
        if mask in costs:
            raise InputError(
                path, "coalition", label, f"listed twice (first on line {first_line[mask]})", line
            )
        costs[mask] = cost
        first_line[mask] = line
    return CostGame.from_mapping(players, costs)


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object from its pairs; a key given twice raises KeyError (linear time)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        counts = Counter(key for key, _ in pairs)
        raise KeyError(next(key for key, _ in pairs if counts[key] > 1))
    return out


def _whole(text: str) -> float:
    """A JSON integer, as float; digits beyond 16 are refused here (before Python's own limit)."""
    if len(text.lstrip("-")) > 16:
        raise ValueError(f"an integer of {len(text.lstrip('-'))} digits")
    return float(text)


def _constant(text: str) -> float:
    raise ValueError(f"{text} (not a JSON number)")


def _parse_json(path: Path, text: str) -> object:
    """``json.loads`` with every failure as InputError: syntax, a key twice, NaN or Infinity, a huge
    integer, nesting past the interpreter's recursion limit."""
    try:
        return json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_int=_whole, parse_constant=_constant
        )
    except json.JSONDecodeError as error:
        raise InputError(path, "file", error.msg, "valid JSON", error.lineno) from None
    except KeyError as error:
        raise InputError(
            path, "key", error.args[0], "each key may appear only once in an object"
        ) from None
    except ValueError as error:
        allowed = f"finite numbers of magnitude at most {MAX_MAGNITUDE:.0e}"
        raise InputError(path, "number", str(error), allowed) from None
    except RecursionError:
        raise InputError(
            path, "file", "nested too deeply", "a game object nests three levels at most"
        ) from None


def _read_json(path: Path, text: str) -> CostGame:
    data = _parse_json(path, text)
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
    if len(set(players)) != len(players):
        repeated = sorted(p for p, count in Counter(players).items() if count > 1)
        raise InputError(path, "players", repeated, "each player may appear only once")
    _players(path, "players", players)
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
        by_mask[mask] = _number(path, f"costs.{label}", value, text=False)
        label_of[mask] = label
    drivers = _drivers(path, data.get("drivers", {}), players)
    sizes = _sizes(path, data.get("sizes"), drivers)
    return CostGame.from_mapping(players, by_mask, drivers, sizes)


def _sizes(path: Path, sizes: object, drivers: dict[str, list[float]]) -> str | None:
    """The name of the size driver (positive for every player), or None."""
    if sizes is not None and (not isinstance(sizes, str) or sizes not in drivers):
        name = sizes if isinstance(sizes, str) else ""  # a list or object is no name
        hint = nearest(name, drivers) if drivers else "no drivers given"
        kind = "the name of a driver" if isinstance(sizes, str) else _ONE_NAME
        raise InputError(path, "sizes", sizes, f"{kind}; {hint}")
    if sizes is not None and min(drivers[sizes]) <= 0:
        raise InputError(
            path, f"drivers.{sizes}", drivers[sizes], "sizes must be positive for every player"
        )
    return sizes


def _drivers(path: Path, drivers: object, players: tuple[str, ...]) -> dict[str, list[float]]:
    """``{driver: [value per player]}``; every player needs a value."""
    if not isinstance(drivers, Mapping):
        raise InputError(
            path, "drivers", drivers, 'an object {"population": {"A": 42203, ...}, ...}'
        )
    out = {}
    for name, values in drivers.items():
        problem = name_problem(name)
        if problem is not None:
            raise InputError(path, "drivers", name, problem.replace("a name", "a driver name"))
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
