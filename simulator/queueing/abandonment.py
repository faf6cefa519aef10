"""Erlang A (M/M/n+M): queues whose callers hang up after an exponential patience; queue metrics.

Erlang A reduces, through the Euler integral of the incomplete gamma function, to integrals of
``g(v) = exp(-(b+1)·v + x·(1 - e^-v))`` over ``v >= 0`` (see :func:`erlang_a`), taken by
Gauss-Legendre quadrature (two panels of 40 nodes) where ``g`` is within ``e^-40`` of its peak (they
agree with a 128-node rule to about 1e-13, and the tests check them against a brute-force Markov
chain).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import expit

from simulator.queueing.common import (
    Floats,
    Ints,
    broadcast_flat,
    carried_occupancy,
    check_at_least_zero,
    check_positive,
    check_whole,
)
from simulator.queueing.erlang import (
    asa_kernel,
    erlang_c_kernel,
    log_erlang_b,
    service_level_kernel,
)

__all__ = ["QueueMetrics", "erlang_a", "erlang_a_kernel", "queue_metrics", "answered_in_time"]

_DEPTH = 40.0  # Erlang A integrals cover where log g is within this of its maximum
_NODES = 40  # Gauss-Legendre nodes per panel (two panels) for those integrals
_NEWTON = 100  # at most this many Newton steps to find the ends of that range
_CHUNK = 16384  # elements per block of quadrature (memory: _CHUNK × _NODES floats per array)


def _log_g(slope: Floats, scale: Floats, u: Floats) -> Floats:
    """log g(v* + u) - log g(v*) = -slope·u - scale·(u + e^-u - 1), concave in u."""
    return -slope * u - scale * (u + np.expm1(-u))


def _edge(slope: Floats, scale: Floats, u: Floats, level: float) -> Floats:
    """Where log g falls to ``level`` below its peak, by Newton's method from ``u`` beyond that
    point.

    log g is concave, so the iterates approach the root monotonically without crossing it.
    """
    for _ in range(_NEWTON):
        step = (_log_g(slope, scale, u) - level) / (scale * np.expm1(-u) - slope)
        u = u - step
        if np.all(np.abs(step) <= 1e-6 * np.abs(u)):
            break
    return u


@cache
def _legendre() -> tuple[Floats, Floats]:
    """Gauss-Legendre nodes and weights on [0, 1]."""
    nodes, weights = np.polynomial.legendre.leggauss(_NODES)
    return (nodes + 1) / 2, weights / 2


def _weighted_nodes(slope: Floats, scale: Floats, lo: Floats, hi: Floats) -> tuple[Floats, Floats]:
    """Gauss-Legendre nodes u over [lo, hi] and their weights times g(v*+u)/g(v*); one row per
    element.

    The range is cut in two at the mode (u = 0) when it lies inside, else in the middle.
    """
    s, w = _legendre()
    mid = np.where((lo < 0) & (hi > 0), 0.0, (lo + hi) / 2)[:, None]
    lo, hi = lo[:, None], hi[:, None]
    u = np.concatenate([lo + (mid - lo) * s, mid + (hi - mid) * s], axis=1)
    weight = np.concatenate([w * (mid - lo), w * (hi - mid)], axis=1)
    return u, weight * np.exp(_log_g(slope[:, None], scale[:, None], u))


def _wait_integrals(c: Floats, x: Floats, d: Floats, tau: Floats) -> tuple[Floats, ...]:
    """log I0 and the ratios I1/I0, K/I0 and T/I0 for g(v) = exp(-c·v + x·(1 - e^-v)), with
    d = c - x.

    I0 = ∫ g, I1 = ∫ v·g, K = ∫ (1 - e^-v)·g over v >= 0, and T = ∫ g over v >= tau. g peaks at
    v* = max(0, log(x/c)); the integrals run by Gauss-Legendre over the range where g is above e^-40
    of its peak, in u = v - v*, in which log g(v) - log g(v*) has no cancellation between large
    terms.
    """
    rise = np.maximum(-d / c, 0.0)  # x/c - 1 where positive
    mode = np.log1p(rise)
    inner = rise > 0
    peak = c * (rise - mode)  # log g(v*)
    slope, scale = np.where(inner, 0.0, d), np.where(inner, c, x)
    hi = _edge(slope, scale, (_DEPTH + scale) / (slope + scale), -_DEPTH)
    lo = -mode
    deep = peak > _DEPTH
    lo[deep] = _edge(slope[deep], scale[deep], lo[deep], -_DEPTH)
    u, f = _weighted_nodes(slope, scale, lo, hi)
    v = mode[:, None] + u
    mass = f.sum(axis=1)
    first = (f * v).sum(axis=1)
    kept = (f * -np.expm1(-v)).sum(axis=1)
    late = _weighted_nodes(slope, scale, np.clip(tau - mode, lo, hi), hi)[1].sum(axis=1)
    return peak + np.log(mass), first / mass, kept / mass, late / mass


def erlang_a_kernel(
    n: Floats, a: Floats, aht: Floats, patience: Floats, within: Floats
) -> tuple[Floats, ...]:
    """Wait probability, abandonment, service level, ASA (s) and occupancy of M/M/n+M, for flat
    arrays.

    Time is measured in mean patiences (θ = 1/patience = 1): b = n·patience/aht,
    x = traffic·patience/aht, g(v) = exp(-(b+1)v + x(1 - e^-v)). Relative to π_n, the states below n
    hold R = 1/B(n, traffic) - 1, the waiting states G = 1 + x·I0; waiting arrivals later served are
    b·I0, those served after more than t are b·T(θt), and their total wait is b·I1/θ. Integrating
    (log g)'·g gives 1 = (b+1)·I0 - x·∫e^-v·g, so the waiting arrivals not served in time are
    G - b·(I0 - T) = I0 + x·K + b·T, a sum of positive terms.
    """
    ratio = patience / aht
    b, x = n * ratio, a * ratio
    parts = [
        _wait_integrals(*chunk)
        for chunk in _chunks(b + 1, x, (n - a) * ratio + 1, within / patience)
    ]
    log_i0, mean, kept, late = (np.concatenate(part) for part in zip(*parts))
    log_b = log_erlang_b(n, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_r = np.log(-np.expm1(log_b)) - log_b
        log_g = np.logaddexp(0.0, np.log(x) + log_i0)
        wait = expit(log_g - log_r)
        share = 1 / (x + np.exp(-log_i0))  # I0/G, without differences of large logs
        abandonment = np.clip(wait * share * (1 + x * kept), 0.0, 1.0)
        level = np.clip(1 - wait * share * (1 + x * kept + b * late), 0.0, 1.0)
        asa = patience * mean * expit(np.log(b) + log_i0 - log_r)
    none = n == 0  # no agents: every caller waits and hangs up
    wait = np.where(none, 1.0, wait)
    abandonment = np.where(none, 1.0, abandonment)
    level = np.where(none, 0.0, level)
    asa = np.where(none, np.inf, asa)
    return wait, abandonment, level, asa, carried_occupancy(a * (1 - abandonment), n)


def _chunks(*arrays: Floats) -> list[tuple[Floats, ...]]:
    """The arrays cut into pieces of at most ``_CHUNK`` elements, to bound the memory of the
    quadrature."""
    pieces = max(1, -(-arrays[0].size // _CHUNK))
    return list(zip(*(np.array_split(array, pieces) for array in arrays)))


@dataclass(frozen=True)
class QueueMetrics:
    """Queue performance per interval; every field is an array of the broadcast shape.

    agents : int64, number of agents
    service_level : share of all arrivals answered within the target time
    asa_seconds : mean wait of answered calls, in seconds (``inf`` if none are answered)
    occupancy : share of agent time busy
    wait_probability : share of arrivals that find every agent busy
    abandonment : share of arrivals that hang up before being answered (0 for Erlang C)
    """

    agents: Ints
    service_level: Floats
    asa_seconds: Floats
    occupancy: Floats
    wait_probability: Floats
    abandonment: Floats

    def as_dict(self) -> dict[str, object]:
        """Field name → plain int/float when scalar-shaped, else nested lists (for JSON output)."""
        return {f.name: getattr(self, f.name).tolist() for f in fields(self)}


def erlang_a(
    agents: ArrayLike, traffic: ArrayLike, aht: ArrayLike, patience: ArrayLike, within: ArrayLike
) -> QueueMetrics:
    """Performance of M/M/n+M (Palm's Erlang A): exponential patience with mean ``patience``
    seconds.

    ``aht`` is the mean handling time and ``within`` the target answer time, both in seconds. The
    service level counts abandoned calls as not answered in time; ``asa_seconds`` is the mean wait
    of answered calls; occupancy is ``traffic·(1 - abandonment)/agents``.

    With μ = 1/aht, θ = 1/patience and λ = traffic·μ, the states above n have
    π_{n+k} = π_n·Π_{m<=k} λ/(nμ + mθ); an arrival finding k waiting is served with probability
    nμ/(nμ + (k+1)θ), and then waits a sum of exponentials with rates nμ+θ, …, nμ+(k+1)θ, whose
    distribution function is I_{1-exp(-θt)}(k+1, nμ/θ + 1) (order statistics of exponentials).
    Summed over k (Poisson thinning) these give closed forms in the incomplete gamma function, as in
    Garnett, Mandelbaum & Reiman (2002) and Zeltyn & Mandelbaum (2005), and through its Euler
    integral the one-dimensional integrals over v = θ·(offered wait) that are computed here.
    """
    shape, flat = broadcast_flat(
        check_whole("agents", agents),
        check_at_least_zero("traffic", traffic),
        check_positive("aht", aht),
        check_positive("patience", patience),
        check_at_least_zero("within", within),
    )
    wait, abandonment, level, asa, busy = erlang_a_kernel(*flat)
    return QueueMetrics(
        flat[0].astype(np.int64).reshape(shape),
        level.reshape(shape),
        asa.reshape(shape),
        busy.reshape(shape),
        wait.reshape(shape),
        abandonment.reshape(shape),
    )


def queue_metrics(
    agents: ArrayLike,
    traffic: ArrayLike,
    aht: ArrayLike,
    within: ArrayLike,
    patience: ArrayLike | None = None,
) -> QueueMetrics:
    """Erlang C metrics when ``patience`` is None (no abandonment), else Erlang A (see
    :func:`erlang_a`)."""
    if patience is not None:
        return erlang_a(agents, traffic, aht, patience, within)
    shape, (n, a, h, t) = broadcast_flat(
        check_whole("agents", agents),
        check_at_least_zero("traffic", traffic),
        check_positive("aht", aht),
        check_at_least_zero("within", within),
    )
    return QueueMetrics(
        n.astype(np.int64).reshape(shape),
        service_level_kernel(n, a, h, t).reshape(shape),
        asa_kernel(n, a, h).reshape(shape),
        carried_occupancy(np.minimum(a, n), n).reshape(shape),
        erlang_c_kernel(n, a).reshape(shape),
        np.zeros(shape),
    )


def answered_in_time(
    agents: ArrayLike,
    traffic: ArrayLike,
    aht: ArrayLike,
    within: ArrayLike,
    patience: ArrayLike | None = None,
) -> tuple[Floats, Floats]:
    """The service level and the abandonment of :func:`queue_metrics`, and nothing else: the
    share of calls answered within ``within`` seconds and the share of callers who hang up (0
    for Erlang C, ``patience`` None). The same values as ``queue_metrics``, element by element,
    without the wait probability, speed of answer and occupancy it computes beside them.

    >>> level, gone = answered_in_time(1, 0.8, 60.0, 30.0)  # M/M/1: 1 − 0.8·exp(−0.2·30/60)
    >>> round(float(level), 6), float(gone)
    (0.27613, 0.0)
    """
    if patience is not None:
        metrics = erlang_a(agents, traffic, aht, patience, within)
        return metrics.service_level, metrics.abandonment
    shape, (n, a, h, t) = broadcast_flat(
        check_whole("agents", agents),
        check_at_least_zero("traffic", traffic),
        check_positive("aht", aht),
        check_at_least_zero("within", within),
    )
    return service_level_kernel(n, a, h, t).reshape(shape), np.zeros(shape)
