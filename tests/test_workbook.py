"""report.xlsx: the tables reopen equal to the CSV files, numbers are formatted, text is never a formula,
and the assumptions sheet lists every parameter."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import SCENARIOS
from openpyxl.worksheet.worksheet import Worksheet

from simulator import scenario
from simulator.report.workbook import (
    ASSUMPTION_COLUMNS,
    assumptions_table,
    header,
    sheet_name,
    write_workbook,
)

FIXTURES = Path(__file__).parent / "fixtures" / "report"
STEMS = ("workload", "staffing", "costs", "game", "projection", "allocations")


@pytest.fixture(scope="module")
def csv_tables() -> dict[str, pd.DataFrame]:
    return {stem: pd.read_csv(FIXTURES / f"{stem}.csv") for stem in STEMS}


@pytest.fixture(scope="module")
def pitea() -> scenario.Scenario:
    return scenario.load(SCENARIOS / "pitea_alvsbyn.yaml")


@pytest.fixture(scope="module")
def book(
    csv_tables: dict[str, pd.DataFrame],
    pitea: scenario.Scenario,
    tmp_path_factory: pytest.TempPathFactory,
) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("workbook") / "report.xlsx"
    write_workbook(csv_tables, assumptions_table(pitea), path, "sv")
    return openpyxl.load_workbook(path)


def _same(cell: object, value: object) -> bool:
    if isinstance(value, float) and math.isnan(value):
        return cell is None
    if (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and isinstance(cell, (int, float))
    ):
        return cell == pytest.approx(value, rel=1e-12, abs=1e-9)
    return str(cell) == str(value)


def test_sheet_names_and_headers_in_both_languages() -> None:
    assert sheet_name("costs", "sv") == "Kostnader"
    assert sheet_name("key_comparison", "en") == "Key comparison"
    assert (
        sheet_name("a_table_nobody_named_with_a_long_stem", "sv")
        == "a_table_nobody_named_with_a_lon"
    )
    assert header("cost_sek", "sv") == "Kostnad (kr)"
    assert header("within_declared_range", "en") == "Within the model's plausible range"
    assert header("no_such_column", "en") == "no_such_column"


def test_one_sheet_per_table_then_the_assumptions(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [
        "Arbetsvolym",
        "Bemanning",
        "Kostnader",
        "Spel",
        "Prognos",
        "Fördelning",
        "Antaganden",
    ]


@pytest.mark.parametrize("stem", STEMS)
def test_sheet_values_equal_the_csv(
    book: openpyxl.Workbook, csv_tables: dict[str, pd.DataFrame], stem: str
) -> None:
    frame = csv_tables[stem]
    rows = list(book[sheet_name(stem, "sv")].iter_rows(values_only=True))
    assert list(rows[0]) == [header(c, "sv") for c in frame.columns]
    assert len(rows) - 1 == len(frame)
    for written, expected in zip(rows[1:], frame.itertuples(index=False, name=None)):
        assert all(_same(w, e) for w, e in zip(written, expected)), (written, expected)


def test_years_that_share_a_column_with_npv_are_numbers(book: openpyxl.Workbook) -> None:
    years = [row[1] for row in book["Spel"].iter_rows(min_row=2, values_only=True)]
    assert {type(y) for y in years} == {int, str} and {y for y in years if isinstance(y, str)} == {
        "npv"
    }


def _widths(ws: Worksheet) -> list[float | None]:
    """The width of each column; one ``<col min max>`` element may set several columns."""
    width = {}
    for dimension in ws.column_dimensions.values():
        for j in range(dimension.min, dimension.max + 1):
            width[j] = dimension.width
    return [width.get(j) for j in range(1, ws.max_column + 1)]


def test_layout_frozen_header_autofilter_widths(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2"
        assert (
            ws.auto_filter.ref
            == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
        )
        widths = _widths(ws)
        assert all(w is not None and 6 <= w <= 62 for w in widths), (ws.title, widths)
        assert all(cell.font.b for cell in ws[1])


def test_number_formats(book: openpyxl.Workbook) -> None:
    costs = book["Kostnader"]
    assert {c.number_format for c in costs["G"][1:]} == {"#,##0"}
    assert {c.number_format for c in costs["B"][1:]} == {"General"}  # years: no thousands separator
    assert {c.number_format for c in book["Bemanning"]["E"][1:]} == {"0.00"}
    allocations = book["Fördelning"]
    column = [c.value for c in allocations[1]].index("Besparing (andel)") + 1
    # the fixture's saving_pct holds numbers of percent (12.3), shown with a percent sign, not multiplied
    assert {allocations.cell(row=r, column=column).number_format for r in range(2, 6)} == {
        '0.0" %"'
    }


def test_saving_shares_are_shown_as_percent(tmp_path: Path, pitea: scenario.Scenario) -> None:
    frame = pd.DataFrame({"municipality": ["Piteå", "Älvsbyn"], "saving_pct": [0.068, 0.209]})
    write_workbook({"allocations": frame}, assumptions_table(pitea), tmp_path / "r.xlsx", "en")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Allocations"]
    assert ws["B2"].number_format == "0.0%" and ws["B2"].value == pytest.approx(0.068)
    assert [c.value for c in ws[1]] == ["Municipality", "Saving (share)"]


def test_formula_injection_is_neutralised(tmp_path: Path, pitea: scenario.Scenario) -> None:
    hostile = [
        "=1+1",
        "+SUM(A1:A9)",
        "-2+3",
        "@SUM(A1)",
        '=HYPERLINK("http://x","y")',
        "\t=1",
        "plain",
    ]
    frame = pd.DataFrame({"source": hostile, "value": range(len(hostile))})
    assumptions = assumptions_table(pitea).assign(source="=cmd|' /C calc'!A0")
    path = tmp_path / "report.xlsx"
    write_workbook({"costs": frame}, assumptions, path, "sv")
    with zipfile.ZipFile(path) as archive:
        xml = "".join(
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.startswith("xl/worksheets/")
        )
    assert "<f>" not in xml and "<f " not in xml
    book = openpyxl.load_workbook(path)
    cells = [row[0] for row in book["Kostnader"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == hostile
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells[:-1]) and not cells[-1].quotePrefix
    source = [c.value for c in book["Antaganden"][1]].index("Källa")
    assert all(
        row[source].data_type == "s" and row[source].quotePrefix
        for row in book["Antaganden"].iter_rows(min_row=2)
    )


def test_missing_values_are_empty_cells(tmp_path: Path, pitea: scenario.Scenario) -> None:
    frame = pd.DataFrame(
        {"cost_sek": [1.0, float("nan"), float("inf")], "unit": ["SEK", None, "SEK"]}
    )
    write_workbook({"costs": frame}, assumptions_table(pitea), tmp_path / "r.xlsx", "sv")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Kostnader"]
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == [1.0, None, None]
    assert ws["B3"].value is None


@pytest.mark.parametrize("name", ["pitea_alvsbyn", "lulea_region", "pitea_alvsbyn_high_service"])
def test_assumptions_sheet_lists_every_parameter(tmp_path: Path, name: str) -> None:
    sc = scenario.load(SCENARIOS / f"{name}.yaml")
    table = assumptions_table(sc)
    assert list(table.columns) == ASSUMPTION_COLUMNS
    params = [(block, p.name) for block, p in sc.parameters()]
    assert list(zip(table["block"], table["name"]))[: len(params)] == params
    settings = table.iloc[len(params) :]  # then every setting, with its source
    assert (settings["description"] == "setting").all() and settings["source"].str.len().min() > 0
    # settings given in the file are listed (a service whose settings are all defaults, such as
    # payroll's per-municipality manual shares left out, may have none)
    with_settings = {name for name, s in sc.services.items() if s.settings is not None}
    assert {"switchboard", "it_support"} <= set(settings["block"]) <= with_settings
    path = tmp_path / "report.xlsx"
    write_workbook({}, table, path, "sv")
    rows = list(openpyxl.load_workbook(path)["Antaganden"].iter_rows(values_only=True))
    assert rows[0] == tuple(header(c, "sv") for c in ASSUMPTION_COLUMNS)
    used = {(block, p.name): p for block, p in sc.parameters()}
    assert len(rows) - 1 == len(table)
    for block, param, value, unit, low, high, source, origin, *_ in rows[1 : len(used) + 1]:
        p = used[(block, param)]
        assert (value, unit, low, high, source, origin) == (
            p.value,
            p.unit,
            p.low,
            p.high,
            p.source,
            p.origin,
        )


def test_the_same_tables_give_the_same_bytes(
    csv_tables: dict[str, pd.DataFrame], pitea: scenario.Scenario, tmp_path: Path
) -> None:
    table = assumptions_table(pitea)
    write_workbook(csv_tables, table, tmp_path / "a.xlsx", "sv")
    write_workbook(csv_tables, table, tmp_path / "b.xlsx", "sv")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_empty_text_is_an_empty_cell(tmp_path: Path, pitea: scenario.Scenario) -> None:
    frame = pd.DataFrame({"unit": ["SEK", "", "h"]})
    write_workbook({"costs": frame}, assumptions_table(pitea), tmp_path / "r.xlsx", "sv")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Kostnader"]
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == ["SEK", None, "h"]


def test_a_column_that_is_empty_throughout_gets_a_width(tmp_path: Path) -> None:
    """A column with no value at all (e.g. a given-cost programme outside its years) is laid out,
    not a crash (found by fuzzing)."""
    table = pd.DataFrame({"scenario": ["x", "x"], "saving_pct": [math.nan, math.nan]})
    write_workbook(
        {"projection": table},
        pd.DataFrame(columns=ASSUMPTION_COLUMNS),
        tmp_path / "report.xlsx",
        "sv",
    )
    assert (tmp_path / "report.xlsx").stat().st_size > 0
