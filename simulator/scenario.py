"""Scenario files: YAML → a validated, frozen :class:`Scenario`.

Past :func:`load` nothing touches raw dicts or paths. Every error names the file, the field
path, the value and what is allowed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulator import data
from simulator.economics import ECONOMICS, SHARING
from simulator.errors import InputError, nearest
from simulator.params import Param, ParamSpec, ResolvedParam
from simulator.services import REGISTRY
from simulator.yamlfile import format_path, line_of, resolve_extends

__all__ = ["Scenario", "ServiceSetup", "load"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Years(_Strict):
    base: int = Field(ge=1990, le=2100)
    horizon: int = Field(ge=1990, le=2100)


class _ServiceFile(_Strict):
    enabled: bool = True
    params: dict[str, Param] = {}
    settings: dict[str, Any] = {}


class _Report(_Strict):
    language: Literal["sv", "en"] = "sv"


class _ScenarioFile(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    title: str = Field(min_length=1)
    municipalities: list[str]
    data: str = "data"
    years: _Years
    seed: int = Field(default=0, ge=0)
    economics: dict[str, Param] = {}
    sharing: dict[str, Param] = {}
    services: dict[str, _ServiceFile]
    report: _Report = _Report()


@dataclass(frozen=True)
class ServiceSetup:
    """One service as configured: resolved parameters and validated settings."""

    name: str
    params: Mapping[str, ResolvedParam]
    settings: BaseModel | None

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


def load(path: str | Path) -> Scenario:
    """Load and validate a scenario file (following ``extends:``).

    Raises
    ------
    InputError
        For any invalid input; the message names file, field, value and what is allowed.
    """
    path = Path(path)
    raw, chain, files = resolve_extends(path)
    try:
        parsed = _ScenarioFile.model_validate(raw)
    except ValidationError as exc:
        raise _first_error(path, exc) from None
    return _build(path, parsed, chain, _hash_files(files))


def _first_error(path: Path, exc: ValidationError) -> InputError:
    err = exc.errors()[0]
    loc = err["loc"]
    field = format_path(loc)
    line = line_of(path, loc)
    if err["type"] == "extra_forbidden":
        allowed = _fields_at(loc[:-1])
        return InputError(path, field, loc[-1], "unknown field; " + nearest(str(loc[-1]), allowed), line)
    if err["type"] == "missing":
        return InputError(path, field, None, "required field is missing", line)
    return InputError(path, field, err.get("input"), err["msg"], line)


def _fields_at(loc: tuple[Any, ...]) -> list[str]:
    """Names of the fields allowed at ``loc`` in the scenario schema (for suggestions)."""
    model: Any = _ScenarioFile
    for part in loc:
        fields = getattr(model, "model_fields", None)
        if fields is None:  # inside a dict: the key is a name, the next level is the value model
            model = _ServiceFile if part in REGISTRY else Param
            continue
        annotation = fields[part].annotation if part in fields else None
        args = getattr(annotation, "__args__", ())
        model = args[-1] if args else annotation
    return list(getattr(model, "model_fields", {}))


def _build(path: Path, parsed: _ScenarioFile, chain: tuple[str, ...], file_hash: str) -> Scenario:
    data_dir = (path.parent / parsed.data).resolve()
    municipalities = _check_municipalities(path, parsed.municipalities, data_dir)
    if parsed.years.horizon < parsed.years.base:
        raise InputError(path, "years.horizon", parsed.years.horizon,
                         f"a year >= years.base ({parsed.years.base})", line_of(path, ("years", "horizon")))
    _check_years(path, data_dir, municipalities, parsed.years)
    origin = chain[-1]
    return Scenario(
        id=parsed.id, title=parsed.title, path=path.resolve(), chain=chain,
        file_hash=file_hash, municipalities=municipalities, data_dir=data_dir,
        base_year=parsed.years.base, horizon=parsed.years.horizon, seed=parsed.seed,
        language=parsed.report.language,
        economics=_resolve_block(path, ("economics",), parsed.economics, ECONOMICS, origin),
        sharing=_resolve_block(path, ("sharing",), parsed.sharing, SHARING, origin),
        services=_resolve_services(path, parsed.services, origin),
    )


def _check_municipalities(path: Path, names: list[str], data_dir: Path) -> tuple[str, ...]:
    line = line_of(path, ("municipalities",))
    if len(names) < 2:
        raise InputError(path, "municipalities", names, "at least two municipalities", line)
    known = data.available_municipalities(data_dir)
    for i, name in enumerate(names):
        if names.index(name) != i:
            raise InputError(path, f"municipalities[{i}]", name, "each municipality once (duplicate)", line)
        if name not in known:
            raise InputError(path, f"municipalities[{i}]", name,
                             f"a municipality in {data_dir / 'population.csv'}; " + nearest(name, known), line)
    return tuple(names)


def _check_years(path: Path, data_dir: Path, names: tuple[str, ...], years: _Years) -> None:
    for name in names:
        have = set(data.available_years(data_dir, name))
        missing = [y for y in range(years.base, years.horizon + 1) if y not in have]
        if missing:
            span = f"{min(have)}–{max(have)}" if have else "none"
            raise InputError(path, "years", f"{years.base}–{years.horizon}",
                             f"years with data for {name} in {data_dir} (missing {missing[0]}; available {span})",
                             line_of(path, ("years",)))


def _resolve_block(path: Path, loc: tuple[Any, ...], given: Mapping[str, Param],
                   specs: tuple[ParamSpec, ...], origin: str) -> Mapping[str, ResolvedParam]:
    by_name = {s.name: s for s in specs}
    for name, param in given.items():
        where = (*loc, name)
        if name not in by_name:
            raise InputError(path, format_path(where), name, "unknown parameter; " + nearest(name, by_name),
                             line_of(path, where))
        spec = by_name[name]
        if param.unit != spec.unit:
            raise InputError(path, format_path((*where, "unit")), param.unit,
                             f"the unit the model expects: {spec.unit!r}", line_of(path, (*where, "unit")))
        if not spec.kind.allows(param.value):
            raise InputError(path, format_path((*where, "value")), param.value, spec.kind.describe(),
                             line_of(path, (*where, "value")))
    resolved = {s.name: s.resolve(given.get(s.name), origin) for s in specs
                if s.default is not None or s.name in given}
    return MappingProxyType(resolved)


def _resolve_services(path: Path, services: Mapping[str, _ServiceFile], origin: str) -> Mapping[str, ServiceSetup]:
    out: dict[str, ServiceSetup] = {}
    for name, conf in services.items():
        if name not in REGISTRY:
            raise InputError(path, f"services.{name}", name, "unknown service; " + nearest(name, REGISTRY),
                             line_of(path, ("services", name)))
        if not conf.enabled:
            continue
        service = REGISTRY[name]
        params = _resolve_block(path, ("services", name, "params"), conf.params, service.params, origin)
        out[name] = ServiceSetup(name, params, _settings(path, name, conf.settings))
    if not out:
        raise InputError(path, "services", list(services), "at least one enabled service; " +
                         nearest("", REGISTRY), line_of(path, ("services",)))
    return MappingProxyType(out)


def _settings(path: Path, name: str, given: Mapping[str, Any]) -> BaseModel | None:
    model = REGISTRY[name].settings_model
    if model is None:
        if given:
            raise InputError(path, f"services.{name}.settings", list(given), "no settings for this service")
        return None
    try:
        return model.model_validate(given)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ("services", name, "settings", *err["loc"])
        allowed = err["msg"]
        if err["type"] == "extra_forbidden":
            allowed = "unknown field; " + nearest(str(err["loc"][-1]), model.model_fields)
        return_error = InputError(path, format_path(loc), err.get("input"), allowed, line_of(path, loc))
        raise return_error from None


def _hash_files(files: tuple[Path, ...]) -> str:
    """SHA-256 over the bytes of every file in the ``extends`` chain, base first."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()
