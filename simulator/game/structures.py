"""Coalition structures: the partitions of the players into groups that cost least in total.

A coalition structure is a partition of the players into blocks, each block sharing the service
among its members; its cost is the sum of the blocks' costs. The best ``k`` structures of a game
are found by dynamic programming over subsets (Yeh 1986; Rahwan et al. 2015, §3): for every
coalition ``S``, the ``k`` cheapest partitions of ``S`` are the ``k`` cheapest of
``c(T) + f_j(S ∖ T)`` over the blocks ``T ⊆ S`` that contain the lowest member of ``S`` and the
``j``-th cheapest partitions of the rest. Fixing the block of the lowest member makes every
candidate a different partition, so the ``k`` cheapest candidates are ``k`` distinct structures.
All (block, rest) pairs are built as arrays and processed one coalition size at a time (no loop
over coalitions): under a second at n = 14.

>>> from simulator.game.costgame import CostGame
>>> game = CostGame(("A", "B", "C"), [10, 10, 15, 10, 21, 21, 32])  # only A+B saves (5 SEK)
>>> best = best_structures(game, 2)
>>> [(s.labels, s.cost) for s in best]
[(('A+B', 'C'), 25.0), (('A', 'B', 'C'), 30.0)]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.core import coalitions
from simulator.game.costgame import CostGame

__all__ = ["MAX_PLAYERS", "Structure", "best_structures", "block_pairs"]

MAX_PLAYERS = 16
"""3^16 ≈ 43 million (block, rest) pairs is the most held in memory at once (about 1 GB)."""


@dataclass(frozen=True)
class Structure:
    """One partition of the players: ``blocks`` as bitmasks (ascending), its total cost (SEK), and
    its rank among the structures (1 = the cheapest)."""

    rank: int
    blocks: tuple[int, ...]
    cost: float
    players: tuple[str, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        """Each block as ``A+B`` in player order."""
        return tuple(coalitions.label(b, self.players) for b in self.blocks)


def block_pairs(n: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Every (block ``T``, rest ``R``) with ``T`` non-empty, disjoint from ``R`` and holding the
    lowest member of ``T ∪ R``: one pair per partition step, ``(3^n − 1) / 2`` pairs in all.

    >>> t, r = block_pairs(2)
    >>> sorted(zip(t.tolist(), r.tolist()))
    [(1, 0), (1, 2), (2, 0), (3, 0)]
    """
    block = np.zeros(1, dtype=np.int64)
    rest = np.zeros(1, dtype=np.int64)
    for i in range(n):
        bit = np.int64(1 << i)
        block = np.concatenate([block, block | bit, block])
        rest = np.concatenate([rest, rest, rest | bit])
    union = block | rest
    keep = (block > 0) & ((block & (union & -union)) > 0)
    return block[keep], rest[keep]


def best_structures(game: CostGame, k: int = 3) -> list[Structure]:
    """The ``k`` cheapest coalition structures of ``game`` (fewer when there are fewer partitions).

    Ties are broken by the blocks' masks, so the order is reproducible.
    """
    if game.n > MAX_PLAYERS:
        raise ValueError(f"{game.n} players; the structure search holds at most {MAX_PLAYERS}")
    values, choice = _k_best(game.full_costs, game.n, k)
    grand = (1 << game.n) - 1
    found = []
    for rank in range(k):
        if not np.isfinite(values[grand, rank]):
            break
        blocks = _blocks(choice, grand, rank)
        found.append(Structure(rank + 1, blocks, float(values[grand, rank]), game.players))
    return found


def _k_best(
    full: NDArray[np.float64], n: int, k: int
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """(2^n, k) cheapest partition costs of every coalition, and for each the (block, rank of the
    rest's partition) it was built from, packed as ``block * k + rank``."""
    values = np.full((1 << n, k), np.inf)
    values[0, 0] = 0.0  # the empty set has one partition, of no cost
    choice = np.zeros((1 << n, k), dtype=np.int64)
    for block, rest, union in _layout(n):
        _level(values, choice, block, rest, union, full, k)
    return values, choice


@functools.lru_cache(maxsize=1)
def _layout(n: int) -> tuple[tuple[NDArray[np.int64], ...], ...]:
    """The (block, rest, union) pairs of :func:`block_pairs`, those of one coalition side by
    side, split by the coalition's size: built once for the games of one run (about half the
    time of a search at n = 14)."""
    block, rest = block_pairs(n)
    order = np.argsort(block | rest, kind="stable")
    block = block[order]
    rest = rest[order]
    union = block | rest
    size = coalitions.sizes(n)[union - 1]
    levels = []
    for level in range(1, n + 1):
        at = size == level
        arrays = (block[at], rest[at], union[at])
        for array in arrays:
            array.flags.writeable = False
        levels.append(arrays)
    return tuple(levels)


def _level(
    values: NDArray[np.float64],
    choice: NDArray[np.int64],
    block: NDArray[np.int64],
    rest: NDArray[np.int64],
    union: NDArray[np.int64],
    full: NDArray[np.float64],
    k: int,
) -> None:
    """Fill ``values`` and ``choice`` for every coalition of one size from the smaller ones.

    The candidates of one coalition lie side by side; its ``k`` cheapest are taken one at a time
    (minimum per coalition, the first position holding it, then that candidate struck out), so
    ties go to the earlier candidate and the result is reproducible.
    """
    candidate = (full[block][:, None] + values[rest]).ravel()  # (pairs·k,), grouped by coalition
    packed = (block[:, None] * k + np.arange(k)).ravel()
    starts = np.r_[0, np.flatnonzero(np.diff(union)) + 1]
    owner = union[starts]
    lengths = np.diff(np.r_[starts, union.size]) * k
    first = starts * k
    position = np.arange(candidate.size)
    for rank in range(k):
        low = np.minimum.reduceat(candidate, first)
        where = np.where(candidate == np.repeat(low, lengths), position, candidate.size)
        chosen = np.minimum.reduceat(where, first)
        found = np.isfinite(low)
        values[owner[found], rank] = low[found]
        choice[owner[found], rank] = packed[chosen[found]]
        candidate[chosen[found]] = np.inf


def _blocks(choice: NDArray[np.int64], mask: int, rank: int) -> tuple[int, ...]:
    """The blocks of the ``rank``-th cheapest partition of ``mask``, from the recorded choices."""
    k = choice.shape[1]
    out = []
    while mask:
        packed = int(choice[mask, rank])
        block = packed // k
        rank = packed % k
        out.append(block)
        mask &= ~block
    return tuple(sorted(out))
