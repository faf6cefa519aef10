"""report.xlsx: a summary sheet first, the tables in words of the report language with their values
unchanged, number formats that keep each figure's precision, a page setup for A4 on every sheet,
long tables kept out of print, text never a formula; and LibreOffice prints the Piteå–Älvsbyn
workbook on at most 40 pages."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers import SCENARIOS
from openpyxl.worksheet.worksheet import Worksheet

from simulator import cli, scenario
from simulator.engine.catalogue import component_label, service_title
from simulator.report import workbook
from simulator.report.workbook import (
    ASSUMPTION_COLUMNS,
    assumptions_table,
    header,
    sheet_name,
    write_workbook,
)

FIXTURES = Path(__file__).parent / "fixtures" / "report"
STEMS = ("workload", "staffing", "costs", "game", "projection", "allocations")
CODES = {
    "payroll",
    "personnel",
    "running",
    "one_off",
    "shapley",
    "proportional:population",
    "proposed_key",
    "npv",
    "True",
    "False",
    "economics",
}
"""Codes of the tidy tables that a reader of the Swedish workbook must never see in a cell."""


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
    write_workbook(csv_tables, assumptions_table(pitea), path, "sv", footer="Fixture (fixture)")
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Piteå–Älvsbyn results folder, with PNG charts."""
    out = tmp_path_factory.mktemp("run") / "pitea"
    pitea = SCENARIOS / "pitea_alvsbyn.yaml"
    assert cli.main(["run", str(pitea), "--out", str(out), "--charts", "png"]) == 0
    return out


