"""Monte Carlo draws of a scenario's estimates: checked, sampled, cut into chunks.

``draws`` maps a parameter's path, as the scenario file writes it, to an array of D values:
``economics.<name>``, ``sharing.<name>`` or ``services.<service>.<name>``. A run with draws
(:func:`simulator.engine.run`) gives every array a leading axis of D. Policy parameters
(:attr:`~simulator.core.params.ParamSpec.policy`: service levels, minimum staffing, the staffing
step, whole-number structural settings) are the cooperation's choices and take no draws. Facts
may be drawn too: population and employees (D, Y, n), e.g. by :func:`facts_with_uncertainty`.

>>> from simulator import scenario
>>> from simulator.scenario.facts import DEFAULT_DATA_DIR
>>> sc = scenario.load(DEFAULT_DATA_DIR.parent / "pitea_alvsbyn.yaml")
>>> drawn = check(sc, {"services.payroll.hours_per_payslip": [0.25, 0.3]})
>>> drawn.count, drawn.values("services.payroll", {"hours_per_payslip": 0.267})[
...     "hours_per_payslip"
... ].shape
(2, (2, 1, 1))
>>> check(sc, {"economics.staffing_step": [0.5, 1.0]})
Traceback (most recent call last):
...
ValueError: economics.staffing_step is a policy choice and takes no draws; draw the estimates
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from simulator.core.errors import nearest
from simulator.core.facts import Facts
from simulator.core.params import Kind, ParamSpec
from simulator.scenario import Scenario
from simulator.services import REGISTRY
from simulator.services.base import Value
from simulator.services.economics import ECONOMICS, SHARING

__all__ = [
    "Drawn",
    "parameter_specs",
    "check",
    "uniform",
    "facts_with_uncertainty",
    "split",
]

_ALLOWED = {
    Kind.POSITIVE: lambda x: x > 0,
    Kind.NONNEGATIVE: lambda x: x >= 0,
    Kind.SHARE: lambda x: (x >= 0) & (x <= 1),
    Kind.OPEN_SHARE: lambda x: (x > 0) & (x < 1),
    Kind.WHOLE: lambda x: (x >= 1) & (x == np.floor(x)),
    Kind.ANY: lambda x: np.isfinite(x),
}


def parameter_specs(scenario: Scenario) -> dict[str, ParamSpec]:
    """Every parameter the scenario uses, by path (``economics.<name>``, ``sharing.<name>``,
    ``services.<service>.<name>``), with its declaration."""
    specs = {f"economics.{s.name}": s for s in ECONOMICS if s.name in scenario.economics}
    specs |= {f"sharing.{s.name}": s for s in SHARING if s.name in scenario.sharing}
    for name, setup in scenario.services.items():
        specs |= {
            f"services.{name}.{s.name}": s for s in REGISTRY[name].params if s.name in setup.params
        }
    return specs


@dataclass(frozen=True)
class Drawn:
    """Checked draws: their count D (None: a plain run) and each path's values, (D, 1, 1)."""

    count: int | None
    arrays: Mapping[str, NDArray[np.float64]]

    @property
    def lead(self) -> tuple[int, ...]:
        """The leading shape of every array of the run: ``()`` or ``(D,)``."""
        return () if self.count is None else (self.count,)

    def values(self, block: str, given: Mapping[str, float]) -> dict[str, Value]:
        """A block's values (``economics``, ``sharing``, ``services.<name>``): the scenario's
        numbers, with the drawn ones as (D, 1, 1) arrays."""
        prefix = f"{block}."
        drawn = {k.removeprefix(prefix): v for k, v in self.arrays.items() if k.startswith(prefix)}
        return {name: drawn.get(name, value) for name, value in given.items()}


def check(
    scenario: Scenario, draws: Mapping[str, ArrayLike] | None, facts: Facts | None = None
) -> Drawn:
    """The draws checked against the scenario (and the count of drawn ``facts``, if any).

    Raises ValueError naming the parameter for an unknown path, a policy parameter, values that
    are not one-dimensional, finite and of the parameter's kind, or counts that differ.
    """
    specs = parameter_specs(scenario)
    arrays: dict[str, NDArray[np.float64]] = {}
    for path, given in (draws or {}).items():
        values = np.asarray(given, dtype=np.float64)
        _check_one(path, values, specs)
        arrays[path] = values.reshape(-1, 1, 1)
    counts = {v.shape[0] for v in arrays.values()} | _fact_counts(facts)
    if len(counts) > 1:
        raise ValueError(f"draws must all have the same count; got {sorted(counts)}")
    return Drawn(counts.pop() if counts else None, MappingProxyType(arrays))


