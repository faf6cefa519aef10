"""Where the municipalities' central towns lie: ``scenarios/data/coordinates.csv`` (municipality,
town, lat, lon, status, source; decimal degrees, WGS 84), for charts that place the members on a
map. The model itself reads road distances (``distances.csv``), not these.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from simulator.core.errors import InputError
from simulator.game.files import read_text
from simulator.scenario.limits import MAX_DATA_BYTES
from simulator.scenario.loader import Scenario

__all__ = ["COORDINATES", "load_coordinates"]

COORDINATES = "coordinates.csv"
_COLUMNS = ("municipality", "town", "lat", "lon")


def load_coordinates(scenario: Scenario) -> pd.DataFrame:
    """municipality, town, lat, lon (degrees) of the scenario's municipalities, in their order;
    empty when its data folder has no coordinates or lacks one of them (no map is drawn).

    Raises
    ------
    InputError
        For a file without the columns, or a latitude or longitude that is not a number within
        the globe's ranges (naming the file and line).
    """
    path = Path(scenario.data_dir) / COORDINATES
    municipalities = list(scenario.municipalities)
    if not path.is_file():
        return pd.DataFrame(columns=["municipality", *_COLUMNS[1:]])
    text = read_text(path, MAX_DATA_BYTES, f"CSV file with columns {', '.join(_COLUMNS)}")
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(path, "header", list(frame.columns), f"columns {', '.join(_COLUMNS)}", 1)
    for column, limit in (("lat", 90.0), ("lon", 180.0)):
        values = pd.to_numeric(frame[column].str.strip(), errors="coerce")
        bad = ~(values.abs() <= limit)
        if bad.any():
            row = int(bad.to_numpy().argmax())
            allowed = f"decimal degrees between -{limit:g} and {limit:g}"
            raise InputError(path, column, frame[column].iloc[row], allowed, row + 2)
        frame[column] = values
    frame = frame.assign(municipality=frame["municipality"].str.strip())
    frame = frame.drop_duplicates("municipality").set_index("municipality")
    if not set(municipalities) <= set(frame.index):
        return pd.DataFrame(columns=["municipality", *_COLUMNS[1:]])
    chosen = frame.loc[municipalities, ["town", "lat", "lon"]]
    return chosen.reset_index()
