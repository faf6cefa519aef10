"""Coalitions as integer bitmasks over an ordered tuple of players.

Player ``i`` (0-based, in scenario order) is bit ``1 << i``. The non-empty coalitions of
``n`` players are the masks ``1 … 2**n - 1``; arrays over coalitions have length
``2**n - 1`` and position ``mask - 1``.

>>> players = ("Piteå", "Älvsbyn", "Arvidsjaur")
>>> mask_of(["Arvidsjaur", "Piteå"], players)  # bits 0 and 2: 0b101
5
>>> label(5, players)
'Piteå+Arvidsjaur'
>>> labels(players)
['Piteå', 'Älvsbyn', 'Piteå+Älvsbyn', 'Arvidsjaur', 'Piteå+Arvidsjaur', 'Älvsbyn+Arvidsjaur',
 'Piteå+Älvsbyn+Arvidsjaur']
>>> sizes(3).tolist(), grand(3)
([1, 1, 2, 1, 2, 2, 3], 7)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "all_masks",
    "membership",
    "sizes",
    "label",
    "labels",
    "mask_of",
    "members",
    "grand",
    "singletons",
]


def all_masks(n: int) -> NDArray[np.int64]:
    """Masks ``1 … 2**n - 1`` as int64, in increasing order."""
    return np.arange(1, 1 << n, dtype=np.int64)


def membership(n: int) -> NDArray[np.float64]:
    """Membership matrix ``M`` of shape ``(n, 2**n - 1)``: ``M[i, c] = 1.0`` if player i is in
    coalition c.

    Pooled drivers for every coalition are one matrix product: ``drivers[..., n] @ M``.

    >>> membership(2)
    array([[1., 0., 1.],
           [0., 1., 1.]])
    """
    bits = (all_masks(n)[None, :] >> np.arange(n, dtype=np.int64)[:, None]) & 1
    return bits.astype(np.float64)


def sizes(n: int) -> NDArray[np.int64]:
    """Number of members of each coalition, shape ``(2**n - 1,)``."""
    return membership(n).sum(axis=0).astype(np.int64)


def grand(n: int) -> int:
    """Mask of the grand coalition."""
    return (1 << n) - 1


def singletons(n: int) -> NDArray[np.int64]:
    """Masks of the one-member coalitions, in player order."""
    return 1 << np.arange(n, dtype=np.int64)


def members(mask: int, players: Sequence[str]) -> tuple[str, ...]:
    """Names of the members of ``mask``, in player order."""
    return tuple(p for i, p in enumerate(players) if mask >> i & 1)


def label(mask: int, players: Sequence[str]) -> str:
    """Coalition label: member names joined by ``+`` in player order (``Piteå+Älvsbyn``)."""
    return "+".join(members(mask, players))


def labels(players: Sequence[str]) -> list[str]:
    """Labels of all non-empty coalitions, in mask order."""
    return [label(int(m), players) for m in all_masks(len(players))]


def mask_of(names: Sequence[str], players: Sequence[str]) -> int:
    """Mask of the coalition whose members are ``names`` (any order).

    Raises
    ------
    KeyError
        If a name is not a player.
    """
    index = {p: i for i, p in enumerate(players)}
    mask = 0
    for name in names:
        mask |= 1 << index[name]
    return mask
