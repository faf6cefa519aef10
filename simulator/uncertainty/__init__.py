"""How sure are we: distributions from the parameters' ranges, Monte Carlo over a leading axis of
draws through the whole chain, and global sensitivity.

May import: core, services, scenario, engine (never report or cli).
"""

__all__ = ["DRAWS"]

DRAWS = 10_000
"""Futures drawn by default (the command and the facade)."""
