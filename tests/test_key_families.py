"""Key families councils sign, agreed keys kept, and keys' odds over the Monte Carlo draws.

The shipped scenarios are evaluated once per module; the odds are checked against a count draw by
draw through the scalar core check of :func:`simulator.keys.evaluate.evaluate`.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from simulator import engine, scenario
from simulator.allocation import core_is_empty
from simulator.cli.main import main
from simulator.engine import games as cost_sharing
from simulator.engine.keys import KeyReport, propose_keys
from simulator.game import CostGame
from simulator.keys.evaluate import evaluate
from simulator.keys.families import SCHEDULE, price_list
from simulator.keys.odds import CONFIDENCE, draws_needed, lower_bound
from simulator.keys.shares import STANDALONE
from simulator.report.keywording import key_markdown, key_sentences
from simulator.services.drivers import DRIVER_MEASURES, FACT_DRIVERS
from simulator.uncertainty.montecarlo import (
    chunk_seeds,
    default_facts,
    draw_run,
    rank_correlations,
    uncertain_parameters,
)
from simulator.uncertainty.robust import draw_games, robust_keys

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
_RUNS: dict[str, tuple[engine.RunResult, KeyReport]] = {}


def shipped(name: str) -> tuple[engine.RunResult, KeyReport]:
    """The shipped scenario's run and key report (once per module)."""
    if name not in _RUNS:
        result = engine.run(scenario.load(SCENARIOS / f"{name}.yaml"))
        _RUNS[name] = (result, propose_keys(result))
    return _RUNS[name]


@pytest.mark.parametrize("name", ["pitea_alvsbyn", "lulea_region"])
def test_every_service_with_cores_in_every_agreement_year_gets_a_key_in_them(name: str) -> None:
    _, report = shipped(name)
    for service, p in report.proposals.items():
        games = {v.label: v.game for v in p.evaluation.verdicts}
        if not any(core_is_empty(g) for g in games.values()):
            assert p.in_core, (service, report.family(service), p.worst.check.max_excess)


def test_lulea_switchboard_and_procurement_are_now_in_their_cores() -> None:
    # before: switchboard needed each year's stand-alone cost (a model figure), procurement had no
    # key in its cores (Boden+Luleå+Piteå+Älvsbyn 25 tkr over their own cost in 2019)
    _, report = shipped("lulea_region")
    for service in ("switchboard", "procurement", "payroll", "total"):
        p = report.proposals[service]
        assert p.in_core, service
        assert STANDALONE not in p.key  # nothing a council cannot observe
    # no constant blend of observable drivers reaches these cores: the fixed percentages do
    assert report.family("switchboard") == "fixed"
    assert not report.families["switchboard"]["drivers"].in_core


def test_stand_alone_cost_is_a_driver_only_when_asked_for() -> None:
    result, report = shipped("pitea_alvsbyn")
    assert all("model" not in found for found in report.families.values())
    assert all(STANDALONE not in p.drivers for f in report.families.values() for p in f.values())
    settings = result.scenario.keys.model_copy(update={"families": ("drivers", "model")})
    asked = propose_keys(result, settings=settings)
    model = asked.families["payroll"]["model"]
    assert STANDALONE in model.drivers
    words = key_sentences(replace(asked, chosen={**asked.chosen, "payroll": "model"}), "sv")
    if STANDALONE in model.key:
        assert "modellsiffra" in words["payroll"]


def test_the_historic_key_freezes_each_members_cost_in_the_year_before_the_start() -> None:
    # Piteå–Älvsbyn payroll runs shared from 2017 (its agreement span starts then): the key
    # charges each year's cost of the pair in the shares of the two members' own costs in 2016
    _, report = shipped("pitea_alvsbyn")
    assert report.span("payroll")[0] == 2017 and report.historic_years["payroll"] == 2016
    p = report.families["payroll"]["historic"]
    alone_2016 = report.games["payroll"][2016].standalone
    for year in (2017, 2021):
        grand = report.games["payroll"][year].grand_cost
        assert p.allocation(year) == pytest.approx(grand * alone_2016 / alone_2016.sum())
    words = key_sentences(replace(report, chosen={**report.chosen, "payroll": "historic"}), "sv")
    assert "egen kostnad för tjänsten 2016, året före starten, fryst" in words["payroll"]


