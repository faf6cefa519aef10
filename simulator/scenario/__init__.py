"""A scenario file read, checked and frozen: YAML, ``extends``, parameters, facts, key settings.

May import: core, services (their parameter declarations), keys and allocation (names they accept).
Past :func:`load` nothing touches raw dicts or paths.
"""

from simulator.scenario.loader import Scenario, ServiceSetup, load

__all__ = ["Scenario", "ServiceSetup", "load"]
