"""Erlang B, C and A (M/M/n+M) queueing formulas and the staffing that meets a service target.

Units: time in seconds; traffic in Erlangs (arrival rate × mean handling time); agents are whole numbers.
Every function broadcasts its arguments against each other as numpy arrays and returns arrays of the
broadcast shape (float64, or int64 for agents).

Numerics. Erlang B is the Poisson probability of ``n`` divided by the Poisson probability of at most ``n``,
taken in log space (``gammaln``, ``gammaincc``), with the finite series for ``1/B`` where that tail underflows
(far fewer agents than Erlangs), summed until a bound on its remaining tail is below ``1e-16`` of the sum.
Erlang A (M/M/n+M) reduces, through the Euler integral of the incomplete gamma function, to integrals of
``g(v) = exp(-(b+1)·v + x·(1 - e^-v))`` over ``v >= 0`` (see :func:`erlang_a`), taken by Gauss-Legendre
quadrature (two panels of 40 nodes) where ``g`` is within ``e^-40`` of its peak (they agree with a
128-node rule to about 1e-13, and the tests check them against a brute-force Markov chain).

References
----------
A. K. Erlang (1917), "Solution of some problems in the theory of probabilities of significance in automatic
telephone exchanges". O. Garnett, A. Mandelbaum and M. Reiman (2002), "Designing a call center with impatient
customers", Manufacturing & Service Operations Management 4(3), 208-227. S. Zeltyn and A. Mandelbaum (2005),
"Call centers with impatient customers: many-server asymptotics of the M/M/n+G queue", Queueing Systems
51(3-4), 361-402, and their note "The M/M/n+G queue: summary of performance measures".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit, gammaincc, gammaln, xlogy

__all__ = [
    "QueueMetrics",
    "average_speed_of_answer",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "min_agents",
    "occupancy",
    "queue_metrics",
    "service_level",
]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]

_TOL = 1e-16            # series stop when a bound on their remaining tail is below this share of the sum
_UNDERFLOW = 1e-280     # Poisson lower tail below which Erlang B is summed as a series
_DEPTH = 40.0           # Erlang A integrals cover where log g is within this of its maximum
_NODES = 40             # Gauss-Legendre nodes per panel (two panels) for those integrals
_NEWTON = 100           # at most this many Newton steps to find the ends of that range
_CHUNK = 16384          # elements per block of quadrature (memory: _CHUNK × _NODES floats per array)
_MAX_DOUBLINGS = 60     # bracket doublings in min_agents before giving up


# --- argument checks ---------------------------------------------------------------------------------------

def _checked(name: str, value: ArrayLike, ok: Callable[[Floats], Bools], allowed: str) -> Floats:
    array = np.asarray(value, dtype=np.float64)
    bad = ~ok(array)
    if np.any(bad):
        raise ValueError(f"{name} must be {allowed}; got {array[bad].flat[0]!r}")
    return array


def _whole(name: str, value: ArrayLike) -> Floats:
    return _checked(name, value, lambda x: (x >= 0) & np.isfinite(x) & (x == np.floor(x)), "a whole number >= 0")


def _at_least_zero(name: str, value: ArrayLike) -> Floats:
    return _checked(name, value, lambda x: (x >= 0) & np.isfinite(x), "finite and >= 0")


def _positive(name: str, value: ArrayLike) -> Floats:
    return _checked(name, value, lambda x: (x > 0) & np.isfinite(x), "finite and > 0")


def _share(name: str, value: ArrayLike) -> Floats:
    return _checked(name, value, lambda x: (x > 0) & (x < 1), "in (0, 1)")


def _share_or_all(name: str, value: ArrayLike) -> Floats:
    return _checked(name, value, lambda x: (x > 0) & (x <= 1), "in (0, 1]")


def _flat(*arrays: Floats) -> tuple[tuple[int, ...], list[Floats]]:
    """Broadcast shape and writable 1-d float copies of the arrays."""
    broadcast = np.broadcast_arrays(*arrays)
    return broadcast[0].shape, [np.array(a, dtype=np.float64).ravel() for a in broadcast]


# --- Erlang B and C ----------------------------------------------------------------------------------------

def _upper_series(n: Floats, a: Floats) -> Floats:
    """1/B(n, a) = sum_{j=0..n} n!/((n-j)! a^j), for n < a (terms fall by at most n/a)."""
    term, total, j = np.ones_like(a), np.ones_like(a), 0
    while True:
        j += 1
        term = term * np.maximum(n + 1 - j, 0) / a
        total += term
        q = np.maximum(n - j, 0) / a
        if np.all(term * q / (1 - q) <= _TOL * total):
            return total


def _log_erlang_b(n: Floats, a: Floats) -> Floats:
    """log B(n, a) = log Poisson(n; a) - log P(Poisson(a) <= n), for flat arrays."""
    tail = gammaincc(n + 1, a)
    with np.errstate(divide="ignore"):
        log_b = xlogy(n, a) - a - gammaln(n + 1) - np.log(tail)
    deep = tail < _UNDERFLOW
    if np.any(deep):
        log_b[deep] = -np.log(_upper_series(n[deep], a[deep]))
    return np.where(n > 0, np.minimum(log_b, 0.0), 0.0)


def _erlang_c(n: Floats, a: Floats) -> Floats:
    b = np.exp(_log_erlang_b(n, a))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(a < n, n * b / (n - a * (1 - b)), 1.0)


def _service_level_c(n: Floats, a: Floats, aht: Floats, within: Floats) -> Floats:
    decay = np.exp(-np.maximum(n - a, 0) * within / aht)
    return np.where(a < n, 1 - _erlang_c(n, a) * decay, 0.0)


def _asa_c(n: Floats, a: Floats, aht: Floats) -> Floats:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(a < n, _erlang_c(n, a) * aht / (n - a), np.inf)


def _occupancy(carried: Floats, n: Floats) -> Floats:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, np.minimum(carried / n, 1.0), np.where(carried > 0, 1.0, 0.0))


def erlang_b(agents: ArrayLike, traffic: ArrayLike) -> Floats:
    """Blocking probability of M/M/n/n (Erlang B) for ``agents`` servers offered ``traffic`` Erlangs."""
    shape, (n, a) = _flat(_whole("agents", agents), _at_least_zero("traffic", traffic))
    return np.exp(_log_erlang_b(n, a)).reshape(shape)


def erlang_c(agents: ArrayLike, traffic: ArrayLike) -> Floats:
    """Probability that an arrival waits in M/M/n (Erlang C); 1.0 where ``traffic >= agents``."""
    shape, (n, a) = _flat(_whole("agents", agents), _at_least_zero("traffic", traffic))
    return _erlang_c(n, a).reshape(shape)


def service_level(agents: ArrayLike, traffic: ArrayLike, aht: ArrayLike, within: ArrayLike) -> Floats:
    """Erlang C share of calls answered within ``within`` seconds: ``1 - C·exp(-(n - A)·within/aht)``.

    ``aht`` is the mean handling time in seconds. 0 where the queue is unstable (``traffic >= agents``).
    """
    shape, flat = _flat(_whole("agents", agents), _at_least_zero("traffic", traffic),
                        _positive("aht", aht), _at_least_zero("within", within))
    return _service_level_c(*flat).reshape(shape)


def average_speed_of_answer(agents: ArrayLike, traffic: ArrayLike, aht: ArrayLike) -> Floats:
    """Erlang C mean wait in seconds, ``C·aht/(n - A)``; ``inf`` where ``traffic >= agents``."""
    shape, flat = _flat(_whole("agents", agents), _at_least_zero("traffic", traffic), _positive("aht", aht))
    return _asa_c(*flat).reshape(shape)


def occupancy(agents: ArrayLike, traffic: ArrayLike) -> Floats:
    """Share of agent time busy, ``min(traffic/agents, 1)`` (0 with no agents and no traffic)."""
    shape, (n, a) = _flat(_whole("agents", agents), _at_least_zero("traffic", traffic))
    return _occupancy(a, n).reshape(shape)


# --- Erlang A ----------------------------------------------------------------------------------------------

def _log_g(slope: Floats, scale: Floats, u: Floats) -> Floats:
    """log g(v* + u) - log g(v*) = -slope·u - scale·(u + e^-u - 1), concave in u."""
    return -slope * u - scale * (u + np.expm1(-u))


def _edge(slope: Floats, scale: Floats, u: Floats, level: float) -> Floats:
    """Where log g falls to ``level`` below its peak, by Newton's method from ``u`` beyond that point.

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
    """Gauss-Legendre nodes u over [lo, hi] and their weights times g(v*+u)/g(v*); one row per element.

    The range is cut in two at the mode (u = 0) when it lies inside, else in the middle.
    """
    s, w = _legendre()
    mid = np.where((lo < 0) & (hi > 0), 0.0, (lo + hi) / 2)[:, None]
    lo, hi = lo[:, None], hi[:, None]
    u = np.concatenate([lo + (mid - lo) * s, mid + (hi - mid) * s], axis=1)
    weight = np.concatenate([w * (mid - lo), w * (hi - mid)], axis=1)
    return u, weight * np.exp(_log_g(slope[:, None], scale[:, None], u))


