"""Erlang B, C and A: hand-checkable cases, published values, a brute-force Markov chain, properties."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import mutually_broadcastable_shapes
from scipy.linalg import expm
from scipy.optimize import brentq
from scipy.stats import norm

from simulator import queueing as q

PROPERTY = settings(max_examples=60, deadline=None)


# --- hand-checkable --------------------------------------------------------------------------------------


@pytest.mark.parametrize("traffic", [0.1, 0.5, 1.0, 3.0, 42.0])
def test_erlang_b_with_one_agent_is_a_over_one_plus_a(traffic):
    # M/M/1/1: the server is busy with probability A/(1 + A)
    assert q.erlang_b(1, traffic) == pytest.approx(traffic / (1 + traffic), rel=1e-13)


def test_two_agents_one_erlang():
    # B(2, 1) = (1/2!)/(1 + 1 + 1/2!) = 0.2;  C(2, 1) = 2·0.2/(2 - 1·(1 - 0.2)) = 1/3
    assert q.erlang_b(2, 1.0) == pytest.approx(0.2, rel=1e-14)
    assert q.erlang_c(2, 1.0) == pytest.approx(1 / 3, rel=1e-14)


@pytest.mark.parametrize("rho", [0.05, 0.3, 0.5, 0.9, 0.999])
def test_erlang_c_with_one_agent_is_rho(rho):
    # M/M/1: an arrival waits when the server is busy, probability rho
    assert q.erlang_c(1, rho) == pytest.approx(rho, rel=1e-12)


@pytest.mark.parametrize(
    "rho, aht, within", [(0.5, 180.0, 20.0), (0.8, 60.0, 30.0), (0.95, 300.0, 0.0)]
)
def test_mm1_service_level_and_speed_of_answer(rho, aht, within):
    # M/M/1: P(W > t) = rho·exp(-(1 - rho)·t/aht), E[W] = rho·aht/(1 - rho)
    assert q.service_level(1, rho, aht, within) == pytest.approx(
        1 - rho * math.exp(-(1 - rho) * within / aht)
    )
    assert q.average_speed_of_answer(1, rho, aht) == pytest.approx(rho * aht / (1 - rho))


@pytest.mark.parametrize("agents", [1, 2, 5, 13, 30])
@pytest.mark.parametrize("load", [0.2, 0.7, 0.95])
def test_erlang_c_equals_the_textbook_sum(agents, load):
    # C = (A^n/n!·n/(n-A)) / (sum_{k<n} A^k/k! + A^n/n!·n/(n-A)), in exact rational steps for small n
    a = load * agents
    top = a**agents / math.factorial(agents) * agents / (agents - a)
    expected = top / (sum(a**k / math.factorial(k) for k in range(agents)) + top)
    assert q.erlang_c(agents, a) == pytest.approx(expected, rel=1e-12)


def test_limits_and_unstable_queues():
    assert q.erlang_b(0, 3.0) == 1.0  # no agents: every call is blocked
    assert q.erlang_b(4, 0.0) == 0.0 and q.erlang_c(4, 0.0) == 0.0
    assert np.all(q.erlang_c([3, 3], [3.0, 7.5]) == 1.0)  # traffic >= agents: every call waits
    assert q.service_level(3, 3.0, 180, 20) == 0.0
    assert q.average_speed_of_answer(3, 4.0, 180) == np.inf
    assert np.array_equal(q.occupancy([0, 0, 4, 4], [0.0, 2.0, 2.0, 9.0]), [0.0, 1.0, 0.5, 1.0])


# --- published values ------------------------------------------------------------------------------------


def test_erlang_b_westbay_fifteen_lines_at_one_percent():
    # Westbay Engineers, Erlang calculator manual, "How much traffic can a trunk group handle?"
    # (erlang.com/calculatormanual/howmuchtrafficcanatrunkgrouphandle.htm): 15 lines at 1 % blocking can be
    # offered 8.108 Erlangs, a figure rounded to 0.001 E.
    assert q.erlang_b(15, 8.1075) < 0.01 < q.erlang_b(15, 8.1085)


def test_erlang_c_worked_example_twenty_erlangs():
    # "Erlang C calculator", example (personal.telefonica.terra.es/web/vr/erlang/eng/mcerlc.htm): 600 calls an
    # hour of 120 s are 20 Erlangs; for a delay probability of 15 % 26 circuits are needed, the average delay
    # is 3 s a call; with 30 circuits the delay probability is 2.5 %; 30 circuits at 15 % carry 23.6 Erlangs.
    assert q.erlang_c(25, 20.0) > 0.15 >= q.erlang_c(26, 20.0)
    assert (
        q.min_agents(20.0, 120.0, 0.85, 0.0) == 26
    )  # P(wait) <= 15 % is P(answered at once) >= 85 %
    assert round(float(q.average_speed_of_answer(26, 20.0, 120.0))) == 3
    assert round(float(q.erlang_c(30, 20.0)), 3) == 0.025
    assert q.erlang_c(30, 23.55) < q.erlang_c(30, 23.6) <= 0.15 < q.erlang_c(30, 23.65)


def test_square_root_staffing_for_one_thousand_erlangs():
    # Halfin & Whitt (1981), "Heavy-traffic limits for queues with many exponential servers", Operations
    # Research 29(3), 567-588: with n = A + beta·sqrt(A), P(wait) -> 1/(1 + beta·Phi(beta)/phi(beta)).
    # The exact answer for 1000 E at 80 % within 20 s (aht 180 s) lies within 2 agents above that rule.
    a, aht, target, within = 1000.0, 180.0, 0.8, 20.0

    def shortfall(beta):
        wait = 1 / (1 + beta * norm.cdf(beta) / norm.pdf(beta))
        return 1 - wait * math.exp(-beta * math.sqrt(a) * within / aht) - target

    rule = a + brentq(shortfall, 1e-9, 10) * math.sqrt(a)
    assert 0 <= q.min_agents(a, aht, target, within) - rule <= 2


# --- large traffic ---------------------------------------------------------------------------------------


def _erlang_b_recursion(agents, traffic):
    # the stable textbook recursion B(k) = A·B(k-1)/(k + A·B(k-1)), B(0) = 1
    b = 1.0
    for k in range(1, agents + 1):
        b = traffic * b / (k + traffic * b)
    return b


@pytest.mark.parametrize(
    "agents, traffic",
    [
        (4900, 5000.0),
        (5000, 5000.0),
        (5100, 5000.0),
        (60, 5000.0),
        (2000, 5000.0),
        (100, 1e5),
        (1200, 1000.5),
    ],
)
def test_large_traffic_matches_the_recursion(agents, traffic):
    assert q.erlang_b(agents, traffic) == pytest.approx(
        _erlang_b_recursion(agents, traffic), rel=1e-10
    )


def test_large_traffic_stays_finite_and_ordered():
    agents = np.arange(4800, 5301)
    b, c = q.erlang_b(agents, 5000.0), q.erlang_c(agents, 5000.0)
    assert np.all(np.isfinite(b)) and np.all((0 <= b) & (b <= 1))
    assert np.all(np.isfinite(c)) and np.all((0 <= c) & (c <= 1))
    assert np.all(np.diff(b) < 0) and np.all(np.diff(c[agents > 5000]) < 0)


# --- Erlang A --------------------------------------------------------------------------------------------


def _markov_chain(n, traffic, aht, patience, within, room=250):
    """Wait probability, abandonment, service level and ASA of M/M/n+M truncated at ``room`` waiting.

    Stationary law from the generator by a linear solve; a tagged caller's progress through the queue is a
    transient chain (position p moves up at rate n/aht + (p-1)/patience, hangs up at 1/patience), whose
    matrix exponential and fundamental matrix give P(answered by t) and E[wait; answered].
    """
    mu, theta = 1 / aht, 1 / patience
    j = np.arange(1, n + room + 1)
    gen = np.diag(np.full(n + room, traffic * mu), 1) + np.diag(
        np.minimum(j, n) * mu + (j > n) * (j - n) * theta, -1
    )
    gen -= np.diag(gen.sum(axis=1))
    system = np.vstack([gen.T[:-1], np.ones(n + room + 1)])
    pi = np.linalg.solve(system, np.eye(n + room + 1)[-1])
    ahead = np.arange(room)
    tagged = np.diag(n * mu + ahead[1:] * theta, -1) - np.diag(n * mu + (ahead + 1) * theta)
    answered = np.eye(room)[0] * n * mu
    grown = expm(np.block([[tagged, answered[:, None]], [np.zeros((1, room + 1))]]) * within)
    by_t = grown[:room, -1]
    ever = -np.linalg.solve(tagged, answered)
    waited = np.linalg.solve(tagged, np.linalg.solve(tagged, answered))
    queue, now = pi[n : n + room], pi[:n].sum()
    return {
        "wait_probability": pi[n:].sum(),
        "abandonment": theta * np.sum(np.arange(room + 1) * pi[n:]) / (traffic * mu),
        "service_level": now + queue @ by_t,
        "asa_seconds": queue @ waited / (now + queue @ ever),
    }


@pytest.mark.parametrize(
    "case",
    [
        (14, 10.0, 180.0, 120.0, 20.0),
        (3, 2.5, 60.0, 30.0, 10.0),
        (5, 8.0, 100.0, 50.0, 15.0),
        (2, 1.0, 180.0, 600.0, 0.0),
        (1, 0.7, 100.0, 37.3, 40.0),
        (10, 15.0, 240.0, 90.0, 30.0),
        # overloaded, few agents, patience longer than handling: a skewed integrand
        (1, 3.0, 180.0, 300.0, 600.0),
        (1, 25.0, 180.0, 480.0, 20.0),
        (2, 40.0, 60.0, 200.0, 5.0),
    ],
)
def test_erlang_a_equals_the_markov_chain(case):
    metrics, chain = q.erlang_a(*case), _markov_chain(*case)
    for name, value in chain.items():
        assert getattr(metrics, name) == pytest.approx(value, rel=1e-8, abs=1e-10), name


@pytest.mark.parametrize("agents, traffic", [(14, 10.0), (2, 1.0), (55, 48.0), (1011, 1000.0)])
def test_erlang_a_tends_to_erlang_c_with_endless_patience(agents, traffic):
    a = q.erlang_a(agents, traffic, 180.0, 1e9, 20.0)
    c = q.queue_metrics(agents, traffic, 180.0, 20.0)
    for name in ("service_level", "asa_seconds", "wait_probability", "occupancy"):
        assert getattr(a, name) == pytest.approx(getattr(c, name), rel=1e-5), name
    assert a.abandonment < 1e-5


def test_abandonment_rises_as_agents_fall():
    metrics = q.erlang_a(np.arange(30, 0, -1), 20.0, 180.0, 120.0, 20.0)
    assert np.all(np.diff(metrics.abandonment) > 0)
    assert np.all(np.diff(metrics.service_level) < 0)
    assert metrics.abandonment[-1] > 0.5  # one agent for 20 Erlangs: most callers hang up


def test_no_agents_means_everyone_hangs_up():
    metrics = q.erlang_a(0, 3.0, 180.0, 60.0, 20.0).as_dict()
    assert metrics == {
        "agents": 0,
        "service_level": 0.0,
        "asa_seconds": math.inf,
        "occupancy": 0.0,
        "wait_probability": 1.0,
        "abandonment": 1.0,
    }


def test_metrics_as_dict_is_plain_for_json():
    plain = q.queue_metrics(14, 10.0, 180.0, 20.0, patience=120.0).as_dict()
    assert isinstance(plain["agents"], int) and isinstance(plain["service_level"], float)
    assert json.loads(json.dumps(plain)) == plain
    assert q.queue_metrics([14, 15], 10.0, 180.0, 20.0).as_dict()["agents"] == [14, 15]


# --- staffing --------------------------------------------------------------------------------------------


def test_min_agents_is_the_smallest_that_meets_every_target():
    rng = np.random.default_rng(7)
    traffic, target = rng.uniform(0.1, 300, 400), rng.uniform(0.5, 0.95, 400)
    patience = rng.uniform(20, 600, 400)
    for kwargs in ({}, {"patience": patience, "max_abandonment": 0.05}, {"max_occupancy": 0.85}):
        n = q.min_agents(traffic, 180.0, target, 20.0, **kwargs)
        ok = [_meets(n + step, traffic, target, **kwargs) for step in (0, -1)]
        assert np.all(ok[0]) and not np.any(ok[1] & (n > 1))


def _meets(agents, traffic, target, patience=None, max_abandonment=None, max_occupancy=None):
    m = q.queue_metrics(agents, traffic, 180.0, 20.0, patience=patience)
    return (
        (m.service_level >= target)
        & (m.abandonment <= (max_abandonment or 1.0))
        & (m.occupancy <= (max_occupancy or 1.0))
        & ((patience is not None) | (agents > traffic))
    )


def test_min_agents_floor_and_zero_traffic():
    assert np.array_equal(
        q.min_agents([0.0, 0.0, 0.01], 180.0, 0.8, 20.0, floor=[0, 3, 5]), [0, 3, 5]
    )
    assert q.min_agents(0.0, 180.0, 0.8, 20.0).item() == 1
    assert q.min_agents(0.0, 180.0, 0.8, 20.0).dtype == np.int64


@PROPERTY
@given(
    st.floats(0, 300),
    st.floats(0, 300),
    st.floats(0.5, 0.99),
    st.sampled_from([0.0, 10.0, 20.0, 60.0]),
    st.sampled_from([None, 30.0, 300.0]),
)
def test_agents_never_fall_as_traffic_rises(a, b, target, within, patience):
    low, high = q.min_agents([min(a, b), max(a, b)], 180.0, target, within, patience=patience)
    assert low <= high


@PROPERTY
@given(
    st.floats(0, 200),
    st.floats(0, 200),
    st.floats(0.01, 0.99),
    st.sampled_from([0.0, 10.0, 20.0, 120.0]),
    st.floats(10, 900),
)
def test_pooled_staffing_needs_no_more_than_separate(a, b, target, within, aht):
    # Erlang C only: with abandonment and low targets (overload) pooling can need more agents, since a
    # larger overloaded group is busy more of the time and answers fewer calls at once.
    alone = q.min_agents([a, b], aht, target, within).sum()
    assert q.min_agents(a + b, aht, target, within) <= alone


@PROPERTY
@given(st.floats(0.01, 400), st.floats(0, 600), st.sampled_from([None, 5.0, 60.0, 900.0]))
def test_service_level_rises_with_agents(traffic, within, patience):
    agents = np.arange(0, int(traffic) + 60)
    level = q.queue_metrics(agents, traffic, 180.0, within, patience=patience).service_level
    assert np.all(np.diff(level) >= -1e-12)


@PROPERTY
@given(mutually_broadcastable_shapes(num_shapes=4, max_dims=3, max_side=3))
def test_results_broadcast_over_shapes(shapes):
    agents, traffic, aht, within = (
        np.full(s, v) for s, v in zip(shapes.input_shapes, (12, 9.5, 180.0, 20.0))
    )
    two, three = (
        np.broadcast_shapes(agents.shape, traffic.shape),
        np.broadcast_shapes(agents.shape, traffic.shape, aht.shape),
    )
    expected = [
        (two, q.erlang_b(agents, traffic)),
        (two, q.erlang_c(agents, traffic)),
        (two, q.occupancy(agents, traffic)),
        (three, q.average_speed_of_answer(agents, traffic, aht)),
        (shapes.result_shape, q.service_level(agents, traffic, aht, within)),
        (shapes.result_shape, q.erlang_a(agents, traffic, aht, 90.0, within).abandonment),
        (shapes.result_shape, q.queue_metrics(agents, traffic, aht, within).agents),
    ]
    assert all(result.shape == shape for shape, result in expected)
    staffing = q.min_agents(traffic, aht, 0.8, within)
    assert (
        staffing.shape == np.broadcast_shapes(*shapes.input_shapes[1:])
        and staffing.dtype == np.int64
    )


def test_array_results_equal_elementwise_results():
    traffic, patience = np.array([[0.5, 30.0], [120.0, 7.0]]), np.array([60.0, 600.0])
    together = q.min_agents(traffic, 180.0, 0.8, 20.0, patience=patience)
    alone = [
        [q.min_agents(traffic[i, j], 180.0, 0.8, 20.0, patience=patience[j]) for j in range(2)]
        for i in range(2)
    ]
    assert together.shape == (2, 2) and np.array_equal(together, alone)


# --- invalid arguments -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: q.erlang_b(3, -1.0), "traffic"),
        (lambda: q.erlang_c(-1, 2.0), "agents"),
        (lambda: q.erlang_c(2.5, 2.0), "agents"),
        (lambda: q.erlang_b(3, np.nan), "traffic"),
        (lambda: q.service_level(3, 2.0, 0.0, 20.0), "aht"),
        (lambda: q.service_level(3, 2.0, 180.0, -1.0), "within"),
        (lambda: q.erlang_a(3, 2.0, 180.0, 0.0, 20.0), "patience"),
        (lambda: q.queue_metrics(3, 2.0, 180.0, 20.0, patience=-5.0), "patience"),
        (lambda: q.min_agents(10.0, 180.0, 1.0, 20.0), "target_service_level"),
        (lambda: q.min_agents(10.0, 180.0, 0.0, 20.0), "target_service_level"),
        (lambda: q.min_agents(10.0, 180.0, [0.8, 1.2], 20.0), "target_service_level"),
        (lambda: q.min_agents(-10.0, 180.0, 0.8, 20.0), "traffic"),
        (lambda: q.min_agents(10.0, -180.0, 0.8, 20.0), "aht"),
        (lambda: q.min_agents(10.0, 180.0, 0.8, 20.0, max_abandonment=0.05), "patience"),
        (
            lambda: q.min_agents(10.0, 180.0, 0.8, 20.0, patience=60.0, max_abandonment=0.0),
            "max_abandonment",
        ),
        (lambda: q.min_agents(10.0, 180.0, 0.8, 20.0, max_occupancy=1.5), "max_occupancy"),
        (lambda: q.min_agents(10.0, 180.0, 0.8, 20.0, floor=-1), "floor"),
    ],
)
def test_invalid_arguments_raise_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_small_queues_scanned_upwards_agree_with_bisection(monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.queueing import staffing

    rng = np.random.default_rng(20131218)
    traffic = rng.uniform(0.01, 40.0, 20_000)
    target = rng.uniform(0.5, 0.95, traffic.size)
    scanned = q.min_agents(traffic, 180.0, target, 20.0, max_occupancy=0.85, floor=2)
    monkeypatch.setattr(
        staffing, "_SCAN_LIMIT", 0
    )  # every element by bracket and bisection instead
    bisected = q.min_agents(traffic, 180.0, target, 20.0, max_occupancy=0.85, floor=2)
    assert np.array_equal(scanned, bisected)


# --- staffing limits and tables ---------------------------------------------------------------------------


@pytest.mark.parametrize("patience", [None, 90.0])
@pytest.mark.parametrize("aht", [120.0, 480.0])
def test_the_limit_of_n_agents_is_where_the_service_level_crosses_the_target(patience, aht):
    # an independent check of the limits: the closed-form service level (and occupancy cap) just
    # below a limit meets the targets, just above it does not
    targets = q.QueueTargets(0.8, 30.0, patience=patience, max_occupancy=0.9)
    n = np.arange(1, 60)
    limits = q.traffic_limits(n, np.array([aht]), targets)[0]
    assert np.all(np.diff(limits) > 0)

    def meets(traffic):
        metrics = q.queue_metrics(n, traffic, aht, 30.0, patience=patience)
        return (metrics.service_level >= 0.8) & (metrics.occupancy <= 0.9)

    assert meets(limits * (1 - 1e-9)).all()
    assert not meets(limits * (1 + 1e-9)).any()


def test_a_table_of_limits_looks_up_the_fewest_agents():
    # the published case of min_agents: 20 Erlangs of 120 s, 85 % answered at once → 26 agents
    targets = q.QueueTargets(0.85, 0.0)
    table = q.staffing_table(np.array([120.0]), targets, np.array([25.0]))
    assert table.limits[0, 24] < 20.0 <= table.limits[0, 25]  # 25 agents fall short, 26 serve
    assert table.agents(np.array([[20.0, 0.0]]), np.array([0])).tolist() == [[26, 1]]


@pytest.mark.parametrize(
    ("field", "value"),
    [("service_level", 1.0), ("within", -1.0), ("patience", 0.0), ("max_occupancy", 0.0)],
)
def test_queue_targets_refuse_values_outside_their_range(field, value):
    with pytest.raises(ValueError, match=field):
        q.QueueTargets(**({"service_level": 0.8, "within": 20.0} | {field: value}))
