"""All 14 municipalities of Norrbotten (``scenarios/norrbotten.yaml``): 16 383 groups a game.

The games are built once per module (the model runs in a few seconds); the whole run through
the command is the slow test of the file (about a minute, most of it writing 25 million rows of
CSV and the workbook).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import NORRBOTTEN as COUNTY
from helpers import SCENARIOS

from simulator import cli, engine, scenario
from simulator.engine import games as cost_sharing

NORRBOTTEN = SCENARIOS / "norrbotten.yaml"
MEMBERS = list(COUNTY)


@pytest.fixture(scope="module")
def run() -> engine.RunResult:
    return engine.run(scenario.load(NORRBOTTEN))


@pytest.fixture(scope="module")
def games(run: engine.RunResult) -> cost_sharing.RunGames:
    return cost_sharing.games(run)


def test_every_game_holds_the_16_383_groups_of_the_14(games: cost_sharing.RunGames) -> None:
    # 2**14 − 1 = 16 383 non-empty groups; 8 years and the present value × 6 services and total
    assert len(games.entries) == 9 * 7
    for _, _, game in games:
        assert game.players == tuple(MEMBERS)
        assert game.costs.shape == (16_383,)


def test_arjeplogs_switchboard_alone_by_hand(games: cost_sharing.RunGames) -> None:
    # Arjeplog 2018: 2 794 inhabitants × 2.6 + 296 employees × 5 = 8 744.4 calls a year, 0.34
    # Erlang at the peak: one agent in each of the 17 half hours of 5 days, 50 weeks a year:
    # 85 × 0.5 h × 50 = 2 125 agent hours. Combined with the reception (40 % other duties):
    # 2 125 × 0.6 / (1 − 0.25 shrinkage) / 1 600 h = 1.0625 FTE, below the two persons' switchboard
    # share 2 × 0.6 = 1.2 FTE, which are staffed. 1.2 × 23 000 SEK × 12 × 1.3846 (PO) × 1.01**5
    # (wage index 2013 → 2018) = 481 971.68 SEK, + 15 % overhead 72 295.75, + platform 150 000
    # + 15 000 per peak agent = 719 267.43 SEK.
    switchboard = games.of("switchboard")[2018]
    assert switchboard.cost(1) == pytest.approx(719_267.44, abs=0.01)  # mask 1: Arjeplog alone
    personnel = 1.2 * 23_000 * 12 * 1.3846 * 1.01**5
    assert switchboard.cost(1) == pytest.approx(personnel * 1.15 + 165_000, abs=0.01)


def test_singletons_are_the_stand_alone_costs_of_a_run_of_two(
    games: cost_sharing.RunGames, tmp_path: Path
) -> None:
    # A member's cost alone does not depend on who else is in the study: Arjeplog and Jokkmokk
    # in a run of their own (the same settings, Jokkmokk's switchboard as today) cost alone what
    # the 14-member games say, every service, year and the present value, to the öre.
    (tmp_path / "base.yaml").write_text(
        f"extends: {NORRBOTTEN}\nid: base\n"
        "services:\n  switchboard: {settings: {today: null}}\n  payroll: {host: null}\n",
        encoding="utf-8",
    )
    level = "{service_level: 0.6, answer_within: 120, other_duties_share: 0.4, source: as base}"
    (tmp_path / "pair.yaml").write_text(
        "extends: base.yaml\nid: pair\nmunicipalities: [Arjeplog, Jokkmokk]\n"
        f"services:\n  switchboard:\n    settings:\n      today:\n"
        f"        Arjeplog: {level}\n        Jokkmokk: {level}\n",
        encoding="utf-8",
    )
    pair = cost_sharing.games(engine.run(scenario.load(tmp_path / "pair.yaml")))
    jokkmokk = MEMBERS.index("Jokkmokk")
    for (label, service, game), (label2, service2, two) in zip(games, pair, strict=True):
        assert (label, service) == (label2, service2)
        alone = game.standalone[[0, jokkmokk]]
        assert alone == pytest.approx(two.standalone, abs=0.01), (label, service)


@pytest.mark.slow
def test_a_whole_run_of_the_14(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results"
    assert cli.main(["run", str(NORRBOTTEN), "--out", str(out), "--charts", "none"]) == 0
    printed, err = capsys.readouterr()
    assert err == "" and f"Results: {out}" in printed
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"game.csv", "allocations.csv", "projection.csv", "summary.md"} <= set(manifest["files"])
    # 16 383 groups × (8 years + npv) × 8 (6 services, governance and the total)
    game = pd.read_csv(out / "game.csv", dtype={"year": str})
    assert len(game) == 16_383 * 9 * 8
    whole = game[
        (game["year"] == "npv")
        & (game["service"] == "total")
        & (game["coalition"] == "+".join(MEMBERS))
    ]["cost_sek"]
    allocations = pd.read_csv(out / "allocations.csv", dtype={"year": str})
    total = allocations[(allocations["service"] == "total") & (allocations["year"] == "npv")]
    methods = set(total["method"])
    assert {"shapley", "nucleolus", "per_capita_nucleolus", "least_core", "equal"} <= methods
    for method, rows in total.groupby("method"):  # each shares c(N) among the 14, to the öre
        assert len(rows) == 14
        assert rows["cost_sek"].sum() == pytest.approx(float(whole.iloc[0]), abs=0.01), method
    projection = pd.read_csv(out / "projection.csv")
    assert np.isfinite(projection.select_dtypes("number").to_numpy()).all()
    # past 10 municipalities the run proposes no keys and says why (samverkan keys does)
    assert "keys.csv" not in manifest["files"]
    text = (out / "summary.md").read_text(encoding="utf-8")
    assert "Nycklar föreslås inte i en körning med 14 kommuner (16\u00a0383 grupper)" in text