def _wait_integrals(c: Floats, x: Floats, d: Floats, tau: Floats) -> tuple[Floats, ...]:
    """log I0 and the ratios I1/I0, K/I0 and T/I0 for g(v) = exp(-c·v + x·(1 - e^-v)), with d = c - x.

    I0 = ∫ g, I1 = ∫ v·g, K = ∫ (1 - e^-v)·g over v >= 0, and T = ∫ g over v >= tau. g peaks at
    v* = max(0, log(x/c)); the integrals run by Gauss-Legendre over the range where g is above e^-40 of
    its peak, in u = v - v*, in which log g(v) - log g(v*) has no cancellation between large terms.
    """
    rise = np.maximum(-d / c, 0.0)                       # x/c - 1 where positive
    mode, inner = np.log1p(rise), rise > 0
    peak = c * (rise - mode)                             # log g(v*)
    slope, scale = np.where(inner, 0.0, d), np.where(inner, c, x)
    hi = _edge(slope, scale, (_DEPTH + scale) / (slope + scale), -_DEPTH)
    lo, deep = -mode, peak > _DEPTH
    lo[deep] = _edge(slope[deep], scale[deep], lo[deep], -_DEPTH)
    u, f = _weighted_nodes(slope, scale, lo, hi)
    v = mode[:, None] + u
    mass = f.sum(axis=1)
    first, kept = (f * v).sum(axis=1), (f * -np.expm1(-v)).sum(axis=1)
    late = _weighted_nodes(slope, scale, np.clip(tau - mode, lo, hi), hi)[1].sum(axis=1)
    return peak + np.log(mass), first / mass, kept / mass, late / mass


