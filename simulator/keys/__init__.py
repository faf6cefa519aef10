"""The key optimiser: cost-sharing keys a council can adopt, that no member or group would reject.

May import: core, game, allocation (a key works on any set of cost games, never on a scenario).

A key is weights on drivers (equal shares, stand-alone cost, inhabitants, employees, the services'
volumes) in steps such as 5 %. :func:`propose_key` works on any set of cost games; the run's keys
per service are proposed by :func:`simulator.engine.keys.propose_keys` and put in words by
:mod:`simulator.report.keywording`. Modules: :mod:`~simulator.keys.shares` (drivers and shares),
:mod:`~simulator.keys.data` (core constraints as rows), :mod:`~simulator.keys.milp` (the pulp
model), :mod:`~simulator.keys.proposal` (objectives and fallback), :mod:`~simulator.keys.evaluate`
(checks), :mod:`~simulator.keys.compare` (against single-driver keys).
"""

from simulator.keys.evaluate import KEY_METHOD, KeyEvaluation, apply_key, evaluate
from simulator.keys.milp import KeySolverError
from simulator.keys.proposal import OBJECTIVES, KeyProposal, propose_key
from simulator.keys.shares import KEY_SHARES, default_drivers

__all__ = [
    "KEY_METHOD",
    "KEY_SHARES",
    "OBJECTIVES",
    "KeyEvaluation",
    "KeyProposal",
    "KeySolverError",
    "apply_key",
    "default_drivers",
    "evaluate",
    "propose_key",
]