def test_a_price_list_charges_what_its_weights_charge() -> None:
    # fee = c(N) · w_equal / n and price = c(N) · w_payslips / Σ payslips, so each member pays
    # fee + price × its payslips: the invoice a host sends
    _, report = shipped("pitea_alvsbyn")
    p = report.families["payroll"]["price_list"]
    assert set(p.drivers) == {"equal", "payslips"}
    game = report.games["payroll"][2017]
    fee, prices = price_list(game, p.drivers, p.weights)
    invoice = fee + prices["payslips"] * game.drivers["payslips"]
    assert invoice == pytest.approx(p.allocation(2017))
    chosen = replace(report, chosen={**report.chosen, "payroll": "price_list"})
    assert "Som prislista 2017: en fast avgift på" in key_sentences(chosen, "sv")["payroll"]


def test_fixed_percentages_are_tenths_of_a_per_cent_and_stated_in_words() -> None:
    _, report = shipped("lulea_region")
    p = report.proposals["switchboard"]
    assert p.key == {SCHEDULE: 1.0}
    shares = [
        report.games["switchboard"][v.label].drivers[SCHEDULE]
        for v in p.evaluation.verdicts
        if v.label != "npv"
    ]
    for row in shares:
        assert row.sum() == pytest.approx(1.0)
        assert np.allclose(row * 1000, np.round(row * 1000))  # whole tenths of a per cent
        allocation = p.allocation(p.evaluation.verdicts[0].label)
        assert allocation.sum() == pytest.approx(p.evaluation.verdicts[0].game.grand_cost)
    sentence = key_sentences(report, "sv")["switchboard"]
    assert sentence.startswith("Kostnaden fördelas med fasta andelar")
    first = dict(zip(p.players, shares[0]))
    assert f"Boden {first['Boden'] * 100:.1f}".replace(".", ",") in sentence


def test_a_glide_path_starts_at_the_historic_cost_and_ends_at_the_driver_key() -> None:
    # glide over 2 years from 2017: g = 0 in 2017, 0.5 in 2018, 1 from 2019
    result, _ = shipped("pitea_alvsbyn")
    settings = result.scenario.keys.model_copy(update={"glide_years": 2, "services": ("payroll",)})
    report = propose_keys(result, settings=settings)
    p = report.families["payroll"]["historic"]
    assert all(d.startswith("glide:") for d in p.drivers)
    games = report.games["payroll"]
    alone = games[2016].standalone / games[2016].standalone.sum()
    target = {d.removeprefix("glide:"): w for d, w in zip(p.drivers, p.weights)}
    for year, g in ((2017, 0.0), (2018, 0.5), (2020, 1.0)):
        game = games[year]
        key = sum(
            w * (np.full(2, 0.5) if d == "equal" else game.drivers[d] / game.drivers[d].sum())
            for d, w in target.items()
        )
        expected = game.grand_cost * ((1 - g) * alone + g * key)
        assert p.allocation(year) == pytest.approx(expected), year


def test_the_agreed_rescue_key_stays_and_the_merged_drivers_are_named() -> None:
    _, report = shipped("pitea_alvsbyn")
    assert report.family("rescue_service") == "agreed"
    assert report.proposals["rescue_service"].key == {"agreed": 1.0}
    words = key_markdown(report, "sv")
    assert "(Piteå 80\u00a0%, Älvsbyn 20\u00a0%) behålls som förslag" in words
    assert "lönespecifikationer ger samma andelar som anställda" in words
    drivers = report.families["payroll"]["drivers"]
    assert not ({"payslips", "employees"} <= set(drivers.drivers))


def test_the_scenario_approach_bound_and_draws_needed() -> None:
    # all N draws whole: the one-sided Clopper–Pearson bound is (β/M)^(1/N); N draws needed for
    # 1 − ε = 95 % at 95 % confidence among M = 6 keys: ln(6 / 0.05) / −ln(0.95) = 93.3 → 94
    beta = (1 - CONFIDENCE) / 6
    assert lower_bound(200, 200, beta) == pytest.approx(beta ** (1 / 200))
    assert draws_needed(6) == math.ceil(math.log(6 / 0.05) / -math.log(0.95)) == 94


