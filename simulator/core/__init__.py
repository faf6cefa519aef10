"""Shared foundations: input errors, coalitions as bitmasks, parameter declarations, municipality
facts.

May import: nothing of simulator (every other stage builds on this one). The package itself exports
nothing: import its modules (``from simulator.core import coalitions``).
"""

__all__: list[str] = []
