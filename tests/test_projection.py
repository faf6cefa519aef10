"""Staffing policy, attrition, discounting and payback: hand-checkable cases."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.engine import projection
from simulator.services import staffing


def test_staffing_rounds_up_to_the_step_and_respects_the_minimum() -> None:
    fte = np.array([0.3, 1.0, 1.01, 2.6])
    # 0.3 → minimum 2; 1.0 → exactly 4 quarters, stays 1.0 → minimum 2; 1.01 → 1.25 → 2; 2.6 → 2.75
    assert staffing.staffed(fte, 2.0, 0.25).tolist() == [2.0, 2.0, 2.0, 2.75]
    assert staffing.staffed(fte, 0.0, 0.25).tolist() == [0.5, 1.0, 1.25, 2.75]


def test_staff_leave_only_through_attrition() -> None:
    target = np.array([[6.0], [6.0], [6.0], [9.0]])
    # start from 10 FTE, 10 % attrition a year; the base year has half a year of leavers:
    # 10 × 0.9^0.5 = 9.486833, × 0.9 = 8.538150, max(6, 7.684335) = 7.684335, then hiring to 9
    out = staffing.employed(target, np.array([10.0]), 0.10)
    assert out[:, 0] == pytest.approx([9.486833, 8.538150, 7.684335, 9.0], abs=1e-6)


def test_attrition_broadcasts_over_a_leading_axis() -> None:
    target = np.array([[[6.0], [6.0]], [[1.0], [1.0]]])  # (draws, years, coalitions)
    out = staffing.employed(target, np.array([[10.0], [2.0]]), 0.19)
    # draw 0: 10 × 0.9 = 9, × 0.81 = 7.29; draw 1: 2 × 0.9 = 1.8, 1.458 (0.81^0.5 = 0.9)
    assert out[..., 0] == pytest.approx(np.array([[9.0, 7.29], [1.8, 1.458]]))


def test_one_off_costs_fall_in_the_first_years() -> None:
    out = projection.spread_one_off(np.array([300.0, 0.0]), 4, 3)
    assert out[:, 0].tolist() == [100.0, 100.0, 100.0, 0.0]
    assert out[:, 1].sum() == 0.0


def test_discount_factors_at_three_and_a_half_percent() -> None:
    years = np.array([2014, 2015, 2016])
    assert projection.discount_factors(years, 0.035) == pytest.approx(
        [1.0, 1 / 1.035, 1 / 1.035**2]
    )


def test_payback_year_is_the_first_year_the_cumulative_saving_stays_non_negative() -> None:
    years = np.arange(2014, 2019)
    assert (
        projection.payback_year(years, np.array([-100.0, 40.0, 40.0, 40.0, 40.0])) == 2017
    )  # -100, -60, -20, +20
    assert projection.payback_year(years, np.array([10.0, -20.0, 5.0, 10.0, 10.0])) == 2017
    assert projection.payback_year(years, np.array([5.0, 5.0, 5.0, 5.0, 5.0])) == 2014
    assert projection.payback_year(years, np.array([-100.0, 1.0, 1.0, 1.0, 1.0])) is None


def test_wage_index_compounds_yearly() -> None:
    index = staffing.wage_index(np.array([2014, 2015, 2016]), 0.02)
    assert index[:, 0] == pytest.approx([1.0, 1.02, 1.0404])
