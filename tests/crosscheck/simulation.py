"""Discrete-event simulation (Ciw) of the call queues, a cross-check of the Erlang C and A formulas.

A queue is ``agents`` servers fed by Poisson arrivals, first come first served, with exponential,
lognormal or deterministic handling times and optional exponential patience (reneging).
:func:`simulate_queue` runs one interval's steady state (constant rate and agents, warm-up, then a long
measured window): what the Erlang model predicts. :func:`simulate_day` runs a day of piecewise-constant
rates and agents from an empty queue at opening, which the per-interval model only approximates.
:func:`compare_intervals` staffs intervals by :func:`simulator.queueing.min_agents` and sets prediction
beside simulation; :func:`service_traffic` gives a scenario run's offered traffic per interval.

Measures count the calls *arriving* in a window: service level = answered within ``within`` seconds /
arrivals (abandoned calls and calls still waiting at the end are not in time), abandonment = hung up /
arrivals, ASA = mean wait of answered calls in seconds. Ciw's clock runs in seconds. Replication seeds
derive from ``seed`` (``numpy.random.SeedSequence``); Ciw draws from the global ``random`` module and
``ciw.rng``, which are seeded for each run and restored after it. Ciw is a test dependency (the
``test`` extra): the model never imports this module.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import ciw
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from simulator import queueing
from simulator.engine.evaluation import RunResult
from simulator.services.common import normalised
from simulator.services.profiles import Profiles
from simulator.services.switchboard import interval_traffic

__all__ = [
    "MEASURES",
    "SERVICE_TIMES",
    "DayResult",
    "SimulationResult",
    "compare_intervals",
    "service_traffic",
    "simulate_day",
    "simulate_queue",
]

SERVICE_TIMES = ("exponential", "lognormal", "deterministic")
MEASURES = ("service_level", "abandonment", "asa_seconds")
_HOUR = 3600.0
_COOLDOWN = (
    3600.0  # s simulated after the last measured arrival, so that its calls are answered or lost
)


@dataclass(frozen=True)
class SimulationResult:
    """Means over independent replications, each with its standard error (sample sd / sqrt(R)).

    service_level : share of arrivals answered within the threshold
    abandonment : share of arrivals that hung up before being answered
    asa_seconds : mean wait of answered calls, s (nan if no replication answered a call)
    arrivals : mean number of measured arrivals per replication
    replications, seed : how many runs, and the seed they were derived from
    """

    service_level: float
    service_level_se: float
    abandonment: float
    abandonment_se: float
    asa_seconds: float
    asa_seconds_se: float
    arrivals: float
    replications: int
    seed: int


@dataclass(frozen=True)
class DayResult:
    """A full-day simulation: one result per interval (by arrival time) and one for the whole day."""

    intervals: tuple[SimulationResult, ...]
    day: SimulationResult


def _handling(aht: float, service: str, cv: float | None) -> ciw.dists.Distribution:
    """Handling-time distribution with mean ``aht`` s; lognormal needs a coefficient of variation."""
    if service not in SERVICE_TIMES:
        raise ValueError(f"service must be one of {', '.join(SERVICE_TIMES)}; got {service!r}")
    if (cv is not None) != (service == "lognormal") or (cv is not None and not cv > 0):
        raise ValueError(
            f"cv (> 0) is needed for, and only for, lognormal handling times; got {cv!r}"
        )
    if service == "exponential":
        return ciw.dists.Exponential(1.0 / aht)
    if service == "deterministic":
        return ciw.dists.Deterministic(aht)
    sigma2 = np.log1p(cv * cv)
    return ciw.dists.Lognormal(float(np.log(aht) - sigma2 / 2), float(np.sqrt(sigma2)))


def _network(
    arrivals: ciw.dists.Distribution,
    servers: int | ciw.Schedule,
    aht: float,
    patience: float | None,
    service: str,
    cv: float | None,
) -> ciw.network.Network:
    reneging = (
        {}
        if patience is None
        else {"reneging_time_distributions": [ciw.dists.Exponential(1.0 / patience)]}
    )
    return ciw.create_network(
        arrival_distributions=[arrivals],
        number_of_servers=[servers],
        service_distributions=[_handling(aht, service, cv)],
        **reneging,
    )


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Seed Ciw's random streams for one run and restore them afterwards."""
    state, rng = random.getstate(), ciw.rng
    ciw.seed(seed)
    try:
        yield
    finally:
        random.setstate(state)
        ciw.rng = rng


