"""Decision-document charts: they render without warnings from the small fixture and from the shipped
scenarios, state their message from the data, and write Swedish numbers in Swedish."""

from __future__ import annotations

import importlib.util
import re
import shutil
import struct
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import ROOT, SCENARIOS
from matplotlib.figure import Figure

from simulator import engine, queueing, scenario
from simulator.engine import evaluation
from simulator.engine.projection import payback_year
from simulator.report import charts, style, tables
from simulator.report.charts import base, ternary
from simulator.report.charts.core import game_costs
from simulator.report.formatting import mnkr

FIXTURES = Path(__file__).parent / "fixtures" / "report"
SOURCE = "Källa: samverkan, scenario fixture, 2026-11-22"
NBSP = "\u00a0"


def _load_helper():
    spec = importlib.util.spec_from_file_location(
        "make_allocations", FIXTURES / "make_allocations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


allocations_from_game = _load_helper().allocations_from_game


@pytest.fixture(scope="module")
def fixture() -> dict[str, pd.DataFrame]:
    return {
        stem: pd.read_csv(FIXTURES / f"{stem}.csv")
        for stem in ("costs", "staffing", "workload", "game", "projection", "allocations")
    }


def _run_tables(name: str) -> tuple[dict[str, pd.DataFrame], scenario.Scenario]:
    sc = scenario.load(SCENARIOS / f"{name}.yaml")
    run = engine.run(sc)
    out = tables.all_tables(run) | {"service_levels": evaluation.service_level_table(run)}
    if "allocations" not in out:  # until the run writes its own allocations table
        out["allocations"] = allocations_from_game(out["game"], ("total",), ("npv",))
    return out, sc


@pytest.fixture(scope="module", params=["pitea_alvsbyn", "lulea_region"])
def shipped(request: pytest.FixtureRequest) -> tuple[dict[str, pd.DataFrame], scenario.Scenario]:
    return _run_tables(request.param)


@pytest.fixture(scope="module")
def pitea() -> tuple[dict[str, pd.DataFrame], scenario.Scenario]:
    return _run_tables("pitea_alvsbyn")


def _service_levels(
    workload: pd.DataFrame, patience: float | None = None, aht: float = 180.0
) -> pd.DataFrame:
    """The ``service_levels`` table a queueing service would hand over for the fixture's
    ``peak_traffic`` rows: answered within 60 s, target 80 %, agents 1 to 20."""
    peak = workload[workload["measure"] == "peak_traffic"]
    agents = np.arange(1, 21)
    metrics = queueing.queue_metrics(
        agents[:, None], peak["value"].to_numpy()[None, :], aht, 60.0, patience=patience
    )
    rows = peak[["scenario", "year", "service", "coalition"]].loc[peak.index.repeat(agents.size)]
    return rows.assign(
        agents=np.tile(agents, len(peak)),
        peak_traffic=peak["value"].to_numpy().repeat(agents.size),
        service_level=metrics.service_level.T.reshape(-1),
        abandonment=metrics.abandonment.T.reshape(-1),
        answer_within_s=60.0,
        target=0.8,
        patience_s=np.nan if patience is None else patience,
    ).reset_index(drop=True)


def _strict(draw: Callable[[], Figure]) -> Figure:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = draw()
        fig.canvas.draw()
    return fig


def _texts(fig: Figure) -> Iterator[str]:
    """Every visible text of the figure: titles, labels, tick labels, annotations, legends."""
    for artist in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize")):
        if artist.get_visible() and artist.get_text():
            yield artist.get_text()


def _title(fig: Figure) -> str:
    return next(t.get_text() for t in fig.texts if t.get_gid() == "title").replace("\n", " ")


CHARTS: dict[str, Callable[[dict[str, pd.DataFrame], str], Figure]] = {
    "cost_by_service": lambda t, lang: charts.cost_by_service(t["costs"], lang=lang, source=SOURCE),
    "waterfall": lambda t, lang: charts.waterfall(t["costs"], lang=lang, source=SOURCE),
    "waterfall_first_year": lambda t, lang: charts.waterfall(
        t["costs"], year=int(t["costs"]["year"].min()), lang=lang, source=SOURCE
    ),
    "savings": lambda t, lang: charts.savings_over_years(t["projection"], lang=lang, source=SOURCE),
    "allocation": lambda t, lang: charts.allocation_methods(
        t["allocations"], lang=lang, source=SOURCE
    ),
    "allocation_2021": lambda t, lang: charts.allocation_methods(
        t["allocations"], year=2021, lang=lang, source=SOURCE
    ),
    "core": lambda t, lang: charts.core_diagram(
        t["game"], t["allocations"], lang=lang, source=SOURCE
    ),
    "core_alone": lambda t, lang: charts.core_diagram(
        t["game"], None, year=2021, lang=lang, source=SOURCE
    ),
    "erlang_c": lambda t, lang: charts.service_level_curves(
        _service_levels(t["workload"]), lang=lang, source=SOURCE
    ),
    "erlang_a": lambda t, lang: charts.service_level_curves(
        _service_levels(t["workload"], patience=90.0), lang=lang, source=SOURCE
    ),
}


# --- every chart renders, in both languages, without warnings, in print shape --------------------------------


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("name", CHARTS)
def test_chart_renders_from_the_fixture(
    fixture: dict[str, pd.DataFrame], name: str, lang: str
) -> None:
    fig = _strict(lambda: CHARTS[name](fixture, lang))
    width_cm, height_cm = fig.get_size_inches() * 2.54
    assert 15.0 <= width_cm <= 17.5 and 8.0 <= height_cm <= 16.0
    assert [t.get_text() for t in fig.texts if t.get_gid() == "source"] == [SOURCE]
    assert _title(fig)
    sizes = [
        a.get_fontsize()
        for a in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
        if a.get_visible() and a.get_text()
    ]
    assert min(sizes) >= 8.0


def test_write_charts_on_the_shipped_scenarios(
    shipped: tuple[dict[str, pd.DataFrame], scenario.Scenario], tmp_path: Path
) -> None:
    frames, sc = shipped
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        names = charts.write_charts(
            frames,
            tmp_path,
            lang="sv",
            scenario_id=sc.id,
            date="2026-11-22",
        )
    stems = {Path(n).stem for n in names}
    expected = {
        "cost_by_service",
        "waterfall",
        "waterfall_first_year",
        "savings",
        "allocation",
        "service_level_switchboard",
        "service_level_it_support",
        "jobs",
        "saving_sources",
    } | ({"core"} if len(sc.municipalities) <= 3 else set())
    assert stems == expected
    assert sorted(names) == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (tmp_path / name).stat().st_size > 10_000
    assert all(f"{stem}.pdf" in names and f"{stem}.png" in names for stem in stems)


def test_png_is_print_resolution(fixture: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    fig = CHARTS["savings"](fixture, "sv")
    assert charts.save(fig, tmp_path, "savings") == ["savings.png", "savings.pdf"]
    head = (tmp_path / "savings.png").read_bytes()[:24]
    width_px = struct.unpack(">I", head[16:20])[0]
    assert base.PNG_DPI >= 200  # print quality for a chart as wide as the A4 text (17 cm)
    assert width_px == int(fig.get_figwidth() * base.PNG_DPI)  # 1338 px: 6.69 in at 200 dpi
    assert (tmp_path / "savings.pdf").read_bytes().startswith(b"%PDF")
    assert fig.get_layout_engine() is not None  # save lays the figure out once, then restores


def test_pdf_text_stays_searchable(fixture: dict[str, pd.DataFrame], tmp_path: Path) -> None:
    fig = CHARTS["allocation"](fixture, "sv")
    charts.save(fig, tmp_path, "allocation", formats=("pdf",))
    pdf = (tmp_path / "allocation.pdf").read_bytes()
    fonts = pdf.count(b"/Subtype /Type3")
    assert fonts > 0 and pdf.count(b"/ToUnicode") == fonts  # each font maps its glyphs to text
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    words = subprocess.run(
        ["pdftotext", str(tmp_path / "allocation.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for text in (_title(fig), SOURCE):
        assert " ".join(words).count(" ".join(text.split())) == 1, text


def test_write_charts_in_the_formats_asked_for(
    fixture: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    def written(choice: str) -> dict[str, bytes]:
        folder = tmp_path / choice
        folder.mkdir()
        formats = charts.FORMAT_CHOICES[choice]
        names = charts.write_charts(fixture, folder, date="2026-11-22", formats=formats)
        assert sorted(names) == sorted(p.name for p in folder.iterdir())
        return {name: (folder / name).read_bytes() for name in names}

    both = written("all")
    assert len(both) == 2 * 6
    assert written("none") == {}
    # one figure, one layout: the same bytes whichever formats are asked for, run after run
    assert written("png") == {n: b for n, b in both.items() if n.endswith(".png")}
    assert written("pdf") == {n: b for n, b in both.items() if n.endswith(".pdf")}
    with pytest.raises(ValueError, match="svg"):
        charts.write_charts(fixture, tmp_path, date="2026-11-22", formats=("svg",))


def test_write_charts_skips_what_does_not_apply(
    fixture: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    without = {k: v for k, v in fixture.items() if k != "allocations"}
    names = charts.write_charts(without, tmp_path, lang="sv", date="2026-11-22")
    assert {Path(n).stem for n in names} == {
        "cost_by_service",
        "waterfall",
        "waterfall_first_year",
        "savings",
        "core",
    }
    assert "Källa: samverkan, scenario fixture, 2026-11-22" == style.source_line(
        "fixture", "2026-11-22", "sv"
    )


def test_charts_do_not_use_pyplot() -> None:
    code = "import sys, simulator.report.charts; assert 'matplotlib.pyplot' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --- Swedish number format ------------------------------------------------------------------------------

_DECIMAL_POINT = re.compile(r"\d\.\d")
_COMMA_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")


@pytest.mark.parametrize("name", CHARTS)
def test_swedish_texts_use_decimal_comma_and_space_separators(
    fixture: dict[str, pd.DataFrame], name: str
) -> None:
    texts = list(_texts(_strict(lambda: CHARTS[name](fixture, "sv"))))
    assert not [t for t in texts if _DECIMAL_POINT.search(t)], "a decimal point in Swedish text"
    assert not [t for t in texts if _COMMA_THOUSANDS.search(t)], "a comma as thousands separator"
    assert not [
        t for t in texts if re.search(r"\d{4,}", t) and not re.fullmatch(r".*\b(19|20)\d\d\b.*", t)
    ], "a number of four or more digits without a thousands separator"


def test_tick_labels_in_tkr_have_space_thousands_separators(
    fixture: dict[str, pd.DataFrame],
) -> None:
    fig = _strict(lambda: charts.cost_by_service(fixture["costs"], lang="sv", source=SOURCE))
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert fig.axes[0].get_xlabel() == "tkr"
    assert any(re.fullmatch(rf"\d{{1,3}}({NBSP}\d{{3}})+", t) for t in ticks), ticks


def test_tick_labels_with_decimals_use_a_comma() -> None:
    formatter = base.NumberFormatter(1e6, "sv")
    formatter.set_locs([0.0, 2.5e6, 5e6])
    assert [formatter(v) for v in (0.0, 2.5e6, 5e6)] == ["0,0", "2,5", "5,0"]
    formatter.set_locs([-2e6, 0.0, 2e6])
    assert formatter(-2e6) == "−2"
    assert base.NumberFormatter(1e3, "sv")(1_234_000.0) == f"1{NBSP}234"
    assert base.NumberFormatter(1e3, "en")(1_234_000.0) == "1,234"


def test_english_texts_use_a_decimal_point(fixture: dict[str, pd.DataFrame]) -> None:
    fig = _strict(lambda: charts.cost_by_service(fixture["costs"], lang="en", source=SOURCE))
    assert "MSEK" in _title(fig) and re.search(r"\d\.\d MSEK", _title(fig).replace(NBSP, " "))


# --- titles state the message, computed from the data -----------------------------------------------------


def test_cost_title_states_the_saving_of_the_last_year(
    pitea: tuple[dict[str, pd.DataFrame], scenario.Scenario],
) -> None:
    costs = pitea[0]["costs"]
    last = costs[(costs["year"] == costs["year"].max()) & (costs["kind"] == "running")]
    alone = last.loc[last["coalition"].isin(["Piteå", "Älvsbyn"]), "cost_sek"].sum()
    shared = last.loc[last["coalition"] == "Piteå+Älvsbyn", "cost_sek"].sum()
    fig = charts.cost_by_service(costs, lang="sv", source=SOURCE)
    assert _title(fig) == f"Samverkan sparar {mnkr(alone - shared)} per år {costs['year'].max()}"
    assert "," in _title(fig)
    en = _title(charts.cost_by_service(costs, lang="en", source=SOURCE))
    assert en == f"Sharing saves {mnkr(alone - shared, 'en')} a year in {costs['year'].max()}"


def test_waterfall_steps_add_up_to_the_shared_cost(fixture: dict[str, pd.DataFrame]) -> None:
    costs = fixture["costs"]
    first = int(costs["year"].min())
    rows = costs[costs["year"] == first]
    grand = "Norrby+Åsby+Östra Ede"
    alone = rows.loc[
        (rows["kind"] == "running") & ~rows["coalition"].str.contains(r"\+"), "cost_sek"
    ].sum()
    shared = rows.loc[rows["coalition"] == grand, "cost_sek"].sum()  # running and one-off
    fig = _strict(lambda: charts.waterfall(costs, year=first, lang="sv", source=SOURCE))
    assert (
        _title(fig) == f"Samverkan sänker kostnaden från {base.amount(alone, 'sv')} till "
        f"{base.amount(shared, 'sv')} {first}"
    )
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == f"Var för sig {first}" and labels[-1] == f"Tillsammans {first}"
    assert "Styrning och samordning" in labels and "Övergång (engångskostnad)" in labels
    assert "Löneadministration" in labels and "Växel" in labels


def test_savings_title_names_the_payback_year_and_present_value(
    fixture: dict[str, pd.DataFrame],
) -> None:
    p = fixture["projection"]
    year = payback_year(p["year"].to_numpy(), p["net_saving_sek"].to_numpy())
    title = _title(charts.savings_over_years(p, lang="sv", source=SOURCE))
    assert title.startswith(
        f"Samverkan betalar sig {year} och ger {base.amount(p['discounted_saving_sek'].sum(), 'sv')}"
    )


def test_service_level_title_matches_the_staffing_search(fixture: dict[str, pd.DataFrame]) -> None:
    workload = fixture["workload"]
    rows = workload[(workload["measure"] == "peak_traffic") & (workload["year"] == 2021)].set_index(
        "coalition"
    )
    names = ["Norrby", "Åsby", "Östra Ede"]
    traffic = rows["value"].reindex([*names, "+".join(names)]).to_numpy()
    needed = queueing.min_agents(traffic, 180, 0.8, 60)
    fig = charts.service_level_curves(_service_levels(workload), year=2021, source=SOURCE)
    parts = " + ".join(str(n) for n in needed[:-1])
    assert (
        _title(fig)
        == f"Tillsammans räcker {needed[-1]} agenter vid toppbelastning i stället för {parts}"
    )


def test_service_level_chart_draws_the_curves_the_service_computed(
    pitea: tuple[dict[str, pd.DataFrame], scenario.Scenario],
) -> None:
    curves = pitea[0]["service_levels"]
    fig = _strict(lambda: charts.service_level_curves(curves, source=SOURCE))
    pooled = max(fig.axes[0].get_lines(), key=lambda line: line.get_linewidth())
    rows = curves[
        (curves["service"] == "switchboard")
        & (curves["year"] == curves["year"].max())
        & (curves["coalition"] == "Piteå+Älvsbyn")
    ]
    shown = len(pooled.get_ydata())
    assert 0 < shown < len(rows)
    assert pooled.get_xdata() == pytest.approx(rows["agents"].to_numpy()[:shown])
    assert pooled.get_ydata() == pytest.approx(rows["service_level"].to_numpy()[:shown])


def test_allocation_title_names_the_proposed_key(fixture: dict[str, pd.DataFrame]) -> None:
    title = _title(
        charts.allocation_methods(fixture["allocations"], year=2021, lang="sv", source=SOURCE)
    )
    assert (
        title
        == f"Föreslagen nyckel – besparing: Norrby 5{NBSP}%, Åsby 20{NBSP}%, Östra Ede 24{NBSP}%"
    )
    without = fixture["allocations"][fixture["allocations"]["method"] != "proposed_key"]
    assert (
        _title(charts.allocation_methods(without, lang="sv", source=SOURCE))
        == "7 av 8 fördelningsmetoder ligger i kärnan"
    )


def test_core_interval_for_two_members(
    pitea: tuple[dict[str, pd.DataFrame], scenario.Scenario],
) -> None:
    game = pitea[0]["game"]
    names, costs, year = game_costs(game)
    assert names == ("Piteå", "Älvsbyn") and year == "npv"
    low = costs[frozenset(names)] - costs[frozenset(["Älvsbyn"])]
    high = costs[frozenset(["Piteå"])]
    fig = _strict(
        lambda: charts.core_diagram(game, pitea[0]["allocations"], lang="sv", source=SOURCE)
    )
    assert _title(fig) == f"Båda sparar om Piteå betalar mellan {mnkr(low)} och {mnkr(high)}"


def test_core_diagram_needs_two_or_three_members() -> None:
    labels = ["A", "B", "A+B", "C", "A+C", "B+C", "A+B+C", "D"]
    game = pd.DataFrame(
        {
            "scenario": "x",
            "year": "npv",
            "service": "total",
            "coalition": [*labels, "A+B+C+D"],
            "cost_sek": 1.0,
        }
    )
    with pytest.raises(ValueError, match="two or three members"):
        charts.core_diagram(game)


# --- the core geometry (three members) --------------------------------------------------------------------


def _game(values: dict[str, float]) -> tuple[tuple[str, ...], dict[frozenset[str], float]]:
    return ("A", "B", "C"), {frozenset(k.split("+")): v for k, v in values.items()}


def test_core_polygon_satisfies_every_coalition() -> None:
    names, costs = _game(
        {"A": 100, "B": 80, "C": 60, "A+B": 165, "A+C": 145, "B+C": 125, "A+B+C": 210}
    )
    core = ternary.simplex_core(names, costs)
    assert len(core) >= 3
    for x in core:
        assert x.sum() == pytest.approx(210)
        for members, cost in costs.items():
            assert sum(x[names.index(m)] for m in members) <= cost + 1e-9
    # hand-checked bounds: x_A in [210-125, 100] = [85, 100], x_B in [65, 80], x_C in [45, 60]
    xs = np.array(core)
    assert xs[:, 0].min() == pytest.approx(85) and xs[:, 0].max() == pytest.approx(100)
    assert xs[:, 2].min() == pytest.approx(45) and xs[:, 2].max() == pytest.approx(60)


def test_empty_core_is_an_empty_polygon() -> None:
    # every pair saves a lot, the three together little: no allocation satisfies all pairs
    names, costs = _game(
        {"A": 100, "B": 100, "C": 100, "A+B": 120, "A+C": 120, "B+C": 120, "A+B+C": 200}
    )
    assert ternary.simplex_core(names, costs) == []
    game = pd.DataFrame(
        {
            "scenario": "x",
            "year": "npv",
            "service": "total",
            "coalition": ["A", "B", "A+B", "C", "A+C", "B+C", "A+B+C"],
            "cost_sek": [100, 100, 120, 100, 120, 120, 200],
        }
    )
    assert _title(_strict(lambda: charts.core_diagram(game, lang="sv", source=SOURCE))).startswith(
        "Kärnan är tom"
    )


def test_plane_coordinates_put_each_member_in_a_corner() -> None:
    corners = [ternary.to_plane(x, 1.0) for x in np.eye(3)]
    sides = [np.linalg.norm(corners[i] - corners[j]) for i, j in ((0, 1), (1, 2), (0, 2))]
    assert sides == pytest.approx([1.0, 1.0, 1.0])


def test_jobs_chart_compares_today_and_shared_per_municipality() -> None:
    # A works 5 today and 8 shared; B 3 today and 0 shared (one service, the group A+B, 2021)
    jobs = pd.DataFrame(
        {
            "scenario": "x",
            "year": 2021,
            "service": "payroll",
            "coalition": ["A", "B", "A+B", "A+B"],
            "municipality": ["A", "B", "A", "B"],
            "fte": [5.0, 3.0, 8.0, 0.0],
        }
    )
    frame = charts.jobs_frame(jobs)
    assert frame.to_dict(orient="list") == {
        "municipality": ["A", "B"],
        "today_fte": [5.0, 3.0],
        "shared_fte": [8.0, 0.0],
    }
    fig = charts.jobs_by_municipality(jobs, lang="sv", source="Källa: x")
    title = fig.texts[0].get_text()
    # A gains the most (+3): named in the title with its figures
    assert title == "Var finns jobben? A: 5,0 årsarbetare i dag, 8,0 tillsammans (2021)"


# --- every member labelled, every method visible, a title when nobody saves ------------------------


def _allocations(shares: dict[str, dict[str, float]], alone: dict[str, float]) -> pd.DataFrame:
    """An ``allocations`` table (present value, all services) from each method's cost shares of a
    joint cost of 100."""
    rows = []
    for method, by_member in shares.items():
        for name, share in by_member.items():
            cost = 100.0 * share
            rows.append(
                {
                    "scenario": "x",
                    "year": "npv",
                    "service": "total",
                    "method": method,
                    "municipality": name,
                    "cost_sek": cost,
                    "standalone_sek": alone[name],
                    "saving_sek": alone[name] - cost,
                    "saving_pct": 100 * (alone[name] - cost) / alone[name],
                    "in_core": True,
                }
            )
    return pd.DataFrame(rows)


def test_every_members_share_is_labelled_however_small() -> None:
    # five members; the smallest pays 2 % of the joint cost and 11 % and 6 % fit only a number
    shares = {"A": 0.45, "B": 0.24, "C": 0.18, "D": 0.11, "E": 0.02}
    alone = {name: 110.0 * share for name, share in shares.items()}  # each saves 1/11 ≈ 9 %
    table = _allocations({"proposed_key": shares}, alone)
    fig = _strict(lambda: charts.allocation_methods(table, lang="sv", source=SOURCE))
    texts = set(_texts(fig))
    assert {"45\u00a0%", "24\u00a0%", "18\u00a0%"} <= texts  # room for the percent sign
    assert "11" in texts  # the number alone: the axis says percent
    assert "2\u00a0%" in texts  # beside the bar, where not even a number fits
    assert _title(fig) == "Föreslagen nyckel: varje kommun sparar 9\u00a0%"


def test_a_title_when_nobody_saves() -> None:
    # a given cost shared equally with no saving (Hemlängtan: 100 000 SEK each a year)
    shares = {name: 0.2 for name in "ABCDE"}
    table = _allocations({"proposed_key": shares}, dict.fromkeys("ABCDE", 20.0))
    fig = _strict(lambda: charts.allocation_methods(table, lang="sv", source=SOURCE))
    assert _title(fig) == "Ingen kommun sparar: kostnaden fördelas utan besparing"
    # every member pays 74 % more than alone: said so, not "sparar −74 %–−74 %"
    table = _allocations({"proposed_key": shares}, dict.fromkeys("ABCDE", 20.0 / 1.74))
    fig = _strict(lambda: charts.allocation_methods(table, lang="sv", source=SOURCE))
    assert _title(fig) == "Föreslagen nyckel: varje kommun betalar 74\u00a0% mer än ensam"


def test_methods_at_one_point_of_the_core_are_all_visible() -> None:
    from simulator.report.charts.core import stacked_ranks

    # Shapley, nucleolus, least core and SCRB at (almost) one point, the proposed key apart
    points = [np.array(p) for p in ([0.5, 0.3], [0.5, 0.3], [0.501, 0.3], [0.5, 0.299])]
    points.append(np.array([0.6, 0.2]))
    assert stacked_ranks(points, near=0.01) == [0, 1, 2, 3, 0]
    game = pd.DataFrame(
        {
            "scenario": "x",
            "year": "npv",
            "service": "total",
            "coalition": ["A", "B", "A+B", "C", "A+C", "B+C", "A+B+C"],
            "cost_sek": [100, 80, 165, 60, 145, 125, 210],
        }
    )
    same = {"A": 92.5 / 210, "B": 72.5 / 210, "C": 45 / 210}
    methods = ("nucleolus", "shapley", "scrb", "least_core", "equal_savings")
    table = _allocations(dict.fromkeys(methods, same), {"A": 100, "B": 80, "C": 60})
    table["cost_sek"] *= 2.1  # shares of 210
    fig = _strict(lambda: charts.core_diagram(game, table, lang="sv", source=SOURCE))
    lines = [line for line in fig.axes[0].get_lines() if line.get_label() in _labels(methods)]
    sizes = sorted(line.get_markersize() for line in lines)
    # the first filled at 6 pt, each later one a ring 4 pt larger, drawn beneath
    assert sizes == [6, 10, 14, 18, 22]
    assert sum(line.get_markerfacecolor() == "none" for line in lines) == 4


def _labels(methods: tuple[str, ...]) -> set[str]:
    return {style.method_label(m, "sv") for m in methods}
