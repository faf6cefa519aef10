"""Erlang B and C: blocking, probability of waiting, service level, speed of answer, occupancy.

Erlang B is the Poisson probability of ``n`` divided by the Poisson probability of at most ``n``,
taken in log space (``gammaln``, ``gammaincc``), with the finite series for ``1/B`` where that tail
underflows (far fewer agents than Erlangs), summed until a bound on its remaining tail is below
``1e-16`` of the sum.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import gammaincc, gammaln, xlogy

from simulator.queueing.common import (
    Floats,
    broadcast_flat,
    carried_occupancy,
    check_at_least_zero,
    check_positive,
    check_whole,
)

__all__ = [
    "erlang_b",
    "erlang_c",
    "service_level",
    "average_speed_of_answer",
    "occupancy",
    "log_erlang_b",
    "erlang_c_kernel",
    "service_level_kernel",
    "asa_kernel",
]

_TOL = 1e-16  # series stop when a bound on their remaining tail is below this share of the sum
_UNDERFLOW = 1e-280  # Poisson lower tail below which Erlang B is summed as a series


def _upper_series(n: Floats, a: Floats) -> Floats:
    """1/B(n, a) = sum_{j=0..n} n!/((n-j)! a^j), for n < a (terms fall by at most n/a)."""
    term = np.ones_like(a)
    total = np.ones_like(a)
    j = 0
    while True:
        j += 1
        term = term * np.maximum(n + 1 - j, 0) / a
        total += term
        q = np.maximum(n - j, 0) / a
        if np.all(term * q / (1 - q) <= _TOL * total):
            return total


def log_erlang_b(n: Floats, a: Floats) -> Floats:
    """log B(n, a) = log Poisson(n; a) - log P(Poisson(a) <= n), for flat arrays."""
    tail = gammaincc(n + 1, a)
    with np.errstate(divide="ignore"):
        log_b = xlogy(n, a) - a - gammaln(n + 1) - np.log(tail)
    deep = tail < _UNDERFLOW
    if np.any(deep):
        log_b[deep] = -np.log(_upper_series(n[deep], a[deep]))
    return np.where(n > 0, np.minimum(log_b, 0.0), 0.0)


def erlang_c_kernel(n: Floats, a: Floats) -> Floats:
    """Erlang C wait probability ``n·B / (n - a·(1 - B))`` for flat arrays; 1 where ``a >= n``."""
    b = np.exp(log_erlang_b(n, a))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(a < n, n * b / (n - a * (1 - b)), 1.0)


def service_level_kernel(n: Floats, a: Floats, aht: Floats, within: Floats) -> Floats:
    """Erlang C service level ``1 - C·exp(-(n - a)·within/aht)`` for flat arrays; 0 where
    ``a >= n``."""
    decay = np.exp(-np.maximum(n - a, 0) * within / aht)
    return np.where(a < n, 1 - erlang_c_kernel(n, a) * decay, 0.0)


def asa_kernel(n: Floats, a: Floats, aht: Floats) -> Floats:
    """Erlang C mean wait ``C·aht/(n - a)`` in seconds for flat arrays; ``inf`` where ``a >= n``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(a < n, erlang_c_kernel(n, a) * aht / (n - a), np.inf)


def erlang_b(agents: ArrayLike, traffic: ArrayLike) -> Floats:
    """Blocking probability of M/M/n/n (Erlang B) for ``agents`` servers offered ``traffic``
    Erlangs.

    Two agents offered one Erlang: ``B = (1/2!) / (1 + 1 + 1/2!) = 0.2``.

    >>> round(float(erlang_b(2, 1.0)), 12)
    0.2
    """
    shape, (n, a) = broadcast_flat(
        check_whole("agents", agents), check_at_least_zero("traffic", traffic)
    )
    return np.exp(log_erlang_b(n, a)).reshape(shape)


def erlang_c(agents: ArrayLike, traffic: ArrayLike) -> Floats:
    """Probability that an arrival waits in M/M/n (Erlang C); 1.0 where ``traffic >= agents``.

    With one agent (M/M/1) an arrival waits when the agent is busy: ``P(wait) = ρ``, the traffic.

    >>> np.round(erlang_c(1, [0.3, 0.8]), 12).tolist()
    [0.3, 0.8]
    >>> round(float(erlang_c(2, 1.0)), 12)  # 2·0.2 / (2 − 1·(1 − 0.2)) = 1/3
    0.333333333333
    """
    shape, (n, a) = broadcast_flat(
        check_whole("agents", agents), check_at_least_zero("traffic", traffic)
    )
    return erlang_c_kernel(n, a).reshape(shape)


def service_level(
    agents: ArrayLike, traffic: ArrayLike, aht: ArrayLike, within: ArrayLike
) -> Floats:
    """Erlang C share of calls answered within ``within`` seconds:
    ``1 - C·exp(-(n - A)·within/aht)``.

    ``aht`` is the mean handling time in seconds. 0 where the queue is unstable
    (``traffic >= agents``).

    M/M/1 at ρ = 0.8, calls of 60 s, answered within 30 s: ``1 − ρ·exp(−(1 − ρ)·30/60)``.

    >>> round(float(service_level(1, 0.8, 60.0, 30.0)), 6)
    0.27613
    >>> round(float(1 - 0.8 * np.exp(-(1 - 0.8) * 30 / 60)), 6)
    0.27613
    """
    shape, flat = broadcast_flat(
        check_whole("agents", agents),
        check_at_least_zero("traffic", traffic),
        check_positive("aht", aht),
        check_at_least_zero("within", within),
    )
    return service_level_kernel(*flat).reshape(shape)


def average_speed_of_answer(agents: ArrayLike, traffic: ArrayLike, aht: ArrayLike) -> Floats:
    """Erlang C mean wait in seconds, ``C·aht/(n - A)``; ``inf`` where ``traffic >= agents``."""
    shape, flat = broadcast_flat(
        check_whole("agents", agents),
        check_at_least_zero("traffic", traffic),
        check_positive("aht", aht),
    )
    return asa_kernel(*flat).reshape(shape)


def occupancy(agents: ArrayLike, traffic: ArrayLike) -> Floats:
    """Share of agent time busy, ``min(traffic/agents, 1)`` (0 with no agents and no traffic)."""
    shape, (n, a) = broadcast_flat(
        check_whole("agents", agents), check_at_least_zero("traffic", traffic)
    )
    return carried_occupancy(a, n).reshape(shape)
