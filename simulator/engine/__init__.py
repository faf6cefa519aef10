"""The run: services for every coalition and year, staffing and costs, projection, cost games, keys.

May import: core, queueing, game, allocation, keys, services, scenario (never report or cli).
"""

from simulator.engine.evaluation import RunResult, ServiceResult, build_context, run

__all__ = ["RunResult", "ServiceResult", "build_context", "run"]
