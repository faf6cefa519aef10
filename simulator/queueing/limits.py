"""Queue targets, and the most traffic a number of agents serves at them (a staffing limit).

For targets fixed by policy (:class:`QueueTargets`), ``n`` agents serve traffic ``a`` when the
*margin* ``g(a) = min(log(1 - target) - log(1 - level), cap - occupancy)`` is at least 0; ``g``
falls as traffic grows, so the limit ``t_n`` is its root. The log of the share not answered in
time is nearly linear in the traffic, so the root is found in a few steps for every ``n`` and
handling time at once: Newton's step where the Erlang C slope is known and lands inside the
bracket, else regula falsi with the Illinois modification (Dowell & Jarratt 1971), always keeping
a bracket ``lo`` served, ``hi`` not, until ``hi - lo <= TOLERANCE·hi``.

Erlang C slope, from Erlang B ``B`` and the wait probability ``C = n·B / (n - a·(1 - B))``:
``d log B / da = n/a - 1 + B`` and ``log(1 - level) = log C - (n - a)·within/aht``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.queueing.abandonment import erlang_a_kernel
from simulator.queueing.common import Floats, Ints, carried_occupancy
from simulator.queueing.erlang import service_level_kernel
from simulator.queueing.staffing import min_agents

__all__ = ["QueueTargets", "TOLERANCE", "traffic_limits"]

TOLERANCE = 1e-11  # relative width of the bracket around each limit
_RECURSION_LIMIT = 128  # Erlang C limits up to this many agents use the Erlang B recursion
_SECANT_STEPS = 40  # then bisection, should a bracket still be wide
_MAX_STEPS = 200
_ANCHORS = 9  # handling times whose limits give the others a first guess


@dataclass(frozen=True)
class QueueTargets:
    """What the staffing must meet: policy choices, fixed for a table.

    ``service_level`` (a share in (0, 1)) answered within ``within`` seconds; ``patience`` the mean
    caller patience in seconds (Erlang A) or None (Erlang C: the queue must be stable);
    ``max_occupancy`` a cap on agent occupancy in (0, 1] or None; ``floor`` the fewest agents.
    """

    service_level: float
    within: float
    patience: float | None = None
    max_occupancy: float | None = None
    floor: int = 1

    def __post_init__(self) -> None:
        if not 0.0 < self.service_level < 1.0:
            raise ValueError(f"service_level must be in (0, 1); got {self.service_level!r}")
        if not (np.isfinite(self.within) and self.within >= 0):
            raise ValueError(f"within must be finite and >= 0; got {self.within!r}")
        if self.patience is not None and not (np.isfinite(self.patience) and self.patience > 0):
            raise ValueError(f"patience must be finite and > 0; got {self.patience!r}")
        if self.max_occupancy is not None and not 0.0 < self.max_occupancy <= 1.0:
            raise ValueError(f"max_occupancy must be in (0, 1]; got {self.max_occupancy!r}")
        if self.floor < 0:
            raise ValueError(f"floor must be a whole number >= 0; got {self.floor!r}")

    def solve(self, traffic: Floats, aht: Floats) -> Ints:
        """The fewest agents by :func:`min_agents` (flat arrays): the reference."""
        return min_agents(
            traffic,
            aht,
            self.service_level,
            self.within,
            patience=self.patience,
            max_occupancy=self.max_occupancy,
            floor=self.floor,
        )


def traffic_limits(n: Ints, aht: Floats, targets: QueueTargets) -> Floats:
    """(R, K) the most traffic ``n`` (K,) agents serve at the targets, per handling time (R,) in
    seconds, to a relative ``TOLERANCE`` (below the true limit); 0 for no agents.

    Many handling times start from the limits of a few (``_ANCHORS``, spread over their range),
    interpolated: the limits move smoothly with the handling time.

    >>> targets = QueueTargets(0.8, 20.0)
    >>> limit = traffic_limits(np.array([3]), np.array([180.0]), targets)[0, 0]
    >>> round(float(limit), 6)  # 3 agents, 80 % within 20 s, calls of 180 s
    1.498513
    """
    guess = np.maximum(n - 1.5 * np.sqrt(n), n / 2).astype(np.float64)  # square-root staffing
    guess = np.broadcast_to(guess, (aht.size, n.size))
    if aht.size > 2 * _ANCHORS:
        anchors = np.quantile(aht, np.linspace(0.0, 1.0, _ANCHORS))
        known = _solve(n, anchors, targets, guess[:_ANCHORS])
        guess = np.stack([np.interp(aht, anchors, column) for column in known.T], axis=1)
    return _solve(n, aht, targets, guess)


def _solve(n: Ints, aht: Floats, targets: QueueTargets, guess: Floats) -> Floats:
    """(R, K) limits from first guesses (R, K), most agents first (see :func:`_erlang_c`)."""
    grid = np.broadcast_to(n.astype(np.float64), (aht.size, n.size))
    order = np.argsort(-grid, axis=None, kind="stable")
    start = np.broadcast_to(guess, grid.shape).ravel()[order]
    found = _bracket(grid.ravel()[order], np.repeat(aht, n.size)[order], targets, start)
    out = np.empty(grid.size)
    out[order] = found
    return out.reshape(grid.shape)


def _bracket(n: Floats, aht: Floats, targets: QueueTargets, guess: Floats) -> Floats:
    """The limit of each element (flat, agents descending), from a first ``guess``, keeping ``lo``
    served and ``hi`` not.

    At no traffic the margin is that of the occupancy cap, or infinite (then the first steps
    bisect). A step lands at least ``0.4·TOLERANCE·hi`` inside the bracket, so that an end
    already at the root is passed and the bracket closes.
    """
    lo = np.zeros_like(n)
    hi = _unserved(n, aht, targets)
    g_lo = np.full_like(n, targets.max_occupancy or np.inf)
    g_hi = (
        _margin(n, hi, aht, targets)[0] if targets.patience is not None else _unstable(n, targets)
    )
    newton = guess.copy()  # where the next Newton step points
    kept = np.zeros(n.size, dtype=np.int8)  # +1: lo moved last, -1: hi moved last
    todo = np.flatnonzero((n > 0) & (hi - lo > TOLERANCE * hi))
    for step in range(_MAX_STEPS):
        if todo.size == 0:
            return lo
        low, high, at_low, at_high = lo[todo], hi[todo], g_lo[todo], g_hi[todo]
        nudge = 0.4 * TOLERANCE * high
        secant = np.clip(
            high - at_high * (high - low) / (at_high - at_low), low + nudge, high - nudge
        )
        secant = np.where(np.isfinite(at_low) & (step < _SECANT_STEPS), secant, (low + high) / 2)
        guess = newton[todo]
        x = np.where((guess > low + nudge) & (guess < high - nudge), guess, secant)
        g, slope = _margin(n[todo], x, aht[todo], targets)
        with np.errstate(divide="ignore", invalid="ignore"):
            move = np.where(slope < 0, -g / slope, np.nan)
        close = np.abs(move) < 0.25 * TOLERANCE * x  # at the root: step just past it, to close
        newton[todo] = x + np.where(close, np.sign(move) * 0.5 * TOLERANCE * x, move)
        served = g >= 0
        up, down = todo[served], todo[~served]
        g_hi[up[kept[up] == 1]] /= 2  # Illinois: the end that stayed twice keeps half its value
        g_lo[down[kept[down] == -1]] /= 2
        lo[up], g_lo[up], kept[up] = x[served], g[served], 1
        hi[down], g_hi[down], kept[down] = x[~served], g[~served], -1
        todo = todo[hi[todo] - lo[todo] > TOLERANCE * hi[todo]]
    raise RuntimeError("min_agents: a staffing limit did not converge")


def _unstable(n: Floats, targets: QueueTargets) -> Floats:
    """The margin of Erlang C at traffic ``n``, the end of stability: nobody is answered in time
    and every agent is busy."""
    margin = np.full_like(n, np.log1p(-targets.service_level))
    if targets.max_occupancy is not None:
        margin = np.minimum(margin, targets.max_occupancy - 1.0)
    return margin


def _unserved(n: Floats, aht: Floats, targets: QueueTargets) -> Floats:
    """A traffic ``n`` agents do not serve: ``n`` for Erlang C (unstable); for Erlang A
    ``(n + 1) / target``, where even every agent busy answers less than the target share."""
    if targets.patience is None:
        return n.copy()
    hi = (n + 1) / targets.service_level
    for _ in range(60):
        served = (n > 0) & (_margin(n, hi, aht, targets)[0] >= 0)
        if not served.any():
            return hi
        hi[served] *= 2
    raise RuntimeError("min_agents: no traffic is too much for the agents")


def _margin(n: Floats, a: Floats, aht: Floats, targets: QueueTargets) -> tuple[Floats, Floats]:
    """The margin ``g`` (>= 0 where ``n`` agents meet the targets at traffic ``a``) and its slope
    in ``a`` where known (Erlang C by the recursion; NaN elsewhere), for flat arrays with ``n``
    descending."""
    if targets.patience is None:
        log_unanswered, rise = _erlang_c(n, a, aht, targets.within)
        slope = -rise
        busy = carried_occupancy(a, n)
    else:
        patience = np.full_like(a, targets.patience)
        within = np.full_like(a, targets.within)
        _, _, level, _, busy = erlang_a_kernel(n, a, aht, patience, within)
        with np.errstate(divide="ignore"):
            log_unanswered = np.log1p(-level)
        slope = np.full_like(a, np.nan)
    margin = np.log1p(-targets.service_level) - log_unanswered
    if targets.max_occupancy is not None:
        capped = targets.max_occupancy - busy < margin
        margin = np.where(capped, targets.max_occupancy - busy, margin)
        with np.errstate(divide="ignore"):
            slope = np.where(capped, -1.0 / n, slope)
    return margin, slope


def _erlang_c(n: Floats, a: Floats, aht: Floats, within: float) -> tuple[Floats, Floats]:
    """``log(1 - level)`` of Erlang C and its slope in ``a``, for flat arrays with ``n``
    descending: Erlang B by the recursion ``B(c) = a·B(c-1) / (c + a·B(c-1))`` on the prefix with
    ``n >= c`` (as ``min_agents`` scans), or by the closed form (no slope) past
    ``_RECURSION_LIMIT`` agents. An unstable queue (``a >= n``) answers nobody in time."""
    top = int(n.max(initial=0.0))
    if top > _RECURSION_LIMIT:
        with np.errstate(divide="ignore"):
            unanswered = np.log1p(-service_level_kernel(n, a, aht, np.full_like(a, within)))
        return unanswered, np.full_like(a, np.nan)
    b = np.ones_like(a)
    reach = n.size - np.searchsorted(n[::-1], np.arange(1, top + 1), side="left")
    for c, size in enumerate(reach, start=1):
        ab = a[:size] * b[:size]
        b[:size] = ab / (c + ab)
    stable = a < n
    with np.errstate(divide="ignore", invalid="ignore"):
        rest = n - a * (1 - b)
        wait = n * b / rest
        level = 1 - wait * np.exp(-(n - a) * within / aht)
        unanswered = np.where(stable, np.log1p(-level), 0.0)
        log_b = n / a - 1 + b  # d log B / da
        log_c = log_b - (b - 1 + a * b * log_b) / rest  # d log C / da
        rise = log_c + within / aht  # d log(1 - level) / da
    return unanswered, np.where(stable, rise, np.nan)
