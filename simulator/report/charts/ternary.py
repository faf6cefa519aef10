"""Geometry of a three-member cost game's allocations, for drawing: efficient allocations
(``x(N) = c(N)``) as points of a triangle, the imputation triangle and the core polygon.

Allocations are vectors ``x`` (SEK, member order); :func:`to_plane` maps one to plane coordinates
with corner ``i`` of an equilateral triangle where member ``i`` pays everything.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np

__all__ = ["to_plane", "imputation_triangle", "simplex_core", "pair_segment"]

_CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, np.sqrt(3) / 2]])
_TOL = 1e-9


def to_plane(x: Sequence[float] | np.ndarray, total: float) -> np.ndarray:
    """Plane coordinates of an allocation ``x`` of ``total`` (barycentric ``x / total``)."""
    return (np.asarray(x, dtype=np.float64) / total) @ _CORNERS


def imputation_triangle(
    names: Sequence[str], costs: Mapping[frozenset[str], float]
) -> list[np.ndarray]:
    """Corners of ``{x : x(N) = c(N), x_i <= c(i)}``: in corner ``k`` the others pay their
    stand-alone cost."""
    alone = np.array([costs[frozenset([n])] for n in names])
    total = costs[frozenset(names)]
    corners = []
    for k in range(len(names)):
        x = alone.copy()
        x[k] = total - (alone.sum() - alone[k])
        corners.append(x)
    return corners


def _clip(polygon: list[np.ndarray], a: np.ndarray, b: float, scale: float) -> list[np.ndarray]:
    """The part of a convex polygon with ``a·x <= b`` (Sutherland–Hodgman, one half-space)."""
    out = []
    for p, q in zip(polygon, polygon[1:] + polygon[:1]):
        fp, fq = a @ p - b, a @ q - b
        if fp <= _TOL * scale:
            out.append(p)
        if (fp > _TOL * scale and fq < -_TOL * scale) or (fp < -_TOL * scale and fq > _TOL * scale):
            out.append(p + (q - p) * fp / (fp - fq))
    return out


def simplex_core(names: Sequence[str], costs: Mapping[frozenset[str], float]) -> list[np.ndarray]:
    """Corners of the core of a three-member game (empty list when the core is empty)."""
    polygon = imputation_triangle(names, costs)
    total = costs[frozenset(names)]
    scale = max(abs(total), 1.0)
    for k in range(len(names)):
        pair = frozenset(n for i, n in enumerate(names) if i != k)
        a = np.zeros(len(names))
        a[k] = -1.0  # x_k >= c(N) - c(pair)  <=>  x(pair) <= c(pair)
        polygon = _clip(polygon, a, costs[pair] - total, scale)
        if not polygon:
            return []
    return polygon


def pair_segment(
    names: Sequence[str], costs: Mapping[frozenset[str], float], triangle: list[np.ndarray], k: int
) -> Iterator[tuple[list[np.ndarray], tuple[str, ...]]]:
    """The line ``x(pair) = c(pair)`` (pair = all but member ``k``) where it crosses the imputation
    triangle."""
    pair = tuple(n for i, n in enumerate(names) if i != k)
    bound = costs[frozenset(names)] - costs[frozenset(pair)]  # x_k = bound on the line
    crossings = []
    for p, q in zip(triangle, triangle[1:] + triangle[:1]):
        fp, fq = p[k] - bound, q[k] - bound
        if fp * fq < 0 or (fp == 0 and fq != 0):
            crossings.append(p + (q - p) * fp / (fp - fq))
    if len(crossings) == 2:
        yield crossings, pair
