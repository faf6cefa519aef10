"""The timeline of a shared service, staff transfer, jobs per municipality, exit and hosts, checked
by hand on two members."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from helpers import ROUND_ECONOMICS, SCENARIOS, load_error, make_context, make_facts

from simulator import scenario
from simulator.engine import evaluation, transition
from simulator.scenario.timeline import Month, Timeline
from simulator.services.base import Service, ServiceOutput, StaffGroup

YEARS = (2014, 2015, 2016, 2017)
ECON = ROUND_ECONOMICS | {
    "attrition_rate": 0.06,
    "commute_share": 0.5,
    "commuting_days": 200.0,
    "commuting_years": 2.0,
    "transition_years": 1.0,
}


def _toy(ctx: object, p: object, settings: object) -> ServiceOutput:
    # A alone needs 2.0 FTE, B alone 1.0, A+B 2.5; a system each: 100 000 alone, 150 000 shared;
    # setting up A+B costs 120 000 once
    years = len(YEARS)
    return ServiceOutput(
        workload={},
        staff={"staff": StaffGroup(np.tile([2.0, 1.0, 2.5], (years, 1)), 0.0, 10000.0)},
        costs={"systems": np.tile([100000.0, 100000.0, 150000.0], (years, 1))},
        one_off={"project": np.array([0.0, 0.0, 120000.0])},
    )


TOY = Service("toy", "Prov", "Toy", (), _toy)


def _result(timeline: Timeline | None) -> evaluation.ServiceResult:
    # A is the more populous, so A hosts; the towns are 100 km apart
    ctx = make_context(make_facts([20000, 10000], [800, 400], 100.0, YEARS), **ECON)
    return evaluation.cost_result(ctx, TOY, _toy(ctx, {}, None), timeline=timeline)


def test_without_a_timeline_shared_from_the_base_year() -> None:
    result = _result(None)
    assert result.fte_staffed[:, 2].tolist() == [2.5, 2.5, 2.5, 2.5]
    assert result.costs["systems"][:, 2].tolist() == [150000.0] * 4
    assert result.one_off["project"][:, 2].tolist() == [120000.0, 0.0, 0.0, 0.0]
    assert "double_running" not in result.one_off and "commuting" not in result.costs


def test_a_mid_year_start_blends_the_start_year() -> None:
    # start July 2015: 2014 all alone, 2015 half shared, from 2016 shared
    result = _result(Timeline(Month(2015, 7), 6, 2.0, given=True))
    # staffing: 2.0 + 1.0 = 3.0 alone; 2015: 0.5 × 2.5 + 0.5 × 3.0 = 2.75
    assert result.fte_staffed[:, 2].tolist() == [3.0, 2.75, 2.5, 2.5]
    assert result.costs["systems"][:, 2].tolist() == [200000.0, 175000.0, 150000.0, 150000.0]
    # the members alone are not touched
    assert result.fte_staffed[:, 0].tolist() == [2.0] * 4
    assert result.fte_staffed[:, 1].tolist() == [1.0] * 4


def test_one_off_costs_fall_in_the_preparation() -> None:
    # six months' preparation before July 2015: January–June 2015
    result = _result(Timeline(Month(2015, 7), 6, 0.0, given=True))
    assert result.one_off["project"][:, 2].tolist() == [0.0, 120000.0, 0.0, 0.0]
    # eighteen months before July 2015: half of 2014 (6 of 18 months) and all of 2015's first half
    result = _result(Timeline(Month(2015, 7), 18, 0.0, given=True))
    assert result.one_off["project"][:, 2] == pytest.approx([80000.0, 40000.0, 0.0, 0.0])


def test_double_running_pays_the_members_own_services_beside_the_shared_one() -> None:
    result = _result(Timeline(Month(2015, 7), 6, 2.0, given=True))
    # A alone: 2.0 FTE × 10 000 × 12 × 1.5 (PO 50 %) = 360 000, overhead 20 % 72 000, system 100 000
    # → 532 000; B alone: 180 000 + 36 000 + 100 000 = 316 000; two months: 2/12 × 848 000
    assert result.one_off["double_running"][:, 2] == pytest.approx([0.0, 848000.0 / 6, 0.0, 0.0])
    assert result.one_off["double_running"][:, :2].sum() == 0.0


def test_transferred_staff_commute_to_the_host() -> None:
    result = _result(Timeline(Month(2015, 7), 6, 0.0, given=True))
    # the host A needs 2.5 and has 2.0: 0.5 FTE move from B (B's other 0.5 stay behind);
    # half of them commute 2 × 100 km on 200 days at 2 SEK/km: 0.5 × 0.5 × 200 × 200 × 2 = 20 000
    # a year, for two years from July 2015
    assert result.costs["commuting"][:, 2] == pytest.approx([0.0, 10000.0, 20000.0, 10000.0])
    assert result.costs["commuting"][:, :2].sum() == 0.0
    # a workplace at the host for the 0.5 FTE who move, 30 000 SEK each, when they arrive
    assert result.one_off["workplaces"][:, 2] == pytest.approx([0.0, 15000.0, 0.0, 0.0])


def test_a_start_after_the_horizon_keeps_todays_costs() -> None:
    result = _result(Timeline(Month(2018), 12, 2.0, given=True))
    assert result.fte_staffed[:, 2].tolist() == [3.0] * 4
    assert result.costs["systems"][:, 2].tolist() == [200000.0] * 4
    assert result.one_off["project"][:, 2].tolist() == [0.0, 0.0, 0.0, 120000.0]
    assert result.one_off["double_running"].sum() == 0.0


def _scenario(tmp_path: Path, extra: str) -> scenario.Scenario:
    path = tmp_path / "timed.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'pitea_alvsbyn.yaml'}\nid: timed\n{extra}", encoding="utf-8"
    )
    return scenario.load(path)


def test_jobs_stay_home_until_the_start_then_go_to_the_host(tmp_path: Path) -> None:
    sc = _scenario(
        tmp_path,
        "timeline: {start: 2014-01}\n"
        "services:\n  payroll:\n    timeline: {start: 2016-01}\n    host: Älvsbyn\n",
    )
    result = evaluation.run(sc)
    jobs = transition.jobs(result)
    grand = jobs[(jobs["service"] == "payroll") & (jobs["coalition"] == "Piteå+Älvsbyn")]
    payroll = result.services["payroll"]
    # before the start each member's own staff work at home
    first = grand[grand["year"] == 2014].set_index("municipality")["fte"]
    assert first["Piteå"] == pytest.approx(payroll.fte_staffed[0, 0])
    assert first["Älvsbyn"] == pytest.approx(payroll.fte_staffed[0, 1])
    # from the start every staffed post is in Älvsbyn; staff not yet reduced (employed above
    # staffed, leaving through attrition) stay where they worked, in shares of the base year's
    # staff; the columns add up to those employed
    last = grand[grand["year"] == 2021].set_index("municipality")["fte"]
    surplus = payroll.fte_employed[-1, 2] - payroll.fte_staffed[-1, 2]
    home = payroll.home[:, 2]
    assert last["Piteå"] == pytest.approx(surplus * home[0])
    assert last["Älvsbyn"] == pytest.approx(payroll.fte_staffed[-1, 2] + surplus * home[1])
    summed = grand.groupby("year")["fte"].sum().to_numpy()
    assert summed == pytest.approx(payroll.fte_employed[:, 2])


def test_hosts_compared_side_by_side(tmp_path: Path) -> None:
    sc = _scenario(tmp_path, "timeline: {start: 2015-01}\n")
    table = transition.compare_hosts(sc, "payroll")
    assert table["host"].tolist() == ["Piteå", "Älvsbyn"]
    # the host keeps the shared payroll jobs; the same staff in all, wherever they sit
    assert table.loc[0, "jobs:Piteå"] > table.loc[0, "jobs:Älvsbyn"]
    assert table.loc[1, "jobs:Älvsbyn"] > table.loc[1, "jobs:Piteå"]
    totals = table["jobs:Piteå"] + table["jobs:Älvsbyn"]
    assert totals[0] == pytest.approx(totals[1])
    # hosted in Piteå, Piteå's own payroll staff fill every shared post: nobody moves; hosted in
    # Älvsbyn, Piteå's staff move and commute
    assert table.loc[0, "commuting_sek"] == 0.0 and table.loc[1, "commuting_sek"] > 0


def test_exit_cost_after_one_year_by_hand(tmp_path: Path) -> None:
    sc = _scenario(tmp_path, "timeline: {start: 2015-01}\n")
    result = evaluation.run(sc)
    exits = transition.exit_costs(result)
    row = exits[
        (exits["service"] == "switchboard")
        & (exits["municipality"] == "Älvsbyn")
        & (exits["after_years"] == 1)
    ].iloc[0]
    switchboard = result.services["switchboard"]  # starts 2015-01 (payroll has its own 2017)
    alone = switchboard.running[1, :2]  # the start year 2015
    share = alone[1] / alone.sum()
    # 4 of 5 years of the one-off costs not yet written off; 12 months of its share of 2016's cost
    one_off = switchboard.one_off_total[:, 2].sum()
    assert row["unwritten_sek"] == pytest.approx(one_off * share * 0.8)
    assert row["notice_sek"] == pytest.approx(share * switchboard.running[2, 2])


@pytest.mark.parametrize(
    ("extra", "field", "allowed"),
    [
        ("services:\n  payroll: {host: Luleå}\n", "services.payroll.host", "a municipality"),
        (
            "timeline: {decision: 2013-01, start: 2013-06}\n",
            "timeline",
            "a start in or after the base year",
        ),
        (
            "services:\n  payroll: {host: {distributed: {Piteå: 0.5, Älvsbyn: 0.4}}}\n",
            "services.payroll.host",
            "sum to 1",
        ),
        ("timeline: {start: 2015-13}\n", "timeline.start", "a month"),
        (
            "timeline: {decision: 2016-01, start: 2015-01}\n",
            "timeline",
            "not before the decision",
        ),
    ],
)
def test_bad_timelines_and_hosts_are_input_errors(
    tmp_path: Path, extra: str, field: str, allowed: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'pitea_alvsbyn.yaml'}\nid: bad\n{extra}", encoding="utf-8"
    )
    error = load_error(path)
    assert field in str(error) and allowed in str(error)


def test_hosts_command_prints_every_host(capsys: pytest.CaptureFixture[str]) -> None:
    from simulator import cli

    path = str(SCENARIOS / "pitea_alvsbyn.yaml")
    assert cli.main(["hosts", path, "--service", "payroll"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[2:]] == ["Piteå", "Älvsbyn"]
    assert cli.main(["hosts", path, "--service", "lön"]) == 2
    assert "--service: got 'lön'" in capsys.readouterr().err


def test_draws_give_each_draw_its_own_commuting() -> None:
    # every draw is the plain run with its values (commute share and car cost drawn)
    sc = scenario.load(SCENARIOS / "pitea_alvsbyn.yaml")
    draws = {
        "economics.commute_share": np.array([0.5, 0.9, 0.2]),
        "economics.cost_per_km": np.array([1.85, 3.0, 2.0]),
    }
    drawn = evaluation.run(sc, draws=draws).services["payroll"].costs["commuting"]
    assert drawn.shape == (3, 8, 3)
    for d in range(3):
        one = evaluation.run(sc, draws={k: v[d : d + 1] for k, v in draws.items()})
        assert drawn[d] == pytest.approx(one.services["payroll"].costs["commuting"][0])
    # 0.9 of the movers at 3.00 SEK/km against 0.5 at 1.85: (0.9 × 3.00) / (0.5 × 1.85) times
    assert drawn[1, 3, 2] == pytest.approx(drawn[0, 3, 2] * 2.7 / 0.925)


def test_it_technicians_based_at_each_site_keep_their_jobs_there() -> None:
    # in the Luleå region each member keeps on-site technicians in posts at its own site; the
    # rest of the shared IT staff work at the host (Luleå)
    result = evaluation.run(scenario.load(SCENARIOS / "lulea_region.yaml"))
    places = transition.jobs_by_municipality(result).set_index(["service", "municipality"])
    it = result.services["it_support"]
    posts = it.workload["local_posts"].values[-1, -1]  # FTE in posts at the other sites
    away = sum(
        places.loc[("it_support", m), "shared_fte"] for m in ("Boden", "Kalix", "Piteå", "Älvsbyn")
    )
    surplus = it.fte_employed[-1, -1] - it.fte_staffed[-1, -1]  # not yet reduced, at home
    assert posts > 0 and away == pytest.approx(posts + surplus * (1 - it.home[2, -1]))