@pytest.fixture(scope="module")
def report(run: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(run / "report.xlsx")


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


def _column(ws: Worksheet, title: str) -> list[object]:
    """The cells under header ``title``."""
    j = [c.value for c in ws[1]].index(title)
    return [row[j] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_sheet_names_and_headers_in_both_languages() -> None:
    assert sheet_name("costs", "sv") == "Kostnader"
    assert sheet_name("key_comparison", "en") == "Key comparison"
    assert (
        sheet_name("a_table_nobody_named_with_a_long_stem", "sv")
        == "a_table_nobody_named_with_a_lon"
    )
    assert header("cost_sek", "sv") == "Kostnad (kr)"
    assert header("within_declared_range", "en") == "Within the model's plausible range"
    assert header("in_core_all_years", "sv") == "I kärnan alla år"
    assert header("no_such_column", "en") == "no_such_column"


def test_the_summary_first_then_the_tables_in_reading_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [
        "Sammanfattning",
        "Prognos",
        "Fördelning",
        "Bemanning",
        "Spel",
        "Kostnader",
        "Arbetsvolym",
        "Antaganden",
        "Källor",
    ]


@pytest.mark.parametrize("stem", ["workload", "staffing", "costs", "projection"])
def test_numbers_equal_the_csv_and_codes_are_words(
    book: openpyxl.Workbook, csv_tables: dict[str, pd.DataFrame], stem: str
) -> None:
    frame = csv_tables[stem]
    rows = list(book[sheet_name(stem, "sv")].iter_rows(values_only=True))
    shown = [c for c in frame.columns if c != "scenario"]  # one scenario: named in the footer
    assert list(rows[0]) == [header(c, "sv") for c in shown]
    assert len(rows) - 1 == len(frame)
    numbers = [c for c in shown if pd.api.types.is_numeric_dtype(frame[c])]
    for written, (_, expected) in zip(rows[1:], frame.iterrows()):
        cells = dict(zip(shown, written))
        assert all(_same(cells[c], expected[c]) for c in numbers), (written, expected)
        if "service" in cells:
            assert cells["service"] == service_title(expected["service"], "sv")
        if stem == "costs":
            assert cells["component"] == component_label(expected["component"], "sv")
            assert (
                cells["kind"]
                == {"running": "Löpande", "one_off": "Engångskostnad"}[expected["kind"]]
            )


def test_year_and_present_value_are_apart_in_a_period_column(book: openpyxl.Workbook) -> None:
    game = book["Spel"]
    assert game["A1"].value == "Period"
    periods = _column(game, "Period")
    assert {type(y) for y in periods} == {int, str} and {
        y for y in periods if isinstance(y, str)
    } == {"Nuvärde"}
    assert [c.value for c in book["Prognos"][1]][0] == "År"  # years only: a year column


def test_no_code_in_any_cell_of_the_swedish_workbook(report: openpyxl.Workbook) -> None:
    for ws in report.worksheets:
        if ws.title in ("Antaganden", "Källor"):  # parameter names are the scenario file's
            continue
        found = {c.value for row in ws.iter_rows() for c in row if c.value in CODES}
        assert not found, (ws.title, found)
        headers = {c.value for c in ws[1]}
        assert not headers & {"driver", "weight", "objective", "in_core_all_years", "year"}


def _widths(ws: Worksheet) -> list[float | None]:
    """The width of each column; one ``<col min max>`` element may set several columns."""
    width = {}
    for dimension in ws.column_dimensions.values():
        for j in range(dimension.min, dimension.max + 1):
            width[j] = dimension.width
    return [width.get(j) for j in range(1, ws.max_column + 1)]


def test_layout_frozen_header_autofilter_widths(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets[1:]:
        assert ws.freeze_panes == "A2"
        assert (
            ws.auto_filter.ref
            == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
        )
        widths = _widths(ws)
        assert all(w is not None and 6 <= w <= 103 for w in widths), (ws.title, widths)
        assert all(cell.font.b for cell in ws[1])


def test_page_setup_on_every_sheet(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.page_setup.orientation in ("portrait", "landscape")
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
        assert ws.oddFooter.left.text.startswith("Fixture (fixture)")
        assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text
        if ws.title != "Sammanfattning":
            assert ws.print_title_rows == "$1:$1", ws.title  # the header on every page
    # the game (8 columns) fits portrait; the assumptions (10 printed columns) need landscape
    assert book["Prognos"].page_setup.orientation == "portrait"
    assert book["Antaganden"].page_setup.orientation == "landscape"


def test_number_formats(book: openpyxl.Workbook) -> None:
    costs = book["Kostnader"]
    assert set(_formats(costs, "Kostnad (kr)")) == {"#,##0"}
    assert set(_formats(costs, "År")) == {"General"}  # years: no thousands separator
    assert set(_formats(book["Bemanning"], "Årsarbetare, behov")) == {"0.00"}
    # the fixture's saving_pct holds numbers of percent (12.3), shown with a percent sign
    assert set(_formats(book["Fördelning"], "Besparing (andel)")) == {'0.0" %"'}


def _formats(ws: Worksheet, title: str) -> list[str]:
    j = [c.value for c in ws[1]].index(title) + 1
    return [ws.cell(row=r, column=j).number_format for r in range(2, ws.max_row + 1)]


def test_each_parameter_keeps_its_decimals(book: openpyxl.Workbook) -> None:
    ws = book["Antaganden"]
    names = _column(ws, "Parameter")
    values = _column(ws, "Värde")
    formats = _formats(ws, "Värde")
    shown = {n: (v, f) for n, v, f in zip(names, values, formats)}
    # discount rate 0.035 (ASEK): three decimals, shown 0,035 and not 0,04; PO 38.46 %: four
    assert shown["discount_rate"] == (0.035, "#,##0.000")
    assert shown["employer_overhead"] == (0.3846, "#,##0.0000")
    assert shown["productive_hours_per_fte"] == (1600, "#,##0")
    # settings in words: a key of shares and a switch
    assert shown["settings.shares"][0] == "Piteå 0,8; Älvsbyn 0,2"
    assert shown["settings.existing"][0] == "ja"
    units = dict(zip(names, _column(ws, "Enhet")))
    assert units["discount_rate"] == "per år" and units["hourly_cost"] == "kr/h"


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
    write_workbook({"costs": frame}, assumptions, path, "sv", footer="=1+1 & co")
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
    for sheet in ("Antaganden", "Källor"):
        source = [c.value for c in book[sheet][1]].index("Källa")
        assert all(
            row[source].data_type == "s" and row[source].quotePrefix
            for row in book[sheet].iter_rows(min_row=2)
        )
    assert book["Kostnader"].oddFooter.left.text.startswith("=1+1 && co")  # & doubled


def test_missing_values_are_empty_cells(tmp_path: Path, pitea: scenario.Scenario) -> None:
    frame = pd.DataFrame(
        {"cost_sek": [1.0, float("nan"), float("inf")], "unit": ["SEK", None, "SEK"]}
    )
    write_workbook({"costs": frame}, assumptions_table(pitea), tmp_path / "r.xlsx", "sv")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Kostnader"]
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == [1.0, None, None]
    assert ws["B3"].value is None and ws["B2"].value == "kr"  # the unit in Swedish


@pytest.mark.parametrize("name", ["pitea_alvsbyn", "lulea_region", "pitea_alvsbyn_high_service"])
def test_assumptions_sheet_lists_every_parameter(tmp_path: Path, name: str) -> None:
    sc = scenario.load(SCENARIOS / f"{name}.yaml")
    table = assumptions_table(sc)
    assert list(table.columns) == ASSUMPTION_COLUMNS
    params = [(block, p.name) for block, p in sc.parameters()]
    assert list(zip(table["block"], table["name"]))[: len(params)] == params
    settings = table.iloc[len(params) :]  # then every setting, with its source
    assert (settings["description"] == "setting").all() and settings["source"].str.len().min() > 0
    with_settings = {name for name, s in sc.services.items() if s.settings is not None}
    assert {"switchboard", "it_support"} <= set(settings["block"]) <= with_settings
    path = tmp_path / "report.xlsx"
    write_workbook({}, table, path, "sv")
    book = openpyxl.load_workbook(path)
    rows = list(book["Antaganden"].iter_rows(values_only=True))
    assert len(rows) - 1 == len(table)
    heads = list(rows[0])
    assert heads[-2:] == ["Beskrivning", "Källa"] and "Källa (nr)" in heads
    notes = {r[0]: r[1] for r in book["Källor"].iter_rows(min_row=2, values_only=True)}
    assert len(notes) == table["source"].nunique()  # each source once
    for row, (_, p) in zip(rows[1:], sc.parameters()):
        cells = dict(zip(heads, row))
        assert cells["Parameter"] == p.name
        assert (cells["Värde"], cells["Lägsta rimliga"], cells["Högsta rimliga"]) == (
            p.value,
            p.low,
            p.high,
        )
        assert cells["Källa"] == p.source == notes[cells["Källa (nr)"]]
        assert cells["Satt av"] == ("Modellen" if p.origin == "default" else p.origin)


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
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == ["kr", None, "h"]


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


def test_a_long_table_stays_out_of_print_and_the_summary_says_so(
    tmp_path: Path, pitea: scenario.Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "PRINTED_ROWS", 10)
    costs = pd.DataFrame({"year": range(2000, 2030), "cost_sek": 1.0})  # 30 rows: too long
    game = pd.DataFrame({"year": [2020] * 20 + ["npv"] * 4, "cost_sek": 2.0})  # 4 of 24 printed
    path = tmp_path / "r.xlsx"
    write_workbook({"costs": costs, "game": game}, assumptions_table(pitea), path, "sv")
    book = openpyxl.load_workbook(path)
    # the print area of the long table is an empty cell right of it: nothing is printed
    assert book["Kostnader"].print_area == "'Kostnader'!$D$1"
    assert book["Kostnader"]["D1"].value is None and book["Kostnader"].max_row == 31
    # the present value first, and only its rows printed
    assert _column(book["Spel"], "Period")[:5] == ["Nuvärde"] * 4 + [2020]
    assert book["Spel"].print_area == "'Spel'!$A$1:$B$5"
    summary = " ".join(
        str(c.value) for row in book["Sammanfattning"].iter_rows() for c in row if c.value
    )
    assert "utanför utskriftsområdet: Kostnader (30 rader)." in summary
    assert "Bara nuvärdet skrivs ut av Spel (4 av 24 rader)" in summary


def test_a_table_longer_than_a_sheet_is_cut_and_the_summary_says_so(
    tmp_path: Path, pitea: scenario.Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a sheet of 6 rows holds a header and 5 rows: 9 rows are cut to 5 (costs.csv of 14
    # municipalities has more than the 1 048 576 rows of a real sheet)
    monkeypatch.setattr(workbook, "SHEET_ROWS", 6)
    costs = pd.DataFrame({"cost_sek": [float(i) for i in range(9)]})
    path = tmp_path / "r.xlsx"
    write_workbook({"costs": costs}, assumptions_table(pitea), path, "sv")
    book = openpyxl.load_workbook(path)
    assert _column(book["Kostnader"], "Kostnad (kr)") == [0.0, 1.0, 2.0, 3.0, 4.0]
    summary = " ".join(
        str(c.value) for row in book["Sammanfattning"].iter_rows() for c in row if c.value
    )
    assert "tabellen har 9 rader" in summary and "de första 5" in summary
    assert "costs.csv" in summary


def test_a_table_longer_than_the_workbook_limit_stays_in_csv_only(
    tmp_path: Path, pitea: scenario.Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    # with a limit of 8 rows, the 9 rows of costs are left out of the workbook (as the 25 million
    # detail rows of the 14 Norrbotten municipalities are) and the 3 rows of projection are kept
    monkeypatch.setattr(workbook, "WORKBOOK_ROWS", 8)
    costs = pd.DataFrame({"cost_sek": [float(i) for i in range(9)]})
    projection = pd.DataFrame({"year": [2014, 2015, 2016], "saving_sek": [1.0, 2.0, 3.0]})
    path = tmp_path / "r.xlsx"
    write_workbook({"costs": costs, "projection": projection}, assumptions_table(pitea), path, "sv")
    book = openpyxl.load_workbook(path)
    assert "Kostnader" not in book.sheetnames and "Prognos" in book.sheetnames
    summary = " ".join(
        str(c.value) for row in book["Sammanfattning"].iter_rows() for c in row if c.value
    )
    assert "Tabeller med fler än 8 rader finns bara som CSV-filer" in summary
    assert "costs.csv (9 rader)" in summary


def test_the_summary_sheet_of_a_run(run: Path, report: openpyxl.Workbook) -> None:
    assert report.sheetnames[0] == "Sammanfattning"
    ws = report["Sammanfattning"]
    cells = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells[0] == "Piteå och Älvsbyn – samverkan i stödfunktioner (förstudie 2014)"
    assert "Scenario: pitea_alvsbyn" in cells and "Nyckeltal" in cells
    # the net present value in tkr: the sum of the discounted net savings of projection.csv
    projection = pd.read_csv(run / "projection.csv")
    npv = cells[cells.index("Belopp (tkr)") + 2]
    assert npv == pytest.approx(projection["discounted_saving_sek"].sum() / 1e3)
    # who pays what: the proposed key's cost per member in tkr, from allocations.csv
    allocations = pd.read_csv(run / "allocations.csv")
    key = allocations[
        (allocations["year"] == "npv")
        & (allocations["service"] == "total")
        & (allocations["method"] == "proposed_key")
    ].set_index("municipality")["cost_sek"]
    at = cells.index("Föreslagen nyckel")
    assert cells[at + 1 : at + 3] == pytest.approx([key["Piteå"] / 1e3, key["Älvsbyn"] / 1e3])
    # the keys in words (payroll's, the most robust over the run's draws, freezes 2016's costs)
    assert any(
        str(c).startswith("Löneadministration: Kostnaden fördelas efter kommunernas egen kostnad")
        for c in cells
    )
    # every PNG chart drawn is on the summary sheet
    with zipfile.ZipFile(run / "report.xlsx") as archive:
        media = [n for n in archive.namelist() if n.startswith("xl/media/")]
    assert len(media) == len(list((run / "charts").glob("*.png"))) > 0


def _pages(pdf: Path) -> int:
    """Pages of a PDF: with pypdf where installed, else its page objects counted."""
    try:
        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))
    return len(PdfReader(pdf).pages)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_prints_the_workbook_on_at_most_40_pages(run: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile"  # a profile of its own: runs in parallel do not collide
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(run / "report.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pages = _pages(tmp_path / "report.pdf")
    assert 0 < pages <= 40
