"""The ``samverkan`` command line: commands, the runner, atomic output.

May import: every other stage (it is the top of the pipeline).
"""

from simulator.cli.main import main

__all__ = ["main"]
