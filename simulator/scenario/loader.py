"""Scenario files: YAML → a validated, frozen :class:`Scenario`.

Past :func:`load` nothing touches raw dicts or paths. Every error names the file (or the
overrides), the field path, the value and what is allowed. Overrides are merged over the files
before anything is checked, so one path validates both.
"""

from __future__ import annotations

import dataclasses
import hashlib
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulator.allocation.registry import METHODS
from simulator.core.errors import MISSING, InputError, nearest
from simulator.core.params import ResolvedParam
from simulator.game.files import name_problem
from simulator.keys.shares import KEY_SHARES
from simulator.scenario import facts as data
from simulator.scenario.blocks import resolve_block
from simulator.scenario.keys import KeySettings
from simulator.scenario.limits import (
    MAX_COALITION_YEARS,
    MAX_MUNICIPALITIES,
    MAX_PATH,
    MAX_TITLE,
    MAX_YEARS,
)
from simulator.scenario.overrides import apply_overrides
from simulator.scenario.participation import Participation, ParticipationProblem, participation
from simulator.scenario.timeline import Host, HostFile, Month, Timeline, TimelineFile
from simulator.scenario.uncertainty import UncertaintySettings
from simulator.scenario.yamlfile import Chain, resolve_extends
from simulator.services import REGISTRY
from simulator.services.base import Arrangement
from simulator.services.drivers import driver_names
from simulator.services.economics import ECONOMICS, SHARING

