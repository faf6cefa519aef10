"""Partial participation and a late joiner: the shipped variant lulea_region_partial.yaml.

In the variant the switchboard is shared by Boden, Luleå and Piteå only, and Kalix joins payroll
in January 2021 (the others share from January 2019). A coalition's cost is then the cost of the
part that takes part, shared, plus each other member's cost alone:
c_y(S) = c_y(S ∩ M_y) + Σ_{i ∈ S ∖ M_y} c_y({i}).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import SCENARIOS

from simulator import cli, engine, scenario
from simulator.core.errors import InputError
from simulator.engine.participation import split, substitute
from simulator.scenario.participation import Participation

PARTIAL = SCENARIOS / "lulea_region_partial.yaml"
ALL = "Boden+Kalix+Luleå+Piteå+Älvsbyn"
WITHOUT_KALIX = "Boden+Luleå+Piteå+Älvsbyn"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("partial") / "results"
    assert cli.main(["run", str(PARTIAL), "--out", str(out), "--charts", "none"]) == 0
    return out


@pytest.fixture(scope="module")
def running(folder: Path) -> pd.Series:
    """Running cost (SEK) by (service, year, coalition), from costs.csv."""
    costs = pd.read_csv(folder / "costs.csv")
    rows = costs[costs["kind"] == "running"]
    return rows.groupby(["service", "year", "coalition"])["cost_sek"].sum()


@pytest.fixture(scope="module")
def runs() -> tuple[engine.RunResult, engine.RunResult]:
    partial = engine.run(scenario.load(PARTIAL))
    base = engine.run(scenario.load(SCENARIOS / "lulea_region.yaml"))
    return partial, base


def test_the_variant_runs_through_the_command_and_writes_its_structures(folder: Path) -> None:
    assert (folder / "structures.csv").is_file()
    table = pd.read_csv(folder / "structures.csv")
    best = table[(table["service"] == "switchboard") & (table["rank"] == 1)]
    # Kalix and Älvsbyn do not take part in the switchboard: alone in every best structure
    assert {"Kalix", "Älvsbyn"} <= set(best["members"])


@pytest.mark.parametrize("year", [2019, 2020])
def test_before_it_joins_kalix_pays_its_own_payroll_in_every_group(
    running: pd.Series, year: int
) -> None:
    # the whole group's payroll = the four sharing + Kalix alone (each read from costs.csv)
    whole = running["payroll", year, ALL]
    assert whole == pytest.approx(
        running["payroll", year, WITHOUT_KALIX] + running["payroll", year, "Kalix"], rel=1e-12
    )
    assert running["payroll", year, "Kalix+Älvsbyn"] == pytest.approx(
        running["payroll", year, "Kalix"] + running["payroll", year, "Älvsbyn"], rel=1e-12
    )


def test_from_its_join_year_kalix_shares_payroll_as_in_the_whole_region(
    runs: tuple[engine.RunResult, engine.RunResult],
) -> None:
    partial, base = runs
    grand = -1
    years = partial.context.years.tolist()
    late = years.index(2021)
    got = partial.services["payroll"].running[late:, grand]
    assert got == pytest.approx(base.services["payroll"].running[late:, grand], rel=1e-12)


@pytest.mark.parametrize("coalition", ["Boden+Kalix+Luleå", ALL, "Kalix+Älvsbyn", "Luleå+Piteå"])
def test_a_switchboard_group_costs_its_members_taking_part_plus_the_others_alone(
    running: pd.Series, coalition: str
) -> None:
    members = coalition.split("+")
    sharing = [m for m in members if m in ("Boden", "Luleå", "Piteå")]
    others = [m for m in members if m not in sharing]
    for year in range(2018, 2026):
        part = running["switchboard", year, "+".join(sharing)] if sharing else 0.0
        alone = sum(running["switchboard", year, m] for m in others)
        assert running["switchboard", year, coalition] == pytest.approx(part + alone, rel=1e-12)


def test_the_join_brings_its_extra_one_off_costs_and_a_month_of_double_running(
    runs: tuple[engine.RunResult, engine.RunResult],
) -> None:
    partial, base = runs
    labels = partial.labels
    grand = labels.index(ALL)
    four = labels.index(WITHOUT_KALIX)
    years = partial.context.years.tolist()
    before = years.index(2020)  # the year of preparation before the January 2021 join
    migration = base.services["payroll"].one_off["migration"]
    extra = migration[:, grand].sum() - migration[:, four].sum()  # Kalix's part of the migration
    assert extra > 0
    assert partial.services["payroll"].one_off["migration"][before, grand] == pytest.approx(extra)
    # double running: Kalix's own payroll for one month (the default) of 2021
    joined = years.index(2021)
    kalix = partial.services["payroll"].running[joined, labels.index("Kalix")]
    double = partial.services["payroll"].one_off["double_running"][joined, grand]
    assert double == pytest.approx(kalix / 12, rel=1e-12)


def test_jobs_of_members_not_taking_part_stay_at_home(folder: Path) -> None:
    jobs = pd.read_csv(folder / "jobs.csv")
    staffing = pd.read_csv(folder / "staffing.csv")
    rows = jobs[(jobs["service"] == "switchboard") & (jobs["year"] == 2025)]
    whole = rows[rows["coalition"] == ALL].set_index("municipality")["fte"]
    alone = staffing[
        (staffing["service"] == "switchboard")
        & (staffing["year"] == 2025)
        & (staffing["coalition"] == "Kalix")
    ]["fte_employed"].iloc[0]
    assert whole["Kalix"] == pytest.approx(alone, rel=1e-9)


def test_the_split_of_three_members_by_hand() -> None:
    # A and B take part, C does not: A+B shares (mask 3), C is alone wherever it is a member;
    # a part of one member is no sharing (A+C: both alone)
    parts = split(np.array([[True, True, False]]))
    assert parts.part[0].tolist() == [0, 0, 3, 0, 0, 0, 3]
    values = np.array([[10.0, 20.0, 25.0, 5.0, 14.0, 24.0, 28.0]])  # A, B, AB, C, AC, BC, ABC
    # ABC = AB + C = 25 + 5; AC = A + C = 15; BC = 20 + 5 = 25
    assert substitute(values, parts)[0].tolist() == [10, 20, 25, 5, 15, 25, 30]


def test_active_years() -> None:
    given = Participation(members=("A", "B", "C"), joins={"C": 2021}, leaves={"A": 2022})
    active = given.active(("A", "B", "C", "D"), (2020, 2021, 2022))
    assert active.tolist() == [
        [True, True, False, False],
        [True, True, True, False],
        [False, True, True, False],
    ]


def _variant(tmp_path: Path, block: str) -> Path:
    path = tmp_path / "variant.yaml"
    base = (SCENARIOS / "lulea_region.yaml").resolve()
    path.write_text(f"extends: {base}\nid: variant\nservices:\n{block}", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("block", "field", "value", "allowed"),
    [
        ("  switchboard:\n    members: [Boden, Lulea]\n", "members[1]", "Lulea", "municipality"),
        ("  payroll:\n    joins: {Kalix: 2030}\n", "joins.Kalix", "2030", "2018–2025"),
        ("  payroll:\n    joins: {Kalx: 2020}\n", "joins.Kalx", "Kalx", "a member"),
        (
            "  switchboard:\n    members: [Boden, Luleå]\n    joins: {Kalix: 2020}\n",
            "joins.Kalix",
            "Kalix",
            "Boden, Luleå",
        ),
        ("  payroll:\n    leaves: {Kalix: 2018}\n", "leaves.Kalix", "2018", "2019–2025"),
    ],
)
def test_bad_participation_is_one_line_naming_file_field_value_and_allowed(
    tmp_path: Path, block: str, field: str, value: str, allowed: str
) -> None:
    with pytest.raises(InputError) as info:
        scenario.load(_variant(tmp_path, block))
    message = str(info.value)
    assert "variant.yaml" in message and field in message
    assert value in message and allowed in message and "\n" not in message
