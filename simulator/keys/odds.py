"""How a key fares over sampled futures, and what that says about futures not sampled.

Given each draw's cost games and the key's allocation in them, :func:`key_odds` counts the draws
in which the key keeps every group at or below its own cost in every game (``p_in_core``) and in
which every member pays less than alone in present value (``p_all_save``, and ``p_save`` per
member).

What the count guarantees. A key chosen among ``M`` candidate keys by looking at ``N`` draws is
judged by a bound that holds for all candidates at once: with confidence ``1 − β`` the probability
that the key keeps everyone whole in a future not sampled is at least the one-sided
Clopper–Pearson lower bound at level ``β / M`` (Bonferroni over the candidates). This is the
scenario approach for a finite set of decisions (Campi & Garatti, *Introduction to the Scenario
Approach*, SIAM 2018, ch. 1): if the key is whole in all ``N`` draws, the violation probability is
at most ``ε`` with confidence ``1 − β`` once ``(1 − ε)^N ≤ β / M``, i.e.
``N ≥ ln(M / β) / −ln(1 − ε)`` (:func:`draws_needed`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from simulator.allocation.checks import TOLERANCE_SEK
from simulator.core import coalitions

__all__ = [
    "CONFIDENCE",
    "EPSILON",
    "KeyOdds",
    "draws_needed",
    "in_core",
    "key_odds",
    "lower_bound",
]

CONFIDENCE = 0.95
"""The confidence ``1 − β`` of the stated guarantee."""
EPSILON = 0.05
"""The violation probability the number of draws needed is stated for."""
TOLERANCE = TOLERANCE_SEK
"""SEK: an excess within an öre is rounding, not an objection (as the allocation checks)."""


@dataclass(frozen=True)
class KeyOdds:
    """A key over ``draws`` sampled futures.

    Attributes
    ----------
    draws : number of draws N
    whole : draws in which the key is in the core of every game
    p_in_core : ``whole / draws``
    p_all_save : share of draws in which every member pays less than alone (present value)
    p_save : per member, the share of draws in which it pays less than alone (present value)
    candidates : number of keys the choice was made among (M)
    lower : with confidence :data:`CONFIDENCE`, the probability of staying in the core in a future
        not sampled is at least this
    needed : draws that, all in the core, would guarantee ``1 − EPSILON`` at that confidence
    """

    draws: int
    whole: int
    p_in_core: float
    p_all_save: float
    p_save: tuple[float, ...]
    candidates: int
    lower: float
    needed: int


def lower_bound(successes: int, draws: int, beta: float) -> float:
    """One-sided Clopper–Pearson lower bound on a probability at level ``beta``.

    >>> round(lower_bound(100, 100, 0.05), 4)  # 0.05 ** (1 / 100)
    0.9705
    >>> lower_bound(0, 100, 0.05)
    0.0
    """
    if successes <= 0:
        return 0.0
    return float(stats.beta.ppf(beta, successes, draws - successes + 1))


def draws_needed(candidates: int, epsilon: float = EPSILON, confidence: float = CONFIDENCE) -> int:
    """Draws N such that a key among ``candidates`` whole in all N draws is whole in a future not
    sampled with probability ≥ ``1 − epsilon``, with the given confidence.

    >>> draws_needed(1)  # ln(1 / 0.05) / −ln(0.95) = 58.4
    59
    >>> draws_needed(6)
    94
    """
    beta = (1.0 - confidence) / candidates
    return math.ceil(math.log(1.0 / beta) / -math.log1p(-epsilon))


def in_core(costs: NDArray[np.float64], allocation: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Whether each draw's allocation keeps every proper coalition at or below its cost, in every
    game: ``costs`` (D, G, 2**n − 1), ``allocation`` (D, G, n) → (D,)."""
    n = allocation.shape[-1]
    pays = allocation @ coalitions.membership(n)[:, :-1]
    return np.asarray((pays - costs[..., :-1] <= TOLERANCE).all(axis=(-2, -1)), dtype=np.bool_)


def key_odds(
    costs: NDArray[np.float64],
    allocation: NDArray[np.float64],
    npv_index: int,
    candidates: int,
    confidence: float = CONFIDENCE,
) -> KeyOdds:
    """The odds of one key from each draw's games (``costs`` (D, G, C)) and its allocation in them
    (``allocation`` (D, G, n)); game ``npv_index`` is the present value, in which savings are
    counted."""
    whole = in_core(costs, allocation)
    n = allocation.shape[-1]
    alone = costs[:, npv_index, coalitions.singletons(n) - 1]
    saves = allocation[:, npv_index, :] < alone - TOLERANCE
    count = int(whole.sum())
    draws = int(whole.size)
    return KeyOdds(
        draws=draws,
        whole=count,
        p_in_core=count / draws,
        p_all_save=float(saves.all(axis=-1).mean()),
        p_save=tuple(float(p) for p in saves.mean(axis=0)),
        candidates=candidates,
        lower=lower_bound(count, draws, (1.0 - confidence) / candidates),
        needed=draws_needed(candidates, EPSILON, confidence),
    )
