"""The key optimiser: cost-sharing keys a council can adopt, that no member or group would reject.

A key is weights on drivers (equal shares, stand-alone cost, inhabitants, employees, the services'
volumes) in steps such as 5 %. :func:`propose_keys` proposes one per service and for the total of a run;
:func:`propose_key` works on any set of cost games. Modules: :mod:`~simulator.keys.shares` (drivers and
shares), :mod:`~simulator.keys.data` (core constraints as rows), :mod:`~simulator.keys.milp` (the pulp
model), :mod:`~simulator.keys.proposal` (objectives and fallback), :mod:`~simulator.keys.evaluate` (checks),
:mod:`~simulator.keys.compare` (against single-driver keys), :mod:`~simulator.keys.wording` (sentences),
:mod:`~simulator.keys.report` (tables for a run).
"""

from simulator.keys.evaluate import KEY_METHOD, KeyEvaluation, apply_key, evaluate
from simulator.keys.milp import KeySolverError
from simulator.keys.proposal import OBJECTIVES, KeyProposal, propose_key
from simulator.keys.report import KeyReport, propose_keys
from simulator.keys.shares import default_drivers
from simulator.keys.wording import describe_key, sentence, verdict

__all__ = ["KEY_METHOD", "OBJECTIVES", "KeyEvaluation", "KeyProposal", "KeyReport", "KeySolverError",
           "apply_key", "default_drivers", "describe_key", "evaluate", "propose_key", "propose_keys",
           "sentence", "verdict"]
