"""Fair cost-sharing: who pays what of a cost game's ``c(N)``.

One module per family of methods (:mod:`simple`, :mod:`shapley`, :mod:`nucleolus`, :mod:`scrb`), the
checks every allocation gets (:mod:`checks`), and a name → function registry (:mod:`registry`).

May import: core and game only (a method works on any cost game, never on a scenario or service).
"""

from simulator.allocation.base import Allocation, AllocationError, SolverError
from simulator.allocation.checks import AllocationCheck, check
from simulator.allocation.nucleolus import least_core, nucleolus, per_capita_nucleolus
from simulator.allocation.properties import core_is_empty
from simulator.allocation.registry import UnknownMethodError, allocate, method_names
from simulator.allocation.scrb import scrb
from simulator.allocation.shapley import shapley, shapley_sampled
from simulator.allocation.simple import (
    equal,
    equal_savings,
    fixed_variable,
    proportional,
    standalone,
)

__all__ = [
    "core_is_empty",
    "Allocation",
    "AllocationError",
    "SolverError",
    "AllocationCheck",
    "check",
    "equal",
    "proportional",
    "standalone",
    "fixed_variable",
    "equal_savings",
    "shapley",
    "shapley_sampled",
    "nucleolus",
    "per_capita_nucleolus",
    "least_core",
    "scrb",
    "UnknownMethodError",
    "allocate",
    "method_names",
]
