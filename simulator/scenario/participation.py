"""Who takes part in a shared service, and from when: a service's ``members:``, ``joins:`` and
``leaves:``.

::

    services:
      switchboard:
        members: [Boden, Luleå, Piteå]     # the others run their own switchboard in every group
      payroll:
        joins: {Kalix: 2021}               # Kalix shares payroll from January 2021
        leaves: {Älvsbyn: 2024}            # and Älvsbyn runs its own again from January 2024

Without ``members:`` every municipality of the scenario takes part; a member named in ``joins:``
takes part from January of that year, one named in ``leaves:`` up to December of the year before.
How the cost games follow is :mod:`simulator.engine.participation`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

__all__ = ["Participation", "ParticipationProblem", "participation"]


@dataclass(frozen=True)
class Participation:
    """A service's members (None: every municipality) and the years members join or leave."""

    members: tuple[str, ...] | None = None
    joins: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    leaves: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def given(self) -> bool:
        """Whether the scenario restricts who takes part at all."""
        return self.members is not None or bool(self.joins) or bool(self.leaves)

    def active(self, municipalities: Sequence[str], years: Sequence[int]) -> np.ndarray:
        """(Y, n) True where a municipality takes part in the shared service that year.

        >>> Participation(joins={"B": 2021}).active(("A", "B"), (2020, 2021)).tolist()
        [[True, False], [True, True]]
        """
        year = np.asarray(years, dtype=np.int64)[:, None]
        listed = [self.members is None or m in self.members for m in municipalities]
        joined = np.array([self.joins.get(m, year.min()) for m in municipalities])
        left = np.array([self.leaves.get(m, year.max() + 1) for m in municipalities])
        return np.asarray(listed, dtype=bool) & (year >= joined) & (year < left)


class ParticipationProblem(ValueError):
    """A field of ``members:``, ``joins:`` or ``leaves:`` that cannot be used: ``field`` (a path
    below the service), the value and what is allowed."""

    def __init__(self, where: tuple[str | int, ...], value: object, allowed: str) -> None:
        super().__init__(allowed)
        self.where = where
        self.value = value
        self.allowed = allowed


def participation(
    members: object,
    joins: object,
    leaves: object,
    municipalities: Sequence[str],
    years: tuple[int, int],
    existing: bool = False,
) -> Participation:
    """The checked participation of one service (``years``: the scenario's first and last).

    Raises
    ------
    ParticipationProblem
        An unknown or repeated name, fewer than two members, a year outside the scenario's, a
        member that joins or leaves but is not listed, a leave not after the join, or any of it
        for an arrangement already in place (``existing``).
    """
    listed = None if members is None else _names(("members",), members, municipalities)
    if listed is not None and len(listed) < 2:
        raise ParticipationProblem(("members",), list(listed), "at least two members to share")
    found = {}
    for key, given in (("joins", joins), ("leaves", leaves)):
        found[key] = _years(key, given, municipalities, listed, years)
    for name, year in found["leaves"].items():
        if year <= found["joins"].get(name, years[0]):
            raise ParticipationProblem(
                ("leaves", name), year, "a year after the member joins (and after the base year)"
            )
    result = Participation(
        listed, MappingProxyType(found["joins"]), MappingProxyType(found["leaves"])
    )
    if existing and result.given:
        where = "members" if members is not None else "joins" if joins else "leaves"
        raise ParticipationProblem(
            (where,), "an arrangement already in place", "members, joins or leaves of a new one"
        )
    return result


def _names(where: tuple[str | int, ...], given: object, municipalities: Sequence[str]) -> tuple:
    if not isinstance(given, list) or not all(isinstance(x, str) for x in given):
        raise ParticipationProblem(where, given, "a list of the scenario's municipalities")
    for i, name in enumerate(given):
        if name not in municipalities:
            raise ParticipationProblem(
                (*where, i), name, f"a municipality of the scenario ({', '.join(municipalities)})"
            )
        if name in given[:i]:
            raise ParticipationProblem((*where, i), name, "each member once")
    return tuple(m for m in municipalities if m in given)  # scenario order


def _years(
    key: str,
    given: object,
    municipalities: Sequence[str],
    listed: tuple[str, ...] | None,
    years: tuple[int, int],
) -> dict[str, int]:
    if given is None:
        return {}
    if not isinstance(given, dict):
        raise ParticipationProblem(
            (key,), given, "a mapping of members to years, e.g. {Kalix: 2021}"
        )
    allowed = listed if listed is not None else tuple(municipalities)
    for name, year in given.items():
        if name not in allowed:
            raise ParticipationProblem(
                (key, name), name, f"a member of the service ({', '.join(allowed)})"
            )
        low = years[0] + 1 if key == "leaves" else years[0]
        if isinstance(year, bool) or not isinstance(year, int) or not low <= year <= years[1]:
            raise ParticipationProblem(
                (key, name), year, f"a year within the scenario's {low}–{years[1]}"
            )
    return dict(given)
