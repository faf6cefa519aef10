"""Where two groups cost more together than apart, and why.

A yearly service game is sub-additive when no two disjoint groups S, T pay more together than
apart: ``c(S ∪ T) ≤ c(S) + c(T)``. Where one does by more than a share of ``c(S ∪ T)``, the excess
is put down to the mechanisms of :attr:`ServiceResult.sources` (it is the sum of their excesses)
and the largest positive one is named as the reason: staff not yet reduced (attrition), rounding
of posts, a minimum, the costs of sharing, and so on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.engine.evaluation import RunResult
from simulator.game.properties import disjoint_pairs

__all__ = ["VIOLATION_COLUMNS", "THRESHOLD", "violations"]

THRESHOLD = 0.01
"""A group pair counts when together it costs more than 1 % of its cost above the two apart."""

VIOLATION_COLUMNS = ["service", "year", "first", "second", "excess_sek", "share", "reason"]


def violations(result: RunResult, threshold: float = THRESHOLD) -> pd.DataFrame:
    """Every disjoint pair of groups that costs more together than apart by more than
    ``threshold`` × c(S ∪ T), in every year and service (governance, which only groups have, and
    arrangements already in place are left out). Columns service, year, first, second (group
    labels), excess_sek, share (of c(S ∪ T)), reason (the mechanism with the largest positive
    part of the excess).
    """
    if result.context.draws:
        raise ValueError("violations are read from a plain run, not from draws")
    n = len(result.scenario.municipalities)
    labels = np.asarray(result.labels, dtype=object)
    years = result.context.years
    parts = []
    for name, s in result.services.items():
        if name == "governance" or s.existing or not s.sources:
            continue
        mechanisms = [m for m in s.sources if m != "one_off"]  # yearly games: running costs
        sources = np.stack([s.sources[m] for m in mechanisms])  # (M, Y, C), summing to running
        running = np.concatenate([np.zeros((years.size, 1)), s.running], axis=1)  # by mask
        by_mask = np.concatenate([np.zeros((len(mechanisms), years.size, 1)), sources], axis=2)
        for a, b in disjoint_pairs(n):
            if not a.size:
                continue
            both = a | b
            gap = running[:, both] - running[:, a] - running[:, b]  # (Y, P)
            bad = (gap > threshold * running[:, both]) & (gap > 0.5)
            t, k = np.nonzero(bad)  # by year, then pair: the rows in order
            if not t.size:
                continue
            excess = by_mask[:, t, both[k]] - by_mask[:, t, a[k]] - by_mask[:, t, b[k]]  # (M, R)
            parts.append(
                pd.DataFrame(
                    {
                        "service": name,
                        "year": years[t].astype(np.int64),
                        "first": labels[a[k] - 1],
                        "second": labels[b[k] - 1],
                        "excess_sek": gap[t, k],
                        "share": gap[t, k] / running[t, both[k]],
                        "reason": np.asarray(mechanisms, dtype=object)[np.argmax(excess, axis=0)],
                    }
                )
            )
    if not parts:
        return pd.DataFrame([], columns=VIOLATION_COLUMNS)
    return pd.concat(parts, ignore_index=True)[VIOLATION_COLUMNS]
