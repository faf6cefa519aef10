"""Municipality facts as arrays: population and employees per year, road distances between
towns.

Read from ``scenarios/data`` by :func:`simulator.scenario.facts.load_facts`; every service reads
them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

__all__ = ["Facts"]


@dataclass(frozen=True)
class Facts:
    """Facts for an ordered set of municipalities over an ordered set of years.

    Attributes
    ----------
    municipalities : names, in the order of every municipality axis below
    years : (Y,) int64, calendar years
    population : (Y, n) float64, persons (folkmängd 31 December)
    employees : (Y, n) float64, persons (monthly-paid municipal staff, headcount)
    distance_km : (n, n) float64, road km between central towns; symmetric, 0 on the diagonal
    sources : one row per figure used, columns
        ``series, municipality, year, value, unit, status, source``; for distances ``municipality``
        names the pair (``"A–B"``), ``year`` is missing and ``unit`` is ``km``
    """

    municipalities: tuple[str, ...]
    years: NDArray[np.int64]
    population: NDArray[np.float64]
    employees: NDArray[np.float64]
    distance_km: NDArray[np.float64]
    sources: pd.DataFrame
