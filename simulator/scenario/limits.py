"""The limits on what a scenario may ask for, each with its reason; checked before any work starts.

A file past a limit is refused with one message that names the limit, so that no input can make a
command hang, fill the memory or end in a traceback. The figures are far above what a feasibility
study needs (the shipped scenarios are 2–5 municipalities, 4–8 years and files of a few kB).
"""

from __future__ import annotations

from simulator.game.files import MAX_MAGNITUDE, MIN_MAGNITUDE

__all__ = [
    "MAX_COALITION_YEARS",
    "MAX_DATA_BYTES",
    "MAX_DEPTH",
    "MAX_EXTENDS",
    "MAX_MAGNITUDE",
    "MAX_MUNICIPALITIES",
    "MAX_NODES",
    "MAX_PATH",
    "MAX_SCENARIO_BYTES",
    "MAX_STRING",
    "MAX_TITLE",
    "MAX_YEARS",
    "MIN_MAGNITUDE",
]

MAX_SCENARIO_BYTES = 1_000_000
"""Largest scenario file, in bytes (the shipped ones are under 12 kB)."""

MAX_DATA_BYTES = 10_000_000
"""Largest data file (population.csv, employees.csv, distances.csv), in bytes; the shipped ones are
under 30 kB."""

MAX_DEPTH = 32
"""Deepest nesting of mappings and lists, counted after aliases are expanded (a scenario nests about
eight levels; the YAML reader and the checks recurse once per level)."""

MAX_NODES = 20_000
"""Most values (mappings, lists and scalars) in one file, counting every alias as the values it
stands for: the shipped scenarios have 28 to 300. Counted while the file is parsed, so an alias bomb
("billion laughs") is refused in milliseconds instead of expanding to gigabytes, and no file keeps
the (pure-Python) parser busy for more than a few seconds."""

MAX_STRING = 10_000
"""Longest text value, in characters (a source note runs to a few hundred)."""

MAX_TITLE = 200
"""Longest scenario title, in characters: it heads every chart."""

# MAX_MAGNITUDE (1e15) and MIN_MAGNITUDE (1e-12): the numbers a scenario may hold, as in game files.

MAX_EXTENDS = 16
"""Most files in an ``extends`` chain (a base and fifteen variants on top of each other)."""

MAX_PATH = 1024
"""Longest path in ``extends`` or ``data``, in characters."""

MAX_MUNICIPALITIES = 14
"""Most municipalities in a scenario: all of Norrbotten. Every coalition (2**n − 1 of them) is
modelled for every year and service. Measured (2 cores): the 14 of ``norrbotten.yaml`` (16 383
coalitions) over 8 years in about 1½ minutes and 2.9 GB for a whole run (the model itself in
4 s); the run leaves the key optimiser out past 10 municipalities (see
:mod:`simulator.cli.runner`). Each municipality more doubles the work."""

MAX_YEARS = 50
"""Most years from ``years.base`` to ``years.horizon`` inclusive: a feasibility study looks five to
twenty years ahead."""

MAX_COALITION_YEARS = 131_072
"""Most years × coalitions (2**n − 1 groups of n municipalities): time and memory grow with them
(the tables have about 36 rows per year and coalition with every service, 25 million for
``norrbotten.yaml``'s 14 municipalities over 8 years, 131 064). Fourteen municipalities may thus
be studied over 8 years, thirteen over 16, twelve over 32, eleven or fewer over 50. A workbook
sheet holds at most 1 048 576 rows: the larger tables are in the CSV files only."""
