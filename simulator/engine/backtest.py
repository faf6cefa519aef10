"""Backtests: the model's figures against the observed outcomes of real consolidations.

A case is a scenario of the municipalities before they shared a service (a scenario file in the
usual format, with a data folder of its own) and one or more observations in a cases file
(``validation/cases.yaml``): the service, the metric, the year, the figures before and after, the
source, how comparable they are, and the parameters the case informs. The observations live
apart from the scenario, so that a case's scenario holds nothing tuned to its outcome.

Metrics, read from a plain run of the case's scenario in the observation's year (by default the
scenario's first year):

- ``fte``: staffed FTE of the service, the members alone (summed) before and the grand
  coalition after (:attr:`ServiceResult.fte_staffed`);
- ``cost``: running cost of the service (SEK a year), likewise (:attr:`ServiceResult.running`).

Both are compared as a change in percent, after / before − 1, so that a model whose level
differs from the case (estimated employees, a wider or narrower definition of the service) is
judged on what sharing changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from simulator import scenario as scenario_mod
from simulator.core import coalitions
from simulator.core.errors import MISSING, InputError, nearest
from simulator.engine.evaluation import RunResult, run
from simulator.scenario import Scenario
from simulator.scenario.yamlfile import format_path, line_of, read_mapping
from simulator.services import REGISTRY
from simulator.services.economics import ECONOMICS, SHARING

__all__ = [
    "BAND_PP",
    "COLUMNS",
    "DEFAULT_CASES",
    "Observation",
    "Case",
    "Comparison",
    "change_pct",
    "figures",
    "parameter_paths",
    "load_cases",
    "compare",
    "backtest",
    "table",
]

BAND_PP = 8.0
"""Agreement band, in percentage points of change: the model's change (shared against alone) is
taken to agree with an observed one when they differ by at most this much.

Why ±8 pp. Three sources of disagreement that are not the model's fault, each ±4–6 pp:

- the observed counts: staff lists count persons or posts at a date, and who is counted (a
  payroll systems administrator, a team leader, a vacancy) shifts by about half a post on either
  side. On the KAK payroll (16.85 → 13.62 FTE, change = after / before − 1) half a post in the
  after count moves the change by 0.5 / 16.85 ≈ 3.0 pp, in the before count by
  0.5 × 13.62 / 16.85² ≈ 2.4 pp; together √(3.0² + 2.4²) ≈ 4 pp;
- the case inputs: employees and population are estimates (±10 %), and staffing is rounded in
  steps (a quarter FTE on 10–15 FTE is 2–3 pp), which moves the model's change by about 4 pp;
- timing: the after figure is read one to three years into the change, while staff leave mostly
  through attrition (≈6 % a year, about one post a year on 17), so the observed figure may lie
  about one post, 1 / 16.85 ≈ 6 pp, from where the staffing settles.

Combined as independent errors, √(4² + 4² + 6²) ≈ 8.2, taken as 8. A case may state a band of
its own (``band_pp`` with ``band_reason``) where its figures are known to be looser or tighter.
A case whose observed figures measure something else than the model (``held: false`` with
``not_held_reason``) is shown beside the others but not held to a band.
"""

DEFAULT_CASES: Path = Path(__file__).resolve().parents[2] / "validation" / "cases.yaml"
"""The shipped cases: ``validation/cases.yaml`` at the repository root."""

Metric = Literal["fte", "cost"]


class Observation(BaseModel):
    """One observed outcome, as written in the cases file (field names as there)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    scenario: str = Field(min_length=1)
    service: str = Field(min_length=1)
    metric: Metric
    year: int | None = Field(default=None, ge=1990, le=2100)
    before: float = Field(gt=0, allow_inf_nan=False)
    after: float = Field(ge=0, allow_inf_nan=False)
    unit: str = Field(min_length=1)
    source: str = Field(min_length=1)
    comparability: str = Field(min_length=1)
    informs: tuple[str, ...] = Field(min_length=1)
    band_pp: float | None = Field(default=None, gt=0, le=100)
    band_reason: str | None = Field(default=None, min_length=1)
    held: bool = True
    not_held_reason: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _band_with_reason(self) -> Observation:
        if (self.band_pp is None) != (self.band_reason is None):
            raise ValueError("band_pp and band_reason together: a band of its own needs a reason")
        if self.held == (self.not_held_reason is not None):
            raise ValueError(
                "not_held_reason exactly when held is false: a case shown but not held to its "
                "band must say why"
            )
        return self


