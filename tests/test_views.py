"""Views for the notebooks: pivots, sums and formatting of the tidy tables, on hand-checkable tables."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import SCENARIOS

from simulator import api
from simulator.report import views

# A three-member game (SEK): A 100, B 60, C 40; A+B 130, A+C 120, B+C 90; A+B+C 170.
GAME = pd.DataFrame(
    {
        "scenario": "s",
        "year": ["npv"] * 7,
        "service": "total",
        "coalition": ["A", "B", "A+B", "C", "A+C", "B+C", "A+B+C"],
        "cost_sek": [100.0, 60.0, 130.0, 40.0, 120.0, 90.0, 170.0],
    }
)


@pytest.fixture(scope="module")
def pitea() -> api.Results:
    return api.evaluate(SCENARIOS / "pitea_alvsbyn.yaml")


def test_coalition_savings_are_members_alone_less_the_group_cost() -> None:
    table = views.coalition_savings(GAME).set_index("coalition")
    assert set(table.index) == {"A+B", "A+C", "B+C", "A+B+C"}
    assert table.loc["A+B", "alone_sek"] == 160.0 and table.loc["A+B", "saving_sek"] == 30.0
    assert table.loc["A+B+C", "saving_pct"] == pytest.approx(100 * 30 / 200)
    assert table.loc["A+C", "saving_pct"] == pytest.approx(100 * 20 / 140)
    assert list(table["size"]) == [2, 3, 2, 2]  # A+B (18.75 %) first, then A+B+C (15 %)
    assert table["saving_pct"].is_monotonic_decreasing


def test_pay_range_is_the_marginal_cost_to_the_stand_alone_cost() -> None:
    table = views.pay_range(GAME).set_index("municipality")
    assert table.loc["A", "lowest_sek"] == 170 - 90 and table.loc["A", "highest_sek"] == 100
    assert table.loc["C", "lowest_sek"] == 170 - 130 and table.loc["C", "width_sek"] == 0.0


def test_pay_range_of_two_members_is_the_core_interval(pitea: api.Results) -> None:
    game = pitea.tables["game"]
    rows = game[(game["service"] == "total") & (game["year"] == "npv")].set_index("coalition")[
        "cost_sek"
    ]
    table = views.pay_range(game).set_index("municipality")
    assert table.loc["Piteå", "lowest_sek"] == pytest.approx(
        rows["Piteå+Älvsbyn"] - rows["Älvsbyn"]
    )
    assert table.loc["Älvsbyn", "highest_sek"] == pytest.approx(rows["Älvsbyn"])
    shapley = views.method_table(pitea.allocations).loc["shapley"]
    assert (table["lowest_sek"] <= shapley.reindex(table.index) + 1e-6).all()


def test_alone_and_shared_keeps_members_and_the_whole_group_in_order(pitea: api.Results) -> None:
    wide = views.alone_and_shared(pitea.tables["staffing"], "fte_staffed", 2014)
    assert list(wide.columns) == ["Piteå", "Älvsbyn", "Piteå+Älvsbyn"]
    assert list(wide.index)[0] == "payroll"
    with pytest.raises(ValueError, match="1999"):
        views.alone_and_shared(pitea.tables["staffing"], "fte", 1999)


def test_totals_by_year_match_the_projection(pitea: api.Results) -> None:
    costs = pitea.chart_tables["costs"]  # today's view: the rescue service is already shared
    totals = views.totals_by_year(costs[costs["kind"] == "running"], "cost_sek")
    projection = pitea.tables["projection"].set_index("year")
    assert totals["alone"].to_numpy() == pytest.approx(projection["standalone_sek"].to_numpy())
    assert totals["shared"].to_numpy() == pytest.approx(projection["shared_sek"].to_numpy())


def test_method_table_has_a_row_per_method_and_a_column_per_member(pitea: api.Results) -> None:
    table = views.method_table(pitea.allocations, "cost_sek", methods=["equal", "shapley"])
    assert list(table.index) == ["equal", "shapley"] and list(table.columns) == ["Piteå", "Älvsbyn"]
    assert table.loc["equal", "Piteå"] == pytest.approx(table.loc["equal", "Älvsbyn"])
    with pytest.raises(ValueError, match="nothing"):
        views.method_table(pitea.allocations, service="nothing")


def test_who_pays_shows_cost_saving_and_core_per_method(pitea: api.Results) -> None:
    table = views.who_pays(pitea.allocations, ["equal", "shapley"])
    assert list(table.columns) == ["Piteå", "Älvsbyn", "in_core"]
    assert list(table["in_core"]) == [
        "nej",
        "ja",
    ]  # equal shares: Älvsbyn would pay more than alone
    assert (
        table.loc["shapley", "Piteå"].endswith("\u00a0%)")
        and "mnkr (" in table.loc["shapley", "Piteå"]
    )
    assert (
        views.who_pays(pitea.allocations, ["shapley"], lang="en").loc["shapley", "in_core"] == "yes"
    )
    assert list(views.who_pays(pitea.allocations, ["agreed", "shapley"]).index) == [
        "shapley"
    ]  # agreed: rescue only


def test_member_savings_and_headlines_side_by_side(pitea: api.Results) -> None:
    results = {"a": pitea}
    savings = views.member_savings(results)
    assert list(savings["municipality"]) == ["Piteå", "Älvsbyn"]
    # against going alone (the game) the members also save what the rescue service, shared since 2011,
    # saves against two chiefs; the projection counts only new savings against today
    game = pitea.tables["game"]
    rescue = game[(game["year"] == "npv") & (game["service"] == "rescue_service")].set_index(
        "coalition"
    )["cost_sek"]
    already = rescue["Piteå"] + rescue["Älvsbyn"] - rescue["Piteå+Älvsbyn"]
    assert already > 0
    expected = pitea.tables["projection"]["discounted_saving_sek"].sum() + already
    assert savings["saving_sek"].sum() == pytest.approx(expected)
    with pytest.raises(ValueError, match="no 'fantasy' allocation"):
        views.member_savings(results, method="fantasy")
    head = views.headlines(results).iloc[0]
    assert head["municipalities"] == "Piteå, Älvsbyn" and head["years"] == "2014–2021"
    # shared operation from 2015 (payroll 2017), the preparation's one-off costs in the year before
    assert head["payback"] == 2018


def test_evaluate_all_reads_every_file_of_a_pattern(tmp_path) -> None:
    results = api.evaluate_all(SCENARIOS / "pitea_alvsbyn*.yaml", lang="en")
    assert list(results) == ["pitea_alvsbyn", "pitea_alvsbyn_high_service"]
    assert all(r.scenario.language == "en" for r in results.values())
    with pytest.raises(FileNotFoundError, match="no scenario files"):
        api.evaluate_all(tmp_path / "*.yaml")


def test_formatted_writes_swedish_and_english_numbers() -> None:
    frame = pd.DataFrame(
        {
            "name": ["a", "b"],
            "sek": [1_234_567.0, float("nan")],
            "pct": [12.5, -3.0],
            "fte": [10.26, 2.0],
            "ok": [True, False],
        }
    )
    sv = views.formatted(frame, {"sek": "money", "pct": "percent", "fte": 1})
    assert list(sv["sek"]) == ["1\u00a0235\u00a0tkr", "–"]
    assert list(sv["pct"]) == ["12,5\u00a0%", "−3,0\u00a0%"]
    assert list(sv["fte"]) == ["10,3", "2,0"]
    assert list(sv["ok"]) == [True, False] and list(sv["name"]) == ["a", "b"]
    years = views.formatted(
        pd.DataFrame({"payback": pd.array([2014, None], dtype="Int64")}), "year"
    )
    assert list(years["payback"]) == ["2014", "–"]
    en = views.formatted(frame[["sek"]].fillna(2e7), "money", "en")
    assert list(en["sek"]) == ["1,235\u00a0kSEK", "20.0\u00a0MSEK"]


def test_labelled_names_columns_methods_and_services() -> None:
    frame = pd.DataFrame(
        {"service": ["payroll"], "method": ["proportional:population"], "saving_sek": [1.0]}
    )
    sv = views.labelled(frame, "sv", {"payroll": "Löneadministration"})
    assert list(sv.columns) == ["Tjänst", "Metod", "Besparing"]
    assert sv.iloc[0].tolist() == ["Löneadministration", "Efter invånare", 1.0]
    indexed = views.labelled(frame.set_index("method"), "en")
    assert indexed.index.name == "Method" and indexed.index[0] == "By inhabitants"
    unknown = views.labelled(pd.DataFrame({"method": ["fantasy"], "extra": [1]}), "en")
    assert list(unknown.columns) == ["Method", "extra"] and unknown.iloc[0, 0] == "fantasy"


def test_service_titles_include_the_total(pitea: api.Results) -> None:
    assert views.service_titles(pitea.run, "en")["total"] == "Total"
    assert views.service_titles(pitea.run)["payroll"] == "Löneadministration"
