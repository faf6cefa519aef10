"""The key optimiser: hand-checked games, brute force over the grid, fallback, errors and the shipped scenarios."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pulp
import pytest
from helpers import SCENARIOS
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import engine, scenario
from simulator.allocation.generators import pooled_game
from simulator.core import coalitions
from simulator.core.errors import InputError
from simulator.engine import games as cost_sharing
from simulator.engine.keys import propose_keys
from simulator.game import CostGame
from simulator.keys import KEY_METHOD, KeySolverError, evaluate, propose_key
from simulator.keys.data import key_data
from simulator.keys.milp import KeyModel, NoKeyInCore, optimise_units
from simulator.keys.proposal import reference_targets
from simulator.keys.shares import share_matrix, usable_drivers
from simulator.report.keywording import key_markdown, key_sentences, sentence

FIXTURES = SCENARIOS.parent / "tests" / "fixtures" / "keys"
K = 1000.0  # the hand-made games are in tkr; SEK inside


# --- hand-made games ---------------------------------------------------------------------------------


def two_members() -> dict[int | str, CostGame]:
    """Piteå (3/4 of the inhabitants) and Älvsbyn; costs in tkr, c(N) = 100 each year.

    With weight e on equal shares and 1 − e on inhabitants, Piteå pays 100·(0.5e + 0.75(1 − e)) = 75 − 25e
    and Älvsbyn 25 + 25e (tkr) a year; in present value (c(N) = 200) twice that.
      2015: c(P) = 62, c(Ä) = 45:  75 − 25e ≤ 62 ⇔ e ≥ 0.52;   25 + 25e ≤ 45 ⇔ e ≤ 0.80
      2016: c(P) = 66, c(Ä) = 42:  75 − 25e ≤ 66 ⇔ e ≥ 0.36;   25 + 25e ≤ 42 ⇔ e ≤ 0.68
      npv:  c(P) = 128, c(Ä) = 87: 150 − 50e ≤ 128 ⇔ e ≥ 0.44; 50 + 50e ≤ 87 ⇔ e ≤ 0.74
    Feasible: 0.52 ≤ e ≤ 0.68; in steps of 5 %: 0.55, 0.60, 0.65. The nucleolus of the present-value game
    splits the saving 128 + 87 − 200 = 15 equally: Piteå pays 120.5, i.e. e = 0.59; on the grid 0.60
    (Piteå 120, L1 distance 1) beats 0.55 (122.5, distance 4) and 0.65 (117.5, distance 6).
    """

    def game(pitea: float, alvsbyn: float, both: float) -> CostGame:
        return CostGame(
            ("Piteå", "Älvsbyn"),
            np.array([pitea, alvsbyn, both]) * K,
            {"population": [3.0, 1.0], "employees": [5.0, 1.0]},
        )

    return {2015: game(62, 45, 100), 2016: game(66, 42, 100), "npv": game(128, 87, 200)}


def three_members() -> dict[int | str, CostGame]:
    """A core that excludes every single-driver key but holds a blend (tkr; c(N) = 120).

    c(A) = 52, c(B) = 40, c(C) = 34, c(AB) = 89, c(AC) = 83, c(BC) = 71. The core is x_A ∈ [49, 52],
    x_B ∈ [37, 40], x_C ∈ [31, 34] with x_A + x_B + x_C = 120: a small triangle around (50, 38, 32).
      equal shares  (40, 40, 40):          C pays 40 > 34
      inhabitants   5:3:2 → (60, 36, 24):  A+B pay 96 > 89
      employees     45:25:30 → (54, 30, 36): C pays 36 > 34
      stand-alone   52:40:34 → (49.5, 38.1, 32.4) is inside, so stand-alone costs here are 70, 40, 34
                    for the singles: 70:40:34 → (58.3, 33.3, 28.3): A+B pay 91.7 > 89
    Half equal, half per inhabitant gives (50, 38, 32): every single and pair pays 1–2 below its own cost.
    (c(A) = 70 does not widen the core: x_A ≤ 52 follows from x_B ≥ 37 and x_C ≥ 31.)
    The present value is the same game eight times over.
    """
    costs = {"A": 70, "B": 40, "C": 34, "A+B": 89, "A+C": 83, "B+C": 71, "A+B+C": 120}
    drivers = {"population": [50.0, 30.0, 20.0], "employees": [45.0, 25.0, 30.0]}
    year = CostGame.from_mapping(("A", "B", "C"), {k: v * K for k, v in costs.items()}, drivers)
    return {2018: year, "npv": CostGame(year.players, year.costs * 8, drivers)}


def empty_core() -> dict[int | str, CostGame]:
    """Three alike members: 100 alone, 150 in pairs, 240 together (tkr). The pairs' constraints sum to
    2·x(N) ≤ 450 < 480 = 2·c(N): the core is empty. The least core is ε = 10 (each pair pays 160),
    reached only by the equal split (80 each)."""
    costs = {"A": 100, "B": 100, "C": 100, "A+B": 150, "A+C": 150, "B+C": 150, "A+B+C": 240}
    year = CostGame.from_mapping(
        ("A", "B", "C"), {k: v * K for k, v in costs.items()}, {"population": [5.0, 3.0, 2.0]}
    )
    return {2018: year, "npv": CostGame(year.players, year.costs * 8, year.drivers)}


# --- brute force over the grid -----------------------------------------------------------------------


def grid(k: int, units: int) -> np.ndarray:
    """Every weight vector with k entries in steps of 1/units summing to 1 (stars and bars)."""
    out = []
    for bars in itertools.combinations(range(units + k - 1), k - 1):
        edges = (-1, *bars, units + k - 1)
        out.append([edges[i + 1] - edges[i] - 1 for i in range(k)])
    return np.array(out, dtype=float) / units


def brute(
    games: Mapping[int | str, CostGame], drivers: Sequence[str], step: float
) -> dict[str, np.ndarray]:
    """For every grid point: in the core of every game, the largest scaled excess, and the objectives."""
    w = grid(len(drivers), round(1 / step))
    worst, core = np.full(len(w), -np.inf), np.ones(len(w), dtype=bool)
    for game in games.values():
        x = game.grand_cost * w @ share_matrix(game, drivers).T
        excess = (x @ coalitions.membership(game.n) - game.costs)[:, :-1]
        core &= (excess <= 0.01).all(axis=1)
        worst = np.maximum(worst, excess.max(axis=1) / abs(game.grand_cost))
    ref = games["npv"]
    x = ref.grand_cost * w @ share_matrix(ref, drivers).T
    saving = 1 - x / ref.standalone
    targets = reference_targets(
        ref
    )  # the nucleolus over imputations (pre-imputations when there are none)
    return {
        "weights": w,
        "core": core,
        "worst": worst,
        "nucleolus": np.abs(x - targets["nucleolus"]).sum(axis=1),
        "shapley": np.abs(x - targets["shapley"]).sum(axis=1),
        "spread": saving.max(axis=1) - saving.min(axis=1),
        "count": (w > 0).sum(axis=1),
    }


def on_grid(weights: np.ndarray, step: float) -> bool:
    units = weights / step
    return bool(np.allclose(units, np.round(units), atol=1e-9) and abs(weights.sum() - 1) < 1e-12)


# --- hand-checked cases -------------------------------------------------------------------------------


def test_two_members_key_lies_in_the_interval_worked_out_by_hand() -> None:
    proposal = propose_key(two_members(), ["equal", "population"])
    equal = proposal.key["equal"]
    assert 0.52 <= equal <= 0.68 and on_grid(proposal.weights, 0.05)
    assert proposal.weights == pytest.approx([0.60, 0.40])  # nearest to the nucleolus (docstring)
    assert proposal.in_core and not proposal.least_excess
    assert proposal.allocation("npv") == pytest.approx([120 * K, 80 * K])
    assert proposal.distance() == pytest.approx(1 * K)


def test_two_members_a_coarse_grid_misses_the_interval_and_says_by_how_much() -> None:
    # steps of 25 %: e ∈ {0, 0.25, 0.5, 0.75, 1}, none in [0.52, 0.68]. At e = 0.5 Piteå pays 62.5 > 62 in
    # 2015 (excess 0.5 of c(N) = 100: 0.5 %); at e = 0.75 Älvsbyn pays 43.75 > 42 in 2016 (1.75 %).
    proposal = propose_key(two_members(), ["equal", "population"], step=0.25)
    assert proposal.weights == pytest.approx([0.5, 0.5])
    assert not proposal.in_core and proposal.least_excess and proposal.empty_cores == ()
    worst = proposal.worst
    assert (worst.label, worst.check.objecting_coalition) == (2015, "Piteå")
    assert worst.check.max_excess == pytest.approx(0.5 * K)
    assert proposal.finer_step_reaches_core  # e = 0.6 would
    assert sentence(proposal, [2014, 2021], "sv").endswith(
        "Ingen nyckel i steg om 25\u00a0% håller alla kommuner och grupper skadeslösa (med finare steg går det): "
        "Piteå skulle betala 500\u00a0kr mer än ensam 2015."
    )


def test_two_members_per_inhabitant_alone_fails_whatever_the_step() -> None:
    # Piteå pays 75 > 62 in 2015 (13 of 100), 75 > 66 in 2016 and 150 > 128 in present value (22 of 200)
    proposal = propose_key(two_members(), ["population"])
    assert not proposal.in_core and not proposal.finer_step_reaches_core
    assert (proposal.worst.label, proposal.worst.check.max_excess) == (2015, pytest.approx(13 * K))
    assert sentence(proposal, None, "en") == (
        "The cost is shared by number of inhabitants. No blend of these drivers keeps every municipality and "
        "group no worse off than alone: Piteå would pay 13\u00a0kSEK more than alone in 2015."
    )


def test_three_members_only_a_blend_reaches_the_core() -> None:
    games = three_members()
    drivers = ["equal", "population", "employees", "standalone"]
    for k, driver in enumerate(drivers):
        assert not evaluate(games, drivers, np.eye(4)[k]).in_core, driver
    assert evaluate(games, drivers, np.array([0.5, 0.5, 0, 0])).in_core
    proposal = propose_key(games, drivers)
    assert proposal.in_core and len(proposal.key) >= 2 and on_grid(proposal.weights, 0.05)
    search = brute(games, drivers, 0.05)
    assert proposal.distance() == pytest.approx(search["nucleolus"][search["core"]].min(), abs=0.01)


def test_empty_core_reports_the_least_core_excess_and_the_objecting_group() -> None:
    proposal = propose_key(empty_core(), ["equal", "population"])
    assert proposal.key == {"equal": 1.0}  # the only least-core allocation is the equal split
    assert proposal.least_excess and not proposal.in_core and proposal.empty_cores == (2018, "npv")
    worst = proposal.worst
    assert worst.check.max_excess == pytest.approx(10 * K)  # the least-core value ε, 2018
    assert worst.label == 2018 and worst.check.objecting_coalition == "A+B"
    assert "(kärnan är tom)" in sentence(proposal, [2018, 2025], "sv")
    assert "A+B would pay 10\u00a0kSEK more than alone in 2018." in sentence(
        proposal, [2018, 2025], "en"
    )


# --- objectives against brute force ------------------------------------------------------------------

DRIVERS3 = ["equal", "population", "employees", "standalone"]


@pytest.mark.parametrize("objective", ["nucleolus", "shapley", "even_savings", "simplicity"])
def test_each_objective_finds_the_brute_force_optimum(objective: str) -> None:
    games = three_members()
    proposal = propose_key(games, DRIVERS3, objective=objective)
    search = brute(games, DRIVERS3, 0.05)
    core = search["core"]
    assert proposal.in_core and on_grid(proposal.weights, 0.05)
    ref = proposal.evaluation.verdict("npv")
    share = ref.check.saving_share
    values = {
        "nucleolus": proposal.distance("nucleolus"),
        "shapley": proposal.distance("shapley"),
        "spread": share.max() - share.min(),
        "count": len(proposal.key),
    }
    first, second = {
        "nucleolus": ("nucleolus", "count"),
        "shapley": ("shapley", "count"),
        "even_savings": ("spread", "nucleolus"),
        "simplicity": ("count", "nucleolus"),
    }[objective]
    best = search[first][core].min()
    assert values[first] == pytest.approx(best, rel=1e-6, abs=1e-6)
    ties = core & np.isclose(search[first], best, rtol=1e-6, atol=1e-6)
    assert values[second] == pytest.approx(search[second][ties].min(), rel=1e-6, abs=1e-6)


def test_simplicity_prefers_one_driver_where_one_suffices() -> None:
    # Two members: the stand-alone key gives both the same relative saving, which lies in the core of
    # every game here (62:45, 66:42, 128:87 of c(N) leave each below its own cost).
    drivers = ["equal", "population", "standalone"]
    simple = propose_key(two_members(), drivers, objective="simplicity")
    close = propose_key(two_members(), drivers, objective="nucleolus")
    even = propose_key(two_members(), drivers, objective="even_savings")
    assert simple.key == {"standalone": 1.0}
    assert close.distance() < simple.distance() and len(close.key) >= 2
    share = even.evaluation.verdict("npv").check.saving_share
    assert share.max() - share.min() == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("objective", ["nucleolus", "even_savings", "simplicity"])
def test_cbc_and_highs_agree(objective: str) -> None:
    highs = propose_key(three_members(), DRIVERS3, objective=objective, solver="highs")
    cbc = propose_key(three_members(), DRIVERS3, objective=objective, solver="cbc")
    assert cbc.distance() == pytest.approx(highs.distance(), abs=0.01)
    assert len(cbc.key) == len(highs.key)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 4),
    step=st.sampled_from([0.1, 0.2, 0.25, 0.5, 1.0]),
    coordination=st.sampled_from([0.0, 0.5, 3.0]),
)
def test_grid_sum_efficiency_and_least_excess_match_brute_force(
    seed: int, n: int, step: float, coordination: float
) -> None:
    rng = np.random.default_rng(seed)
    players = [f"P{i}" for i in range(n)]
    fixed, volumes = rng.uniform(1, 5, n), rng.uniform(1, 100, n)
    games: dict[int | str, CostGame] = {}
    for year in (1, 2):
        game = pooled_game(
            players, fixed, volumes * rng.uniform(0.9, 1.1, n), 0.7, 2.0, coordination
        )
        games[year] = CostGame(
            game.players, game.costs * 1e5, {**game.drivers, "population": volumes}
        )
    games["npv"] = CostGame(games[1].players, games[1].costs + games[2].costs, games[1].drivers)
    drivers = ["equal", "volume", "standalone"]
    proposal = propose_key(games, drivers, step=step)
    assert on_grid(proposal.weights, step)
    for verdict in proposal.evaluation.verdicts:
        assert verdict.allocation.sum() == pytest.approx(verdict.game.grand_cost, abs=0.01)
    search = brute(games, drivers, step)
    assert proposal.in_core == bool(search["core"].any())
    if not proposal.in_core:
        assert proposal.worst.scaled_excess == pytest.approx(search["worst"].min(), abs=1e-9)


# --- the model: names, families, errors --------------------------------------------------------------


def test_every_variable_and_constraint_is_named_by_family() -> None:
    data = key_data(three_members(), DRIVERS3, "npv", 0.05)
    model_ = KeyModel(data, "highs", "key_test")
    model_.add_core(data.tolerance)
    model_.distance(np.array([50.0, 38.0, 32.0]) * K * 8)
    model_.spread()
    model_.count()
    names = [c.name for c in model_.prob.constraints()]
    assert "grid_total" in names and "core_2018_S3" in names
    family = re.compile(
        r"^(grid_total|grid_\w+|core_(2018|npv)_S\d+|deviation_(above|below)_\d|"
        r"saving_(max|min)_\d|used_\w+)$"
    )
    assert all(family.match(name) for name in names), names
    variables = {v.name for v in model_.prob.variables()}
    assert {
        "units_equal",
        "weight_equal",
        "dev_0",
        "saving_max",
        "saving_min",
        "used_equal",
    } <= variables


def test_infeasible_core_rows_raise_naming_the_family() -> None:
    data = key_data(empty_core(), ["equal", "population"], "npv", 0.05)
    with pytest.raises(NoKeyInCore, match="core constraints"):
        optimise_units(data, [("count", None)], data.tolerance, "highs", "key_test")


def test_a_solver_that_does_not_finish_is_an_error_not_a_sentinel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = key_data(three_members(), DRIVERS3, "npv", 0.05)
    monkeypatch.setattr(pulp.LpProblem, "solve", lambda self, solver=None: pulp.LpStatusNotSolved)
    with pytest.raises(KeySolverError, match=r"core constraints\): HiGHS status Not Solved"):
        optimise_units(data, [("count", None)], data.tolerance, "highs", "key_test")


# --- arguments ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"drivers": ["equal", "inhabitants"]}, r"keys\.drivers\[1\]: got 'inhabitants'"),
        ({"drivers": []}, r"keys\.drivers: got \[\]"),
        ({"drivers": ["equal", "equal"]}, "each driver once"),
        ({"step": 0.3}, r"keys\.step: got 0\.3"),
        ({"step": 0.0}, r"keys\.step"),
        ({"objective": "fairest"}, r"keys\.objective: got 'fairest'"),
        ({"reference": "total"}, r"reference: got 'total'"),
        ({"drivers": ["employes"]}, "did you mean 'employees'"),
    ],
)
def test_malformed_arguments_are_input_errors(kwargs: dict[str, object], field: str) -> None:
    arguments = {"drivers": ["equal", "population"]} | kwargs
    with pytest.raises(InputError, match=field):
        propose_key(two_members(), **arguments)


def test_a_driver_without_figures_is_left_out_or_an_error_when_none_remain() -> None:
    games = {
        label: CostGame(g.players, g.costs, {**g.drivers, "spend": [0.0, 0.0]})
        for label, g in two_members().items()
    }
    proposal = propose_key(games, ["spend", "equal", "population"])
    assert proposal.drivers == ("equal", "population") and "spend" in proposal.skipped
    with pytest.raises(InputError, match="at least one driver with a positive total"):
        propose_key(games, ["spend"])


# --- scenarios -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["pitea_alvsbyn", "lulea_region"])
def shipped(request: pytest.FixtureRequest) -> tuple[engine.RunResult, object]:
    result = engine.run(scenario.load(SCENARIOS / f"{request.param}.yaml"))
    return result, propose_keys(result)


def test_shipped_scenarios_have_a_key_per_service_and_total(
    shipped: tuple[engine.RunResult, object],
) -> None:
    result, report = shipped
    assert list(report.proposals) == [s for s in result.services if s != "governance"] + ["total"]
    for name, p in report.proposals.items():
        assert on_grid(p.weights, 0.05), name
        # chosen on the years in shared operation (from the service's first full year), and npv
        first, last = report.span(name)
        assert last == int(result.context.years[-1])
        assert [v.label for v in p.evaluation.verdicts] == [*range(first, last + 1), "npv"]
        if not p.in_core:  # an honest report: who objects, by how much, when
            worst = p.worst
            assert (
                p.least_excess and worst.check.max_excess > 0.01 and worst.check.objecting_coalition
            )
            assert worst.check.objecting_coalition in key_sentences(report, "sv")[name]


def test_shipped_keys_beat_every_single_driver_key(
    shipped: tuple[engine.RunResult, object],
) -> None:
    _, report = shipped
    for name, p in report.proposals.items():
        for k, driver in enumerate(p.drivers):
            alone = evaluate(
                {v.label: v.game for v in p.evaluation.verdicts},
                p.drivers,
                np.eye(len(p.drivers))[k],
            )
            assert p.in_core or not alone.in_core, (name, driver)
            assert p.worst.scaled_excess <= max(alone.worst.scaled_excess, 0.0) + 1e-9, (
                name,
                driver,
            )


def test_shipped_sentences_in_both_languages(shipped: tuple[engine.RunResult, object]) -> None:
    result, report = shipped
    for lang, key_words, good, bad in (
        (
            "sv",
            ("Kostnaden fördelas", "Av kostnaden fördelas"),
            "om de stod ensamma, varje år {first}–{last}",
            "skulle betala",
        ),
        (
            "en",
            ("The cost is", "of the cost is split equally"),
            "would alone, in every year {first}–{last}",
            "would pay",
        ),
    ):
        for name, text in key_sentences(report, lang).items():
            first, last = report.span(name)  # the years in shared operation
            assert any(word in text for word in key_words), text
            shown = good.format(first=first, last=last)
            assert (shown if report.proposals[name].in_core else bad) in text, text
    assert key_markdown(report, "sv").startswith("## Föreslagna fördelningsnycklar")
    assert "**Löneadministration.**" in key_markdown(report, "sv")


def test_shipped_tables(shipped: tuple[engine.RunResult, object]) -> None:
    result, report = shipped
    keys = report.keys_table()
    assert list(keys.columns[:6]) == [
        "scenario",
        "service",
        "family",
        "recommended",
        "driver",
        "weight",
    ]
    assert list(keys.columns[-2:]) == ["p_in_core", "p_all_save"]  # empty without draws
    assert keys[["p_in_core", "p_all_save"]].isna().all().all()
    assert keys.groupby(["service", "family"])["weight"].sum().to_numpy() == pytest.approx(1.0)
    chosen = keys[keys["recommended"]]  # one family per service
    assert (chosen.groupby("service")["family"].nunique() == 1).all()
    assert set(chosen["service"]) == set(report.proposals)
    rows = report.allocation_rows()
    reference = cost_sharing.allocations_table(result, ["equal"])
    assert list(rows.columns) == list(reference.columns) and set(rows["method"]) == {KEY_METHOD}
    assert len(rows) == len(reference)  # every year, npv, service and municipality
    grand = {(y, s): g.grand_cost for y, s, g in cost_sharing.games(result)}
    sums = rows.groupby(["year", "service"])["cost_sek"].sum()
    assert max(abs(total - grand[key]) for key, total in sums.items()) <= 0.01
    comparison = report.comparison_table()
    for name, p in report.proposals.items():
        part = comparison[comparison["service"] == name]
        assert list(part["key"]) == [KEY_METHOD, *p.drivers]
        assert part["distance_to_nucleolus_sek"].iloc[0] == pytest.approx(p.distance())


def test_pitea_alvsbyn_keys_are_in_the_core_every_year(
    shipped: tuple[engine.RunResult, object],
) -> None:
    result, report = shipped
    if result.scenario.id == "pitea_alvsbyn":
        assert all(p.in_core for p in report.proposals.values())


def test_scenario_settings_choose_drivers_step_years_objective_and_services() -> None:
    result = engine.run(scenario.load(FIXTURES / "good.yaml"))
    report = propose_keys(result)
    assert list(report.proposals) == ["payroll", "total"] and report.agreement == (2015, 2017)
    for name in report.proposals:
        p = report.families[name]["drivers"]  # the fixture's candidate drivers
        assert (
            p.drivers == ("equal", "population", "employees", "payslips") or "payslips" in p.skipped
        )
        assert p.objective == "even_savings" and on_grid(p.weights, 0.1)
        assert [v.label for v in p.evaluation.verdicts] == [2015, 2016, 2017, "npv"]
    assert set(report.allocation_rows()["year"]) == {2014, 2015, 2016, 2017, 2018, "npv"}
    assert (
        "varje år 2015–2017 och i nuvärde över 2014–2018" in key_sentences(report, "sv")["payroll"]
    )


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("unknown_driver", r"keys\.drivers\[1\]: got 'inhabitants'"),
        ("driver_of_missing_service", r"keys\.drivers\[1\]: got 'calls'"),
        ("repeated_driver", "each driver once"),
        ("empty_drivers", r"keys\.drivers: got \[\]"),
        ("bad_step", r"keys\.step: got 0\.3.*divides 1"),
        ("years_outside", r"keys\.agreement_years: got \[2013, 2015\]"),
        ("years_reversed", "the first year must not be after the last"),
        ("unknown_objective", r"keys\.objective: got 'fairest'"),
        ("unknown_service", r"keys\.services\[1\]: got 'switchboard'"),
    ],
)
def test_malformed_keys_blocks_are_rejected_by_the_loader(name: str, field: str) -> None:
    with pytest.raises(InputError, match=field):
        scenario.load(FIXTURES / f"{name}.yaml")


def test_a_driver_zero_in_every_year_is_an_input_error_naming_the_file() -> None:
    result = engine.run(scenario.load(FIXTURES / "no_usable_driver.yaml"))
    with pytest.raises(
        InputError, match=r"no_usable_driver\.yaml: keys\.drivers: .*no positive total"
    ):
        propose_keys(result)


def test_allocation_rows_append_to_allocations_csv() -> None:
    result = engine.run(scenario.load(FIXTURES / "good.yaml"))
    table = pd.concat(
        [cost_sharing.allocations_table(result), propose_keys(result).allocation_rows()],
        ignore_index=True,
    )
    assert table["year"].dtype == object and KEY_METHOD in set(table["method"])


def test_a_driver_proportional_to_another_is_merged_into_it() -> None:
    # payslips 1.25 × employees (125 = 1.25 × 100, 25 = 1.25 × 20): shares 100/120 and 20/120 for
    # both in every game, so a key by one charges what a key by the other does; population
    # (40 000 and 8 000: 5/6 and 1/6) also happens to match and is merged as well, while calls
    # (30 and 10: 3/4 and 1/4) differ and stay
    costs = {"A": 10.0, "B": 4.0, "A+B": 12.0}
    drivers = {
        "employees": [100.0, 20.0],
        "population": [40_000.0, 8_000.0],
        "payslips": [125.0, 25.0],
        "calls": [30.0, 10.0],
    }
    game = CostGame.from_mapping(["A", "B"], costs, drivers)
    usable, skipped = usable_drivers(
        {2024: game, "npv": game}, ["equal", "employees", "population", "payslips", "calls"]
    )
    assert usable == ("equal", "employees", "calls")
    assert skipped == {
        "population": "same shares as employees in every game (merged)",
        "payslips": "same shares as employees in every game (merged)",
    }


def test_an_agreed_key_is_kept_checked_and_its_change_shown(
    shipped: tuple[engine.RunResult, object],
) -> None:
    # the rescue service is shared 80/20 (scenarios/pitea_alvsbyn.yaml): the agreed shares stay
    # the proposal; the optimiser's own key (equal shares) would move 0.8 − 0.5 = 30 % of the
    # present-value cost from Piteå to Älvsbyn
    result, report = shipped
    if result.scenario.id != "pitea_alvsbyn":
        return
    kept = report.proposals["rescue_service"]
    assert kept.key == {"agreed": 1.0} and kept.in_core
    grand = kept.evaluation.verdict("npv").game.grand_cost
    assert kept.allocation("npv") == pytest.approx([0.8 * grand, 0.2 * grand])
    other = report.alternatives["rescue_service"]
    moved = other.allocation("npv") - kept.allocation("npv")
    assert moved == pytest.approx([-0.3 * grand, 0.3 * grand])
    words = key_markdown(report, "sv")
    assert "(Piteå 80\u00a0%, Älvsbyn 20\u00a0%) behålls som förslag" in words
    assert "lönespecifikationer ger samma andelar som anställda" in words
