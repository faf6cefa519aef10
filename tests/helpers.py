"""Helpers for tests: small facts and contexts with round numbers for hand-checkable cases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from simulator import scenario
from simulator.core import coalitions
from simulator.core.errors import InputError
from simulator.core.facts import Facts
from simulator.services.base import Context
from simulator.services.economics import ECONOMICS

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def make_facts(
    population: list[float],
    employees: list[float],
    distance_km: float = 50.0,
    years: tuple[int, ...] = (2014,),
) -> Facts:
    """Facts for municipalities A, B, … with constant population and employees over ``years``."""
    n = len(population)
    names = tuple("ABCDEFGH"[:n])
    distance = np.full((n, n), distance_km)
    np.fill_diagonal(distance, 0.0)
    y = len(years)
    return Facts(
        names,
        np.asarray(years, dtype=np.int64),
        np.tile(np.asarray(population, float), (y, 1)),
        np.tile(np.asarray(employees, float), (y, 1)),
        distance,
        pd.DataFrame(),
    )


def make_context(facts: Facts, **economics: float) -> Context:
    """A context with the declared default economics (overridden by keyword), host = most populous."""
    n = len(facts.municipalities)
    member = coalitions.membership(n)
    host = np.where(member > 0, facts.population[0][:, None], -np.inf).argmax(axis=0)
    econ = {p.name: p.default for p in ECONOMICS} | economics
    return Context(
        facts, member, coalitions.sizes(n), host, facts.distance_km[:, host] * member, econ
    )


ROUND_ECONOMICS = {
    "productive_hours_per_fte": 1600.0,
    "hourly_cost": 600.0,
    "staffing_step": 0.25,
    "wage_growth": 0.0,
    "employer_overhead": 0.5,
    "overhead_rate": 0.2,
    "cost_per_km": 2.0,
    "travel_speed": 50.0,
}
"""Round economics for hand-checked service cases: 1 600 h a year, 600 SEK/h, PO 50 %, overhead 20 %,
2 SEK/km at 50 km/h, no wage growth."""


def staff_context(employees: tuple[float, ...], km: float = 100.0) -> Context:
    """Members A, B, … with these employees, ten inhabitants per employee, ``km`` apart, round economics."""
    return make_context(
        make_facts([10 * e for e in employees], list(employees), km), **ROUND_ECONOMICS
    )


def load_error(path: Path) -> InputError:
    """The InputError loading the scenario at ``path`` raises (fails the test if it loads)."""
    try:
        scenario.load(path)
    except InputError as error:
        return error
    raise AssertionError(f"{path} loaded without an error")


NORRBOTTEN = (
    "Arjeplog",
    "Arvidsjaur",
    "Boden",
    "Gällivare",
    "Haparanda",
    "Jokkmokk",
    "Kalix",
    "Kiruna",
    "Luleå",
    "Pajala",
    "Piteå",
    "Älvsbyn",
    "Överkalix",
    "Övertorneå",
)
"""The 14 municipalities of Norrbotten, in the data's order."""
