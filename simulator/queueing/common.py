"""Argument checks, array helpers and shared types for the queueing formulas."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "Floats",
    "Ints",
    "Bools",
    "checked",
    "check_whole",
    "check_at_least_zero",
    "check_positive",
    "check_share",
    "check_share_or_all",
    "broadcast_flat",
    "carried_occupancy",
]

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Bools = NDArray[np.bool_]


def checked(name: str, value: ArrayLike, ok: Callable[[Floats], Bools], allowed: str) -> Floats:
    """``value`` as float64, or ValueError naming ``name``, the first bad value and ``allowed``."""
    array = np.asarray(value, dtype=np.float64)
    bad = ~ok(array)
    if np.any(bad):
        raise ValueError(f"{name} must be {allowed}; got {array[bad].flat[0]!r}")
    return array


def check_whole(name: str, value: ArrayLike) -> Floats:
    """Whole numbers >= 0 (agents, floors), as float64."""
    return checked(
        name, value, lambda x: (x >= 0) & np.isfinite(x) & (x == np.floor(x)), "a whole number >= 0"
    )


def check_at_least_zero(name: str, value: ArrayLike) -> Floats:
    """Finite numbers >= 0."""
    return checked(name, value, lambda x: (x >= 0) & np.isfinite(x), "finite and >= 0")


def check_positive(name: str, value: ArrayLike) -> Floats:
    """Finite numbers > 0."""
    return checked(name, value, lambda x: (x > 0) & np.isfinite(x), "finite and > 0")


def check_share(name: str, value: ArrayLike) -> Floats:
    """Shares strictly between 0 and 1."""
    return checked(name, value, lambda x: (x > 0) & (x < 1), "in (0, 1)")


def check_share_or_all(name: str, value: ArrayLike) -> Floats:
    """Shares in (0, 1]."""
    return checked(name, value, lambda x: (x > 0) & (x <= 1), "in (0, 1]")


def broadcast_flat(*arrays: Floats) -> tuple[tuple[int, ...], list[Floats]]:
    """Broadcast shape and writable 1-d float copies of the arrays."""
    broadcast = np.broadcast_arrays(*arrays)
    return broadcast[0].shape, [np.array(a, dtype=np.float64).ravel() for a in broadcast]


def carried_occupancy(carried: Floats, n: Floats) -> Floats:
    """Share of agent time busy, ``min(carried / n, 1)``; no agents: 1 with traffic, else 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n > 0, np.minimum(carried / n, 1.0), np.where(carried > 0, 1.0, 0.0))
