"""allocations.csv from the shipped scenarios: every allocation efficient, the agreed keys, method choice."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import SCENARIOS

from simulator import engine, scenario
from simulator.allocation import core_is_empty
from simulator.core.errors import InputError
from simulator.engine import games as cost_sharing

COLUMNS = [
    "scenario",
    "year",
    "service",
    "method",
    "municipality",
    "cost_sek",
    "standalone_sek",
    "saving_sek",
    "saving_pct",
    "in_core",
]


@pytest.fixture(scope="module", params=["pitea_alvsbyn", "lulea_region"])
def run(request: pytest.FixtureRequest) -> tuple[engine.RunResult, pd.DataFrame]:
    result = engine.run(scenario.load(SCENARIOS / f"{request.param}.yaml"))
    return result, cost_sharing.allocations_table(result)


def test_columns_and_every_service_and_year(run: tuple[engine.RunResult, pd.DataFrame]) -> None:
    result, table = run
    assert list(table.columns) == COLUMNS
    services = set(result.services) - {"governance"} | {"total"}
    assert set(table["service"]) == services
    assert set(table["year"]) == {*map(int, result.context.years), "npv"}


def test_every_allocation_sums_to_the_grand_coalition_cost(
    run: tuple[engine.RunResult, pd.DataFrame],
) -> None:
    result, table = run
    sums = table.groupby(["year", "service", "method"])["cost_sek"].sum()
    grand = {(year, service): game.grand_cost for year, service, game in cost_sharing.games(result)}
    gaps = [abs(total - grand[(year, service)]) for (year, service, _), total in sums.items()]
    assert max(gaps) <= 0.01


def test_saving_is_standalone_minus_cost(run: tuple[engine.RunResult, pd.DataFrame]) -> None:
    _, table = run
    assert np.allclose(table["saving_sek"], table["standalone_sek"] - table["cost_sek"], atol=1e-6)


def test_game_theory_methods_are_in_the_core_when_the_core_is_not_empty() -> None:
    result = engine.run(scenario.load(SCENARIOS / "pitea_alvsbyn.yaml"))
    for year, service, game in cost_sharing.games(result):
        if core_is_empty(game):
            continue
        for method in ("nucleolus", "least_core"):
            alloc = cost_sharing.allocation.allocate(game, method)
            assert cost_sharing.allocation.check(game, alloc).in_core, (year, service, method)


def test_hemlangtan_agreed_equal_shares() -> None:
    result = engine.run(scenario.load(SCENARIOS / "lulea_region_hemlangtan.yaml"))
    table = cost_sharing.allocations_table(result, ["equal", "agreed"])
    agreed = table[
        (table["method"] == "agreed") & (table["service"] == "hemlangtan") & (table["year"] == 2019)
    ]
    # a full year of the programme: 5 × 100 000 SEK, each pays 100 000 (Hemlängtan decision, § 249)
    assert agreed["cost_sek"].tolist() == pytest.approx([100000.0] * 5)


def test_scenario_chooses_methods(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "methods.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'pitea_alvsbyn.yaml'}\nid: methods\n"
        "allocation: {methods: [shapley, 'proportional:payslips']}\n",
        encoding="utf-8",
    )
    result = engine.run(scenario.load(path))
    assert set(cost_sharing.allocations_table(result)["method"]) == {
        "shapley",
        "proportional:payslips",
    }


def test_unknown_method_is_an_input_error(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        f"extends: {SCENARIOS / 'pitea_alvsbyn.yaml'}\nid: bad\n"
        "allocation: {methods: [shapley, 'proportional:payslip']}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        scenario.load(path)
    assert (
        info.value.field == "allocation.methods[1]"
        and "proportional:payslips" in info.value.allowed
    )
