"""Erlang B, C and A (M/M/n+M) queueing formulas and the staffing that meets a service target.

May import: core only (pure math).

Units: time in seconds; traffic in Erlangs (arrival rate × mean handling time); agents are whole
numbers. Every function broadcasts its arguments against each other as numpy arrays and returns
arrays of the broadcast shape (float64, or int64 for agents).

Numerics. Erlang B is the Poisson probability of ``n`` divided by the Poisson probability of at most
``n``, taken in log space (``gammaln``, ``gammaincc``), with the finite series for ``1/B`` where
that tail underflows (far fewer agents than Erlangs), summed until a bound on its remaining tail is
below ``1e-16`` of the sum. Erlang A (M/M/n+M) reduces, through the Euler integral of the incomplete
gamma function, to integrals of ``g(v) = exp(-(b+1)·v + x·(1 - e^-v))`` over ``v >= 0`` (see
:func:`erlang_a`), taken by Gauss-Legendre quadrature (two panels of 40 nodes) where ``g`` is within
``e^-40`` of its peak (they agree with a 128-node rule to about 1e-13, and the tests check them
against a brute-force Markov chain).

Staffing for fixed targets by table (:mod:`~simulator.queueing.tables`): the most traffic each
number of agents serves at the targets (its limit, :mod:`~simulator.queueing.limits`), found once
per handling time, turns staffing into a search among the limits; traffic within a relative 1e-9
of a limit is left to :func:`min_agents`, so the agents are the same, for thousands of intervals,
coalitions and draws at once.

References
----------
A. K. Erlang (1917), "Solution of some problems in the theory of probabilities of significance in
automatic telephone exchanges". O. Garnett, A. Mandelbaum and M. Reiman (2002), "Designing a call
center with impatient customers", Manufacturing & Service Operations Management 4(3), 208-227.
S. Zeltyn and A. Mandelbaum (2005), "Call centers with impatient customers: many-server asymptotics
of the M/M/n+G queue", Queueing Systems 51(3-4), 361-402, and their note "The M/M/n+G queue: summary
of performance measures".
"""

from simulator.queueing.abandonment import QueueMetrics, answered_in_time, erlang_a, queue_metrics
from simulator.queueing.erlang import (
    average_speed_of_answer,
    erlang_b,
    erlang_c,
    occupancy,
    service_level,
)
from simulator.queueing.limits import QueueTargets, traffic_limits
from simulator.queueing.staffing import min_agents
from simulator.queueing.tables import StaffingTable, min_agents_by_table, staffing_table

__all__ = [
    "QueueMetrics",
    "QueueTargets",
    "StaffingTable",
    "answered_in_time",
    "average_speed_of_answer",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "min_agents",
    "min_agents_by_table",
    "occupancy",
    "queue_metrics",
    "service_level",
    "staffing_table",
    "traffic_limits",
]
