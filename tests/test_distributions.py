"""Sampling from the parameters' ranges: moments against the closed forms, ranks as asked.

PERT(a, m, b) with λ = 4 has mean (a + 4m + b)/6 and variance (μ − a)(b − μ)/7 (Vose 2008, §9.1.4);
triangular(a, m, b) has mean (a + m + b)/3 and variance (a² + b² + m² − ab − am − bm)/18; uniform
has variance (b − a)²/12. With 400 000 draws the standard error of a mean is σ/632, so the tests
allow 5 standard errors.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from simulator.uncertainty.distributions import Marginal, pearson_for_spearman, sample

N = 400_000


def _draws(spec: Marginal, seed: int = 7) -> np.ndarray:
    return sample([spec], np.eye(1), N, np.random.default_rng(seed))[:, 0]


@pytest.mark.parametrize(
    ("spec", "mean", "variance"),
    [
        (Marginal("pert", 0.0, 1.0, 4.0), 8 / 6, (8 / 6) * (4 - 8 / 6) / 7),
        (Marginal("pert", 0.05, 0.10, 0.25), (0.05 + 0.4 + 0.25) / 6, None),
        (Marginal("triangular", 0.0, 1.0, 4.0), 5 / 3, (0 + 16 + 1 - 0 - 0 - 4) / 18),
        (Marginal("uniform", 2.0, 3.0, 6.0), 4.0, 16 / 12),
    ],
)
def test_moments_match_the_closed_forms(
    spec: Marginal, mean: float, variance: float | None
) -> None:
    x = _draws(spec)
    sd = x.std()
    assert spec.mean == pytest.approx(mean, rel=1e-12)
    assert abs(x.mean() - mean) < 5 * sd / np.sqrt(N)
    if variance is not None:
        assert x.var() == pytest.approx(variance, rel=0.01)
    assert spec.low <= x.min() and x.max() <= spec.high


def test_pert_variance_in_general() -> None:
    a, m, b = 0.05, 0.10, 0.25
    mu = (a + 4 * m + b) / 6
    assert _draws(Marginal("pert", a, m, b)).var() == pytest.approx(
        (mu - a) * (b - mu) / 7, rel=0.01
    )


def test_fixed_and_zero_width_ranges_always_give_the_value() -> None:
    assert set(_draws(Marginal("fixed", 1.0, 2.0, 3.0))) == {2.0}
    assert set(_draws(Marginal("pert", 2.0, 2.0, 2.0))) == {2.0}


@pytest.mark.parametrize("rank", [-0.6, 0.3, 0.8])
def test_the_requested_rank_correlation_within_sampling_error(rank: float) -> None:
    specs = [Marginal("pert", 0.0, 1.0, 4.0), Marginal("triangular", 10.0, 11.0, 20.0)]
    x = sample(specs, np.array([[1.0, rank], [rank, 1.0]]), N, np.random.default_rng(3))
    found = stats.spearmanr(x[:, 0], x[:, 1]).statistic
    # standard error of Spearman's rho ≈ (1 - rho²)/sqrt(N): ≈ 0.0016 at N = 400 000
    assert found == pytest.approx(rank, abs=5 * (1 - rank**2) / np.sqrt(N) + 1e-3)


def test_pearson_transform_of_the_normal_copula() -> None:
    # rho = 2 sin(pi rho_s / 6): 0 -> 0, 1 -> 1, 0.5 -> 0.5176
    assert pearson_for_spearman(np.array([0.0, 1.0, 0.5])) == pytest.approx(
        [0.0, 1.0, 0.51764], abs=1e-5
    )


def test_the_same_seed_gives_the_same_draws_and_another_seed_others() -> None:
    spec = [Marginal("pert", 0.0, 1.0, 4.0)]
    one = sample(spec, np.eye(1), 100, np.random.default_rng(5))
    assert np.array_equal(one, sample(spec, np.eye(1), 100, np.random.default_rng(5)))
    assert not np.array_equal(one, sample(spec, np.eye(1), 100, np.random.default_rng(6)))


@pytest.mark.parametrize(
    "matrix",
    [
        np.array([[1.0, 0.5], [0.4, 1.0]]),
        np.array([[2.0, 0.0], [0.0, 1.0]]),
        np.array([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1.0]]),
    ],
)
def test_invalid_correlations_are_refused(matrix: np.ndarray) -> None:
    specs = [Marginal("uniform", 0.0, 0.5, 1.0)] * matrix.shape[0]
    with pytest.raises(ValueError):
        sample(specs, matrix, 10, np.random.default_rng(0))
