"""Where a saving comes from: every saving put down to named mechanisms, by hand on two members,
and adding up to the net saving on every shipped scenario."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import ROUND_ECONOMICS, SCENARIOS, make_context, make_facts

from simulator import scenario
from simulator.core import coalitions
from simulator.engine import evaluation
from simulator.report import charts
from simulator.services import vocabulary
from simulator.services.base import Service, ServiceOutput, StaffGroup


def _service(need: list[float], minimum: float) -> Service:
    def evaluate(ctx: object, p: object, settings: object) -> ServiceOutput:
        return ServiceOutput(
            workload={},
            staff={"staff": StaffGroup(np.array([need]), minimum, 10000.0)},
            costs={"systems": np.array([[100000.0, 100000.0, 150000.0]])},
            one_off={"project": np.array([0.0, 0.0, 120000.0])},
        )

    return Service("toy", "Prov", "Toy", (), evaluate, components=(vocabulary.SYSTEMS,))


def _sources(need: list[float], minimum: float, attrition: float) -> dict[str, float]:
    ctx = make_context(make_facts([20000, 10000], [800, 400]), **ROUND_ECONOMICS)
    ctx = type(ctx)(**{**ctx.__dict__, "economics": {**ctx.economics, "attrition_rate": attrition}})
    service = _service(need, minimum)
    result = evaluation.cost_result(ctx, service, service.evaluate(ctx, {}, None))
    total = result.running + result.one_off_total
    assert sum(result.sources.values()) == pytest.approx(total)  # every krona has a mechanism
    # the saving of A+B: the members' costs less the group's, per mechanism
    return {m: float(v[0, 0] + v[0, 1] - v[0, 2]) for m, v in result.sources.items()}


# an FTE on the payroll costs 10 000 SEK × 12 × 1.5 (PO 50 %) × 1.2 (overhead 20 %) = 216 000 SEK
FTE = 216000.0


def test_scale_systems_attrition_and_one_off_by_hand() -> None:
    # A needs 2.0 FTE, B 1.0, A+B 2.5: 0.5 FTE less work (multiples of a quarter: no rounding).
    # A+B starts from 3.0 staff, of whom 6 % leave a year (half a year's worth in the first):
    # 3.0 × 0.94^0.5 = 2.908608, 0.408608 above the need, of whom a fifth are redeployed
    # elsewhere in the municipality: 0.326886 FTE still on the service's payroll
    saving = _sources([2.0, 1.0, 2.5], 0.0, 0.06)
    assert saving["scale"] == pytest.approx(0.5 * FTE)
    assert saving["attrition"] == pytest.approx(-(3.0 * 0.94**0.5 - 2.5) * 0.8 * FTE)
    assert saving["one_system"] == pytest.approx(200000.0 - 150000.0)
    assert saving["one_off"] == pytest.approx(-120000.0)
    assert saving["rounding"] == 0.0 and saving["minimum"] == 0.0


def test_rounding_and_minimum_named_apart() -> None:
    # each needs 0.3 FTE, together 0.6; posts in quarters, at least 1.0 FTE. Alone: 0.3 → 0.5
    # (rounding 0.2) → 1.0 (minimum 0.5); together 0.6 → 0.75 (rounding 0.15) → 1.0 (minimum
    # 0.25). No work goes away; rounding saves 0.4 − 0.15 = 0.25 FTE and the minimum 1.0 − 0.25 =
    # 0.75 FTE. With 75 % attrition the 2.0 staff fall to 2.0 × 0.25^0.5 = 1.0 at once.
    saving = _sources([0.3, 0.3, 0.6], 1.0, 0.75)
    assert saving["scale"] == pytest.approx(0.0, abs=1e-6)
    assert saving["rounding"] == pytest.approx(0.25 * FTE)
    assert saving["minimum"] == pytest.approx(0.75 * FTE)
    assert saving["attrition"] == pytest.approx(0.0, abs=1e-6)


SHIPPED = [p for p in sorted(SCENARIOS.glob("*.yaml")) if p.stem != "norrbotten"]  # 14: too many


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_sources_add_up_to_the_net_saving_to_the_ore(path: Path) -> None:
    result = evaluation.run(scenario.load(path))
    table = evaluation.saving_sources(result)
    added = table.groupby(["year", "service", "coalition"])["saving_sek"].sum()
    labels = np.asarray(result.labels)
    n = len(result.scenario.municipalities)
    singles = coalitions.singletons(n) - 1
    years = result.context.years
    for name, s in result.services.items():
        if s.existing:
            continue
        # the members alone less the group, after the group's one-off costs
        net = s.running[:, singles] @ result.context.membership - s.running - s.one_off_total
        for c in np.nonzero(result.context.size >= 2)[0]:
            for t, year in enumerate(years):
                got = added.get((year, name, labels[c]), 0.0)
                assert got == pytest.approx(net[t, c], abs=0.01), (name, year, labels[c])


def test_the_chart_names_the_share_of_rounding_and_minimums() -> None:
    sources = pd.DataFrame(
        {
            "scenario": "x",
            "year": 2021,
            "service": "payroll",
            "coalition": "A+B",
            "mechanism": ["scale", "rounding", "minimum", "sharing"],
            "saving_sek": [600000.0, 150000.0, 110000.0, -50000.0],
        }
    )
    fig = charts.saving_sources_chart(sources, lang="sv", source="Källa: x")
    title, subtitle = (t.get_text() for t in fig.texts[:2])
    # 810 000 in all, of which 260 000 (32,1 %) from rounding and minimum staffing
    assert title == "Varifrån kommer besparingen? 810\u00a0tkr för hela gruppen 2021"
    assert subtitle.endswith("32,1\u00a0% kommer från avrundning och minimibemanning")


def test_groups_that_cost_more_together_are_named_with_their_reason() -> None:
    from simulator.engine.diagnostics import violations

    result = evaluation.run(scenario.load(SCENARIOS / "lulea_region.yaml"))
    found = violations(result)
    labels = list(result.labels)
    assert set(found["reason"]) <= set(vocabulary.MECHANISMS) - {"one_off"}
    for row in found.itertuples():
        running = result.services[row.service].running[row.year - result.scenario.base_year]
        first, second = labels.index(row.first), labels.index(row.second)
        union = labels.index(
            "+".join(
                m
                for m in result.scenario.municipalities
                if m in (row.first + "+" + row.second).split("+")
            )
        )
        # the excess is c(S ∪ T) − c(S) − c(T), above 1 % of c(S ∪ T)
        excess = running[union] - running[first] - running[second]
        assert row.excess_sek == pytest.approx(excess)
        assert row.share == pytest.approx(excess / running[union]) and row.share > 0.01
    # none in the two-member study: Piteå and Älvsbyn never cost more together
    assert violations(evaluation.run(scenario.load(SCENARIOS / "pitea_alvsbyn.yaml"))).empty


def test_the_summary_says_when_sharing_buys_quality() -> None:
    from simulator.report import summary

    result = evaluation.run(scenario.load(SCENARIOS / "pitea_alvsbyn.yaml"))
    text = summary.markdown(result)
    # Älvsbyn answers 60 % within 120 s alone today (its combined växel and reception); shared,
    # both are staffed for 80 % within 60 s
    assert (
        "Växel: i dag svarar Älvsbyn 60\u00a0% inom 120 s; tillsammans 80\u00a0% inom 60 s för alla"
        in text
    )
