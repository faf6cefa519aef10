"""Every assumption a scenario uses, as one table: the parameters and the settings.

Parameters carry value, unit, source and range themselves. Settings (arrival profiles, the roles
of managers and specialists, each member's switchboard of today, given costs and keys, switches)
are read field by field; each row takes the ``source`` of the settings object it belongs to (a
role, a municipality's level of today, a profile, an arrangement). Settings objects in a list are
unrolled by their ``name`` (``settings.roles.archivist.minimum_fte``), those in a mapping by their
key (``settings.today.Älvsbyn.service_level``). Facts a scenario's years take from a projection
past the last data year (status ``projection``) are rows of the block ``facts``
(``population.Boden.2026``), with the method in their source.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from pydantic import BaseModel

from simulator.core.params import labels_assumption
from simulator.scenario import Scenario
from simulator.scenario.facts import load_facts

__all__ = ["COLUMNS", "assumptions_table", "is_assumption", "projected_facts"]

COLUMNS = [
    "block",
    "name",
    "value",
    "unit",
    "low",
    "high",
    "source",
    "origin",
    "description",
    "within_declared_range",
    "assumption",
]
is_assumption = labels_assumption
"""True when a source text labels its figure an assumption, an estimate or a variant's choice."""


def _unrolled(value: object) -> list[tuple[str, BaseModel]] | None:
    """The settings objects that ``value`` holds, each with its label: by ``name`` (else the
    position) in a list, by key in a mapping; None when ``value`` holds anything else."""
    if isinstance(value, dict) and value and all(isinstance(v, BaseModel) for v in value.values()):
        return [(str(key), item) for key, item in value.items()]
    if isinstance(value, tuple | list) and value and all(isinstance(v, BaseModel) for v in value):
        return [(str(getattr(item, "name", i)), item) for i, item in enumerate(value)]
    return None


def _shown(value: object) -> object:
    """A setting's value as one cell: a mapping as ``key: value, …``, a list as ``a, b, …``."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    return value


def _settings_rows(
    block: str, prefix: str, model: BaseModel, source: str, origin: str, labelled: bool = False
) -> Iterator[dict]:
    """Rows for the fields of a settings object; settings objects in a list or a mapping are
    unrolled, each under its label (``labelled``: this object is one of them, so its own
    ``name`` is its label and not a row)."""
    own = getattr(model, "source", None) or source
    for field, value in model:
        if field == "source" or (field == "name" and labelled):
            continue
        name = f"{prefix}{field}"
        items = _unrolled(value)
        if items is not None:
            for label, item in items:
                yield from _settings_rows(block, f"{name}.{label}.", item, own, origin, True)
        elif isinstance(value, BaseModel):
            yield from _settings_rows(block, f"{name}.", value, own, origin)
        elif value is not None:
            yield {
                "block": block,
                "name": name,
                "value": _shown(value),
                "unit": "",
                "low": None,
                "high": None,
                "source": own,
                "origin": origin,
                "description": "setting",
                "within_declared_range": True,
                "assumption": is_assumption(own),
            }


def projected_facts(scenario: Scenario) -> pd.DataFrame:
    """The facts of the scenario's years that are projections (series, municipality, year, value,
    unit, status, source), by municipality (in the scenario's order) and year, population before
    employees."""
    facts = load_facts(scenario.data_dir, scenario.municipalities, scenario.years)
    rows = facts.sources[facts.sources["status"] == "projection"]
    order = {name: i for i, name in enumerate(scenario.municipalities)}
    rows = rows.assign(_member=rows["municipality"].map(order)).sort_values(
        ["_member", "year"], kind="stable"
    )
    return rows.drop(columns="_member").reset_index(drop=True)


def _fact_rows(scenario: Scenario) -> list[dict]:
    """One assumptions row for each projected fact."""
    return [
        {
            "block": "facts",
            "name": f"{row.series}.{row.municipality}.{row.year}",
            "value": row.value,
            "unit": row.unit,
            "low": None,
            "high": None,
            "source": row.source,
            "origin": "projection",
            "description": f"{row.series} past the last data year, projected",
            "within_declared_range": True,
            "assumption": True,
        }
        for row in projected_facts(scenario).itertuples()
    ]


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    """Block, name, value, unit, low, high, source, origin, description and whether the range the
    scenario gives lies within the model's declared plausible range, for every parameter and
    setting, and every projected fact."""
    rows = [
        {
            "block": block,
            "name": p.name,
            "value": p.value,
            "unit": p.unit,
            "low": p.low,
            "high": p.high,
            "source": p.source,
            "origin": p.origin,
            "description": p.description,
            "within_declared_range": p.within_declared_range,
            "assumption": is_assumption(p.source),
        }
        for block, p in scenario.parameters()
    ]
    for name, setup in scenario.services.items():
        if setup.settings is not None:
            rows += _settings_rows(
                name, "settings.", setup.settings, "see the scenario file", scenario.id
            )
    rows += _fact_rows(scenario)
    return pd.DataFrame(rows, columns=COLUMNS)
