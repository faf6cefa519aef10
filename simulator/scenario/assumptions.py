"""Every assumption a scenario uses, as one table: the parameters and the settings.

Parameters carry value, unit, source and range themselves. Settings (arrival profiles, the roles
of managers and specialists, given costs and keys, switches) are read field by field; each
row takes the ``source`` of the settings object it belongs to (a role, a profile, an arrangement).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from pydantic import BaseModel

from simulator.core.params import labels_assumption
from simulator.scenario import Scenario

__all__ = ["COLUMNS", "assumptions_table", "is_assumption"]

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


def _settings_rows(
    block: str, prefix: str, model: BaseModel, source: str, origin: str
) -> Iterator[dict]:
    """Rows for the fields of a settings object (lists of objects unrolled, named by ``name``)."""
    own = getattr(model, "source", None) or source
    for field, value in model:
        if field == "source" or (
            field == "name" and prefix.count(".") > 1
        ):  # a list item's own name
            continue
        name = f"{prefix}{field}"
        items = value if isinstance(value, tuple | list) else None
        if items and all(isinstance(v, BaseModel) for v in items):
            for i, item in enumerate(items):
                label = getattr(item, "name", str(i))
                yield from _settings_rows(block, f"{name}.{label}.", item, own, origin)
        elif isinstance(value, BaseModel):
            yield from _settings_rows(block, f"{name}.", value, own, origin)
        elif value is not None:
            shown = (
                ", ".join(f"{k}: {v}" for k, v in value.items())
                if isinstance(value, dict)
                else value
            )
            shown = ", ".join(map(str, shown)) if isinstance(shown, tuple | list) else shown
            yield {
                "block": block,
                "name": name,
                "value": shown,
                "unit": "",
                "low": None,
                "high": None,
                "source": own,
                "origin": origin,
                "description": "setting",
                "within_declared_range": True,
                "assumption": is_assumption(own),
            }


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    """Block, name, value, unit, low, high, source, origin, description and whether the range the
    scenario gives lies within the model's declared plausible range, for every parameter and
    setting."""
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
    return pd.DataFrame(rows, columns=COLUMNS)
