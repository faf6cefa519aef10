"""Municipality facts per year (population, employees) and distances, from ``scenarios/data/*.csv``.

Each CSV has a header row and a ``status`` (``verified``, ``estimate`` or ``projection``) and a
``source`` on every row; ``scenarios/data/README.md`` says how each series was built. Years past a
municipality's last data year are projected (:mod:`simulator.scenario.projection`), with status
``projection`` and the method in the source. Files are read as text (regular
files of at most ``MAX_DATA_BYTES``) and converted here, so an error can name the file, the line
(CSV line = row index + 2), the field, the value and what is allowed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.core.errors import InputError, nearest
from simulator.core.facts import Facts
from simulator.game.files import read_text
from simulator.scenario.limits import MAX_DATA_BYTES, MAX_MAGNITUDE, MIN_MAGNITUDE
from simulator.scenario.projection import projectable, projected_rows

__all__ = [
    "DEFAULT_DATA_DIR",
    "Facts",
    "available_municipalities",
    "available_years",
    "data_years",
    "load_facts",
]

DEFAULT_DATA_DIR: Path = Path(__file__).resolve().parents[2] / "scenarios" / "data"

_SERIES = {"population": "population.csv", "employees": "employees.csv"}
_UNIT = "persons"
_SERIES_COLUMNS = ("municipality", "year", "value", "unit", "status", "source")
_DISTANCES = "distances.csv"
_DISTANCE_COLUMNS = ("from", "to", "road_km", "straight_km", "status", "source")
_STATUSES = ("verified", "estimate", "projection")
_SOURCE_COLUMNS = ["series", "municipality", "year", "value", "unit", "status", "source"]


def _line(index: int) -> int:
    """CSV line of a data row (the header is line 1)."""
    return int(index) + 2


def _read_csv(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """Read a CSV as stripped text, checking the file and its columns exist."""
    text = read_text(path, MAX_DATA_BYTES, f"CSV file with columns {', '.join(columns)}")
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        raise InputError(
            path, "file", str(error).strip(), "a UTF-8, comma-separated file with a header row"
        ) from None
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise InputError(
            path,
            "header",
            list(frame.columns),
            f"columns {', '.join(columns)} (missing: {', '.join(missing)})",
            line=1,
        )
    return frame.apply(lambda column: column.str.strip())


def _check_text(path: Path, frame: pd.DataFrame, columns: Sequence[str]) -> None:
    """Every named column is non-empty on every row; ``status`` is one of the allowed words."""
    for column in columns:
        for index in frame.index[frame[column] == ""]:
            raise InputError(path, column, "", "a non-empty value on every row", line=_line(index))
    for index, status in frame["status"].items():
        if status not in _STATUSES:
            raise InputError(
                path, "status", status, f"one of {', '.join(_STATUSES)}", line=_line(index)
            )


def _numbers(path: Path, frame: pd.DataFrame, column: str, integer: bool = False) -> np.ndarray:
    """A column converted to zero or numbers from MIN_MAGNITUDE to MAX_MAGNITUDE (whole numbers if
    ``integer``)."""
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
    bad = (
        ~(np.abs(values) <= MAX_MAGNITUDE)
        | (values < 0)
        | ((values > 0) & (values < MIN_MAGNITUDE))
    )
    if integer:
        bad |= np.isfinite(values) & (values != np.round(values))
    if bad.any():
        index = frame.index[np.argmax(bad)]
        kind = (
            "a whole year such as 2017"
            if integer
            else f"a non-negative number up to {MAX_MAGNITUDE:.0e} in plain digits, e.g. 4192 "
            "or 57.5"
        )
        raise InputError(path, column, frame.at[index, column], kind, line=_line(index))
    return values


def _read_series(data_dir: Path, series: str) -> pd.DataFrame:
    """One per-year series as a checked table: municipality, year (int), value (float), unit,
    status, source."""
    path = Path(data_dir) / _SERIES[series]
    frame = _read_csv(path, _SERIES_COLUMNS)
    _check_text(path, frame, ("municipality", "unit", "status", "source"))
    for index in frame.index[frame["unit"] != _UNIT]:
        raise InputError(
            path, "unit", frame.at[index, "unit"], f"the unit {_UNIT!r}", line=_line(index)
        )
    frame = frame.assign(
        year=_numbers(path, frame, "year", integer=True).astype(np.int64),
        value=_numbers(path, frame, "value"),
    )
    duplicated = frame.duplicated(["municipality", "year"])
    if duplicated.any():
        index = frame.index[np.argmax(duplicated.to_numpy())]
        value = f"{frame.at[index, 'municipality']} {frame.at[index, 'year']}"
        raise InputError(
            path, "municipality, year", value, "each (municipality, year) once", line=_line(index)
        )
    return frame


def _check_known(path: Path, known: Sequence[str], municipalities: Sequence[str]) -> None:
    """Every requested municipality appears in the file."""
    for name in municipalities:
        if name not in known:
            raise InputError(path, "municipality", name, nearest(name, set(known)))


def _series_matrix(
    data_dir: Path, series: str, municipalities: Sequence[str], years: Sequence[int]
) -> tuple[np.ndarray, pd.DataFrame]:
    """(Y, n) float64 values of one series and the rows used, in the requested order."""
    path = Path(data_dir) / _SERIES[series]
    table = _read_series(data_dir, series)
    _check_known(path, table["municipality"].unique(), municipalities)
    for name in municipalities:
        have = table.loc[table["municipality"] == name, "year"].tolist()
        ahead = projectable(have)
        for year in years:
            if year not in have and year not in ahead:
                later = f" and {ahead[0]}–{ahead[-1]} projected" if ahead else ""
                raise InputError(
                    path,
                    f"year (for {name})",
                    year,
                    f"years available for {name}: {', '.join(map(str, sorted(have)))}{later}",
                )
    projections = [projected_rows(table, name, years) for name in municipalities]
    table = pd.concat([table, *projections], ignore_index=True)
    wanted = pd.DataFrame(
        [(year, name) for year in years for name in municipalities],
        columns=["year", "municipality"],
    )
    used = wanted.merge(table, on=["year", "municipality"], how="left", validate="one_to_one")
    values = used["value"].to_numpy(dtype=np.float64).reshape(len(years), len(municipalities))
    return values, used.assign(series=series)


def _read_distances(data_dir: Path) -> tuple[Path, dict[frozenset[str], dict]]:
    """The distance rows by unordered pair, checked: names, non-negative km, each pair once, no
    self-pairs."""
    path = Path(data_dir) / _DISTANCES
    frame = _read_csv(path, _DISTANCE_COLUMNS)
    _check_text(path, frame, ("from", "to", "status", "source"))
    frame = frame.assign(
        road_km=_numbers(path, frame, "road_km"), straight_km=_numbers(path, frame, "straight_km")
    )
    by_pair: dict[frozenset[str], dict] = {}
    for index, row in frame.iterrows():
        pair = frozenset((row["from"], row["to"]))
        if len(pair) == 1 or pair in by_pair:
            allowed = "two different towns" if len(pair) == 1 else "each pair once, in either order"
            raise InputError(
                path, "from, to", f"{row['from']}–{row['to']}", allowed, line=_line(index)
            )
        by_pair[pair] = row.to_dict()
    return path, by_pair


def _distance_matrix(
    data_dir: Path, municipalities: Sequence[str]
) -> tuple[np.ndarray, pd.DataFrame]:
    """(n, n) symmetric road km with 0 on the diagonal, and the rows used."""
    path, by_pair = _read_distances(data_dir)
    n = len(municipalities)
    matrix = np.zeros((n, n), dtype=np.float64)
    used = []
    for i in range(n):
        for j in range(i + 1, n):
            a, b = municipalities[i], municipalities[j]
            row = by_pair.get(frozenset((a, b)))
            if row is None:
                raise InputError(
                    path,
                    "from, to",
                    f"{a}–{b}",
                    "a row for every pair of the requested municipalities",
                )
            matrix[i, j] = matrix[j, i] = row["road_km"]
            used.append(
                {
                    "series": "distance",
                    "municipality": f"{a}–{b}",
                    "year": pd.NA,
                    "value": row["road_km"],
                    "unit": "km",
                    "status": row["status"],
                    "source": row["source"],
                }
            )
    return matrix, pd.DataFrame(used, columns=_SOURCE_COLUMNS)


def _check_request(municipalities: Sequence[str], years: Sequence[int]) -> None:
    """At least one municipality and one year, each named once."""
    for field, items in (("municipalities", list(municipalities)), ("years", list(years))):
        if not items or len(set(items)) != len(items):
            raise InputError(None, field, items, "a non-empty list naming each item once")


def available_municipalities(data_dir: Path) -> tuple[str, ...]:
    """Municipalities in ``population.csv``, in the order they first appear.

    Parameters
    ----------
    data_dir : folder holding the CSV files (e.g. ``DEFAULT_DATA_DIR``)

    Returns
    -------
    tuple of str
    """
    return tuple(_read_series(data_dir, "population")["municipality"].unique())


def _years_by_series(data_dir: Path, municipality: str) -> list[list[int]]:
    """The years each series gives for ``municipality`` in the data (no projection)."""
    years = []
    for series in _SERIES:
        table = _read_series(data_dir, series)
        _check_known(
            Path(data_dir) / _SERIES[series], table["municipality"].unique(), [municipality]
        )
        years.append(table.loc[table["municipality"] == municipality, "year"].tolist())
    return years


def data_years(data_dir: Path, municipality: str) -> tuple[int, ...]:
    """Years (ascending) with both a population and an employee figure for ``municipality`` in
    the data files (no projection).

    Raises
    ------
    InputError
        If the municipality is missing from either file (with the nearest name).
    """
    population, employees = _years_by_series(data_dir, municipality)
    return tuple(sorted(int(year) for year in set(population) & set(employees)))


def available_years(data_dir: Path, municipality: str) -> tuple[int, ...]:
    """Years (ascending) with both a population and an employee figure for ``municipality``,
    given in the data or projected past its last data year.

    Raises
    ------
    InputError
        If the municipality is missing from either file (with the nearest name).
    """
    population, employees = (
        set(have) | set(projectable(have)) for have in _years_by_series(data_dir, municipality)
    )
    return tuple(sorted(int(year) for year in population & employees))


def load_facts(data_dir: Path, municipalities: Sequence[str], years: Sequence[int]) -> Facts:
    """Load population, employees and road distances for the given municipalities and years.

    Parameters
    ----------
    data_dir : folder holding ``population.csv``, ``employees.csv`` and ``distances.csv``
    municipalities : names, in the order wanted on every municipality axis
    years : calendar years, in the order wanted on the year axis

    Returns
    -------
    Facts
        Arrays in persons (population, employees) and road km (distances), with the rows used.

    Raises
    ------
    InputError
        Naming the file, line, field, value and what is allowed, for a missing file or column, a
        non-numeric or negative number, an unknown municipality, a missing year, a duplicated
        (municipality, year), a missing distance pair or an empty source.
    """
    municipalities = tuple(str(name) for name in municipalities)
    years = [int(year) for year in years]
    _check_request(municipalities, years)
    population, pop_rows = _series_matrix(data_dir, "population", municipalities, years)
    employees, emp_rows = _series_matrix(data_dir, "employees", municipalities, years)
    distance_km, dist_rows = _distance_matrix(data_dir, municipalities)
    sources = pd.concat(
        [frame[_SOURCE_COLUMNS] for frame in (pop_rows, emp_rows, dist_rows) if len(frame)],
        ignore_index=True,
    ).astype({"year": "Int64", "value": "float64"})
    year_array = np.asarray(years, dtype=np.int64)
    for array in (year_array, population, employees, distance_km):
        array.setflags(write=False)
    return Facts(municipalities, year_array, population, employees, distance_km, sources=sources)
