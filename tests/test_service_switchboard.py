"""Switchboard: a hand-checked queue (calls → Erlangs → agents → hours → FTE), pooling, empty
queues, and each member alone at its level of today (service level, combined duties) beside a
shared switchboard at the target."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from helpers import SCENARIOS, load_error, make_context, make_facts
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import engine, queueing, scenario
from simulator.core import coalitions
from simulator.core.errors import InputError
from simulator.engine.evaluation import cost_result
from simulator.services.base import Context, ServiceOutput
from simulator.services.profiles import Profiles
from simulator.services.switchboard import SERVICE, SwitchboardSettings, interval_traffic

ECONOMICS = {
    "productive_hours_per_fte": 1600.0,
    "hourly_cost": 600.0,
    "staffing_step": 0.25,
    "wage_growth": 0.0,
    "employer_overhead": 0.5,
    "overhead_rate": 0.2,
}

# One open weekday (so 250 open days are 250 "weeks" of that day), two half-hour intervals with
# weights 2 : 1. 30 000 calls a year = 120 a day: 80 in the first half hour (160 an hour), 40 in the
# second (80 an hour). At 180 s each that is 160 × 180 / 3 600 = 8 Erlang and 4 Erlang.
PROFILES = Profiles(
    interval_minutes=30, intraday=(2.0, 1.0), weekday=(1.0,), source="test: two intervals"
)
P = {s.name: s.default for s in SERVICE.params if s.default is not None} | {
    "calls_per_inhabitant": 3.0,
    "calls_per_employee": 0.0,
    "open_days": 250.0,
    "aht_seconds": 180.0,
    "service_level": 0.8,
    "answer_within": 20.0,
    "shrinkage": 0.25,
    "coordination_hours_per_member": 60.0,
}


def _context(population: tuple[float, ...]) -> Context:
    return make_context(
        make_facts(list(population), [p / 10 for p in population], 50.0), **ECONOMICS
    )


def test_interval_traffic_in_erlangs() -> None:
    traffic = interval_traffic(np.array([30000.0, 60000.0]), P, PROFILES)  # (D, K, C)
    assert traffic.shape == (1, 2, 2)
    assert traffic[0] == pytest.approx(np.array([[8.0, 16.0], [4.0, 8.0]]))


def test_hand_checked_agents_hours_and_fte() -> None:
    out = SERVICE.evaluate(_context((10000.0, 10000.0)), P, PROFILES)
    # 10 000 inhabitants × 3 calls = 30 000 calls a year each; 60 000 shared
    assert out.workload["calls"].values[0] == pytest.approx([30000.0, 30000.0, 60000.0])
    # Erlang C, as in tests/test_cli_run.py::test_staffing_json: B(c, A) by B(c) = A·B(c-1)/(c + A·B(c-1)),
    # C = c·B/(c - A(1 - B)), SL(20 s) = 1 - C·exp(-(c - A)·20/180), target 0.8:
    #   4 E:  C(6) = 0.28476, SL 0.7720;  C(7)  = 0.13511, SL 0.9032 →  7 agents
    #   8 E:  C(10) = 0.40918, SL 0.6724; C(11) = 0.24496, SL 0.8245 → 11 agents
    #   16 E: C(19) = 0.37357, SL 0.7323; C(20) = 0.25608, SL 0.8358 → 20 agents
    # alone: 11 + 7 = 18 agent half-hours a day; shared (16 E and 8 E): 20 + 11 = 31
    assert out.workload["peak_agents"].values[0] == pytest.approx([11.0, 11.0, 20.0])
    # agent hours: 18 × 0.5 h × 250 days = 2 250 h; shared 31 × 0.5 × 250 = 3 875 h (< 2 × 2 250)
    assert out.workload["agent_hours"].values[0] == pytest.approx([2250.0, 2250.0, 3875.0])
    # ÷ (1 − 0.25 shrinkage): 3 000 h → 1.875 FTE at 1 600 h; shared 5 166.7 h + 2 × 60 h coordination
    assert out.staff["switchboard"].fte[0] == pytest.approx(
        [1.875, 1.875, (3875 / 0.75 + 120) / 1600]
    )
    # service level weighted by calls: alone (8 × 0.8245 + 4 × 0.9032) / 12
    assert out.workload["service_level"].values[0, 0] == pytest.approx(
        (2 * 0.82448 + 0.90317) / 3, abs=1e-4
    )
    # platform: 150 000 + 15 000 per peak agent
    assert out.costs["systems"][0] == pytest.approx([315000.0, 315000.0, 450000.0])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.0, 60000.0), min_size=2, max_size=3))
def test_pooling_needs_no_more_agent_hours_than_the_parts(population) -> None:
    ctx = _context(tuple(population))
    out = SERVICE.evaluate(ctx, P, PROFILES)
    singles = coalitions.singletons(len(population)) - 1
    for measure in ("agent_hours", "peak_agents"):
        values = out.workload[measure].values
        assert np.all(values <= ctx.pool(values[:, singles]) + 1e-9)


def test_a_member_without_calls_keeps_one_agent_while_open_and_a_full_service_level() -> None:
    out = SERVICE.evaluate(_context((10000.0, 0.0)), P, PROFILES)
    # B alone: no calls, one agent in each of the two half hours: 2 × 0.5 × 250 = 250 h
    assert out.workload["agent_hours"].values[0, 1] == pytest.approx(250.0)
    assert out.workload["service_level"].values[0] == pytest.approx(
        [(2 * 0.82448 + 0.90317) / 3, 1.0, (2 * 0.82448 + 0.90317) / 3], abs=1e-4
    )
    assert out.workload["abandonment"].values[0, 1] == 0.0


@pytest.mark.parametrize("fixture", ["switchboard_shrinkage_all.yaml"])
def test_shares_that_leave_nothing_are_refused(fixture: str) -> None:
    # shrinkage 1 would leave no time for calls: a share strictly between 0 and 1 is required
    with pytest.raises(InputError) as caught:
        scenario.load(Path(__file__).parent / "fixtures" / "services" / fixture)
    err = caught.value
    assert (Path(err.file).name, err.field, err.value) == (
        fixture,
        "services.switchboard.params.shrinkage.value",
        1.0,
    )
    assert "strictly between 0 and 1" in err.allowed


def test_the_curves_handed_over_are_those_the_staffing_used() -> None:
    out = SERVICE.evaluate(_context((10000.0, 10000.0)), P, PROFILES)
    curves = out.queue
    assert curves is not None
    # peak intervals 8 E alone and 16 E together; agents 1 … ⌈16 + 6·√16 + 6⌉ = 46
    assert curves.traffic[0] == pytest.approx([8.0, 8.0, 16.0])
    assert curves.agents.tolist() == list(range(1, 47))
    assert curves.service_level.shape == (46, 1, 3)
    # the hand-checked values above: SL(20 s) at 8 E is 0.6724 with 10 agents, 0.8245 with 11
    assert curves.service_level[9:11, 0, 0] == pytest.approx([0.6724, 0.82448], abs=1e-4)
    first = curves.agents[(curves.service_level >= curves.target).argmax(axis=0)]
    assert first == pytest.approx(out.workload["peak_agents"].values)
    assert (curves.answer_within, curves.target, curves.patience) == (20.0, 0.8, None)
    assert not curves.abandonment.any()


def test_with_a_patience_the_curves_are_erlang_a() -> None:
    out = SERVICE.evaluate(_context((10000.0, 10000.0)), P | {"patience_seconds": 120.0}, PROFILES)
    curves = out.queue
    assert curves is not None and curves.patience == 120.0
    assert np.all(curves.abandonment[0] > 0) and np.all(np.diff(curves.abandonment, axis=0) <= 0)
    first = curves.agents[(curves.service_level >= curves.target).argmax(axis=0)]
    assert first == pytest.approx(out.workload["peak_agents"].values)


# Each member alone at its level of today. A has 10 000 inhabitants (8 E and 4 E, as above); B has
# 2 500: 7 500 calls a year, 30 a day, 20 in the first half hour (40 an hour × 180 s = 2 Erlang)
# and 10 in the second (1 Erlang). Erlang C by the recursion above, B(n) = A·B(n-1)/(n + A·B(n-1)):
#   2 E: B(3) = 0.21053, C(3) = 0.44444, SL(20 s) = 1 − 0.44444·e^(−20/180)   = 0.6023,
#                                         SL(60 s) = 1 − 0.44444·e^(−60/180)   = 0.6815;
#        B(4) = 0.09524, C(4) = 0.17391, SL(20 s) = 1 − 0.17391·e^(−2·20/180) = 0.8607
#   1 E: B(2) = 0.2,     C(2) = 0.33333, SL(20 s) = 1 − 0.33333·e^(−20/180)   = 0.7017,
#                                         SL(60 s) = 1 − 0.33333·e^(−60/180)   = 0.7612;
#        B(3) = 0.0625,  C(3) = 0.09091, SL(20 s) = 0.9272
# (with fewer agents than Erlangs the queue is unstable). At the target, 80 % within 20 s: 4 and 3
# agents; at B's level of today, 50 % within 60 s: 3 and 2.
TODAY_B = {"B": {"service_level": 0.5, "answer_within": 60.0, "source": "test: B today"}}


def _with_today(today: dict[str, dict[str, object]]) -> SwitchboardSettings:
    return SwitchboardSettings(**PROFILES.model_dump(), today=today)


def _b_with(other_duties: float) -> SwitchboardSettings:
    return _with_today({"B": TODAY_B["B"] | {"other_duties_share": other_duties}})


def test_the_hand_checked_service_levels_are_erlang_c() -> None:
    levels = queueing.service_level(
        [3, 4, 2, 3, 3, 2], [2, 2, 1, 1, 2, 1], 180.0, [20] * 4 + [60] * 2
    )
    assert levels == pytest.approx([0.6023, 0.8607, 0.7017, 0.9272, 0.6815, 0.7612], abs=1e-4)


def test_a_small_member_alone_costs_less_at_its_level_of_today() -> None:
    ctx = _context((10000.0, 2500.0))
    at_target = SERVICE.evaluate(ctx, P, PROFILES)
    today = SERVICE.evaluate(ctx, P, _b_with(0.25))
    # B alone: 4 + 3 = 7 agent half-hours a day at the target, 3 + 2 = 5 at its level of today
    assert at_target.workload["agent_hours"].values[0, 1] == pytest.approx(7 * 0.5 * 250)  # 875
    assert today.workload["agent_hours"].values[0, 1] == pytest.approx(5 * 0.5 * 250)  # 625
    assert today.workload["peak_agents"].values[0].tolist() == [11.0, 3.0, 14.0]
    # need: 875 h / 0.75 / 1 600 h = 0.7292 FTE; today a quarter of the 625 h goes to the
    # reception: 625 × 0.75 / 0.75 / 1 600 = 0.3906 FTE (calls take 7 500 × 180 s = 375 h ≤ 468.75 h)
    assert at_target.staff["switchboard"].fte[0, 1] == pytest.approx(875 / 0.75 / 1600)
    assert today.staff["switchboard"].fte[0, 1] == pytest.approx(625 * 0.75 / 0.75 / 1600)
    assert today.workload["other_duties_share"].values[0].tolist() == [0.0, 0.25, 0.0]
    # the two-person minimum counts the switchboard's share of their time: 2 × 0.75 = 1.5 FTE
    assert np.asarray(today.staff["switchboard"].minimum_fte).tolist() == [2.0, 1.5, 2.0]
    # running cost alone, SEK: staffed FTE × 23 000 × 12 × 1.5 PO × 1.2 overhead (496 800 an FTE)
    # + platform 150 000 + 15 000 per peak agent: 2 × 496 800 + 210 000 = 1 203 600 at the target,
    # 1.5 × 496 800 + 195 000 = 940 200 today
    assert cost_result(ctx, SERVICE, at_target).running[0, 1] == pytest.approx(1203600.0)
    assert cost_result(ctx, SERVICE, today).running[0, 1] == pytest.approx(940200.0)


def test_the_level_each_coalition_is_staffed_for_and_gets_is_shown() -> None:
    out = SERVICE.evaluate(_context((10000.0, 2500.0)), P, _b_with(0.25))
    assert out.workload["target_service_level"].values[0].tolist() == [0.8, 0.5, 0.8]
    assert out.workload["answer_within_target"].values[0].tolist() == [20.0, 60.0, 20.0]
    # measured at the target's 20 s for all: B alone (2 × 0.6023 + 0.7017) / 3 = 0.6354 of its
    # callers; shared, the pair's callers get the pooled queue's level, above the target
    level = out.workload["service_level"].values[0]
    assert level[1] == pytest.approx((2 * 0.60230 + 0.70172) / 3, abs=1e-4)
    assert level[2] >= 0.8 > level[1]
    assert out.workload["target_service_level"].unit == "share"
    assert out.workload["answer_within_target"].unit == "s"


def test_other_duties_never_take_the_time_calls_need() -> None:
    out = SERVICE.evaluate(_context((10000.0, 2500.0)), P, _b_with(0.9))
    # B's posts are on duty 625 h, calls take 375 h: at most 1 − 375/625 = 0.4 for other duties,
    # so the switchboard carries 375 h / 0.75 / 1 600 = 0.3125 FTE; minimum 2 × (1 − 0.9) = 0.2
    assert out.workload["other_duties_share"].values[0, 1] == pytest.approx(0.4)
    assert out.staff["switchboard"].fte[0, 1] == pytest.approx(375 / 0.75 / 1600)
    assert np.asarray(out.staff["switchboard"].minimum_fte)[1] == pytest.approx(0.2)
    # staffed in steps of 0.25 FTE: 0.3125 → 0.5
    assert cost_result(_context((10000.0, 2500.0)), SERVICE, out).fte_staffed[0, 1] == 0.5


def _same(a: ServiceOutput, b: ServiceOutput, columns: slice | list[int]) -> None:
    for name, measure in a.workload.items():
        assert np.array_equal(measure.values[..., columns], b.workload[name].values[..., columns])
    for name, group in a.staff.items():
        assert np.array_equal(group.fte[..., columns], b.staff[name].fte[..., columns])
        minimum = np.broadcast_to(group.minimum_fte, group.fte.shape[-1:])
        other = np.broadcast_to(b.staff[name].minimum_fte, group.fte.shape[-1:])
        assert np.array_equal(minimum[columns], other[columns])
    for name, cost in a.costs.items():
        assert np.array_equal(cost[..., columns], b.costs[name][..., columns])


def test_shared_switchboards_are_staffed_for_the_target_whatever_the_members_have_today() -> None:
    ctx = _context((10000.0, 2500.0, 6000.0))
    plain = SERVICE.evaluate(ctx, P, PROFILES)
    today = {
        "A": {"service_level": 0.9, "answer_within": 10.0, "source": "test"},
        "B": TODAY_B["B"] | {"other_duties_share": 0.4},
        "C": {"answer_within": 120.0, "other_duties_share": 0.2, "source": "test"},
    }
    out = SERVICE.evaluate(ctx, P, _with_today(today))
    shared = np.flatnonzero(ctx.size >= 2).tolist()  # AB, AC, BC, ABC
    _same(out, plain, shared)
    levels = [0.9, 0.5, 0.8, 0.8, 0.8, 0.8, 0.8]  # coalitions A, B, AB, C, AC, BC, ABC
    assert out.workload["target_service_level"].values[0].tolist() == levels
    assert out.workload["answer_within_target"].values[0, [0, 1, 3]].tolist() == [10.0, 60.0, 120.0]
    # A alone answers faster than the target: more agents alone, a lower level shared
    assert out.workload["peak_agents"].values[0, 0] > plain.workload["peak_agents"].values[0, 0]


def test_without_a_level_of_today_every_member_keeps_the_target() -> None:
    ctx = _context((10000.0, 2500.0))
    plain = SERVICE.evaluate(ctx, P, PROFILES)
    named = _with_today({"A": {"source": "test: the target"}, "B": {"source": "test: the target"}})
    for settings_ in (_with_today({}), named):
        _same(SERVICE.evaluate(ctx, P, settings_), plain, slice(None))


def test_draws_pass_through_with_levels_of_today() -> None:
    ctx = _context((10000.0, 2500.0))
    facts = dataclasses.replace(
        ctx.facts,
        population=np.broadcast_to(ctx.facts.population, (2, *ctx.facts.population.shape)),
        employees=np.broadcast_to(ctx.facts.employees, (2, *ctx.facts.employees.shape)),
    )
    drawn_ctx = dataclasses.replace(ctx, facts=facts, draws=(2,))
    calls = np.array([3.0, 2.0])
    aht = np.array([180.0, 120.0])
    drawn = P | {"calls_per_inhabitant": calls[:, None, None], "aht_seconds": aht[:, None, None]}
    out = SERVICE.evaluate(drawn_ctx, drawn, _b_with(0.25))
    assert out.staff["switchboard"].fte.shape == (2, 1, 3)
    for d in range(2):
        one = P | {"calls_per_inhabitant": calls[d], "aht_seconds": aht[d]}
        alone = SERVICE.evaluate(ctx, one, _b_with(0.25))
        for name, measure in out.workload.items():
            assert np.array_equal(measure.values[d], alone.workload[name].values), (name, d)
        assert np.array_equal(out.staff["switchboard"].fte[d], alone.staff["switchboard"].fte)
        assert np.array_equal(out.costs["systems"][d], alone.costs["systems"])
    assert "service_level" not in out.workload  # the per-interval diagnostics of a plain run


def test_names_outside_the_scenario_are_refused_naming_the_nearest(tmp_path: Path) -> None:
    path = tmp_path / "today.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'pitea_alvsbyn.yaml'}\nid: today\nservices:\n  switchboard:\n"
        "    settings:\n      today:\n        Älvsby: {service_level: 0.6, source: x}\n",
        encoding="utf-8",
    )
    error = load_error(path)
    assert error.field == "services.switchboard.settings.today"
    assert "Älvsby is not in the scenario" in error.allowed
    assert "did you mean 'Älvsbyn'" in error.allowed
    with pytest.raises(ValueError, match="Z is not in the scenario"):
        SERVICE.evaluate(_context((10000.0, 2500.0)), P, _with_today({"Z": {"source": "x"}}))


def test_a_level_of_today_outside_its_range_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "today.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'pitea_alvsbyn.yaml'}\nid: today\nservices:\n  switchboard:\n"
        "    settings:\n      today:\n        Älvsbyn: {other_duties_share: 1.0, source: x}\n",
        encoding="utf-8",
    )
    error = load_error(path)
    assert error.field == "services.switchboard.settings.today.Älvsbyn.other_duties_share"
    assert error.value == 1.0


def test_the_shipped_scenario_keeps_alvsbyn_at_its_level_of_today() -> None:
    result = engine.run(scenario.load(SCENARIOS / "pitea_alvsbyn.yaml"))
    board = result.services["switchboard"]
    work = board.workload  # coalitions Piteå, Älvsbyn, both
    assert work["target_service_level"].values[0].tolist() == [0.8, 0.6, 0.8]
    assert work["answer_within_target"].values[0].tolist() == [60.0, 120.0, 60.0]
    assert work["other_duties_share"].values[0].tolist() == [0.0, 0.4, 0.0]
    # Älvsbyn alone: 60 % of its posts' agent hours, after 25 % shrinkage, at 1 600 h an FTE
    hours = work["agent_hours"].values[0, 1]
    assert board.fte[0, 1] == pytest.approx(hours * 0.6 / 0.75 / 1600)
    # 1.6625 FTE in posts of 5 % steps: 1.70 (the minimum 2 × 0.6 = 1.2 FTE does not bind)
    assert board.fte_staffed[0, 1] == pytest.approx(1.70)
    # what sharing buys Älvsbyn's callers: a higher share answered within the target's 60 s
    assert work["service_level"].values[0, 2] > work["service_level"].values[0, 1]


def test_curves_stop_at_a_bound_so_a_huge_peak_costs_no_memory() -> None:
    from simulator.services.switchboard import MAX_CURVE_AGENTS, PARAMS, peak_curves

    p = {spec.name: spec.default for spec in PARAMS if spec.default is not None}
    # a peak of 4 Erlang: agents 1 … ceil(4 + 6·2 + 6) = 22
    curves = peak_curves(np.array([[4.0]]), p)
    assert curves is not None and curves.agents.tolist() == list(range(1, 23))
    # a peak whose curves would run past the bound (a + 6√a + 6 > 1 000 agents): none
    assert MAX_CURVE_AGENTS == 1000
    assert peak_curves(np.array([[940.0]]), p) is None  # 940 + 6·30.66 + 6 = 1 130
    assert peak_curves(np.array([[np.inf]]), p) is None