def _erlang_a(n: Floats, a: Floats, aht: Floats, patience: Floats, within: Floats) -> tuple[Floats, ...]:
    """Wait probability, abandonment, service level, ASA (s) and occupancy of M/M/n+M, for flat arrays.

    Time is measured in mean patiences (θ = 1/patience = 1): b = n·patience/aht, x = traffic·patience/aht,
    g(v) = exp(-(b+1)v + x(1 - e^-v)). Relative to π_n, the states below n hold R = 1/B(n, traffic) - 1,
    the waiting states G = 1 + x·I0; waiting arrivals later served are b·I0, those served after more than
    t are b·T(θt), and their total wait is b·I1/θ. Integrating (log g)'·g gives 1 = (b+1)·I0 - x·∫e^-v·g, so
    the waiting arrivals not served in time are G - b·(I0 - T) = I0 + x·K + b·T, a sum of positive terms.
    """
    ratio = patience / aht
    b, x = n * ratio, a * ratio
    parts = [_wait_integrals(*chunk) for chunk in _chunks(b + 1, x, (n - a) * ratio + 1, within / patience)]
    log_i0, mean, kept, late = (np.concatenate(part) for part in zip(*parts))
    log_b = _log_erlang_b(n, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_r = np.log(-np.expm1(log_b)) - log_b
        log_g = np.logaddexp(0.0, np.log(x) + log_i0)
        wait = expit(log_g - log_r)
        share = 1 / (x + np.exp(-log_i0))                # I0/G, without differences of large logs
        abandonment = np.clip(wait * share * (1 + x * kept), 0.0, 1.0)
        level = np.clip(1 - wait * share * (1 + x * kept + b * late), 0.0, 1.0)
        asa = patience * mean * expit(np.log(b) + log_i0 - log_r)
    none = n == 0                                          # no agents: every caller waits and hangs up
    wait, abandonment = np.where(none, 1.0, wait), np.where(none, 1.0, abandonment)
    level, asa = np.where(none, 0.0, level), np.where(none, np.inf, asa)
    return wait, abandonment, level, asa, _occupancy(a * (1 - abandonment), n)


def _chunks(*arrays: Floats) -> list[tuple[Floats, ...]]:
    """The arrays cut into pieces of at most ``_CHUNK`` elements, to bound the memory of the quadrature."""
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


def erlang_a(agents: ArrayLike, traffic: ArrayLike, aht: ArrayLike, patience: ArrayLike,
             within: ArrayLike) -> QueueMetrics:
    """Performance of M/M/n+M (Palm's Erlang A): exponential patience with mean ``patience`` seconds.

    ``aht`` is the mean handling time and ``within`` the target answer time, both in seconds. The service
    level counts abandoned calls as not answered in time; ``asa_seconds`` is the mean wait of answered calls;
    occupancy is ``traffic·(1 - abandonment)/agents``.

    With μ = 1/aht, θ = 1/patience and λ = traffic·μ, the states above n have
    π_{n+k} = π_n·Π_{m<=k} λ/(nμ + mθ); an arrival finding k waiting is served with probability
    nμ/(nμ + (k+1)θ), and then waits a sum of exponentials with rates nμ+θ, …, nμ+(k+1)θ, whose
    distribution function is I_{1-exp(-θt)}(k+1, nμ/θ + 1) (order statistics of exponentials). Summed over
    k (Poisson thinning) these give closed forms in the incomplete gamma function, as in Garnett,
    Mandelbaum & Reiman (2002) and Zeltyn & Mandelbaum (2005), and through its Euler integral the
    one-dimensional integrals over v = θ·(offered wait) that are computed here.
    """
    shape, flat = _flat(_whole("agents", agents), _at_least_zero("traffic", traffic), _positive("aht", aht),
                        _positive("patience", patience), _at_least_zero("within", within))
    wait, abandonment, level, asa, busy = _erlang_a(*flat)
    return QueueMetrics(flat[0].astype(np.int64).reshape(shape), level.reshape(shape), asa.reshape(shape),
                        busy.reshape(shape), wait.reshape(shape), abandonment.reshape(shape))


def queue_metrics(agents: ArrayLike, traffic: ArrayLike, aht: ArrayLike, within: ArrayLike,
                  patience: ArrayLike | None = None) -> QueueMetrics:
    """Erlang C metrics when ``patience`` is None (no abandonment), else Erlang A (see :func:`erlang_a`)."""
    if patience is not None:
        return erlang_a(agents, traffic, aht, patience, within)
    shape, (n, a, h, t) = _flat(_whole("agents", agents), _at_least_zero("traffic", traffic),
                                _positive("aht", aht), _at_least_zero("within", within))
    return QueueMetrics(n.astype(np.int64).reshape(shape), _service_level_c(n, a, h, t).reshape(shape),
                        _asa_c(n, a, h).reshape(shape), _occupancy(np.minimum(a, n), n).reshape(shape),
                        _erlang_c(n, a).reshape(shape), np.zeros(shape))


# --- staffing ----------------------------------------------------------------------------------------------

def _feasible(p: dict[str, Floats]) -> Callable[[Ints, Ints], Bools]:
    """A test of whether ``agents`` meet every target in ``p`` (flat arrays), for the elements ``idx``."""

    def check(idx: Ints, agents: Ints) -> Bools:
        q = {key: value[idx] for key, value in p.items()}
        n, a = agents.astype(np.float64), q["traffic"]
        if "patience" in q:
            _, lost, level, _, busy = _erlang_a(n, a, q["aht"], q["patience"], q["within"])
        else:
            lost, level, busy = 0.0, _service_level_c(n, a, q["aht"], q["within"]), _occupancy(a, n)
        ok = level >= q["target"]
        if "max_abandonment" in q:
            ok &= lost <= q["max_abandonment"]
        if "max_occupancy" in q:
            ok &= busy <= q["max_occupancy"]
        return ok
    return check


def _search(feasible: Callable[[Ints, Ints], Bools], lo: Ints, hi: Ints) -> Ints:
    """Smallest feasible integer above ``lo`` (known infeasible), per element: doubling, then bisection."""
    lo, hi = lo.copy(), np.maximum(hi, lo + 1)
    todo = np.arange(lo.size)
    for _ in range(_MAX_DOUBLINGS):
        bad = todo[~feasible(todo, hi[todo])]
        if bad.size == 0:
            break
        lo[bad], hi[bad] = hi[bad], hi[bad] + 2 * (hi[bad] - lo[bad])
        todo = bad
    else:
        raise RuntimeError("min_agents: no number of agents meets the targets")
    todo = np.flatnonzero(hi - lo > 1)
    while todo.size:
        mid = (lo[todo] + hi[todo]) // 2
        ok = feasible(todo, mid)
        hi[todo[ok]], lo[todo[~ok]] = mid[ok], mid[~ok]
        todo = todo[hi[todo] - lo[todo] > 1]
    return hi


def _bracket(p: dict[str, Floats]) -> tuple[Ints, Ints]:
    """An infeasible start (below the floor, unstable, or serving fewer than target·traffic) and a guess."""
    a = p["traffic"]
    bound = np.ceil(p["target"] * a) - 1 if "patience" in p else np.floor(a)
    lo = np.maximum(p["floor"] - 1, bound).astype(np.int64)
    return lo, np.ceil(a + 2 * np.sqrt(a) + 1).astype(np.int64)


def min_agents(traffic: ArrayLike, aht: ArrayLike, target_service_level: ArrayLike, within: ArrayLike, *,
               patience: ArrayLike | None = None, max_abandonment: ArrayLike | None = None,
               max_occupancy: ArrayLike | None = None, floor: ArrayLike = 1) -> Ints:
    """Smallest whole number of agents, at least ``floor``, that meets every given target.

    Service level (share answered within ``within`` seconds, ``aht`` in seconds) is Erlang C when
    ``patience`` is None (the queue must then also be stable, agents > traffic), else Erlang A with mean
    patience ``patience`` seconds; ``max_abandonment`` needs ``patience``. ``floor`` where traffic is 0.
    Vectorised: a doubling bracket and an integer bisection over all elements at once, relying on the
    service level rising and abandonment and occupancy falling as agents are added.
    """
    if max_abandonment is not None and patience is None:
        raise ValueError("max_abandonment needs patience (Erlang A); Erlang C has no abandonment")
    given = {"traffic": _at_least_zero("traffic", traffic), "aht": _positive("aht", aht),
             "target": _share("target_service_level", target_service_level),
             "within": _at_least_zero("within", within), "floor": _whole("floor", floor)}
    optional = {"patience": (patience, _positive), "max_abandonment": (max_abandonment, _share),
                "max_occupancy": (max_occupancy, _share_or_all)}
    given |= {key: check(key, value) for key, (value, check) in optional.items() if value is not None}
    shape, flat = _flat(*given.values())
    p = dict(zip(given, flat))
    busy = np.flatnonzero(p["traffic"] > 0)
    p = {key: value[busy] for key, value in p.items()}
    result = np.ravel(np.broadcast_to(given["floor"], shape)).astype(np.int64)
    result[busy] = _search(_feasible(p), *_bracket(p))
    return result.reshape(shape)
