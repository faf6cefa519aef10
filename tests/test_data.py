"""Tests for simulator.scenario.facts: the shipped municipality facts and the errors on broken CSV files."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import NORRBOTTEN
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core.errors import InputError
from simulator.scenario.facts import (
    DEFAULT_DATA_DIR,
    Facts,
    available_municipalities,
    available_years,
    data_years,
    load_facts,
)

FIVE = ("Boden", "Kalix", "Luleå", "Piteå", "Älvsbyn")
YEARS = tuple(range(2013, 2026))
BAD = Path(__file__).parent / "fixtures" / "data_bad"
BAD_REQUEST = (("Piteå", "Älvsbyn", "Boden"), (2013, 2014))


@pytest.fixture(scope="module")
def facts() -> Facts:
    return load_facts(DEFAULT_DATA_DIR, FIVE, YEARS)


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DEFAULT_DATA_DIR / name, dtype=str, keep_default_na=False)


def test_shipped_files_cover_the_14_municipalities_of_norrbotten_2013_to_2025() -> None:
    assert set(available_municipalities(DEFAULT_DATA_DIR)) == set(NORRBOTTEN)
    for name in NORRBOTTEN:
        assert data_years(DEFAULT_DATA_DIR, name) == YEARS
        # and ten projected years past the last data year, 2026–2035
        assert available_years(DEFAULT_DATA_DIR, name) == tuple(range(2013, 2036))


def test_every_pair_of_the_14_has_a_distance() -> None:
    facts = load_facts(DEFAULT_DATA_DIR, NORRBOTTEN, YEARS)
    off = facts.distance_km[~np.eye(14, dtype=bool)]
    assert (off > 0).all() and np.array_equal(facts.distance_km, facts.distance_km.T)


def test_shapes_and_dtypes(facts: Facts) -> None:
    assert facts.municipalities == FIVE
    assert facts.years.dtype == np.int64 and facts.years.tolist() == list(YEARS)
    for array in (facts.population, facts.employees):
        assert array.shape == (len(YEARS), len(FIVE)) and array.dtype == np.float64
    assert facts.distance_km.shape == (5, 5) and facts.distance_km.dtype == np.float64


def test_distances_symmetric_with_zero_diagonal(facts: Facts) -> None:
    d = facts.distance_km
    assert np.array_equal(d, d.T)
    assert np.all(np.diag(d) == 0)
    assert np.all(d[~np.eye(5, dtype=bool)] > 0)


def test_distances_are_midpoints_of_the_indicative_ranges(facts: Facts) -> None:
    index = {name: i for i, name in enumerate(FIVE)}
    assert facts.distance_km[index["Piteå"], index["Älvsbyn"]] == 55.0  # range 50-60
    assert facts.distance_km[index["Luleå"], index["Boden"]] == 37.5  # range 35-40


def test_verified_figures_as_in_cited_sources(facts: Facts) -> None:
    # Piteå 2017: regionfakta.com (upd 2019-02-22); Kalix 2013: Kalix kommun Årsredovisning 2014.
    year = {y: i for i, y in enumerate(YEARS)}
    assert facts.population[year[2017], FIVE.index("Piteå")] == 42184
    assert facts.population[year[2013], FIVE.index("Kalix")] == 16387
    rows = facts.sources.query(
        "series == 'population' and municipality == 'Kalix' and year == 2013"
    )
    assert rows["status"].tolist() == ["verified"]
    assert "Kalix kommun Årsredovisning 2014" in rows["source"].iloc[0]


def test_interpolated_population_lies_between_its_neighbours() -> None:
    table = _csv("population.csv")
    pattern = re.compile(r"linear interpolation between (\d{4}) \(.*\) and (\d{4}) \(.*\)")
    value = {(row.municipality, int(row.year)): float(row.value) for row in table.itertuples()}
    # an end outside the table (e.g. a 30 September 2012 figure) is given in the row's own
    # arithmetic: "[position p of the interval: A + (B - A) × p]"
    stated = re.compile(r"position ([\d.]+) of the interval: ([\d ]+) \+ \(([\d ]+) - ([\d ]+)\)")
    interpolated = 0
    for row in table.itertuples():
        match = pattern.match(row.source)
        if match:
            interpolated += 1
            assert row.status == "estimate"
            ends = [value.get((row.municipality, int(year))) for year in match.groups()]
            if None in ends and stated.search(row.source):
                share, start, end, _ = stated.search(row.source).groups()
                a, b = (float(x.replace(" ", "")) for x in (start, end))
                assert float(row.value) == pytest.approx(a + (b - a) * float(share), abs=0.6)
                continue
            if None in ends:  # an end outside the table, not restated: the steps are equal
                known = int(match.group(2))
                steps = np.diff(
                    [value[row.municipality, y] for y in range(int(row.year), known + 1)]
                )
                assert np.ptp(steps) <= 1.0, (row.municipality, row.year)
                continue
            low, high = ends
            assert min(low, high) <= float(row.value) <= max(low, high)
    assert interpolated > 0


@pytest.mark.parametrize("name", ["population.csv", "employees.csv", "distances.csv"])
def test_every_row_has_a_source_and_a_status(name: str) -> None:
    table = _csv(name)
    assert len(table) > 0
    assert (table["source"].str.strip() != "").all()
    assert table["status"].isin(["verified", "estimate"]).all()


def test_employee_rows_are_estimates_with_their_reasoning() -> None:
    table = _csv("employees.csv")
    assert (table["status"] == "estimate").all()
    assert table["source"].str.startswith("estimate: ").all()
    assert table["source"].str.contains("per 100 inhabitants").all()


def test_sources_list_every_figure_used(facts: Facts) -> None:
    sources = facts.sources
    assert list(sources.columns) == [
        "series",
        "municipality",
        "year",
        "value",
        "unit",
        "status",
        "source",
    ]
    assert (sources["series"] == "population").sum() == len(YEARS) * 5
    assert (sources["series"] == "employees").sum() == len(YEARS) * 5
    assert (sources["series"] == "distance").sum() == 10
    assert sources["status"].isin(["verified", "estimate"]).all()


def test_columns_follow_the_requested_order(facts: Facts) -> None:
    order = ("Älvsbyn", "Luleå", "Piteå")
    some = load_facts(DEFAULT_DATA_DIR, order, [2023, 2017])
    columns = [FIVE.index(name) for name in order]
    rows = [YEARS.index(2023), YEARS.index(2017)]
    assert some.municipalities == order and some.years.tolist() == [2023, 2017]
    assert np.array_equal(some.population, facts.population[np.ix_(rows, columns)])
    assert np.array_equal(some.employees, facts.employees[np.ix_(rows, columns)])
    assert np.array_equal(some.distance_km, facts.distance_km[np.ix_(columns, columns)])


@settings(max_examples=15, deadline=None)
@given(order=st.permutations(FIVE))
def test_any_order_permutes_the_columns(order: list[str]) -> None:
    reference = load_facts(DEFAULT_DATA_DIR, FIVE, YEARS)
    permuted = load_facts(DEFAULT_DATA_DIR, order, YEARS)
    columns = [FIVE.index(name) for name in order]
    assert np.array_equal(permuted.population, reference.population[:, columns])
    assert np.array_equal(permuted.distance_km, reference.distance_km[np.ix_(columns, columns)])


def test_arrays_are_read_only(facts: Facts) -> None:
    with pytest.raises(ValueError):
        facts.population[0, 0] = 1.0


def test_single_municipality_needs_no_distances() -> None:
    one = load_facts(DEFAULT_DATA_DIR, ["Kalix"], [2013])
    assert one.distance_km.tolist() == [[0.0]]
    assert (one.sources["series"] != "distance").all()


def test_unknown_municipality_suggests_the_nearest_name() -> None:
    with pytest.raises(InputError, match="did you mean 'Piteå'") as caught:
        load_facts(DEFAULT_DATA_DIR, ["Pitea"], [2017])
    assert caught.value.file.endswith("population.csv") and caught.value.field == "municipality"


def test_year_outside_the_data_lists_the_years_available() -> None:
    with pytest.raises(InputError, match="years available for Boden: 2013, 2014") as caught:
        load_facts(DEFAULT_DATA_DIR, ["Boden"], [2012])
    assert caught.value.value == 2012


def test_requested_municipality_twice_is_rejected() -> None:
    with pytest.raises(InputError, match="municipalities"):
        load_facts(DEFAULT_DATA_DIR, ["Boden", "Boden"], [2017])


# (fixture folder, file named, field named, value named, CSV line or None)
BROKEN = [
    ("missing_file", "employees.csv", "file", "employees.csv", None),
    ("missing_column", "population.csv", "header", "missing: source", 1),  # value: the header read
    ("non_numeric_value", "employees.csv", "value", "'4 192'", 3),
    ("negative_value", "population.csv", "value", "'-8200'", 4),
    ("unknown_municipality", "employees.csv", "municipality", "'Älvsbyn'", None),
    ("missing_year", "employees.csv", "year (for Piteå)", "2014", None),
    ("duplicate_row", "population.csv", "municipality, year", "'Piteå 2013'", 3),
    ("missing_pair", "distances.csv", "from, to", "'Älvsbyn–Boden'", None),
    ("empty_source", "population.csv", "source", "''", 7),
    ("bad_status", "population.csv", "status", "'verifierad'", 2),
    ("wrong_unit", "employees.csv", "unit", "'FTE'", 6),
    ("duplicate_pair", "distances.csv", "from, to", "'Boden–Piteå'", 5),
    ("non_numeric_distance", "distances.csv", "road_km", "'ca 55'", 2),
]


def test_every_broken_fixture_has_a_case() -> None:
    assert {path.name for path in BAD.iterdir() if path.is_dir()} == {case[0] for case in BROKEN}


@pytest.mark.parametrize(
    ("folder", "file", "field", "value", "line"), BROKEN, ids=[c[0] for c in BROKEN]
)
def test_broken_fixture_names_file_field_and_value(
    folder: str, file: str, field: str, value: str, line: int | None
) -> None:
    with pytest.raises(InputError) as caught:
        load_facts(BAD / folder, *BAD_REQUEST)
    message = str(caught.value)
    assert Path(caught.value.file).name == file and caught.value.field == field
    assert f"{file}" in message and f": {field}: got " in message and value in message
    assert caught.value.line == line
    if line is not None:
        assert f"line {line}:" in message


def test_unknown_municipality_fixture_suggests_the_misspelt_name() -> None:
    with pytest.raises(InputError, match="did you mean 'Alvsbyn'"):
        load_facts(BAD / "unknown_municipality", *BAD_REQUEST)


@pytest.mark.parametrize("kind", ["fifo", "folder", "zero", "oversized", "tiny", "huge"])
def test_a_data_file_past_the_limits_is_an_input_error(kind: str, tmp_path: Path) -> None:
    """Only regular files of at most 10 MB are read; numbers are zero or of magnitude 1e-12 to
    1e15 (issue 10: a FIFO or /dev/zero as a data file hung the loader)."""
    for name in ("population.csv", "employees.csv", "distances.csv"):
        (tmp_path / name).write_bytes((DEFAULT_DATA_DIR / name).read_bytes())
    population = tmp_path / "population.csv"
    population.unlink()
    text = (DEFAULT_DATA_DIR / "population.csv").read_text(encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(population)
    elif kind == "folder":
        population.mkdir()
    elif kind == "zero":
        population.symlink_to("/dev/zero")
    elif kind == "oversized":
        population.write_text(text + "#" * 10_000_001, encoding="utf-8")
    else:
        number = "1e-300" if kind == "tiny" else "1e300"
        population.write_text(text.replace(",27600,", f",{number},", 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_facts(tmp_path, FIVE, YEARS)
    assert Path(caught.value.file).name == "population.csv"
    assert caught.value.field == ("value" if kind in ("tiny", "huge") else "file")


# --- projections past the last data year ------------------------------------------------------------


def test_years_past_the_data_are_projected_from_the_last_five_years_trend() -> None:
    facts = load_facts(DEFAULT_DATA_DIR, ["Boden"], [2025, 2026, 2028])
    # Boden 2021–2025: 28 012, 27 977, 27 943, 28 298, 28 652 (population.csv). Least-squares slope
    # with x = year − 2023: Σx·y / Σx² = (−2·28 012 − 27 977 + 28 298 + 2·28 652) / 10 = 160.1 a
    # year; 2026 = 28 652 + 160.1 = 28 812.1 → 28 812; 2028 = 28 652 + 3 × 160.1 = 29 132.3 → 29 132.
    assert facts.population[:, 0].tolist() == [28652.0, 28812.0, 29132.0]
    rows = facts.sources[(facts.sources["series"] == "population")].set_index("year")
    assert rows.loc[2025, "status"] == "verified" and rows.loc[2026, "status"] == "projection"
    assert rows.loc[2028, "source"].startswith("projection: 28 652 in 2025 +160.1 persons a year")
    assert (
        "2021 28 012, 2022 27 977, 2023 27 943, 2024 28 298, 2025 28 652"
        in rows.loc[2028, "source"]
    )


def test_projections_stop_ten_years_past_the_data() -> None:
    assert load_facts(DEFAULT_DATA_DIR, ["Kalix"], [2035]).population.shape == (1, 1)
    with pytest.raises(InputError, match="for Kalix: 2013, .*, 2025 and 2026–2035 projected$"):
        load_facts(DEFAULT_DATA_DIR, ["Kalix"], [2036])


def _data_copy(tmp_path: Path, population: list[str]) -> Path:
    for name in ("employees.csv", "distances.csv"):
        (tmp_path / name).write_bytes((DEFAULT_DATA_DIR / name).read_bytes())
    (tmp_path / "population.csv").write_text("\n".join(population) + "\n", encoding="utf-8")
    return tmp_path


def test_a_gap_in_the_last_five_years_is_not_projected(tmp_path: Path) -> None:
    lines = (DEFAULT_DATA_DIR / "population.csv").read_text(encoding="utf-8").splitlines()
    data = _data_copy(tmp_path, [line for line in lines if not line.startswith("Boden,2023,")])
    with pytest.raises(InputError, match="years available for Boden") as caught:
        load_facts(data, ["Boden"], [2026])
    assert caught.value.value == 2026 and caught.value.file.endswith("population.csv")


def test_rows_marked_projection_are_data_and_extended_past_them(tmp_path: Path) -> None:
    lines = (DEFAULT_DATA_DIR / "population.csv").read_text(encoding="utf-8").splitlines()
    given = 'Boden,2026,30000,persons,projection,"a projection entered by hand (test)"'
    data = _data_copy(tmp_path, [*lines, given])
    facts = load_facts(data, ["Boden"], [2026, 2028])
    # Trend of 2022–2026: (−2·27 977 − 27 943 + 28 652 + 2·30 000) / 10 = 475.5 a year;
    # 2028 = 30 000 + 2 × 475.5 = 30 951.
    assert facts.population[:, 0].tolist() == [30000.0, 30951.0]
    assert facts.sources["source"].iloc[0] == "a projection entered by hand (test)"
