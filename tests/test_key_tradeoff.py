"""Simplicity as a choice: the closest key with at most k drivers, worked by hand and on Piteå's payroll."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest
from helpers import SCENARIOS

from simulator import engine, scenario
from simulator.core.errors import InputError
from simulator.engine import games as run_games
from simulator.game import CostGame
from simulator.keys import propose_key
from simulator.keys.data import key_data
from simulator.keys.milp import KeyModel
from simulator.keys.tradeoff import TradeoffPoint, simplest_within, tradeoff, tradeoff_rows

K = 1000.0  # the hand-made games are in tkr; SEK inside
PAYROLL_DRIVERS = ("equal", "population", "employees", "payslips")


def two_members() -> dict[int | str, CostGame]:
    """A (3/4 of the inhabitants) and B: c(A) = 60, c(B) = 40, c(AB) = 90 tkr (present value).

    Core: 50 ≤ x_A ≤ 60 (x_B = 90 − x_A ≤ 40). Nucleolus: the saving 60 + 40 − 90 = 10 split
    equally, x = (55, 35).
      equal shares   (45, 45):      B pays 45 > 40, out
      inhabitants    (67.5, 22.5):  A pays 67.5 > 60, out
      stand-alone    60:40 → (54, 36): in; distance |54 − 55| + |36 − 35| = 2
    Blend e equal + (1 − e) inhabitants: x_A = 67.5 − 22.5 e = 55 at e = 0.556; on the grid e = 0.55
    gives x_A = 55.125, distance 0.25 (e = 0.60 gives 54, distance 2). Inhabitants + stand-alone:
    x_A = 54 + 13.5 p; p = 0.05 gives 54.675 (distance 0.65), so 0.25 is the best with two drivers.
    With three: 0.05 equal, 0.10 inhabitants, 0.85 stand-alone gives
    2.25 + 6.75 + 45.9 = 54.9, distance 0.2 (the brute force below finds nothing closer).
    """
    game = CostGame.from_mapping(
        ("A", "B"), {"A": 60 * K, "B": 40 * K, "A+B": 90 * K}, {"population": [3.0, 1.0]}
    )
    return {"npv": game}


def three_members() -> dict[int | str, CostGame]:
    """No single driver reaches the core, half equal and half per inhabitant does (tkr; c(N) = 120).

    c(A) = 70, c(B) = 40, c(C) = 34, c(AB) = 89, c(AC) = 83, c(BC) = 71. The core is x_A ≥ 49,
    37 ≤ x_B ≤ 40, 31 ≤ x_C ≤ 34. The nucleolus maximises the smallest margin: with x_B = 37 + a,
    x_C = 31 + b the margins are a, b, 3 − a, 3 − b, 3 − a − b; a = b = 1 gives (50, 38, 32).
    Single drivers, the worst group and what it pays beyond its own cost:
      equal shares  (40, 40, 40):              B+C 80 − 71 = 9
      inhabitants   5:3:2 → (60, 36, 24):      A+B 96 − 89 = 7
      employees     45:25:30 → (54, 30, 36):   A+C 90 − 83 = 7
      stand-alone   70:40:34 → (58.33, 33.33, 28.33): A+C 86.67 − 83 = 3.67, the least
    Half equal, half per inhabitant: (50, 38, 32), the nucleolus itself. The present value is the
    same game eight times over.
    """
    costs = {"A": 70, "B": 40, "C": 34, "A+B": 89, "A+C": 83, "B+C": 71, "A+B+C": 120}
    drivers = {"population": [50.0, 30.0, 20.0], "employees": [45.0, 25.0, 30.0]}
    year = CostGame.from_mapping(("A", "B", "C"), {s: c * K for s, c in costs.items()}, drivers)
    return {2018: year, "npv": CostGame(year.players, year.costs * 8, drivers)}


def monotone(points: Sequence[TradeoffPoint], games: Mapping[int | str, CostGame]) -> bool:
    """Once in the core, the curve stays there and its distance does not grow; before that, the
    largest excess relative to its game's |c(N)| does not grow (to the solvers' tolerances)."""

    def scaled(p: TradeoffPoint) -> float:
        return p.worst_excess_sek / abs(games[p.worst_label].grand_cost)

    for a, b in zip(points, points[1:]):
        if a.in_core and (not b.in_core or b.distance_sek > a.distance_sek + 1e-6 * K):
            return False
        if not b.in_core and scaled(b) > scaled(a) + 1e-9:
            return False
    return True


def on_grid(weights: np.ndarray, step: float) -> bool:
    units = weights / step
    return bool(np.allclose(units, np.round(units), atol=1e-9) and abs(weights.sum() - 1) < 1e-12)


# --- two members: stand-alone alone is in the core, a blend is closer --------------------------------


def test_two_members_the_distance_falls_from_stand_alone_to_blends() -> None:
    games = two_members()
    points = tradeoff(games, ["equal", "population", "standalone"])
    assert [p.k for p in points] == [1, 2, 3] and all(p.in_core for p in points)
    one, two, three = points
    assert one.drivers == ("standalone",) and one.weights == pytest.approx([1.0])
    assert two.drivers == ("equal", "population") and two.weights == pytest.approx([0.55, 0.45])
    assert [p.distance_sek for p in points] == pytest.approx([2 * K, 0.25 * K, 0.2 * K])
    assert one.distance_pct == pytest.approx(100 * 2 / 90)  # 2.22 % of c(N) = 90 tkr
    assert one.worst_excess_sek == pytest.approx(-4 * K)  # B pays 36 against 40 alone
    assert len(three.drivers) == 3 and monotone(points, games)
    assert all(on_grid(p.weights, 0.05) for p in points)


def test_two_members_the_closest_three_driver_key_matches_brute_force() -> None:
    # every key in steps of 5 %: x_A = 45 e + 67.5 p + 54 s (tkr), in the core when 50 ≤ x_A ≤ 60
    units = np.array([(e, p, 20 - e - p) for e in range(21) for p in range(21 - e)]) / 20
    pay = units @ np.array([45.0, 67.5, 54.0])
    inside = (pay >= 50) & (pay <= 60)
    best = 2 * np.abs(pay[inside] - 55).min()
    assert best == pytest.approx(0.2)
    three = tradeoff(two_members(), ["equal", "population", "standalone"])[-1]
    assert three.distance_sek == pytest.approx(best * K)


def test_simplest_within_reads_the_curve() -> None:
    points = tradeoff(two_members(), ["equal", "population", "standalone"])
    assert simplest_within(points, 0.0).k == 3  # 200 SEK, the closest
    assert simplest_within(points, 0.20).k == 3  # 250 > 1.2 · 200 = 240
    assert simplest_within(points, 0.25).k == 2  # 250 ≤ 1.25 · 200 = 250
    assert simplest_within(points, 10.0).k == 1  # 2 000 ≤ 11 · 200; stand-alone is in the core


def test_tradeoff_rows_read_as_a_table() -> None:
    rows = tradeoff_rows(tradeoff(two_members(), ["equal", "population", "standalone"]))
    assert list(rows[1]) == [
        "k",
        "weights",
        "distance_sek",
        "distance_pct",
        "in_core",
        "worst_excess_sek",
        "worst_year",
    ]
    assert [r["weights"] for r in rows[:2]] == ["standalone 1", "equal 0.55, population 0.45"]
    assert rows[1]["distance_pct"] == pytest.approx(100 * 0.25 / 90)
    assert rows[1]["in_core"] is True and rows[1]["worst_year"] == "npv"


# --- three members: one driver is out of the core, two are in ----------------------------------------


def test_three_members_one_driver_falls_back_to_the_least_excess_two_reach_the_nucleolus() -> None:
    games = three_members()
    points = tradeoff(games, ["equal", "population", "employees", "standalone"])
    one, two, *more = points
    assert not one.in_core and one.drivers == ("standalone",)
    # A+C pay (70 + 34) / 144 · 120 = 86.67 against 83 alone in 2018 (the first of the equally
    # scaled games)
    assert one.worst_label == 2018 and one.worst_excess_sek == pytest.approx(
        (104 / 144 * 120 - 83) * K
    )
    # distance in present value: 8 · (|58.33 − 50| + |33.33 − 38| + |28.33 − 32|) = 8 · 16.67
    assert one.distance_sek == pytest.approx(8 * 50 / 3 * K)
    assert one.distance_pct == pytest.approx(100 * (50 / 3) / 120)
    assert two.in_core and two.drivers == ("equal", "population")
    assert two.weights == pytest.approx([0.5, 0.5]) and two.distance_sek == pytest.approx(
        0, abs=0.01
    )
    # every margin is at least 1 tkr: the worst group pays 1 below its own cost
    assert two.worst_excess_sek == pytest.approx(-1 * K)
    for point in more:  # nothing closer than the nucleolus: the same two drivers (fewest on a tie)
        assert point.in_core and point.drivers == ("equal", "population")
    assert monotone(points, games)
    assert simplest_within(points, 10.0) is two  # one driver is out of the core: not eligible


def test_the_count_limit_is_a_named_constraint() -> None:
    data = key_data(three_members(), ["equal", "population"], "npv", 0.05)
    model = KeyModel(data, "highs", "key_test")
    model.limit_count(1)
    names = {c.name for c in model.prob.constraints()}
    assert {"count_limit", "used_equal", "used_population"} <= names
    # closest to the nucleolus 8 · (50, 38, 32) with one driver: equal shares (40, 40, 40) and
    # inhabitants (60, 36, 24) are both 10 + 2 + 8 = 20 away (of 120); the 50/50 blend is excluded
    value = model.solve(model.distance(np.array([50.0, 38.0, 32.0]) * 8 * K), "core")
    assert value == pytest.approx(20 / 120)
    assert np.count_nonzero(model.units_value()) == 1


def test_cbc_gives_the_same_curve() -> None:
    drivers = ["equal", "population", "employees", "standalone"]
    highs = tradeoff(three_members(), drivers)
    cbc = tradeoff(three_members(), drivers, solver="cbc")
    assert [p.distance_sek for p in cbc] == pytest.approx([p.distance_sek for p in highs], abs=0.01)
    assert [p.in_core for p in cbc] == [p.in_core for p in highs]


@pytest.mark.parametrize(
    ("drivers", "kwargs", "field"),
    [
        (["equal"], {"target": "nucleolos"}, r"target: got 'nucleolos'; did you mean 'nucleolus'"),
        (["equal"], {"step": 0.3}, r"step: got 0\.3"),
        (["equal"], {"reference": 2019}, r"reference: got 2019"),
        (["spend"], {}, r"drivers: got \['spend'\]; a usable driver \(spend: not a driver"),
    ],
)
def test_bad_arguments_are_input_errors(
    drivers: list[str], kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InputError, match=field):
        tradeoff(two_members(), drivers, **kwargs)


def test_a_negative_margin_is_an_input_error() -> None:
    points = tradeoff(two_members(), ["equal", "standalone"])
    with pytest.raises(InputError, match=r"within: got -0\.1"):
        simplest_within(points, -0.1)


# --- Piteå and Älvsbyn: payroll ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def payroll() -> dict[int | str, CostGame]:
    """Payroll's games from 2016 (the first year of shared operation) and in present value."""
    result = engine.run(scenario.load(SCENARIOS / "pitea_alvsbyn.yaml"))
    games = run_games.games(result).of("payroll")
    return {label: g for label, g in games.items() if label == "npv" or int(label) >= 2016}