def _counts(sim: ciw.Simulation, edges: np.ndarray, within: float) -> np.ndarray:
    """(windows, 5): arrivals, answered in time, abandoned, answered, summed wait of answered (s).

    Window i holds the calls arriving in [edges[i], edges[i+1]). A call's wait runs to its first answer (a
    call handed over at a shift change has an "interrupted service" record first); calls still waiting at
    the end wait for ever.
    """
    rows = [
        (r.id_number, r.arrival_date, r.waiting_time, r.record_type != "renege")
        for r in sim.get_all_records()
    ]
    rows += [
        (i.id_number, i.arrival_date, np.inf, False)
        if i.service_start_date is False
        else (i.id_number, i.arrival_date, i.service_start_date - i.arrival_date, True)
        for i in sim.nodes[1].all_individuals
    ]
    ident, arrival, wait, answered = np.array(rows, dtype=np.float64).reshape(-1, 4).T
    order = np.lexsort((wait, answered == 0, ident))  # per call: its first answer, if any
    first = order[np.diff(ident[order], prepend=-1.0) != 0]
    arrival, wait, served = arrival[first], wait[first], answered[first] > 0
    window = np.searchsorted(edges, arrival, side="right") - 1
    keep = (window >= 0) & (window < edges.size - 1)
    window, wait, served = window[keep], wait[keep], served[keep]
    columns = (
        np.ones_like(wait),
        served & (wait <= within),
        ~served & np.isfinite(wait),
        served,
        np.where(served, wait, 0.0),
    )
    return np.stack(
        [np.bincount(window, c.astype(np.float64), edges.size - 1) for c in columns], axis=-1
    )


def _replicate(
    build: Callable[[], ciw.network.Network],
    edges: np.ndarray,
    within: float,
    replications: int,
    seed: int,
) -> np.ndarray:
    """(R, windows, 5) counts from ``replications`` independently seeded runs."""
    if replications < 2:
        raise ValueError(f"replications must be >= 2 (for a standard error); got {replications}")
    runs = []
    for child in np.random.SeedSequence(seed).generate_state(replications):
        with _seeded(int(child)):
            sim = ciw.Simulation(build())
            sim.simulate_until_max_time(edges[-1] + _COOLDOWN)
        runs.append(_counts(sim, edges, within))
    return np.stack(runs)


def _mean_se(values: np.ndarray) -> tuple[float, float]:
    """Mean and standard error of the finite values (nan where fewer than two)."""
    values = values[np.isfinite(values)]
    if values.size < 2:
        return (float(values.mean()) if values.size else float("nan")), float("nan")
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(values.size))


def _summary(counts: np.ndarray, seed: int) -> SimulationResult:
    """Result from the (R, 5) counts of one window."""
    arrivals, in_time, lost, answered, waited = counts.T
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = (in_time / arrivals, lost / arrivals, waited / answered)
    stats = [x for share in shares for x in _mean_se(share)]
    return SimulationResult(*stats, float(arrivals.mean()), counts.shape[0], seed)


def simulate_queue(
    rate_per_hour: float,
    agents: int,
    aht_seconds: float,
    within: float,
    *,
    seed: int,
    patience: float | None = None,
    service: str = "exponential",
    cv: float | None = None,
    hours: float = 50.0,
    warmup_hours: float = 2.0,
    replications: int = 10,
) -> SimulationResult:
    """Steady state of one interval: Poisson arrivals at ``rate_per_hour`` calls an hour to ``agents`` agents.

    ``aht_seconds`` is the mean handling time, ``within`` the service-level threshold and ``patience`` the
    mean patience (exponential; None: nobody hangs up), all in seconds. ``service`` is ``"exponential"``
    (the Erlang assumption), ``"lognormal"`` (with coefficient of variation ``cv``) or ``"deterministic"``.
    Each replication starts empty, runs ``warmup_hours`` unmeasured, then measures the calls arriving in
    the next ``hours`` hours.
    """
    if not (
        rate_per_hour > 0 and aht_seconds > 0 and hours > 0 and warmup_hours >= 0 and agents >= 0
    ):
        raise ValueError(
            "rate_per_hour, aht_seconds and hours must be > 0, warmup_hours and agents >= 0; got "
            f"{rate_per_hour}, {aht_seconds}, {hours}, {warmup_hours}, {agents}"
        )
    edges = _HOUR * np.array([warmup_hours, warmup_hours + hours])
    build = partial(
        _network,
        ciw.dists.Exponential(rate_per_hour / _HOUR),
        int(agents),
        aht_seconds,
        patience,
        service,
        cv,
    )
    return _summary(_replicate(build, edges, within, replications, seed)[:, 0], seed)