__all__ = ["Scenario", "ServiceSetup", "load"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Years(_Strict):
    base: int = Field(ge=1990, le=2100)
    horizon: int = Field(ge=1990, le=2100)
    prices: int | None = Field(default=None, ge=1990, le=2100)


class _ServiceFile(_Strict):
    enabled: bool = True
    params: dict[str, Any] = {}  # entries checked in simulator.scenario.blocks
    settings: dict[str, Any] = {}
    timeline: TimelineFile | None = None
    host: Any = None  # a member's name or {distributed: {...}}: checked in _host
    members: Any = None  # who takes part, and joins/leaves by year: checked in _participation
    joins: Any = None
    leaves: Any = None


class _AllocationFile(_Strict):
    methods: list[str] | None = None


class _Report(_Strict):
    language: Literal["sv", "en"] = "sv"


class _ScenarioFile(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    municipalities: list[str]
    data: str = "data"
    years: _Years
    seed: int = Field(default=0, ge=0)
    economics: dict[str, Any] = {}  # entries checked in simulator.scenario.blocks
    sharing: dict[str, Any] = {}
    services: dict[str, _ServiceFile]
    report: _Report = _Report()
    allocation: _AllocationFile = _AllocationFile()
    keys: KeySettings = KeySettings()
    uncertainty: UncertaintySettings = UncertaintySettings()
    timeline: TimelineFile | None = None


@dataclass(frozen=True)
class ServiceSetup:
    """One service as configured: resolved parameters, validated settings, its timeline (when
    shared operation starts) and its host (where the shared staff work)."""

    name: str
    params: Mapping[str, ResolvedParam]
    settings: BaseModel | None
    timeline: Timeline = Timeline(Month(2000), 0, 0.0)
    host: Host = Host()
    participation: Participation = Participation()

    def values(self) -> dict[str, float]:
        """Parameter values by name, in the declared units."""
        return {name: p.value for name, p in self.params.items()}


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. Years run from ``base_year`` to ``horizon`` inclusive."""

    id: str
    title: str
    path: Path
    chain: tuple[str, ...]
    file_hash: str
    municipalities: tuple[str, ...]
    data_dir: Path
    base_year: int
    horizon: int
    seed: int
    language: str
    economics: Mapping[str, ResolvedParam]
    sharing: Mapping[str, ResolvedParam]
    services: Mapping[str, ServiceSetup]
    allocation_methods: tuple[str, ...] | None = None  # None: the defaults per service
    keys: KeySettings = KeySettings()
    uncertainty: UncertaintySettings = UncertaintySettings()
    prices: int | None = None
    overrides: Mapping[str, object] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )
    """Parameter values set on top of the files (path → value as given), for the manifest."""

    @property
    def price_year(self) -> int:
        """The year the scenario's salaries and hourly costs are priced in (``years.prices``,
        default the base year): the wage index runs from it."""
        return self.base_year if self.prices is None else self.prices

    @property
    def years(self) -> tuple[int, ...]:
        """All modelled years."""
        return tuple(range(self.base_year, self.horizon + 1))

    def parameters(self) -> list[tuple[str, ResolvedParam]]:
        """Every parameter used, as (block, parameter) pairs: the assumptions table."""
        rows = [("economics", p) for p in self.economics.values()]
        rows += [("sharing", p) for p in self.sharing.values()]
        for name, setup in self.services.items():
            rows += [(name, p) for p in setup.params.values()]
        return rows


def load(
    path: str | Path,
    overrides: Mapping[str, object] | None = None,
    *,
    overrides_from: str = "overrides",
) -> Scenario:
    """Load and validate a scenario file (following ``extends:``), with optional overrides.

    Files are read within the limits of :mod:`simulator.scenario.limits` (size, nesting, aliases,
    numbers, text), and the scenario's size (municipalities, years × coalitions) and municipality
    names are checked before any data is read; then the facts are read as a run reads them.

    Parameters
    ----------
    path : the scenario file
    overrides : parameter path → value, e.g. ``{"economics.discount_rate": 0.03}``: merged over
        the files before validation (see :mod:`simulator.scenario.overrides`)
    overrides_from : how errors and source texts name the overrides (``--set`` on the command
        line)

    Raises
    ------
    InputError
        For any invalid input; the message names file, field, value and what is allowed.
    """
    chain = resolve_extends(Path(path))
    if overrides:
        chain = apply_overrides(chain, overrides, overrides_from)
    try:
        parsed = _ScenarioFile.model_validate(chain.merged)
    except ValidationError as exc:
        raise _pydantic_error(chain, (), exc, _ScenarioFile) from None
    scenario = _build(chain, parsed)
    data.load_facts(scenario.data_dir, scenario.municipalities, scenario.years)  # as a run reads
    return dataclasses.replace(scenario, overrides=MappingProxyType(dict(overrides or {})))


def _error(chain: Chain, loc: tuple[Any, ...], value: object, allowed: str) -> InputError:
    """An InputError naming who gives the field at ``loc`` (see :meth:`Chain.error`)."""
    return chain.error(loc, value, allowed)


_EXAMPLES = {
    "id": "a short lower-case id, e.g. pitea_alvsbyn",
    "title": "a title for reports",
    "municipalities": "a list, e.g. [Piteå, Älvsbyn]",
    "years": "e.g. {base: 2014, horizon: 2021}",
    "services": "a mapping of service names to their settings, e.g. {payroll: {}}",
}


def _pydantic_error(
    chain: Chain, prefix: tuple[Any, ...], exc: ValidationError, model: type[BaseModel]
) -> InputError:
    err = exc.errors()[0]
    loc = (*prefix, *err["loc"])
    if err["type"] == "extra_forbidden":
        allowed = _fields_at(model, tuple(err["loc"][:-1]))
        return _error(chain, loc, loc[-1], "unknown field; " + nearest(str(loc[-1]), allowed))
    if err["type"] == "missing":
        return _error(
            chain,
            loc,
            MISSING,
            "a required field; " + _EXAMPLES.get(str(loc[-1]), "see the documentation"),
        )
    return _error(chain, loc, err.get("input"), err["msg"].removeprefix("Value error, "))


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Names of the fields allowed at ``loc`` below ``model`` (for suggestions)."""
    annotation: Any = model
    for part in loc:
        if typing.get_origin(annotation) is dict:
            annotation = typing.get_args(annotation)[1]  # ``part`` is a key; go to the value type
        elif hasattr(annotation, "model_fields") and part in annotation.model_fields:
            annotation = annotation.model_fields[part].annotation
        else:
            return []
    return list(getattr(annotation, "model_fields", {}))


def _build(chain: Chain, parsed: _ScenarioFile) -> Scenario:
    _check_limits(chain, parsed.municipalities, parsed.years)
    data_dir = _data_dir(chain, parsed.data)
    municipalities = _check_municipalities(chain, parsed.municipalities, data_dir)
    _check_years(chain, data_dir, municipalities, parsed.years)
    top = chain.files[-1]
    return Scenario(
        id=parsed.id,
        title=parsed.title,
        path=top,
        chain=chain.ids,
        file_hash=_hash_files(chain.files),
        municipalities=municipalities,
        data_dir=data_dir,
        base_year=parsed.years.base,
        horizon=parsed.years.horizon,
        seed=parsed.seed,
        language=parsed.report.language,
        economics=resolve_block(chain, ("economics",), parsed.economics, ECONOMICS),
        sharing=resolve_block(chain, ("sharing",), parsed.sharing, SHARING),
        services=(
            services := _resolve_services(
                chain, parsed.services, municipalities, parsed.timeline, parsed.years
            )
        ),
        allocation_methods=_check_methods(chain, parsed.allocation.methods, list(services)),
        keys=_check_keys(chain, parsed.keys, list(services), parsed.years),
        uncertainty=parsed.uncertainty,
        prices=parsed.years.prices,
    )


def _check_keys(chain: Chain, keys: KeySettings, services: list[str], years: _Years) -> KeySettings:
    allowed = [*KEY_SHARES, *driver_names(services)]
    for i, name in enumerate(keys.drivers or ()):
        if name not in allowed:
            raise _error(
                chain, ("keys", "drivers", i), name, "a candidate driver; " + nearest(name, allowed)
            )
    for i, name in enumerate(keys.services or ()):
        if name not in [*services, "total"]:
            raise _error(
                chain,
                ("keys", "services", i),
                name,
                "a service of the scenario or total; " + nearest(name, [*services, "total"]),
            )
    span = keys.agreement_years
    if span is not None and (span[0] < years.base or span[1] > years.horizon):
        raise _error(
            chain,
            ("keys", "agreement_years"),
            list(span),
            f"years within the scenario's {years.base}–{years.horizon}",
        )
    return keys


def _check_methods(
    chain: Chain, methods: list[str] | None, services: list[str]
) -> tuple[str, ...] | None:
    if methods is None:
        return None
    allowed = [*METHODS, "agreed", *(f"proportional:{d}" for d in driver_names(services))]
    for i, name in enumerate(methods):
        if name not in allowed:
            raise _error(
                chain,
                ("allocation", "methods", i),
                name,
                "an allocation method; " + nearest(name, allowed),
            )
        if name in methods[:i]:
            raise _error(chain, ("allocation", "methods", i), name, "each method once (repeated)")
    if not methods:
        raise _error(
            chain,
            ("allocation", "methods"),
            methods,
            "at least one method, or leave it out for the defaults",
        )
    return tuple(methods)


def _check_limits(chain: Chain, names: list[str], years: _Years) -> None:
    """Refuse, before any data is read, a scenario past the size a run can hold (see
    :mod:`simulator.scenario.limits`) or a municipality name that :func:`name_problem` refuses
    (a ``+``, a control character, or a start that a spreadsheet reads as a formula)."""
    if len(names) > MAX_MUNICIPALITIES:
        raise _error(
            chain,
            ("municipalities",),
            f"{len(names)} municipalities",
            f"at most {MAX_MUNICIPALITIES}: every one of the 2**n - 1 groups is modelled, and "
            f"{MAX_MUNICIPALITIES} give {2**MAX_MUNICIPALITIES - 1:,} groups",
        )
    for i, name in enumerate(names):
        problem = name_problem(name)
        if problem is not None:
            raise _error(chain, ("municipalities", i), name, problem)
    if years.horizon < years.base:
        raise _error(
            chain, ("years", "horizon"), years.horizon, f"a year >= years.base ({years.base})"
        )
    if years.prices is not None and years.prices > years.base:
        raise _error(
            chain,
            ("years", "prices"),
            years.prices,
            f"the year salaries are priced in, at most the base year ({years.base})",
        )
    span = years.horizon - years.base + 1
    groups = max(1, 2 ** len(names) - 1)
    if span > MAX_YEARS or span * groups > MAX_COALITION_YEARS:
        raise _error(
            chain,
            ("years",),
            f"{years.base}–{years.horizon} ({span} years)",
            f"at most {min(MAX_YEARS, MAX_COALITION_YEARS // groups)} years for "
            f"{len(names)} municipalities: at most {MAX_YEARS} years, and years × groups "
            f"({groups}) at most {MAX_COALITION_YEARS:,}, the rows a run's tables can hold",
        )


def _data_dir(chain: Chain, given: str) -> Path:
    """The data folder, relative to the file of the chain that names it (else the top file)."""
    folder = chain.files[chain.defining_file(("data",))].parent / given
    try:
        folder = folder.resolve()
        usable = len(given) <= MAX_PATH and folder.is_dir()
    except (OSError, ValueError):  # a name too long for the system, a null byte
        usable = False
    if not usable:
        raise _error(
            chain,
            ("data",),
            given,
            f"a folder with population.csv, employees.csv and distances.csv (looked for {folder})",
        )
    return folder


def _check_municipalities(chain: Chain, names: list[str], data_dir: Path) -> tuple[str, ...]:
    if len(names) < 2:
        raise _error(chain, ("municipalities",), names, "at least two municipalities")
    known = data.available_municipalities(data_dir)
    for i, name in enumerate(names):
        if names.index(name) != i:
            raise _error(chain, ("municipalities", i), name, "each municipality once (duplicate)")
        if name not in known:
            raise _error(
                chain,
                ("municipalities", i),
                name,
                f"a municipality in {data_dir / 'population.csv'}; " + nearest(name, known),
            )
    return tuple(names)


def _check_years(chain: Chain, data_dir: Path, names: tuple[str, ...], years: _Years) -> None:
    for name in names:
        have = set(data.available_years(data_dir, name))
        missing = [y for y in range(years.base, years.horizon + 1) if y not in have]
        if missing:
            span = f"{min(have)}–{max(have)}" if have else "none"
            raise _error(
                chain,
                ("years",),
                f"{years.base}–{years.horizon}",
                f"years with data for {name} in {data_dir} (missing {missing[0]}; "
                f"available {span})",
            )


def _resolve_services(
    chain: Chain,
    services: Mapping[str, _ServiceFile],
    municipalities: tuple[str, ...],
    timeline: TimelineFile | None,
    years: _Years,
) -> Mapping[str, ServiceSetup]:
    out: dict[str, ServiceSetup] = {}
    for name, conf in services.items():
        if name not in REGISTRY:
            raise _error(
                chain, ("services", name), name, "unknown service; " + nearest(name, REGISTRY)
            )
        if not conf.enabled:
            continue
        service = REGISTRY[name]
        params = resolve_block(chain, ("services", name, "params"), conf.params, service.params)
        settings = _settings(chain, name, conf.settings, municipalities)
        out[name] = ServiceSetup(
            name,
            params,
            settings,
            _timeline(chain, name, conf.timeline, timeline, years.base),
            _host(chain, name, conf.host, municipalities),
            _participation(chain, name, conf, municipalities, years, settings),
        )
    if not out:
        raise _error(
            chain,
            ("services",),
            "all disabled" if services else "none",
            "at least one enabled service; " + nearest("", REGISTRY),
        )
    return MappingProxyType(out)


def _settings(
    chain: Chain, name: str, given: Mapping[str, Any], municipalities: tuple[str, ...]
) -> BaseModel | None:
    """The service's settings, validated (the settings model may check names against the
    scenario's municipalities, given in the validation context)."""
    model = REGISTRY[name].settings_model
    loc = ("services", name, "settings")
    if model is None:
        if given:
            raise _error(chain, loc, list(given), "no settings: this service takes parameters only")
        return None
    try:
        return model.model_validate(given, context={"municipalities": list(municipalities)})
    except ValidationError as exc:
        raise _pydantic_error(chain, loc, exc, model) from None


def _timeline(
    chain: Chain,
    name: str,
    own: TimelineFile | None,
    scenario: TimelineFile | None,
    base_year: int,
) -> Timeline:
    """The service's timeline: its own block over the scenario's; a start before the base year is
    refused (the model's years begin at the base year, so costs before it cannot be shown)."""
    block = own.over(scenario) if own is not None else scenario
    timeline = Timeline.resolve(block, base_year)
    if timeline.start < Month(base_year):
        where = ("services", name, "timeline", "start") if own and own.start else ("timeline",)
        raise _error(
            chain,
            where,
            str(timeline.start),
            f"a start in or after the base year ({base_year}-01): the model's years begin there",
        )
    return timeline


def _host(chain: Chain, name: str, given: Any, municipalities: tuple[str, ...]) -> Host:
    """The service's host: a member by name, or distributed shares over members."""
    loc = ("services", name, "host")
    if given is None:
        return Host()
    if not isinstance(given, str | dict):
        raise _error(
            chain, loc, given, "a municipality's name or {distributed: {name: share, ...}}"
        )
    if isinstance(given, dict):
        try:
            given = HostFile.model_validate(given)
        except ValidationError as exc:
            raise _pydantic_error(chain, loc, exc, HostFile) from None
    if isinstance(given, str):
        if given not in municipalities:
            raise _error(
                chain,
                loc,
                given,
                "a municipality of the scenario; " + nearest(given, municipalities),
            )
        return Host(name=given)
    for site in given.distributed:
        if site not in municipalities:
            raise _error(
                chain,
                (*loc, "distributed", site),
                site,
                "a municipality of the scenario; " + nearest(site, municipalities),
            )
    return Host(shares=MappingProxyType(dict(given.distributed)))


def _participation(
    chain: Chain,
    name: str,
    conf: _ServiceFile,
    municipalities: tuple[str, ...],
    years: _Years,
    settings: BaseModel | None,
) -> Participation:
    """The service's ``members:``, ``joins:`` and ``leaves:``, checked (see
    :mod:`simulator.scenario.participation`)."""
    existing = isinstance(settings, Arrangement) and settings.existing
    span = (years.base, years.horizon)
    try:
        return participation(conf.members, conf.joins, conf.leaves, municipalities, span, existing)
    except ParticipationProblem as problem:
        where = ("services", name, *problem.where)
        raise _error(chain, where, problem.value, problem.allowed) from None


def _hash_files(files: tuple[Path, ...]) -> str:
    """SHA-256 over the bytes of every file in the ``extends`` chain, base first."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()
