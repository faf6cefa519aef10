"""Given-cost arrangements: the cost formula, months active, agreed keys, the shipped scenarios, bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import load_error
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from simulator import engine, scenario
from simulator.core import coalitions
from simulator.core.errors import InputError
from simulator.core.facts import Facts
from simulator.services import REGISTRY
from simulator.services.base import Arrangement, Context
from simulator.services.given_cost import SERVICES, GivenCostSettings

FIXTURES = Path(__file__).parent / "fixtures" / "services"
SCENARIOS = Path(__file__).parent.parent / "scenarios"
NAMES = ("Boden", "Kalix", "Luleå", "Piteå", "Älvsbyn")


def _context(n: int, years: tuple[int, ...] = (2014,)) -> Context:
    y = np.array(years)
    ones = np.ones((y.size, n))
    facts = Facts(NAMES[:n], y, ones * 1000, ones * 100, np.zeros((n, n)), pd.DataFrame())
    member = coalitions.membership(n)
    return Context(
        facts,
        member,
        coalitions.sizes(n),
        np.zeros(2**n - 1, dtype=int),
        np.zeros((n, 2**n - 1)),
        {},
    )


def _settings(**fields: object) -> GivenCostSettings:
    return GivenCostSettings.model_validate({"source": "assumption: test"} | fields)


def test_hand_checked_saving_and_floor() -> None:
    ctx = _context(3)
    s = _settings(
        annual_cost_by_municipality={"Boden": 1000.0, "Kalix": 600.0, "Luleå": 400.0},
        saving_per_extra_member=500.0,
        floor=900.0,
    )
    out = REGISTRY["given_cost"].evaluate(ctx, {}, s)
    # masks 1..7: B, K, B+K, L, B+L, K+L, B+K+L
    # B+K: 1 600 − 500 = 1 100; B+L: 1 400 − 500 = 900; K+L: 1 000 − 500 = 500 → floor 900;
    # B+K+L: 2 000 − 1 000 = 1 000. Single members pay their own cost, even below the floor (Luleå 400).
    assert out.costs["given"][0] == pytest.approx([1000, 600, 1100, 400, 900, 900, 1000])


def test_months_active_pro_rate_the_years() -> None:
    s = _settings(annual_cost=120000.0, start=date(2018, 8, 1), end=date(2021, 7, 31))
    assert s.months_active(np.arange(2017, 2023)).tolist() == [0, 5, 12, 12, 7, 0]
    out = REGISTRY["hemlangtan"].evaluate(_context(2, (2018, 2019, 2021, 2022)), {}, s)
    assert out.costs["given"][:, 2] == pytest.approx([100000.0, 240000.0, 140000.0, 0.0])
    assert _settings(annual_cost=1.0).months_active(np.array([1990, 2100])).tolist() == [12, 12]


def test_agreed_keys() -> None:
    names = NAMES[:2]
    assert _settings(annual_cost=1.0).agreed_shares(names).tolist() == [0.5, 0.5]
    historic = _settings(
        annual_cost_by_municipality={"Boden": 300.0, "Kalix": 100.0}, key="standalone"
    )
    assert historic.agreed_shares(names) == pytest.approx([0.75, 0.25])
    explicit = _settings(annual_cost=1.0, key="shares", shares={"Kalix": 0.2, "Boden": 0.8})
    assert explicit.agreed_shares(names).tolist() == [0.8, 0.2]
    with pytest.raises(ValueError, match="exactly the municipalities"):
        explicit.agreed_shares(NAMES[:3])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(0, 1e7), min_size=2, max_size=4), st.floats(0, 1e7), st.floats(0, 1e7))
def test_sharing_never_costs_more_and_never_falls_below_the_floor(costs, saving, floor) -> None:
    n = len(costs)
    ctx = _context(n)
    s = _settings(
        annual_cost_by_municipality=dict(zip(NAMES, costs)),
        saving_per_extra_member=saving,
        floor=floor,
    )
    shared = REGISTRY["given_cost"].evaluate(ctx, {}, s).costs["given"][0]
    total = ctx.pool(np.array(costs))
    assert np.all(shared <= total + 1e-6)
    assert np.all(shared >= np.minimum(floor, total) - 1e-6)


def test_hemlangtan_scenario_gives_each_member_100_000_a_year_and_equal_shares() -> None:
    sc = scenario.load(SCENARIOS / "lulea_region_hemlangtan.yaml")
    assert list(sc.services) == ["hemlangtan"]
    result = engine.run(sc)
    grand = result.services["hemlangtan"].costs["given"][:, -1]
    assert grand == pytest.approx([5 * 100000 * 5 / 12, 500000.0, 500000.0, 5 * 100000 * 7 / 12])
    assert sc.services["hemlangtan"].settings.agreed_shares(sc.municipalities).tolist() == [0.2] * 5


def test_rescue_service_in_the_pitea_alvsbyn_scenario() -> None:
    sc = scenario.load(SCENARIOS / "pitea_alvsbyn.yaml")
    rescue = sc.services["rescue_service"].settings
    assert rescue.agreed_shares(sc.municipalities).tolist() == [0.8, 0.2]
    assert engine.run(sc).services["rescue_service"].running[0].tolist() == [1e6, 1e6, 1.2e6]
    assert "rescue_service" not in scenario.load(SCENARIOS / "lulea_region.yaml").services
    assert {s.name for s in SERVICES} <= set(REGISTRY)


def test_names_are_checked_when_the_loader_gives_the_municipalities() -> None:
    with pytest.raises(ValidationError, match="exactly the municipalities"):
        GivenCostSettings.model_validate(
            {"source": "x", "annual_cost_by_municipality": {"Piteå": 1.0}},
            context={"municipalities": ["Piteå", "Älvsbyn"]},
        )


def test_the_loader_rejects_names_outside_the_scenario_naming_the_field() -> None:
    fixture = "given_cost_shares_unknown_municipality.yaml"
    error = load_error(FIXTURES / fixture)
    assert (Path(error.file).name, error.field) == (
        fixture,
        "services.rescue_service.settings.shares",
    )
    assert error.value == {"Piteå": 0.8, "Luleå": 0.2}
    assert (
        "exactly the municipalities Piteå, Älvsbyn; Luleå is not in the scenario" in error.allowed
    )


def test_names_missing_from_a_per_municipality_cost_are_named() -> None:
    with pytest.raises(
        ValidationError,
        match="annual_cost_by_municipality must name exactly the municipalities "
        "Piteå, Älvsbyn; missing Älvsbyn",
    ):
        GivenCostSettings.model_validate(
            {"source": "x", "annual_cost_by_municipality": {"Piteå": 1.0}},
            context={"municipalities": ["Piteå", "Älvsbyn"]},
        )


def test_existing_arrangement_flag() -> None:
    assert isinstance(_settings(annual_cost=1.0), Arrangement)
    assert _settings(annual_cost=1.0).existing is False
    assert _settings(annual_cost=1.0, existing=True).existing is True
    with pytest.raises(ValidationError, match="existing"):
        _settings(annual_cost=1.0, existing="sometimes")
    fixture = "given_cost_existing_not_a_boolean.yaml"
    error = load_error(FIXTURES / fixture)
    assert (Path(error.file).name, error.field) == (
        fixture,
        "services.rescue_service.settings.existing",
    )
    assert error.value == "sometimes"


@pytest.mark.parametrize(
    ("fixture", "field", "value"),
    [
        ("given_cost_negative_cost.yaml", "services.rescue_service.settings.annual_cost", -1000000),
        ("given_cost_share_above_one.yaml", "services.rescue_service.settings.shares.Piteå", 1.2),
        ("given_cost_end_before_start.yaml", "services.hemlangtan.settings.end", date(2018, 8, 1)),
        (
            "given_cost_shares_not_summing_to_one.yaml",
            "services.rescue_service.settings.shares",
            None,
        ),
        ("given_cost_without_source.yaml", "services.given_cost.settings.source", None),
    ],
)
def test_bad_input_names_file_field_and_value(fixture: str, field: str, value: object) -> None:
    with pytest.raises(InputError) as caught:
        scenario.load(FIXTURES / fixture)
    assert (Path(caught.value.file).name, caught.value.field) == (fixture, field)
    if value is not None:
        assert caught.value.value == value