def simulate_day(
    rates_per_hour: Sequence[float],
    agents: Sequence[int],
    aht_seconds: float,
    within: float,
    *,
    seed: int,
    interval_minutes: float = 30.0,
    patience: float | None = None,
    service: str = "exponential",
    cv: float | None = None,
    replications: int = 100,
) -> DayResult:
    """A day of consecutive intervals with their own arrival rate (calls an hour) and agents.

    The queue is empty at opening; arrivals stop at closing, and calls still waiting then are served by
    the last interval's agents. Exactly ``agents[k]`` agents work in interval ``k``: when fewer start
    than leave, the calls in hand are handed over and resumed first (Ciw's ``"resume"`` pre-emption;
    wait is counted to the first answer). Other arguments as in :func:`simulate_queue`; replications
    are whole days.
    """
    if len(rates_per_hour) != len(agents):
        raise ValueError(
            f"one rate per interval and one agent count per interval; got {len(rates_per_hour)} "
            f"rates and {len(agents)} agent counts"
        )
    edges = interval_minutes * 60.0 * np.arange(len(agents) + 1)
    ends, staff = [float(e) for e in edges[1:]], np.asarray(agents, dtype=np.int64)
    last = np.r_[staff[1:] != staff[:-1], True]  # shifts change only when agents do
    shift_ends = [float(e) for e in edges[1:][last][:-1]] + [ends[-1] + 2 * _COOLDOWN]
    rates = [r / _HOUR for r in rates_per_hour]

    def build() -> ciw.network.Network:
        schedule = ciw.Schedule(
            numbers_of_servers=[int(n) for n in staff[last]],
            shift_end_dates=shift_ends,
            preemption="resume",
        )
        return _network(
            ciw.dists.PoissonIntervals(rates, ends, ends[-1]),
            schedule,
            aht_seconds,
            patience,
            service,
            cv,
        )

    counts = _replicate(build, edges, within, replications, seed)
    return DayResult(
        tuple(_summary(counts[:, k], seed) for k in range(len(agents))),
        _summary(counts.sum(axis=1), seed),
    )


def compare_intervals(
    traffic: ArrayLike,
    aht_seconds: float,
    target: float,
    within: float,
    *,
    seed: int,
    patience: float | None = None,
    floor: int = 1,
    extra_agents: int = 0,
    **simulation: object,
) -> pd.DataFrame:
    """Erlang staffing and prediction against simulation, one row per interval of ``traffic`` (Erlangs).

    Agents are ``queueing.min_agents`` for the ``target`` service level (Erlang C, or Erlang A with
    ``patience`` s) plus ``extra_agents`` (e.g. -1); the prediction is ``queueing.queue_metrics`` for the
    agents simulated. ``simulation`` goes to :func:`simulate_queue` (``hours``, ``replications``,
    ``service``, ``cv``, …); each interval gets its own seed derived from ``seed``, stated in its row.
    """
    traffic = np.atleast_1d(np.asarray(traffic, dtype=np.float64))
    agents = queueing.min_agents(
        traffic, aht_seconds, target, within, patience=patience, floor=floor
    )
    agents = np.maximum(agents + extra_agents, 0)
    predicted = queueing.queue_metrics(agents, traffic, aht_seconds, within, patience=patience)
    seeds = np.random.SeedSequence(seed).generate_state(traffic.size)
    rows = []
    for k, (a, n, s) in enumerate(zip(traffic, agents, seeds, strict=True)):
        sim = simulate_queue(
            a * _HOUR / aht_seconds,
            int(n),
            aht_seconds,
            within,
            seed=int(s),
            patience=patience,
            **simulation,
        )  # type: ignore[arg-type]
        rows.append(
            {
                "interval": k,
                "traffic": a,
                "agents": int(n),
                "replications": sim.replications,
                "seed": sim.seed,
            }
            | {
                key: value
                for m in MEASURES
                for key, value in (
                    (f"erlang_{m}", getattr(predicted, m)[k]),
                    (m, getattr(sim, m)),
                    (f"{m}_se", getattr(sim, f"{m}_se")),
                )
            }
        )
    return pd.DataFrame(rows)


def service_traffic(run: RunResult, service: str, year: int = 0) -> np.ndarray:
    """Offered phone traffic in Erlangs, (weekday, interval, coalition), of a queueing service in a run.

    ``service`` is ``"switchboard"`` (all its calls) or ``"it_support"`` (the phone share of the tickets);
    ``year`` indexes the run's years. The parameters and arrival profile are the scenario's.
    """
    setup, workload = run.scenario.services[service], run.services[service].workload
    p = setup.values()
    if service == "switchboard":
        calls = workload["calls"].values[year]
    elif service == "it_support":
        calls = (
            workload["tickets"].values[year]
            * normalised(p["phone_share"], p["email_share"], p["portal_share"])[0]
        )
    else:
        raise ValueError(f"service must be 'switchboard' or 'it_support'; got {service!r}")
    profiles = setup.settings if isinstance(setup.settings, Profiles) else Profiles()
    return interval_traffic(calls, p, profiles)