def _check_one(path: str, values: NDArray[np.float64], specs: Mapping[str, ParamSpec]) -> None:
    if path not in specs:
        raise ValueError(f"unknown parameter {path!r}; {_hint(path, specs)}")
    spec = specs[path]
    if spec.policy:
        raise ValueError(f"{path} is a policy choice and takes no draws; draw the estimates")
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"{path}: draws must be a non-empty 1-d array; got shape {values.shape}")
    bad = ~(np.isfinite(values) & _ALLOWED[spec.kind](values))
    if bad.any():
        raise ValueError(f"{path}: draw {values[bad][0]!r} is not {spec.kind.describe()}")


def _hint(path: str, specs: Mapping[str, ParamSpec]) -> str:
    """Names close to ``path`` within its block (the whole list is long)."""
    block = path.rsplit(".", 1)[0] + "."
    near = [p for p in specs if p.startswith(block)] or list(specs)
    return nearest(path, near)


def _fact_counts(facts: Facts | None) -> set[int]:
    if facts is None:
        return set()
    return {a.shape[0] for a in (facts.population, facts.employees) if a.ndim == 3}


def uniform(
    scenario: Scenario, count: int, rng: np.random.Generator
) -> dict[str, NDArray[np.float64]]:
    """``count`` draws of every non-policy parameter of the scenario, each uniform within its
    declared plausible range (``low`` to ``high`` of its :class:`ParamSpec`), independently."""
    return {
        path: rng.uniform(spec.low, spec.high, count)
        for path, spec in parameter_specs(scenario).items()
        if not spec.policy
    }


def facts_with_uncertainty(
    facts: Facts, relative: float, count: int, rng: np.random.Generator
) -> Facts:
    """``count`` draws of the facts: each ``estimate`` figure of population and employees times a
    factor uniform in ``[1 - relative, 1 + relative]``, one factor per draw, series and
    municipality (a municipality's estimates of a series come from one method, so they move
    together); verified figures stay. Population and employees become (count, Y, n)."""
    drawn = [
        _perturbed(facts, series, relative, count, rng) for series in ("population", "employees")
    ]
    return dataclasses.replace(facts, population=drawn[0], employees=drawn[1])


def _perturbed(
    facts: Facts, series: str, relative: float, count: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """(count, Y, n) draws of one series: estimates times a factor per draw and municipality."""
    base = np.asarray(getattr(facts, series), dtype=np.float64)
    factor = rng.uniform(1 - relative, 1 + relative, (count, 1, base.shape[-1]))
    return np.where(_estimated(facts, series), base * factor, base)


def _estimated(facts: Facts, series: str) -> NDArray[np.bool_]:
    """(Y, n) True where the figure of ``series`` is an estimate."""
    rows = facts.sources[
        (facts.sources["series"] == series) & (facts.sources["status"] == "estimate")
    ]
    years = {int(y): i for i, y in enumerate(facts.years)}
    names = {m: j for j, m in enumerate(facts.municipalities)}
    mask = np.zeros((facts.years.size, len(facts.municipalities)), dtype=bool)
    for year, name in zip(rows["year"], rows["municipality"]):
        if int(year) in years and name in names:
            mask[years[int(year)], names[name]] = True
    return mask


def split(
    draws: Mapping[str, NDArray[np.float64]], facts: Facts | None, size: int
) -> Iterator[tuple[dict[str, NDArray[np.float64]], Facts | None]]:
    """The draws (and drawn facts) in chunks of at most ``size`` draws, in order: a run per
    chunk holds the memory of ``size`` draws, and gives the same values as one run of all."""
    total = max([np.shape(v)[0] for v in draws.values()] + sorted(_fact_counts(facts)), default=0)
    for start in range(0, total, size):
        part = slice(start, start + size)
        yield {k: np.asarray(v)[part] for k, v in draws.items()}, _facts_part(facts, part)


def _facts_part(facts: Facts | None, part: slice) -> Facts | None:
    if facts is None:
        return None
    population, employees = (
        a[part] if a.ndim == 3 else a for a in (facts.population, facts.employees)
    )
    return dataclasses.replace(facts, population=population, employees=employees)
