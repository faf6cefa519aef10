"""The engine: payroll and governance by hand, staffing policy and attrition applied, run invariants."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import SCENARIOS, make_context, make_facts

from simulator import engine, scenario
from simulator.engine import evaluation
from simulator.report import tables
from simulator.services import economics, governance, payroll
from simulator.services.economics import SHARING

PAYROLL = {p.name: p.default for p in payroll.PARAMS} | {
    "payslips_per_employee": 1.0,
    "hourly_share": 0.2,
}
ECONOMICS = {p.name: p.default for p in economics.ECONOMICS}


def test_payroll_by_hand() -> None:
    # A: 800 monthly-paid employees, B: 400; the hourly paid are 20 % of those paid, 0.2 / 0.8 =
    # 0.25 per monthly employee: A 800 + 200 = 1 000 payslips a month, B 500; pooled 1 500.
    ctx = make_context(make_facts([20000, 8000], [800, 400]))
    out = payroll.SERVICE.evaluate(ctx, PAYROLL, None)
    hours = out.workload["hours"].values[0]
    # manual: 25 % of the monthly and 50 % of the hourly paid's payslips: A 300, B 150 a month.
    # Payslip hours: A 12 × (1 000 × 0.11 + 300 × 0.33) = 2 508, B 1 254; shared in the first year
    # as alone. Agreements 10 × 30 h once + 15 × 12 h per employer (480 alone, 300 + 360 shared),
    # 200 h per employer, coordination 2 × 80 h when shared.
    assert hours == pytest.approx([3188.0, 1934.0, 4982.0])
    assert out.staff["payroll"].fte[0] == pytest.approx(hours / 1600.0)
    # one set of three systems per coalition: 3 × 120 000 + 10 SEK × payslips a year
    assert out.costs["systems"][0] == pytest.approx([480000.0, 420000.0, 540000.0])
    # one-off: one member migrates (500 000) and a project of 800 h × 600 SEK/h, for A+B only
    assert out.one_off["migration"].tolist() == [0.0, 0.0, 500000.0]
    assert out.one_off["project"].tolist() == [0.0, 0.0, 480000.0]


def test_engine_applies_rounding_minimum_and_attrition() -> None:
    ctx = make_context(make_facts([20000, 8000], [800, 400]), staffing_step=0.25)
    result = evaluation.cost_result(
        ctx, payroll.SERVICE, payroll.SERVICE.evaluate(ctx, PAYROLL, None)
    )
    # in quarter steps: payroll 1.9925 → 2.0; 1.20875 → 1.25 → minimum 2 persons; 3.11375 → 3.25. Systems
    # 500/1 600 + 350/1 600 + max(200/1 600, 0.2) = 0.73125 → 0.75 a coalition; specialists 0.25
    assert result.fte_staffed[0].tolist() == [3.0, 3.0, 4.25]
    # shared: payroll staff, system administrators and specialists are one pool, starting from
    # the members' 3.0 + 3.0 staff; 6 % leave a year (half a year's worth in the base year:
    # 6 × 0.94^0.5 = 5.817216), then a fifth of those above the need (4.25) are redeployed
    # elsewhere: 4.25 + 1.567216 × 0.8 = 5.5037728 on the payroll (alone nobody is surplus)
    surplus = (6 * 0.94**0.5 - 4.25) * 0.8
    assert result.fte_employed[0] == pytest.approx([3.0, 3.0, 4.25 + surplus], abs=1e-6)
    # the surplus is shared among the groups by their staff (3.25, 0.75, 0.25 of 4.25)
    payroll_fte, admin_fte, specialist_fte = (f + surplus * f / 4.25 for f in (3.25, 0.75, 0.25))
    # personnel = Σ FTE × salary (29 000, 30 000, 32 000 SEK) × 12 × (1 + 0.3846); overhead on top
    personnel = (payroll_fte * 29000 + admin_fte * 30000 + specialist_fte * 32000) * 12 * 1.3846
    assert result.costs["personnel"][0, 2] == pytest.approx(personnel, rel=1e-6)
    assert result.costs["overhead"][0, 2] == pytest.approx(
        ECONOMICS["overhead_rate"] * personnel, rel=1e-6
    )


def test_governance_by_hand() -> None:
    ctx = make_context(make_facts([20000, 8000], [800, 400], distance_km=50.0))
    sharing = {p.name: p.default for p in SHARING}
    out = governance.SERVICE.evaluate(ctx, sharing, None)
    # A+B: 2 members × (2 reps × 6 meetings × 3 h + 40 h agreement) = 152 h × 600 SEK/h = 91 200
    assert out.costs["steering"][0].tolist() == [0.0, 0.0, 91200.0]
    # B's 2 reps travel to A (the host) for half of 6 meetings: 6 round trips × 100 km = 600 km;
    # 600 km × 1.85 SEK + 600/70 h × 600 SEK/h = 1 110 + 5 142.86
    assert out.costs["travel"][0] == pytest.approx([0.0, 0.0, 6252.857], abs=0.001)


@pytest.fixture(scope="module")
def pitea_alvsbyn() -> engine.RunResult:
    return engine.run(scenario.load(SCENARIOS / "pitea_alvsbyn.yaml"))


def test_host_is_the_most_populous_member(pitea_alvsbyn: engine.RunResult) -> None:
    assert pitea_alvsbyn.context.host.tolist() == [0, 1, 0]  # Piteå, Älvsbyn, Piteå+Älvsbyn → Piteå


def test_standalone_has_no_sharing_costs(pitea_alvsbyn: engine.RunResult) -> None:
    gov = pitea_alvsbyn.services["governance"]
    assert gov.running[:, :2].sum() == 0.0 and gov.running[:, 2].min() > 0
    assert pitea_alvsbyn.one_off()[:, :2].sum() == 0.0


def test_game_has_every_coalition_per_service_and_total(pitea_alvsbyn: engine.RunResult) -> None:
    game = tables.game(pitea_alvsbyn)
    services = set(pitea_alvsbyn.services) | {"total"}
    assert set(game["service"]) == services
    assert set(game["coalition"]) == {"Piteå", "Älvsbyn", "Piteå+Älvsbyn"}
    per_year = game[game["year"] != "npv"]
    assert len(per_year) == len(services) * 3 * len(pitea_alvsbyn.scenario.years)
    total = per_year[per_year["service"] == "total"].set_index(["year", "coalition"])["cost_sek"]
    parts = (
        per_year[per_year["service"] != "total"].groupby(["year", "coalition"])["cost_sek"].sum()
    )
    assert np.allclose(total.sort_index(), parts.sort_index())


def test_projection_adds_up(pitea_alvsbyn: engine.RunResult) -> None:
    table = tables.projection_table(pitea_alvsbyn)
    assert np.allclose(table["saving_sek"], table["standalone_sek"] - table["shared_sek"])
    assert np.allclose(table["net_saving_sek"], table["saving_sek"] - table["one_off_sek"])
    factors = 1.035 ** -(table["year"] - 2014)
    assert np.allclose(table["discounted_saving_sek"], table["net_saving_sek"] * factors)


def test_an_arrangement_in_place_is_compared_with_todays_split(
    pitea_alvsbyn: engine.RunResult,
) -> None:
    rescue = pitea_alvsbyn.services["rescue_service"]
    assert rescue.existing and rescue.today_shares.tolist() == [0.8, 0.2]
    assert not pitea_alvsbyn.services["payroll"].existing


def test_the_queue_curves_are_carried_into_a_tidy_table(pitea_alvsbyn: engine.RunResult) -> None:
    switchboard = pitea_alvsbyn.services["switchboard"].queue
    assert switchboard is not None and pitea_alvsbyn.services["payroll"].queue is None
    table = evaluation.service_level_table(pitea_alvsbyn)
    assert set(table["service"]) == {"switchboard", "it_support"}
    years = pitea_alvsbyn.context.years
    rows = table[table["service"] == "switchboard"]
    assert len(rows) == years.size * 3 * switchboard.agents.size
    last = rows[(rows["year"] == years[-1]) & (rows["coalition"] == "Piteå+Älvsbyn")]
    assert last["agents"].tolist() == switchboard.agents.tolist()
    assert last["service_level"].to_numpy() == pytest.approx(switchboard.service_level[:, -1, -1])
    assert set(last["peak_traffic"]) == {switchboard.traffic[-1, -1]}
    assert set(last["target"]) == {switchboard.target}