def _brute_force(
    sc: scenario.Scenario, report: KeyReport, draws: int, seed: int
) -> dict[tuple[str, str], tuple[int, int]]:
    """Per service and family: the draws whose games the key keeps whole (checked one draw and
    game at a time by the scalar check) and those in which every member pays less than alone."""
    parameters = tuple(uncertain_parameters(sc))
    result, _ = draw_run(
        sc,
        default_facts(sc),
        parameters,
        rank_correlations(sc, parameters),
        draws,
        chunk_seeds(seed, draws)[0],
    )
    observed = {*FACT_DRIVERS, *DRIVER_MEASURES}
    counts = {}
    for name, found in report.families.items():
        for family, p in found.items():
            labels = tuple(v.label for v in p.evaluation.verdicts)
            dg = draw_games(result, name, labels)
            fixed = {v.label: v.game for v in p.evaluation.verdicts}
            figures = {d: dg.driver(d) for d in p.drivers if d in observed}
            whole = save = 0
            for d in range(draws):
                games = {}
                for g, label in enumerate(labels):
                    drivers = {k: v[d, g] for k, v in figures.items()}
                    drivers |= {
                        k: fixed[label].drivers[k]
                        for k in p.drivers
                        if k not in figures and k in fixed[label].drivers
                    }
                    games[label] = CostGame(p.players, dg.costs[d, g], drivers)
                checked = evaluate(games, p.drivers, p.weights)
                whole += checked.in_core
                npv = checked.verdict("npv")
                save += bool((npv.allocation < npv.game.standalone - 0.01).all())
            counts[(name, family)] = (whole, save)
    return counts


def test_odds_equal_a_count_over_the_same_draws() -> None:
    sc = scenario.load(SCENARIOS / "pitea_alvsbyn.yaml")
    _, report = shipped("pitea_alvsbyn")
    draws, seed = 60, 11
    robust = robust_keys(sc, report, draws, seed)
    counted = _brute_force(sc, report, draws, seed)
    assert len(counted) >= 30
    for (name, family), (whole, save) in counted.items():
        odds = robust.odds[name][family]
        assert odds.draws == draws and odds.whole == whole, (name, family)
        assert odds.p_all_save == pytest.approx(save / draws), (name, family)
        assert odds.candidates == len(report.families[name])
    # the proposal is the family whose key is whole in most draws (an agreed key stays)
    for name, found in robust.odds.items():
        if robust.family(name) != "agreed":
            assert found[robust.family(name)].whole == max(o.whole for o in found.values())


def test_keys_with_draws_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(SCENARIOS / "pitea_alvsbyn.yaml")
    outputs = []
    for _ in range(2):
        code = main(["keys", path, "--draws", "40", "--seed", "5", "--format", "csv"])
        assert code == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]  # same scenario and seed, same figures
    rows = list(csv.DictReader(io.StringIO(outputs[0])))
    assert all(0.0 <= float(r["p_in_core"]) <= 1.0 for r in rows)
    assert main(["keys", path, "--draws", "40", "--seed", "5"]) == 0
    table = capsys.readouterr().out
    assert "Över 40 utfall av de osäkra antagandena håller nyckeln alla skadeslösa" in table
    with pytest.raises(SystemExit) as stop:
        main(["keys", path, "--draws", "-5"])
    assert stop.value.code == 2
    assert "a whole number of draws, 0 or more; got '-5'" in capsys.readouterr().err


def test_the_uncertainty_study_applies_a_fixed_percentage_total_key() -> None:
    # the Luleå region's whole agreement is shared in fixed percentages: the draws keep them
    from simulator.uncertainty.study import inputs_of

    sc = scenario.load(SCENARIOS / "lulea_region.yaml")
    inputs = inputs_of(sc)
    _, report = shipped("lulea_region")
    assert report.family("total") == "fixed" and dict(inputs.key.fixed)[SCHEDULE]
    npv = report.games["total"]["npv"].drivers[SCHEDULE]
    assert dict(inputs.key.fixed)[SCHEDULE] == pytest.approx(tuple(npv))
    games = cost_sharing.games(engine.run(sc)).of("total")
    assert set(games) >= {2019, "npv"}


def test_a_run_judges_every_key_over_the_scenarios_draws() -> None:
    # a run applies every family's key in the scenario's 1 000 draws (keys.draws) and proposes
    # the one whole in most of them among those whole at the assumptions' values
    from simulator import api

    results = api.evaluate(SCENARIOS / "pitea_alvsbyn.yaml")
    keys = results.tables["keys"]
    assert keys["p_in_core"].between(0.0, 1.0).all() and keys["p_all_save"].between(0.0, 1.0).all()
    report = results.keys
    assert report.odds is not None
    for service, p in report.proposals.items():
        odds = report.odds[service]
        assert next(iter(odds.values())).draws == 1000
        if report.family(service) == "agreed":
            continue
        whole = [f for f, q in report.families[service].items() if q.in_core]
        assert p.in_core == bool(whole)
        pool = whole or list(odds)
        assert odds[report.family(service)].whole == max(odds[f].whole for f in pool)
    summary = (key_markdown(report, "sv")).replace("\u00a0", " ")
    assert "Över 1 000 utfall av de osäkra antagandena håller nyckeln alla skadeslösa i" in summary
