"""Switchboard: a hand-checked queue (calls → Erlangs → agents → hours → FTE), pooling, empty queues."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from helpers import make_context, make_facts
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import scenario
from simulator.core import coalitions
from simulator.core.errors import InputError
from simulator.services.base import Context
from simulator.services.profiles import Profiles
from simulator.services.switchboard import SERVICE, interval_traffic

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
