"""Fuzzing the command with mutated scenarios and game files (hypothesis).

Every example must end in exit 0 with finite outputs, or exit 2 with exactly one line on stderr;
never a traceback, a hang (an alarm per example), a memory blow-up (peak RSS per example) or a
partial results folder.

- scenarios: the shipped ones as YAML mappings, mutated (fields deleted, types changed, extreme and
  non-finite numbers, unicode and control characters, duplicate and formula-like names, deep and
  cyclic ``extends``, alias bombs, deep nesting, oversized, truncated or non-UTF-8 text; timelines
  with bad months, starts before the base year or after the horizon and absurd preparations; hosts
  that are not members and distributed shares that do not sum to 1; today's switchboard levels and
  manual payroll shares out of range or for unknown municipalities), run through
  ``samverkan validate`` in-process; a few mostly valid but extreme ones (members, years,
  timelines, hosts, today's levels and manual shares fitted to each other) through ``keys`` and
  ``run``;
- game files: valid CSV and JSON games, mutated likewise, through ``samverkan game solve``.

The default run is short (about 40 s); ``SAMVERKAN_FUZZ_EXAMPLES=N`` runs N scenario and N game
examples, N / 10 ``keys`` and N / 25 full runs::

    SAMVERKAN_FUZZ_EXAMPLES=1500 .venv/bin/python -m pytest -q tests/test_fuzz.py \\
        -p no:cacheprovider --hypothesis-show-statistics
"""

from __future__ import annotations

import copy
import gc
import json
import os
import resource
import signal
import string
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from helpers import SCENARIOS
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from simulator import cli
from simulator.allocation.registry import METHODS as REGISTERED
from simulator.core.params import Kind
from simulator.scenario.timeline import Month
from simulator.scenario.yamlfile import resolve_extends
from simulator.services import REGISTRY
from simulator.services.economics import ECONOMICS, SHARING

