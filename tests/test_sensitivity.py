"""Sobol and Morris against functions whose indices are known in closed form.

Ishigami (a = 7, b = 0.1, uniform on [−π, π]³; Ishigami & Homma 1990; Saltelli et al. 2008, §4.6):
V = a²/8 + b·π⁴/5 + b²·π⁸/18 + 1/2 = 13.8446; V1 = (1 + b·π⁴/5)²/2 = 4.3459, V2 = a²/8 = 6.125,
V3 = 0, V13 = b²·π⁸·(1/18 − 1/50) = 3.3737, so S1 = (0.3139, 0.4424, 0) and
ST = (0.5576, 0.4424, 0.2437).
A linear model y = Σ c_i·x_i with independent uniform x_i has S1 = ST = c_i² / Σ c_j² (no interaction).
"""

from __future__ import annotations

import numpy as np
import pytest

from simulator.uncertainty.distributions import Marginal
from simulator.uncertainty.sensitivity import COLUMNS, ishigami, morris, sobol

UNIFORM = Marginal("uniform", -np.pi, 0.0, np.pi)
NAMES = ["x1", "x2", "x3"]
V = 7**2 / 8 + 0.1 * np.pi**4 / 5 + 0.1**2 * np.pi**8 / 18 + 0.5
S1 = np.array([(1 + 0.1 * np.pi**4 / 5) ** 2 / 2, 7**2 / 8, 0.0]) / V
V13 = 0.1**2 * np.pi**8 * (1 / 18 - 1 / 50)
ST = S1 + np.array([V13, 0.0, V13]) / V


def test_closed_form_values() -> None:
    assert S1 == pytest.approx([0.3139, 0.4424, 0.0], abs=1e-4)
    assert ST == pytest.approx([0.5576, 0.4424, 0.2437], abs=1e-4)


def test_sobol_recovers_the_ishigami_indices() -> None:
    table = sobol(NAMES, [UNIFORM] * 3, ishigami, base_samples=8192, seed=11)
    assert list(table.columns) == COLUMNS
    first = table[table["method"] == "sobol_first"].set_index("parameter")
    total = table[table["method"] == "sobol_total"].set_index("parameter")
    assert first.loc[NAMES, "value"].to_numpy() == pytest.approx(S1, abs=0.03)
    assert total.loc[NAMES, "value"].to_numpy() == pytest.approx(ST, abs=0.03)
    inside = (first["conf_low"] - 0.02 <= S1) & (S1 <= first["conf_high"] + 0.02)
    assert inside.all()


def test_sobol_of_a_linear_model_under_pert_margins() -> None:
    # PERT(0, 0.5, 1) is symmetric, so every margin has the same variance: S_i = c_i² / Σ c_j².
    specs = [Marginal("pert", 0.0, 0.5, 1.0)] * 3
    coefficients = np.array([1.0, 2.0, 3.0])
    table = sobol(["a", "b", "c"], specs, lambda x: x @ coefficients, base_samples=4096, seed=3)
    expected = coefficients**2 / (coefficients**2).sum()
    for method in ("sobol_first", "sobol_total"):
        found = table[table["method"] == method]["value"].to_numpy()
        assert found == pytest.approx(expected, abs=0.02)


def test_grouped_indices_sum_the_group() -> None:
    specs = [Marginal("uniform", 0.0, 0.5, 1.0)] * 3
    coefficients = np.array([1.0, 2.0, 3.0])
    groups = ["small", "large", "large"]
    table = sobol(
        ["a", "b", "c"], specs, lambda x: x @ coefficients, base_samples=4096, seed=3, groups=groups
    )
    first = table[table["method"] == "sobol_first"].set_index("parameter")["value"]
    assert first["large"] == pytest.approx(13 / 14, abs=0.02)
    assert first["small"] == pytest.approx(1 / 14, abs=0.02)


def test_morris_screening_puts_x2_first() -> None:
    table = morris(NAMES, [UNIFORM] * 3, ishigami, trajectories=200, seed=5)
    mu_star = table[table["index"] == "mu_star"].set_index("parameter")["value"]
    # x2 has the largest elementary effects (a·sin² x2 spans 7 over the range)
    assert mu_star.idxmax() == "x2"
    # every effect is positive: x3 acts only through its interaction with x1
    assert (mu_star > 0).all()


def test_the_same_seed_gives_the_same_indices() -> None:
    one = sobol(NAMES, [UNIFORM] * 3, ishigami, base_samples=256, seed=2)
    two = sobol(NAMES, [UNIFORM] * 3, ishigami, base_samples=256, seed=2)
    assert one.equals(two)
