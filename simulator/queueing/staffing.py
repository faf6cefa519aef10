"""The fewest agents that meet a service-level target (and optional abandonment and occupancy
caps)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from simulator.queueing.abandonment import erlang_a_kernel
from simulator.queueing.common import (
    Bools,
    Floats,
    Ints,
    broadcast_flat,
    carried_occupancy,
    check_at_least_zero,
    check_positive,
    check_share,
    check_share_or_all,
    check_whole,
)
from simulator.queueing.erlang import service_level_kernel

__all__ = ["min_agents"]

_MAX_DOUBLINGS = 60  # bracket doublings in min_agents before giving up
_SCAN_LIMIT = 64  # Erlang C queues needing at most this many agents are found by a scan upwards


def _feasible(p: dict[str, Floats]) -> Callable[[Ints, Ints], Bools]:
    """A test of whether ``agents`` meet every target in ``p`` (flat arrays), for the elements
    ``idx``."""

    def check(idx: Ints, agents: Ints) -> Bools:
        q = {key: value[idx] for key, value in p.items()}
        n = agents.astype(np.float64)
        a = q["traffic"]
        if "patience" in q:
            _, lost, level, _, busy = erlang_a_kernel(n, a, q["aht"], q["patience"], q["within"])
        else:  # Erlang C: nobody hangs up
            lost = np.zeros_like(a)
            level = service_level_kernel(n, a, q["aht"], q["within"])
            busy = carried_occupancy(a, n)
        ok = level >= q["target"]
        if "max_abandonment" in q:
            ok &= lost <= q["max_abandonment"]
        if "max_occupancy" in q:
            ok &= busy <= q["max_occupancy"]
        return ok

    return check


def _search(feasible: Callable[[Ints, Ints], Bools], lo: Ints, hi: Ints) -> Ints:
    """Smallest feasible integer above ``lo`` (known infeasible), per element: doubling, then
    bisection."""
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


def _scan(p: dict[str, Floats], lo: Ints, limit: int) -> Ints:
    """Erlang C only: the first feasible agents above ``lo``, scanning c = 1 … ``limit`` with the
    Erlang B recursion ``B(c) = a·B(c-1) / (c + a·B(c-1))`` for all elements at once (exact, and for
    small queues much faster than bisection on the closed form); -1 where none up to ``limit`` is
    feasible."""
    a = p["traffic"]
    found = np.full(lo.size, -1, dtype=np.int64)
    b = np.ones_like(a)
    for c in range(1, limit + 1):
        b = a * b / (c + a * b)
        open_ = (found < 0) & (c > lo) & (c > a)
        if not open_.any():
            if (found >= 0).all():
                break
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            wait = c * b / (c - a * (1 - b))
        level = 1 - wait * np.exp(-(c - a) * p["within"] / p["aht"])
        ok = open_ & (level >= p["target"])
        if "max_occupancy" in p:
            ok &= a / c <= p["max_occupancy"]
        found[ok] = c
    return found


def _bracket(p: dict[str, Floats]) -> tuple[Ints, Ints]:
    """An infeasible start (below the floor, unstable, or serving fewer than target·traffic) and a
    guess."""
    a = p["traffic"]
    bound = np.ceil(p["target"] * a) - 1 if "patience" in p else np.floor(a)
    lo = np.maximum(p["floor"] - 1, bound).astype(np.int64)
    return lo, np.ceil(a + 2 * np.sqrt(a) + 1).astype(np.int64)


def min_agents(
    traffic: ArrayLike,
    aht: ArrayLike,
    target_service_level: ArrayLike,
    within: ArrayLike,
    *,
    patience: ArrayLike | None = None,
    max_abandonment: ArrayLike | None = None,
    max_occupancy: ArrayLike | None = None,
    floor: ArrayLike = 1,
) -> Ints:
    """Smallest whole number of agents, at least ``floor``, that meets every given target.

    Service level (share answered within ``within`` seconds, ``aht`` in seconds) is Erlang C when
    ``patience`` is None (the queue must then also be stable, agents > traffic), else Erlang A with
    mean patience ``patience`` seconds; ``max_abandonment`` needs ``patience``. ``floor`` where
    traffic is 0. Vectorised: a doubling bracket and an integer bisection over all elements at once,
    relying on the service level rising and abandonment and occupancy falling as agents are added.

    Examples
    --------
    600 calls an hour of 120 s are 20 Erlangs; a delay probability of at most 15 % (85 % answered at
    once, ``within=0``) needs 26 agents, as in the worked example of the "Erlang C calculator"
    (personal.telefonica.terra.es/web/vr/erlang/eng/mcerlc.htm):

    >>> int(min_agents(20.0, 120.0, 0.85, 0.0))
    26
    >>> from simulator.queueing import erlang_c
    >>> round(float(erlang_c(25, 20.0)), 3), round(float(erlang_c(26, 20.0)), 3)  # P(wait)
    (0.209, 0.143)

    One Erlang at 80 % within 20 s, calls of 180 s; and no traffic gets the ``floor``:

    >>> min_agents([1.0, 0.0], 180.0, 0.8, 20.0, floor=2).tolist()
    [3, 2]
    """
    if max_abandonment is not None and patience is None:
        raise ValueError("max_abandonment needs patience (Erlang A); Erlang C has no abandonment")
    given = {
        "traffic": check_at_least_zero("traffic", traffic),
        "aht": check_positive("aht", aht),
        "target": check_share("target_service_level", target_service_level),
        "within": check_at_least_zero("within", within),
        "floor": check_whole("floor", floor),
    }
    optional = {
        "patience": (patience, check_positive),
        "max_abandonment": (max_abandonment, check_share),
        "max_occupancy": (max_occupancy, check_share_or_all),
    }
    given |= {
        key: check(key, value) for key, (value, check) in optional.items() if value is not None
    }
    shape, flat = broadcast_flat(*given.values())
    p = dict(zip(given, flat))
    busy = np.flatnonzero(p["traffic"] > 0)
    p = {key: value[busy] for key, value in p.items()}
    result = np.ravel(np.broadcast_to(given["floor"], shape)).astype(np.int64)
    lo, hi = _bracket(p)
    found = (
        _scan(p, lo, _SCAN_LIMIT)
        if "patience" not in p and hi.max(initial=0) <= _SCAN_LIMIT
        else -np.ones_like(lo)
    )
    rest = np.flatnonzero(found < 0)
    if rest.size:
        part = {key: value[rest] for key, value in p.items()}
        found[rest] = _search(_feasible(part), lo[rest], hi[rest])
    result[busy] = found
    return result.reshape(shape)