LONG = int(os.environ.get("SAMVERKAN_FUZZ_EXAMPLES", "0"))
EXAMPLES = LONG or 150
KEYS = max(5, LONG // 10)
RUNS = max(1, LONG // 25)
SETTINGS = settings(
    deadline=None,
    database=None,
    derandomize=not LONG,
    suppress_health_check=list(HealthCheck),
)
SECONDS = 30  # a validate or game solve that takes longer hangs
RUN_SECONDS = 240  # a full run (model, workbook, charts)
MEMORY_MB = 500  # growth of the peak resident set that counts as a blow-up
FIXTURES = Path(__file__).parent / "fixtures"
DATA = SCENARIOS / "data"
NAMES = ["Boden", "Kalix", "Luleå", "Piteå", "Älvsbyn"]
FORMULAS = ['=HYPERLINK("http://x")', "-A1*2", "@SUM(1)", "+1", "=1+1", "\tTab", "\rCR"]
METHODS = sorted(REGISTERED)
BASES = {
    path.stem: {**resolve_extends(path).merged, "data": str(DATA)}
    for path in sorted(SCENARIOS.glob("*.yaml"))
    if path.stem != "norrbotten"  # 14 municipalities: a run takes a minute (test_norrbotten.py)
}


class Hang(Exception):
    """An example ran past its alarm."""


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def command(argv: list[str], seconds: int = SECONDS, record: bool = True) -> tuple[int, str, str]:
    """``samverkan ARGV`` in-process: (status, stdout, stderr); fails on a traceback, a hang or a
    memory blow-up, and checks the one-line rule for exit 2."""
    out, err = StringIO(), StringIO()
    before = _peak_mb()
    gc.collect()  # what earlier commands left for the collector is not this command's doing
    with alarm(seconds), redirect_stdout(out), redirect_stderr(err):
        with warnings.catch_warnings(record=True) as caught:  # would be printed on stderr
            warnings.simplefilter("always")
            status = cli.main(argv)  # an exception here is a traceback: the test fails
            gc.collect()  # a file this command left open warns here, on its own example
    assert not caught, [str(w.message) for w in caught]
    grown = _peak_mb() - before
    assert grown < MEMORY_MB, f"peak memory grew by {grown:.0f} MB: {argv}"
    text = err.getvalue()
    assert status in (0, 2), (status, text)
    assert "Traceback" not in text and "more memory" not in text, text
    if status == 2:
        assert text.startswith("samverkan: error: ") and text.count("\n") == 1, text
    if record:  # in a hypothesis test: counted in its statistics
        event(f"{argv[0]}: exit {status}")
    return status, out.getvalue(), text


# ---------------------------------------------------------------- scenario mutations

_TEXT = st.text(max_size=12) | st.sampled_from(FORMULAS + ["", " ", "A+B", "x\x00y", "\x1b[31m"])
_NUMBER = (
    st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([0, -1, 1e300, -1e300, 1e15, 1e16, 10**20, 10**400, 0.5, 2**63])
    | st.integers(-(10**6), 10**6)
)
_WEIRD = st.recursive(
    st.none() | st.booleans() | _NUMBER | _TEXT | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=6,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*prefix, i))
    return found


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` with one to three mutations: delete, replace with a weird value, rename a key,
    strange municipality names, strange years, an extreme parameter (its range widened), an odd
    timeline, host, level of today or manual share."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        if not paths:
            break
        kinds = ["delete", "replace", "rename", "names", "years", "param", "plan"]
        kind = draw(st.sampled_from(kinds))
        path = draw(st.sampled_from(paths))
        parent = _parent(data, path)
        if kind == "delete":
            del parent[path[-1]]
        elif kind == "replace":
            parent[path[-1]] = draw(_WEIRD)
        elif kind == "rename" and isinstance(parent, dict):
            parent[draw(_TEXT)] = parent.pop(path[-1])
        elif kind == "names":
            data["municipalities"] = draw(names())
        elif kind == "years":
            year = _NUMBER | st.integers(1900, 2200)
            data["years"] = {"base": draw(year), "horizon": draw(year)}
        elif kind == "param":
            _extreme_parameter(draw, data)
        elif kind == "plan":
            _odd_plan(draw, data)
    return data


def names() -> st.SearchStrategy[list[str]]:
    """Municipality lists: real names in any order and number, duplicates, formula-like names,
    names with '+', control characters or thousands of letters, and too many of them."""
    real = st.lists(st.sampled_from(NAMES), min_size=0, max_size=7)
    weird = st.lists(_TEXT | st.sampled_from(FORMULAS) | st.just("Piteå+Älvsbyn"), max_size=4)
    many = st.integers(11, 40).map(lambda n: [f"M{i}" for i in range(n)])
    return real | weird | many | st.just(["x" * 5000, "Piteå"])


def _extreme_parameter(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """Give a parameter of the scenario (a mapping with value, low, high), or one it leaves at its
    default, an extreme value of its kind (a share stays a share) inside a widened range, so that
    the scenario still validates and the model meets the value."""
    blocks = [("economics",), ("sharing",)]
    services = data.get("services")  # an earlier mutation may have made it anything
    blocks += [
        ("services", name, "params") for name in services or () if isinstance(services, dict)
    ]
    block = draw(st.sampled_from(blocks))
    specs = _SPECS.get(block[-1] if block[0] != "services" else block[1], {})
    if not specs:
        return
    spec = specs[draw(st.sampled_from(sorted(specs)))]
    value = draw(_extreme_value(spec.kind))
    target: Any = data
    for part in block:
        target = target.setdefault(part, {}) if isinstance(target, dict) else {}
    if isinstance(target, dict):
        target[spec.name] = {
            "value": value,
            "unit": spec.unit,
            "low": min(value, spec.low),
            "high": max(value, spec.high),
            "source": "assumption: fuzzed",
        }


def _extreme_value(kind: Kind) -> st.SearchStrategy[float]:
    """Extreme values that a parameter of ``kind`` accepts."""
    if kind in (Kind.SHARE, Kind.OPEN_SHARE):
        edges = [1e-12, 1e-6, 0.5, 0.999999] + ([0.0, 1.0] if kind is Kind.SHARE else [])
        return st.sampled_from(edges) | st.floats(1e-12, 1 - 1e-12)
    if kind is Kind.WHOLE:
        return st.sampled_from([1, 2, 1000, 10**6]).map(float)
    low = 0.0 if kind is Kind.NONNEGATIVE else 1e-12
    return st.sampled_from([low, 1e-12, 1e-6, 1e3, 1e6, 1e9, 1e12, 1e15]) | st.floats(1e-12, 1e15)


# ------------------------------------------ timelines, hosts, levels of today and manual shares


def _mostly(common: st.SearchStrategy[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``common`` four times in five, else ``rare`` (so that most values reach the checks of
    their field rather than the reader's)."""
    return st.integers(0, 4).flatmap(lambda i: rare if i == 0 else common)


_SHARES = _mostly(
    st.sampled_from([0, 1e-12, 0.5, 0.999999, 1, -0.1, 1.5, 1 + 1e-7]) | st.floats(0, 1),
    _NUMBER,
)
_COUNTS = _mostly(
    st.sampled_from([0, 1, 12, 24, 25, 120, 121, 10**6, 10**400, -1, 0.5, 24.5, "12", True]),
    _NUMBER,
)
_BAD_MONTHS = st.sampled_from(
    ["2017-13", "2017-00", "2017-1", "2017-09-31", "1989-12", "2101-01", "17-01", "2017/01", ""]
    + [2017, 2017.5, True, "2017-", "2017-01-01T00:00"]
)


def _members(data: dict[str, Any]) -> list[str]:
    """The scenario's municipality names as far as they are still names (mutations may break
    them)."""
    given = data.get("municipalities")
    return [m for m in given if isinstance(m, str)] if isinstance(given, list) else []


def _years(data: dict[str, Any]) -> tuple[int, int]:
    """The scenario's base year and horizon, or 2014–2021 when a mutation broke them."""
    years = data.get("years")
    base = years.get("base") if isinstance(years, dict) else None
    horizon = years.get("horizon") if isinstance(years, dict) else None
    if type(base) is int and type(horizon) is int and 1990 <= base <= horizon <= 2100:
        return base, horizon
    return 2014, 2021


def _months(data: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Months good, malformed and out of range: around the base year and the horizon, any
    month number 0–13 of any year 1985–2105, YAML dates, weird values."""
    base, horizon = _years(data)
    near = [f"{base - 1}-12", f"{base}-01", f"{base}-07", f"{horizon}-12", f"{horizon + 1}-01"]
    any_month = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1985, 2105), st.integers(0, 13))
    return _mostly(st.sampled_from(near) | any_month, _BAD_MONTHS | st.dates() | _WEIRD)


def _timeline_block(data: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A ``timeline:`` block: any of its fields, each good, malformed or absurd (a start before
    the decision, 121 months of preparation, 25 of double running), or no block at all."""
    months = _months(data)
    fields = {
        "decision": months,
        "start": months,
        "preparation_months": _COUNTS,
        "double_running_months": _COUNTS,
        "source": _mostly(st.just("assumption: fuzzed"), _TEXT),
    }
    return _mostly(st.fixed_dictionaries({}, optional=fields), _WEIRD)


@st.composite
def _spread(draw: st.DrawFn, sites: list[str], tilt: float = 0.0) -> dict[str, float]:
    """Shares over ``sites`` (distinct) that sum to ``1 + tilt``; some may be 0 or 1."""
    weights = [draw(st.sampled_from([0.0, 1.0, 1e-9]) | st.floats(1e-9, 1)) for _ in sites]
    total = sum(weights)
    if total <= 0:
        weights = [1.0] * len(sites)
        total = float(len(sites))
    return {site: w / total * (1 + tilt) for site, w in zip(sites, weights, strict=True)}


def _host_value(data: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A ``host:``: a member, a municipality or a text not in the scenario, distributed shares
    over members summing to 1 or not quite, over unknown sites, one site only, or weird."""
    members = sorted(set(_members(data))) or NAMES
    sites = _mostly(st.sampled_from(members) | st.sampled_from(NAMES), _TEXT)
    tilt = st.sampled_from([0.0, 0.0, 1e-7, 1e-5, -0.5, 1.0])
    spread = tilt.flatmap(lambda t: _spread(members, t))
    distributed = spread | st.dictionaries(sites, _SHARES, max_size=6)
    return _mostly(sites | distributed.map(lambda shares: {"distributed": shares}), _WEIRD)


def _names(data: dict[str, Any]) -> st.SearchStrategy[str]:
    """Municipality names: the scenario's, the region's, or any text."""
    members = _members(data)
    known = st.sampled_from(members or NAMES)
    return _mostly(known | st.sampled_from(NAMES), _TEXT)


def _today_levels(data: dict[str, Any]) -> st.SearchStrategy[Any]:
    """``settings.today`` of the switchboard: levels and shares in and out of range, for members
    and for names not in the scenario, with and without a source."""
    seconds = st.sampled_from([0, 60, 3600, 3601, -1]) | _NUMBER
    entry = st.fixed_dictionaries(
        {"source": _mostly(st.just("assumption: fuzzed"), _TEXT)},
        optional={
            "service_level": _SHARES,
            "answer_within": seconds,
            "other_duties_share": _SHARES,
        },
    )
    return _mostly(st.dictionaries(_names(data), _mostly(entry, _WEIRD), max_size=4), _WEIRD)


def _manual_shares(data: dict[str, Any]) -> st.SearchStrategy[Any]:
    """``settings.manual_share`` of payroll: shares in and out of range, known and unknown names."""
    return _mostly(st.dictionaries(_names(data), _SHARES, max_size=4), _WEIRD)


def _dict_at(data: Any, path: tuple[str, ...]) -> dict[str, Any] | None:
    """The mapping at ``path`` (made where missing), or None when a mutation put something other
    than a mapping in the way."""
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.setdefault(part, {})
    return data if isinstance(data, dict) else None


def _odd_plan(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """Set the scenario's or a service's timeline, a service's host, the switchboard's levels of
    today or payroll's manual shares to a drawn value, often a bad one."""
    kind = draw(st.sampled_from(["timeline", "service_timeline", "host", "today", "manual"]))
    services = data.get("services")
    named = sorted(services) if isinstance(services, dict) and services else sorted(REGISTRY)
    service = draw(st.sampled_from(named))
    if kind == "timeline":
        data["timeline"] = draw(_timeline_block(data))
        return
    if kind in ("service_timeline", "host"):
        value = _host_value(data) if kind == "host" else _timeline_block(data)
        block = _dict_at(data, ("services", service))
        if block is not None:
            block["host" if kind == "host" else "timeline"] = draw(value)
        return
    if kind == "today":
        settings_ = _dict_at(data, ("services", "switchboard", "settings"))
        if settings_ is not None:
            settings_["today"] = draw(_today_levels(data))
        return
    settings_ = _dict_at(data, ("services", "payroll", "settings"))
    if settings_ is not None:
        settings_["manual_share"] = draw(_manual_shares(data))
        source = draw(_mostly(st.none() | st.just("assumption: fuzzed"), _TEXT))
        if source is not None:
            settings_["source"] = source


_SPECS = {
    "economics": {spec.name: spec for spec in ECONOMICS},
    "sharing": {spec.name: spec for spec in SHARING},
} | {name: {spec.name: spec for spec in service.params} for name, service in REGISTRY.items()}


_RAW = {
    "bomb": lambda text: (
        "\n".join(
            [f"a0: &a0 [{', '.join(['lol'] * 9)}]"]
            + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
        )
        + "\n"
        + text
    ),
    "deep": lambda text: text + "\nextra: " + "[" * 20000 + "]" * 20000 + "\n",
    "deep_map": lambda text: text + "\nextra: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n",
    "cycle": lambda text: text + "\nextra: &c [*c]\n",
    "huge": lambda text: text + "#" + "x" * 1_100_000 + "\n",
    "truncated": lambda text: text[: len(text) // 2],
    "dup": lambda text: text + "\n" + text.splitlines()[0] + "\n",
    "long_string": lambda text: text + "\nextra: '" + "y" * 20000 + "'\n",
    "big_int": lambda text: text.replace("seed:", "seed: " + "9" * 5000 + "\nx_seed:", 1),
    "bad_date": lambda text: text + "\nstart: 2018-13-45\n",
    "tag": lambda text: text + "\nextra: !!python/object:os.system ls\n",
    "merge": lambda text: text + "\nbase: &b {x: 1}\nother: {<<: *b}\n",
    "flow_key": lambda text: text + "\n? [a, b]\n: 1\n",
}


def _write(folder: Path, data: object, raw: str | None) -> Path:
    """The scenario file: ``data`` dumped as YAML, then the raw mutation ``raw`` applied (or bytes
    that are not UTF-8 appended, for ``raw == "binary"``)."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if raw in _RAW:
        text = _RAW[raw](text)
    path = folder / "scenario.yaml"
    path.write_bytes(text.encode("utf-8") + (b"\ntitle2: \x80\xff\n" if raw == "binary" else b""))
    return path


@st.composite
def extends_chain(draw: st.DrawFn) -> Callable[[Path], Path]:
    """A writer of a scenario whose ``extends`` is cyclic, deep, long, odd or a special file."""
    kind = draw(st.sampled_from(["self", "cycle", "deep", "long", "dir", "devnull", "fifo", "odd"]))
    odd = draw(_TEXT)

    def write(folder: Path) -> Path:
        top = folder / "top.yaml"
        base = {**BASES["pitea_alvsbyn"]}
        target = {
            "self": "top.yaml",
            "cycle": "b.yaml",
            "deep": "c0.yaml",
            "long": "y" * 300 + ".yaml",
            "dir": ".",
            "devnull": "/dev/null",
            "fifo": "pipe.yaml",
            "odd": odd,
        }[kind]
        if kind == "cycle":
            (folder / "b.yaml").write_text("extends: top.yaml\nid: b\n", encoding="utf-8")
        if kind == "deep":
            for i in range(25):
                (folder / f"c{i}.yaml").write_text(
                    f"extends: c{i + 1}.yaml\nid: c{i}\n", encoding="utf-8"
                )
            (folder / "c25.yaml").write_text(yaml.safe_dump(base), encoding="utf-8")
        if kind == "fifo":
            os.mkfifo(folder / "pipe.yaml")
        top.write_text(
            yaml.safe_dump({"extends": target, "id": "top"}, allow_unicode=True), encoding="utf-8"
        )
        return top

    return write


@given(data=st.data())
@settings(SETTINGS, max_examples=EXAMPLES)
def test_validate_never_ends_in_a_traceback(data: st.DataObject, tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("v")
    if data.draw(st.integers(0, 9)) == 0:
        path = data.draw(extends_chain())(folder)
    else:
        base = BASES[data.draw(st.sampled_from(sorted(BASES)))]
        raw = None
        if data.draw(st.integers(0, 4)) == 0:
            raw = data.draw(st.sampled_from([*sorted(_RAW), "binary"]))
        path = _write(folder, data.draw(mutated(base)), raw)
    command(["validate", str(path)])


# ---------------------------------------------------------------- full runs


def _check_results(out: Path, status: int) -> None:
    """Exit 0: a whole results folder with finite tables; exit 2: nothing at all."""
    beside = sorted(p.name for p in out.parent.iterdir() if p.name != out.name)
    assert beside == [], f"left beside --out: {beside}"
    if status == 2:
        assert not out.exists(), "a refused run left a results folder"
        return
    listed = set(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"])
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert written == listed | {"manifest.json"}, "a partial results folder"
    for table in out.glob("*.csv"):
        _assert_numbers(pd.read_csv(table), table.name)


def _assert_numbers(table: pd.DataFrame, name: str) -> None:
    """No inf anywhere; nan (an empty cell) only in a percentage, where 0/0 is undefined."""
    numbers = table.select_dtypes(include="number")
    values = numbers.to_numpy(dtype=float)
    assert not np.isinf(values).any(), f"inf in {name}"
    empty = np.isnan(values).any(axis=0)
    assert all(c.endswith("_pct") for c in numbers.columns[empty]), f"nan in {name}"


_EXTREME = st.sampled_from([0, 1, 2, 1e3, 1e6, 1e9, 1e12, 1e15]) | st.floats(1e-12, 1e15)
_IN = {  # settings numbers with a range of their own: extreme values inside it
    "service_level": st.sampled_from([1e-6, 0.01, 0.5, 0.999999]) | st.floats(1e-6, 0.999999),
    "other_duties_share": st.sampled_from([0.0, 0.5, 0.999999]) | st.floats(1e-12, 0.999999),
    "answer_within": st.sampled_from([0.0, 1.0, 3600.0]) | st.floats(1e-12, 3600),
    "manual_share": st.sampled_from([0.0, 1e-6, 1.0]) | st.floats(1e-12, 1),
    "interval_minutes": st.sampled_from([5, 15, 60, 120]) | st.integers(5, 120),
}


def _extreme_setting(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """Set a number in a service's settings to an extreme value (a level or a share of today
    within its range), or flip a switch; shares that must sum to 1 are left alone."""
    leaves = [
        p
        for p in _paths(data)
        if "settings" in p
        and "shares" not in p
        and isinstance(_parent(data, p)[p[-1]], (bool, int, float))
    ]
    if leaves:
        path = draw(st.sampled_from(leaves))
        old = _parent(data, path)[path[-1]]
        within = _IN.get(path[-1], _IN["manual_share"] if "manual_share" in path else None)
        new = draw(_EXTREME | st.integers(0, 100) if within is None else within)
        _parent(data, path)[path[-1]] = (not old) if isinstance(old, bool) else new


def _moved_to(given: dict[str, Any], members: list[str]) -> dict[str, Any]:
    """``given`` by municipality, with the entries of those not in ``members`` moved to members
    without one (in order), or dropped when none is left."""
    kept = {m: v for m, v in given.items() if m in members}
    free = [m for m in members if m not in kept]
    gone = [v for m, v in given.items() if m not in members]
    return kept | dict(zip(free, gone, strict=False))


def _spread_over(shares: dict[str, Any], members: list[str]) -> dict[str, float]:
    """``shares`` over exactly ``members`` (0 for a new one), scaled to sum to 1 (equal shares
    when none is left)."""
    weights = [float(shares.get(m, 0.0)) for m in members]
    total = sum(weights)
    if total <= 0:
        return {m: 1 / len(members) for m in members}
    return {m: w / total for m, w in zip(members, weights, strict=True)}


def _fit_timeline(block: Any, base: int) -> None:
    """Move a timeline's start (given, or implied by its decision) to the base year at the
    earliest, keeping it after the decision."""
    if not isinstance(block, dict):
        return
    start = block.get("start")
    if start is None and block.get("decision") is not None:
        block["start"] = str(max(Month.parse(block["decision"]), Month(base)))
    elif start is not None and Month.parse(start) < Month(base):
        block["start"] = f"{base}-01"


def _fit_to_members(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """Make the names and months of a scenario fit its (new) members and years: levels of today
    and manual shares move to members, a host not a member is replaced by one, distributed sites
    and agreed key shares are spread over the members, timelines start in the base year at the
    earliest."""
    members = data["municipalities"]
    base, _ = _years(data)
    _fit_timeline(data.get("timeline"), base)
    for service in data["services"].values():
        _fit_timeline(service.get("timeline"), base)
        host = service.get("host")
        if isinstance(host, str) and host not in members:
            service["host"] = draw(st.sampled_from(members))
        if isinstance(host, dict):
            service["host"] = {"distributed": _spread_over(host["distributed"], members)}
        settings_ = service.get("settings") or {}
        for field in ("today", "manual_share"):
            if settings_.get(field):
                settings_[field] = _moved_to(settings_[field], members)
        if settings_.get("shares"):
            settings_["shares"] = _spread_over(settings_["shares"], members)


def _extreme_plan(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """A valid but extreme timeline (a start in the base year, after the horizon or in 2100,
    ten years of preparation, two years of double running), host, level of today or manual
    share."""
    members = data["municipalities"]
    base, horizon = _years(data)
    services = sorted(data["services"])
    kind = draw(st.sampled_from(["timeline", "host", "today", "manual"]))
    if kind == "timeline":
        edges = [
            Month(base),
            Month(base, 12),
            Month(horizon, 12),
            Month(horizon + 1),
            Month(2100, 12),
        ]
        any_month = st.builds(Month, st.integers(base, horizon + 1), st.integers(1, 12))
        start = draw(st.sampled_from(edges) | any_month)
        block: dict[str, Any] = {
            "start": str(start),
            "preparation_months": draw(st.sampled_from([0, 1, 12, 120])),
            "double_running_months": draw(st.sampled_from([0, 0.5, 24]) | st.floats(1e-9, 24)),
            "source": "assumption: fuzzed",
        }
        if draw(st.booleans()):
            block["decision"] = str(Month(start.year - draw(st.integers(0, 10)), 1))
        target = draw(st.sampled_from(["", *services]))  # "": the scenario's own timeline
        owner = data["services"][target] if target else data
        owner["timeline"] = block
    elif kind == "host":
        site = st.sampled_from(members)
        spread = _spread(members).map(lambda shares: {"distributed": shares})
        data["services"][draw(st.sampled_from(services))]["host"] = draw(site | spread)
    elif kind == "today":
        entry = st.fixed_dictionaries(
            {"source": st.just("assumption: fuzzed")},
            optional={
                "service_level": _IN["service_level"],
                "answer_within": _IN["answer_within"],
                "other_duties_share": _IN["other_duties_share"],
            },
        )
        named = draw(st.lists(st.sampled_from(members), unique=True))
        today = {name: draw(entry) for name in named}
        switchboard = data["services"].setdefault("switchboard", {})
        switchboard.setdefault("settings", {})["today"] = today
    else:
        named = draw(st.lists(st.sampled_from(members), min_size=1, unique=True))
        settings_ = data["services"].setdefault("payroll", {}).setdefault("settings", {})
        settings_["manual_share"] = {name: draw(_IN["manual_share"]) for name in named}
        settings_["source"] = "assumption: fuzzed"


@st.composite
def extreme(draw: st.DrawFn) -> dict[str, Any]:
    """A mostly valid scenario with extreme figures: some of the five municipalities in any order,
    any years of the data (names and months in the scenario fitted to them), services on and off,
    extreme parameters and settings, timelines, hosts, levels of today and manual shares,
    switches, key settings and allocation methods."""
    data = copy.deepcopy(BASES[draw(st.sampled_from(sorted(BASES)))])
    if draw(st.booleans()):
        data["municipalities"] = draw(st.lists(st.sampled_from(NAMES), min_size=2, unique=True))
        base = draw(st.integers(2013, 2025))
        data["years"] = {"base": base, "horizon": draw(st.integers(base, 2025))}
    for name in draw(st.lists(st.sampled_from(sorted(data["services"])), max_size=3)):
        data["services"][name] = {**data["services"][name], "enabled": draw(st.booleans())}
    _fit_to_members(draw, data)  # after the switches: a base may hold a service for others
    for _ in range(draw(st.integers(0, 3))):
        _extreme_parameter(draw, data)
    for _ in range(draw(st.integers(0, 2))):
        _extreme_setting(draw, data)
    for _ in range(draw(st.integers(0, 2))):
        _extreme_plan(draw, data)
    if draw(st.booleans()) and "procurement" in data.get("services", {}):
        data["services"]["procurement"].setdefault("settings", {})["include_price_effect"] = True
    if draw(st.booleans()):
        objective = st.sampled_from(["nucleolus", "shapley", "even_savings", "simplicity"])
        step = st.sampled_from([0.5, 0.25, 0.1, 0.05, 0.01])
        data["keys"] = {"step": draw(step), "objective": draw(objective)}
    if draw(st.booleans()):
        methods = st.lists(st.sampled_from(METHODS), min_size=1, unique=True)
        data["allocation"] = {"methods": draw(methods)}
    return data


@given(data=extreme())
@settings(SETTINGS, max_examples=KEYS)
def test_keys_on_extreme_scenarios(data: dict[str, Any], tmp_path_factory: Any) -> None:
    """The model and the key optimiser (no charts) on valid scenarios with extreme figures."""
    path = _write(tmp_path_factory.mktemp("k"), data, None)
    status, printed, _ = command(["keys", str(path), "--format", "csv"], RUN_SECONDS)
    if status == 0:
        _assert_numbers(pd.read_csv(StringIO(printed)), "keys")


KNOWN: dict[str, str] = {}
"""Faults of the report that valid scenarios reach, counted (not failed) until they are mended;
the run must still leave nothing behind."""


@given(data=extreme())
@settings(SETTINGS, max_examples=RUNS)
def test_run_ends_in_whole_results_or_one_line(data: dict[str, Any], tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("r")
    path = _write(folder, data, None)
    out = tmp_path_factory.mktemp("out") / "results"
    try:
        status, _, _ = command(["run", str(path), "--out", str(out)], RUN_SECONDS)
    except ValueError as error:
        known = next((where for words, where in KNOWN.items() if words in str(error)), None)
        if known is None:
            raise
        _check_results(out, 2)  # a fault, but nothing half-written and nothing left beside it
        event(f"known fault: {known}")
        return
    _check_results(out, status)


# ---------------------------------------------------------------- game files

_PLAYER = st.text(string.ascii_letters + "åäöÅÄÖ", min_size=1, max_size=8)


@st.composite
def game(draw: st.DrawFn) -> tuple[list[str], dict[str, float]]:
    """A valid game: 1–5 players, every coalition's cost (sub-additive or not)."""
    players = draw(st.lists(_PLAYER, min_size=1, max_size=5, unique=True))
    alone = [draw(st.floats(1, 1e7)) for _ in players]
    costs = {}
    for mask in range(1, 1 << len(players)):
        members = [p for i, p in enumerate(players) if mask >> i & 1]
        total = sum(a for i, a in enumerate(alone) if mask >> i & 1)
        costs["+".join(members)] = total * draw(st.floats(0.5, 1.2))
    return players, costs


_GAME_RAW = {
    "decimal_comma": lambda text: text.replace(".", ",", 1),
    "long_cell": lambda text: text + "A" * 140_000 + ",1\n",
    "huge_number": lambda text: text.replace(",", "," + "9" * 400, 1),
    "deep_json": lambda text: "[" * 50_000 + "]" * 50_000,
    "nan": lambda text: text.replace("1", "NaN", 1),
    "inf": lambda text: text.replace("1", "Infinity", 1),
    "null_byte": lambda text: text.replace("A", "A\x00", 1),
    "truncated": lambda text: text[: len(text) // 2],
    "many_keys": lambda text: "{" + ",".join(f'"k{i}": 1' for i in range(65_536)) + "}",
    "dup_keys": lambda text: '{"players": ["A"], "players": ["A"], "costs": {"A": 1}}',
    "formula": lambda text: (
        text.replace(text.splitlines()[1].split(",")[0], "=1+1", 1)
        if "\n" in text and "," in text.splitlines()[1]
        else text
    ),
    "empty": lambda text: "",
}


def _game_text(players: list[str], costs: dict[str, float], fmt: str, drivers: bool) -> str:
    if fmt == "csv":
        return "coalition,cost\n" + "".join(f"{label},{cost}\n" for label, cost in costs.items())
    document: dict[str, object] = {"players": players, "costs": costs}
    if drivers:
        document["drivers"] = {"population": {p: 1000 * (i + 1) for i, p in enumerate(players)}}
        document["sizes"] = "population"
    return json.dumps(document, ensure_ascii=False)


@given(
    spec=game(),
    fmt=st.sampled_from(["csv", "json"]),
    drivers=st.booleans(),
    raw=st.none() | st.sampled_from(sorted(_GAME_RAW)),
    edit=st.none() | st.tuples(st.integers(0, 10**6), _TEXT),
    output=st.sampled_from(["table", "csv", "json"]),
)
@settings(SETTINGS, max_examples=EXAMPLES)
def test_game_solve_never_ends_in_a_traceback(
    spec: tuple[list[str], dict[str, float]],
    fmt: str,
    drivers: bool,
    raw: str | None,
    edit: tuple[int, str] | None,
    output: str,
    tmp_path_factory: Any,
) -> None:
    text = _game_text(*spec, fmt, drivers)
    if raw is not None:
        text = _GAME_RAW[raw](text)
    if edit is not None:  # replace a character somewhere by odd text
        at = edit[0] % (len(text) + 1)
        text = text[:at] + edit[1] + text[at + 1 :]
    path = tmp_path_factory.mktemp("g") / f"game.{fmt}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    status, printed, _ = command(["game", "solve", str(path), "--format", output])
    if status == 0 and output == "csv":
        cells = [row.split(",")[2:5] for row in printed.splitlines()[1:]]
        assert all(np.isfinite(float(c)) for row in cells for c in row), printed


def _special(folder: Path, kind: str, suffix: str) -> Path:
    """A path of ``kind`` with ``suffix``: a FIFO, a link to /dev/zero or /dev/urandom, a folder."""
    path = folder / f"{kind}{suffix}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(f"/dev/{kind}")
    return path


@pytest.mark.parametrize("kind", ["fifo", "zero", "urandom", "folder"])
def test_special_files_are_refused_at_once(kind: str, tmp_path: Path) -> None:
    if kind in ("zero", "urandom") and not Path(f"/dev/{kind}").exists():
        pytest.skip(f"no /dev/{kind} here")
    for argv in (["validate"], ["keys"], ["run"], ["game", "solve"]):
        suffix = ".csv" if argv[0] == "game" else ".yaml"
        folder = tmp_path / "-".join(argv)
        folder.mkdir()
        status, _, err = command([*argv, str(_special(folder, kind, suffix))], 5, False)
        assert status == 2 and "regular" in err, err