class _CasesFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    cases: tuple[Observation, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Case:
    """An observation with its loaded scenario, the year it is read in and its band (pp)."""

    observation: Observation
    scenario: Scenario
    year: int
    band_pp: float


@dataclass(frozen=True)
class Comparison:
    """The model against one observation. Figures in the observation's unit (model: FTE or SEK a
    year); changes in percent; ``difference_pp`` is the model's change less the observed one."""

    case: Case
    model_before: float
    model_after: float

    @property
    def observed_change_pct(self) -> float:
        return change_pct(self.case.observation.before, self.case.observation.after)

    @property
    def model_change_pct(self) -> float:
        return change_pct(self.model_before, self.model_after)

    @property
    def difference_pp(self) -> float:
        return self.model_change_pct - self.observed_change_pct

    @property
    def within_band(self) -> bool:
        """Whether the changes differ by at most the band (False when either is undefined)."""
        return bool(abs(self.difference_pp) <= self.case.band_pp)


def change_pct(before: float, after: float) -> float:
    """(after / before − 1) × 100; NaN when ``before`` is 0 (no change can be stated)."""
    return (after / before - 1.0) * 100.0 if before else math.nan


def figures(values: np.ndarray, year_index: int) -> tuple[float, float]:
    """From (Y, C) values of a run (coalitions in mask order), in one year: the sum over the
    members alone and the grand coalition's value."""
    row = np.asarray(values)[year_index]
    n = (row.shape[-1] + 1).bit_length() - 1
    return float(row[coalitions.singletons(n) - 1].sum()), float(row[-1])


def parameter_paths() -> tuple[str, ...]:
    """Every declared parameter as a path (``economics.<name>``, ``sharing.<name>``,
    ``services.<service>.<name>``), the names ``informs`` may use."""
    paths = [f"economics.{p.name}" for p in ECONOMICS]
    paths += [f"sharing.{p.name}" for p in SHARING]
    paths += [f"services.{name}.{p.name}" for name, s in REGISTRY.items() for p in s.params]
    return tuple(paths)


def load_cases(path: str | Path = DEFAULT_CASES) -> tuple[Case, ...]:
    """Read and check a cases file (or a folder holding ``cases.yaml``) and load each case's
    scenario (once per file).

    Raises
    ------
    InputError
        Naming the file, the field (``cases[i].<field>``), its line, the value and what is
        allowed: a missing or unreadable file, an unknown or missing field, a scenario file that
        does not exist or is invalid (then the scenario's own error), a service the scenario does
        not have, a year outside its years, an unknown parameter in ``informs``, a case named
        twice for the same service and metric.
    """
    file = Path(path) / "cases.yaml" if Path(path).is_dir() else Path(path)
    data = _read(file)
    try:
        parsed = _CasesFile.model_validate(data)
    except ValidationError as exc:
        raise _field_error(file, exc) from None
    scenarios: dict[Path, Scenario] = {}
    cases = [_case(file, i, obs, scenarios) for i, obs in enumerate(parsed.cases)]
    _check_unique(file, cases)
    return tuple(cases)


def _read(file: Path) -> dict[str, Any]:
    """The cases file as a mapping; its errors worded for a cases file."""
    if not file.is_file():
        allowed = "a cases file (cases.yaml) or a folder holding one"
        raise InputError(file, "(file)", str(file), allowed)
    try:
        return read_mapping(file)
    except InputError as exc:
        if exc.field == "(top level)" or (exc.field == "(file)" and exc.value == ""):
            allowed = "a mapping with a list of observations: cases: [...]"
            raise InputError(file, exc.field, exc.value, allowed, exc.line) from None
        raise


def _field_error(file: Path, exc: ValidationError) -> InputError:
    err = exc.errors()[0]
    loc = tuple(err["loc"])
    if err["type"] == "extra_forbidden":
        allowed = list(Observation.model_fields if len(loc) > 1 else _CasesFile.model_fields)
        message = "unknown field; " + nearest(str(loc[-1]), allowed)
        return InputError(file, format_path(loc), loc[-1], message, line_of(file, loc))
    if err["type"] == "missing":
        where = line_of(file, loc[:-1]) if len(loc) > 1 else None
        return InputError(file, format_path(loc), MISSING, "a required field", where)
    message = err["msg"].removeprefix("Value error, ")
    return InputError(file, format_path(loc), err.get("input"), message, line_of(file, loc))


def _case(file: Path, i: int, obs: Observation, scenarios: dict[Path, Scenario]) -> Case:
    where = ("cases", i)
    target = (file.parent / obs.scenario).resolve()
    if not target.is_file():
        raise _error(
            file, (*where, "scenario"), obs.scenario, f"a scenario file (looked for {target})"
        )
    if target not in scenarios:
        scenarios[target] = scenario_mod.load(target)
    sc = scenarios[target]
    if obs.service not in sc.services:
        raise _error(
            file,
            (*where, "service"),
            obs.service,
            "a service of the scenario; " + nearest(obs.service, sc.services),
        )
    year = sc.base_year if obs.year is None else obs.year
    if year not in sc.years:
        raise _error(
            file, (*where, "year"), year, f"a year of the scenario ({sc.base_year}–{sc.horizon})"
        )
    known = parameter_paths()
    for j, name in enumerate(obs.informs):
        if name not in known:
            raise _error(
                file,
                (*where, "informs", j),
                name,
                "a declared parameter; " + _nearest_path(name, known),
            )
    return Case(obs, sc, year, BAND_PP if obs.band_pp is None else obs.band_pp)


def _nearest_path(name: str, known: Sequence[str]) -> str:
    """A hint for a parameter path: the closest one, else the form paths take."""
    hint = nearest(name, known)
    return hint if hint.startswith("did you mean") else "e.g. services.payroll.scale_elasticity"


def _check_unique(file: Path, cases: Sequence[Case]) -> None:
    seen: set[tuple[str, str, str]] = set()
    for i, c in enumerate(cases):
        key = (c.observation.case, c.observation.service, c.observation.metric)
        if key in seen:
            raise _error(
                file,
                ("cases", i, "case"),
                c.observation.case,
                "each case once per service and metric",
            )
        seen.add(key)


def _error(file: Path, loc: tuple[Any, ...], value: object, allowed: str) -> InputError:
    return InputError(file, format_path(loc), value, allowed, line_of(file, loc))


def compare(case: Case, result: RunResult) -> Comparison:
    """The model's figures for ``case`` from a run of its scenario."""
    service = result.services[case.observation.service]
    values = service.fte_staffed if case.observation.metric == "fte" else service.running
    year_index = int(np.flatnonzero(result.context.years == case.year)[0])
    before, after = figures(values, year_index)
    return Comparison(case, before, after)


def backtest(
    cases: Sequence[Case], run_scenario: Callable[[Scenario], RunResult] = run
) -> list[Comparison]:
    """Compare every case, running each scenario once (with ``run_scenario``)."""
    results: dict[Path, RunResult] = {}
    out = []
    for case in cases:
        if case.scenario.path not in results:
            results[case.scenario.path] = run_scenario(case.scenario)
        out.append(compare(case, results[case.scenario.path]))
    return out


COLUMNS = [
    "case",
    "service",
    "metric",
    "year",
    "unit",
    "observed_before",
    "observed_after",
    "observed_change_pct",
    "model_before",
    "model_after",
    "model_change_pct",
    "difference_pp",
    "band_pp",
    "within_band",
    "held",
]


def table(comparisons: Sequence[Comparison]) -> pd.DataFrame:
    """One row per comparison with the columns of :data:`COLUMNS` (the model's figures in FTE or
    SEK a year, whatever the observation's unit)."""
    return pd.DataFrame([_row(c) for c in comparisons], columns=COLUMNS)


def _row(c: Comparison) -> Mapping[str, object]:
    obs = c.case.observation
    return {
        "case": obs.case,
        "service": obs.service,
        "metric": obs.metric,
        "year": c.case.year,
        "unit": obs.unit,
        "observed_before": obs.before,
        "observed_after": obs.after,
        "observed_change_pct": c.observed_change_pct,
        "model_before": c.model_before,
        "model_after": c.model_after,
        "model_change_pct": c.model_change_pct,
        "difference_pp": c.difference_pp,
        "band_pp": c.case.band_pp,
        "within_band": c.within_band,
        "held": c.case.observation.held,
    }
