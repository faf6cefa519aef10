"""Distributions from a parameter's plausible range, and correlated draws from them.

Every parameter carries ``low``, ``value`` and ``high``. By default they define a PERT distribution
(a beta distribution on [low, high] with mode ``value`` and shape λ = 4: Vose, *Risk Analysis*, 3rd
ed., 2008, §9.1.4), whose mean is ``(low + 4·value + high) / 6``. A scenario may choose
``triangular`` (mode ``value``), ``uniform`` on [low, high], or ``fixed`` (always ``value``).

Rank correlations between parameters are imposed with a Gaussian copula: standard normal draws with
Pearson correlation ``2·sin(π·ρ_s/6)`` have Spearman rank correlation ``ρ_s`` (Pearson 1907; Kruskal
1958), and each margin is mapped through its own inverse distribution function, which keeps ranks.

>>> import numpy as np
>>> spec = Marginal("pert", low=0.0, mode=1.0, high=4.0)
>>> round(spec.mean, 6)
1.333333
>>> x = sample([spec], np.eye(1), 200_000, np.random.default_rng(1))[:, 0]
>>> bool(abs(x.mean() - spec.mean) < 0.01)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy import stats

__all__ = ["KINDS", "Marginal", "pearson_for_spearman", "sample", "uniform_to_normal"]

Kind = Literal["pert", "triangular", "uniform", "fixed"]
KINDS: tuple[Kind, ...] = ("pert", "triangular", "uniform", "fixed")
PERT_SHAPE = 4.0
"""λ of the PERT distribution (the classic weight of the mode)."""


@dataclass(frozen=True)
class Marginal:
    """One parameter's distribution: ``kind`` over [low, high] with mode ``mode``."""

    kind: Kind
    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"distribution {self.kind!r}; one of {', '.join(KINDS)}")
        if not self.low <= self.mode <= self.high:
            raise ValueError(f"need low <= mode <= high; got {self.low}, {self.mode}, {self.high}")

    @property
    def degenerate(self) -> bool:
        """True when every draw equals the mode (fixed, or a range of zero width)."""
        return self.kind == "fixed" or self.high == self.low

    @property
    def mean(self) -> float:
        """The distribution's mean."""
        if self.degenerate:
            return self.mode
        if self.kind == "pert":
            return (self.low + PERT_SHAPE * self.mode + self.high) / (PERT_SHAPE + 2)
        if self.kind == "triangular":
            return (self.low + self.mode + self.high) / 3
        return (self.low + self.high) / 2

    def draw(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
        """``size`` independent draws straight from the generator (no inverse function needed)."""
        if self.degenerate:
            return np.full(size, self.mode)
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high, size)
        if self.kind == "triangular":
            return rng.triangular(self.low, self.mode, self.high, size)
        alpha, beta = self._shapes()
        return self.low + (self.high - self.low) * rng.beta(alpha, beta, size)

    def _shapes(self) -> tuple[float, float]:
        """The PERT distribution's beta shapes α, β."""
        width = self.high - self.low
        alpha = 1 + PERT_SHAPE * (self.mode - self.low) / width
        beta = 1 + PERT_SHAPE * (self.high - self.mode) / width
        return alpha, beta

    def ppf(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """The inverse distribution function at probabilities ``u`` in (0, 1)."""
        if self.degenerate:
            return np.full_like(u, self.mode)
        width = self.high - self.low
        if self.kind == "uniform":
            return self.low + width * u
        if self.kind == "triangular":
            c = (self.mode - self.low) / width
            return np.asarray(self.low + width * stats.triang.ppf(u, c), dtype=np.float64)
        alpha, beta = self._shapes()
        return np.asarray(self.low + width * stats.beta.ppf(u, alpha, beta), dtype=np.float64)


def pearson_for_spearman(rank: NDArray[np.float64]) -> NDArray[np.float64]:
    """The normal copula's Pearson correlation that gives Spearman rank correlation ``rank``.

    >>> round(float(pearson_for_spearman(np.array(0.5))), 4)
    0.5176
    """
    return np.asarray(2 * np.sin(np.pi * rank / 6), dtype=np.float64)


def uniform_to_normal(rank_correlation: NDArray[np.float64]) -> NDArray[np.float64]:
    """The Cholesky factor of the copula's correlation matrix (k, k), for a rank correlation matrix.

    Raises ``ValueError`` when the matrix is not a valid correlation matrix (not symmetric, a
    diagonal other than 1, or not positive definite after the Pearson transform).
    """
    rank = np.asarray(rank_correlation, dtype=np.float64)
    if rank.ndim != 2 or rank.shape[0] != rank.shape[1] or not np.allclose(rank, rank.T):
        raise ValueError("rank correlations must form a symmetric square matrix")
    if not np.allclose(np.diag(rank), 1.0):
        raise ValueError("a parameter's rank correlation with itself must be 1")
    pearson = pearson_for_spearman(rank)
    np.fill_diagonal(pearson, 1.0)
    try:
        return np.asarray(np.linalg.cholesky(pearson), dtype=np.float64)
    except np.linalg.LinAlgError:
        raise ValueError(
            "the rank correlations are not consistent (not positive definite)"
        ) from None


def sample(
    marginals: Sequence[Marginal],
    rank_correlation: NDArray[np.float64],
    draws: int,
    rng: np.random.Generator,
) -> NDArray[np.float64]:
    """``draws`` joint draws (draws, k) of the parameters, correlated in rank as asked.

    Independent parameters have the identity as ``rank_correlation``; they are drawn straight from
    the generator, each in turn (fast: no inverse distribution function). With correlations the
    Gaussian copula is used. Either way the same generator state gives the same draws.
    """
    factor = uniform_to_normal(rank_correlation)
    if np.array_equal(rank_correlation, np.eye(len(marginals))):
        columns = [m.draw(draws, rng) for m in marginals]
        return np.column_stack(columns) if columns else np.empty((draws, 0))
    normal = rng.standard_normal((draws, len(marginals))) @ factor.T
    u = stats.norm.cdf(normal)
    columns = [m.ppf(u[:, j]) for j, m in enumerate(marginals)]
    return np.column_stack(columns) if columns else np.empty((draws, 0))
