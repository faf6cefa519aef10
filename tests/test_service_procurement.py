"""Procurement: hand-checked counts and hours, the price effect and its switch, bad input."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from helpers import make_context, make_facts
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import scenario
from simulator.core import coalitions
from simulator.core.errors import InputError
from simulator.services import REGISTRY
from simulator.services.base import Context
from simulator.services.procurement import (
    SERVICE,
    ProcurementSettings,
    price_reduction,
    procurements,
)

FIXTURES = Path(__file__).parent / "fixtures" / "services"
ECONOMICS = {
    "productive_hours_per_fte": 1600.0,
    "hourly_cost": 600.0,
    "staffing_step": 0.25,
    "wage_growth": 0.0,
    "employer_overhead": 0.5,
    "overhead_rate": 0.2,
}


def _context(population: tuple[float, ...], km: float = 100.0) -> Context:
    return make_context(make_facts(list(population), [p / 10 for p in population], km), **ECONOMICS)


def _params(**changes: float) -> dict[str, float]:
    return {s.name: s.default for s in SERVICE.params if s.default is not None} | changes


# Round numbers: A spends 35 000 inh. × 20 000 = 700 MSEK (the reference), B 8 750 × 20 000 = 175 MSEK.
P = _params(count_elasticity=0.5, coordination_hours_per_member=100.0)


def test_hand_checked_counts_hours_and_staff() -> None:
    ctx = _context((35000.0, 8750.0))
    out = SERVICE.evaluate(ctx, P, None)
    # count: A 88 × 1^0.5 = 88; B 88 × (175/700)^0.5 = 44;
    # shared: 0.6 × (88 + 44) + 0.4 × max(88, 44) = 79.2 + 35.2 = 114.4
    assert out.workload["procurements"].values[0] == pytest.approx([88.0, 44.0, 114.4])
    assert out.workload["joint_procurements"].values[0] == pytest.approx([0.0, 0.0, 35.2])
    # hours per procurement: mix 0.5/0.3/0.2 × 8/60/160 h = 54 h, plus contracts 0.5 advertised × 4 years
    # × 10 h = 20 h → 74 h. A 88 × 74 = 6 512; B 44 × 74 = 3 256; shared 114.4 × 74 = 8 465.6
    # + joint coordination 35.2 × 10 h × 1 extra member = 352 + coordination 100 h × 2 members = 200
    assert out.workload["hours"].values[0] == pytest.approx([6512.0, 3256.0, 9017.6])
    assert out.staff["procurement"].fte[0] == pytest.approx(
        [6512 / 1600, 3256 / 1600, 9017.6 / 1600]
    )
    assert out.costs["systems"] == pytest.approx([60000.0] * 3)  # one tool per coalition
    assert out.one_off["migration"] == pytest.approx([0.0, 0.0, 100000.0])


def test_price_effect_is_reported_apart_unless_switched_on() -> None:
    ctx = _context((35000.0, 8750.0))
    # joint spend A 0.4 × 700 M = 280 M, B 70 M, pooled 350 M: A saves 0.03 ln(1.25), B 0.03 ln 5 (< cap 0.10)
    expected = -(280e6 * 0.03 * math.log(1.25) + 70e6 * 0.03 * math.log(5.0))
    off = SERVICE.evaluate(ctx, P, ProcurementSettings())
    assert "price_effect" not in off.costs
    assert off.choices["price_effect"][0] == pytest.approx([0.0, 0.0, expected])
    assert off.choices["price_effect_included"][0].tolist() == [0.0, 0.0, 0.0]
    on = SERVICE.evaluate(ctx, P, ProcurementSettings(include_price_effect=True))
    assert on.costs["price_effect"][0] == pytest.approx([0.0, 0.0, expected])
    assert on.choices["price_effect_included"][0].tolist() == [1.0, 1.0, 1.0]
    by_member = price_reduction(ctx, P)[0, :, 2]
    assert by_member == pytest.approx([280e6 * 0.03 * math.log(1.25), 70e6 * 0.03 * math.log(5.0)])


def test_price_effect_is_capped() -> None:
    ctx = _context((35000.0, 350.0))  # B is 1 % of A: 0.03 × ln(101) = 13.8 % > cap 10 %
    rate = price_reduction(ctx, P)[0, 1, 2] / (0.4 * 350 * 20000)
    assert rate == pytest.approx(0.10)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(1000, 100000), min_size=2, max_size=4),
    st.floats(0.4, 1.0),
    st.floats(0.0, 1.0),
)
def test_pooling_never_needs_more_procurements_or_hours_before_sharing_costs(
    population, elasticity, joint
) -> None:
    ctx = _context(tuple(population))
    p = _params(
        count_elasticity=elasticity,
        joint_share=joint,
        coordination_hours_per_member=0.0,
        joint_coordination_hours=0.0,
    )
    out = SERVICE.evaluate(ctx, p, None)
    alone = ctx.pool(out.workload["hours"].values[:, coalitions.singletons(len(population)) - 1])
    assert np.all(out.workload["hours"].values <= alone * (1 + 1e-12))
    assert np.all(out.choices["price_effect"] <= 0.0)


def test_joint_coordination_can_outweigh_the_saving() -> None:
    ctx = _context((35000.0, 8750.0))
    out = SERVICE.evaluate(
        ctx, _params(joint_coordination_hours=30.0, coordination_hours_per_member=300.0), None
    )
    hours = out.workload["hours"].values[0]
    assert hours[2] > hours[0] + hours[1]


def test_procurements_scale_less_than_spend() -> None:
    assert procurements(np.array([700e6, 1400e6]), P) == pytest.approx([88.0, 88.0 * math.sqrt(2)])
    assert REGISTRY["procurement"] is SERVICE


@pytest.mark.parametrize(
    ("fixture", "field", "value"),
    [
        (
            "procurement_negative_spend.yaml",
            "services.procurement.params.spend_per_inhabitant.value",
            -5000.0,
        ),
        (
            "procurement_joint_share_above_one.yaml",
            "services.procurement.params.joint_share.value",
            1.5,
        ),
        (
            "procurement_bad_switch.yaml",
            "services.procurement.settings.include_price_effect",
            "sometimes",
        ),
    ],
)
def test_bad_input_names_file_field_and_value(fixture: str, field: str, value: object) -> None:
    with pytest.raises(InputError) as caught:
        scenario.load(FIXTURES / fixture)
    error = caught.value
    assert Path(error.file).name == fixture
    assert error.field == field
    assert error.value == value
