"""The uncertainty study: draws at the base values reproduce the run, results do not depend on who
runs the chunks, probabilities and sentences are what the draws say (counted by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import SCENARIOS

from simulator import api, scenario
from simulator.report import uncertainty as report
from simulator.uncertainty import analysis
from simulator.uncertainty.execution import run_draws
from simulator.uncertainty.montecarlo import CHUNK, Outcome, chunk_seeds, evaluate_draws
from simulator.uncertainty.study import inputs_of

FIELDS = (
    "saving",
    "net",
    "npv",
    "payback",
    "shapley_cost",
    "key_cost",
    "standalone",
    "key_in_core",
    "values",
)


@pytest.fixture(scope="module")
def lulea() -> api.Results:
    return api.evaluate(SCENARIOS / "lulea_region.yaml")


def test_draws_at_the_base_values_reproduce_the_run(lulea: api.Results) -> None:
    inputs = inputs_of(lulea.scenario)
    base = np.array([[p.marginal.mode for p in inputs.parameters]] * 2)
    found = evaluate_draws(lulea.scenario, inputs.facts, inputs.parameters, base, inputs.key)
    projection = lulea.tables["projection"]
    allocations = lulea.tables["allocations"]
    npv_total = allocations[(allocations["year"] == "npv") & (allocations["service"] == "total")]
    shapley = npv_total[npv_total["method"] == "shapley"]
    key = npv_total[npv_total["method"] == "proposed_key"]
    for draw in range(2):
        assert found.net[draw] == pytest.approx(projection["net_saving_sek"].to_numpy(), rel=1e-12)
        assert found.saving[draw, -1] == pytest.approx(
            projection["saving_sek"].to_numpy(), rel=1e-12
        )
        assert found.shapley_cost[draw] == pytest.approx(shapley["cost_sek"].to_numpy(), rel=1e-9)
        assert found.key_cost[draw] == pytest.approx(key["cost_sek"].to_numpy(), rel=1e-9)
    assert found.key_in_core.tolist() == [bool(key["in_core"].all())] * 2


def test_chunks_have_their_own_seeds_so_the_order_of_work_does_not_matter() -> None:
    seeds = chunk_seeds(7, 2 * CHUNK + 1)
    assert len(seeds) == 3
    first = np.random.default_rng(seeds[1]).random(3)
    again = np.random.default_rng(chunk_seeds(7, 2 * CHUNK + 1)[1]).random(3)
    assert np.array_equal(first, again)


@pytest.mark.slow
def test_the_same_seed_gives_identical_results_in_process_on_workers_and_on_a_cluster(
    lulea: api.Results,
) -> None:
    from distributed import LocalCluster

    inputs = inputs_of(lulea.scenario)
    draws = CHUNK + 250  # two chunks, the second shorter
    here = run_draws(inputs, draws, 11)
    processes = run_draws(inputs, draws, 11, workers=2)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        cluster_run = run_draws(inputs, draws, 11, scheduler=cluster.scheduler_address)
    for other in (processes, cluster_run):
        for field in FIELDS:
            assert np.array_equal(getattr(here, field), getattr(other, field), equal_nan=True)
    tables = [analysis.draws_summary(o, "x").to_csv(index=False) for o in (here, cluster_run)]
    assert tables[0] == tables[1]
    another = run_draws(inputs, draws, 12)
    assert not np.array_equal(here.values, another.values)


def _outcome(key_saving: np.ndarray, npv: np.ndarray, in_core: np.ndarray) -> Outcome:
    draws = npv.size
    standalone = np.full((draws, 2), 100.0)
    return Outcome(
        years=(2020, 2021),
        services=("payroll", "total"),
        municipalities=("A", "B"),
        saving=np.zeros((draws, 2, 2)),
        net=np.column_stack([npv, npv]) / 2,
        npv=npv,
        payback=np.where(npv > 0, 2021.0, np.nan),
        shapley_cost=standalone - 1.0,
        key_cost=standalone - key_saving,
        standalone=standalone,
        key_in_core=in_core,
        values=np.zeros((draws, 0)),
    )


def test_probabilities_and_sentences_count_the_draws_by_hand() -> None:
    # ten draws: A saves in 7 (3 negative savings), B in all 10; the group gains in 9 of 10;
    # the key is in the core in 8.
    key_saving = np.column_stack([[5, 5, 5, 5, 5, 5, 5, -1, -1, -1], [2] * 10]).astype(float)
    npv = np.array([10, 20, 30, 40, 50, 60, 70, 80, 90, -5], dtype=float)
    in_core = np.array([True] * 8 + [False] * 2)
    found = analysis.probabilities(_outcome(key_saving, npv, in_core), "x").set_index(
        ["statement", "municipality"]
    )["probability"]
    assert found[("member_saves_proposed_key", "A")] == pytest.approx(0.7)
    assert found[("member_saves_proposed_key", "B")] == pytest.approx(1.0)
    assert found[("npv_positive", "")] == pytest.approx(0.9)
    assert found[("payback_by_2020", "")] == 0.0
    assert found[("payback_by_2021", "")] == pytest.approx(0.9)
    assert found[("proposed_key_in_core", "")] == pytest.approx(0.8)
    tables = {
        "draws_summary": analysis.draws_summary(_outcome(key_saving, npv, in_core), "x"),
        "probabilities": analysis.probabilities(_outcome(key_saving, npv, in_core), "x"),
        "tornado": pd.DataFrame(
            columns=["parameter", "low", "high", "npv_low_sek", "npv_high_sek"]
        ),
    }
    words = report.sentences(tables, (2020, 2021), {}, "sv")
    assert "A sparar i 70 av 100 framtider med den föreslagna nyckeln." in words
    assert "Gruppen går med vinst i 90 av 100 framtider." in words
    assert (
        "Den föreslagna nyckeln låter ingen kommun eller grupp betala mer än ensam i 80 av 100 framtider."
        in words
    )


def test_the_range_sentence_quotes_the_5_and_95_percent_quantiles() -> None:
    npv = np.arange(0, 101, dtype=float) * 1e6  # 0 … 100 mnkr: the quantiles fall on draws
    outcome = _outcome(np.ones((101, 2)), npv, np.ones(101, dtype=bool))
    summary = analysis.draws_summary(outcome, "x")
    row = summary[summary["measure"] == "npv_net_saving"].iloc[0]
    assert (row["p05"], row["p50"], row["p95"]) == pytest.approx((5e6, 50e6, 95e6))
    tables = {
        "draws_summary": summary,
        "probabilities": analysis.probabilities(outcome, "x"),
        "tornado": pd.DataFrame(columns=["parameter"]),
    }
    first = report.sentences(tables, (2020, 2021), {}, "sv")[0].replace("\xa0", " ")  # no-break
    assert (
        first
        == "I 9 fall av 10 hamnar nettobesparingen i nuvärde 2020–2021 mellan 5,0 mnkr och 95,0 mnkr (median 50,0 mnkr)."
    )


@pytest.mark.parametrize(
    ("share", "said"), [(0.996, 99), (1.0, 100), (0.97, 97), (0.0, 0), (0.5049, 50)]
)
def test_probabilities_are_said_rounded_down(share: float, said: int) -> None:
    assert report.in_100(share) == said


def test_policy_choices_are_not_drawn(lulea: api.Results) -> None:
    paths = {p.path for p in inputs_of(lulea.scenario).parameters}
    assert "economics.staffing_step" not in paths
    assert "services.switchboard.service_level" not in paths
    assert "services.payroll.hours_per_payslip" in paths
    assert scenario.load(SCENARIOS / "pitea_alvsbyn.yaml").economics["staffing_step"].value > 0


def test_the_command_writes_the_folder_and_refuses_bad_counts(tmp_path, capsys) -> None:
    from simulator.cli import main

    out = tmp_path / "unc"
    path = str(SCENARIOS / "pitea_alvsbyn.yaml")
    assert main(["uncertainty", path, "--draws", "300", "--seed", "3", "--out", str(out)]) == 0
    assert "I 9 fall av 10" in capsys.readouterr().out
    names = {p.name for p in out.iterdir()}
    assert {
        "draws_summary.csv",
        "probabilities.csv",
        "sensitivity.csv",
        "tornado.csv",
        "summary.md",
        "manifest.json",
        "charts",
    } <= names
    assert {"uncertainty_fan.png", "uncertainty_tornado.pdf"} <= {
        p.name for p in (out / "charts").iterdir()
    }
    probabilities = pd.read_csv(out / "probabilities.csv")
    assert probabilities["probability"].between(0, 1).all()
    assert main(["uncertainty", path, "--draws", "1", "--out", str(tmp_path / "x")]) == 2
    assert "--draws" in capsys.readouterr().err and not (tmp_path / "x").exists()


def test_a_scenario_chooses_distributions_and_rank_correlations(tmp_path) -> None:
    variant = tmp_path / "variant.yaml"
    variant.write_text(
        f"extends: {SCENARIOS / 'pitea_alvsbyn.yaml'}\n"
        "id: variant\n"
        "uncertainty:\n"
        "  distribution: triangular\n"
        "  distributions: {economics.discount_rate: uniform}\n"
        "  correlations:\n"
        "    - {first: economics.wage_growth, second: economics.attrition_rate, rank: 0.6}\n"
        "  facts: 0.0\n",
        encoding="utf-8",
    )
    sc = scenario.load(variant)
    inputs = inputs_of(sc)
    kinds = {p.path: p.marginal.kind for p in inputs.parameters}
    assert kinds["economics.discount_rate"] == "uniform"
    assert kinds["services.payroll.hours_per_payslip"] == "triangular"
    paths = [p.path for p in inputs.parameters]
    i, j = paths.index("economics.wage_growth"), paths.index("economics.attrition_rate")
    assert inputs.correlation[i, j] == inputs.correlation[j, i] == 0.6
    found = run_draws(inputs, 4000, 1)
    from scipy import stats

    rank = stats.spearmanr(found.values[:, i], found.values[:, j]).statistic
    assert rank == pytest.approx(0.6, abs=0.04)


def test_unknown_or_policy_paths_are_input_errors(tmp_path) -> None:
    from simulator.core.errors import InputError

    for path, said in (
        ("economics.discount_rat", "did you mean"),
        ("economics.staffing_step", "policy choice"),
    ):
        variant = tmp_path / "v.yaml"
        variant.write_text(
            f"extends: {SCENARIOS / 'pitea_alvsbyn.yaml'}\nid: v\n"
            f"uncertainty: {{distributions: {{{path}: uniform}}}}\n",
            encoding="utf-8",
        )
        with pytest.raises(InputError, match=said):
            inputs_of(scenario.load(variant))