def test_pitea_payroll_curve_is_monotone_and_on_the_grid(
    payroll: dict[int | str, CostGame],
) -> None:
    points = tradeoff(payroll, PAYROLL_DRIVERS)
    # payslips are a fixed multiple of employees (merged): three usable drivers, three points
    assert [p.k for p in points] == [1, 2, 3] and len(points[0].drivers) == 1
    assert monotone(points, payroll)
    for p in points:
        assert len(p.drivers) <= p.k and on_grid(p.weights, 0.05)
        assert p.weights.sum() == pytest.approx(1.0, abs=1e-12)
    # with every driver allowed, the curve ends at the key the optimiser proposes
    proposal = propose_key(payroll, PAYROLL_DRIVERS)
    assert points[-1].distance_sek == pytest.approx(proposal.distance(), abs=0.01)
    assert points[-1].in_core == proposal.in_core
    # 2016 is the year before the payroll centre starts (2017-01): together costs what alone does,
    # so the core of 2016 is the stand-alone costs themselves and no blend of these drivers hits them
    assert payroll[2016].grand_cost == pytest.approx(payroll[2016].standalone.sum())
    assert not any(p.in_core for p in points)


def test_pitea_payroll_from_the_start_two_drivers_reach_the_core(
    payroll: dict[int | str, CostGame],
) -> None:
    shared = {label: g for label, g in payroll.items() if label != 2016}
    points = tradeoff(shared, PAYROLL_DRIVERS)
    assert [p.in_core for p in points] == [False, True, True] and monotone(points, shared)
    assert simplest_within(points, 0.0) is points[1]  # the third driver brings it no closer
