"""The proposed key against the keys councils usually pick: each candidate driver alone.

For each key: in the core of every game or not; the worst excess (SEK, in the game where it is
largest relative to ``|c(N)|``) and the group that would object; the L1 distance to the nucleolus of
the reference game (SEK and % of its ``c(N)``); the spread of relative savings there (percentage
points).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from simulator.keys.evaluate import KEY_METHOD, KeyEvaluation, evaluate
from simulator.keys.proposal import KeyProposal

__all__ = ["comparison_rows", "weights_text"]


def weights_text(drivers: tuple[str, ...], weights: NDArray[np.float64]) -> str:
    """``employees 0.4, payslips 0.6`` (non-zero weights).

    >>> weights_text(("equal", "employees", "payslips"), np.array([0.0, 0.4, 0.6]))
    'employees 0.4, payslips 0.6'
    """
    return ", ".join(f"{d} {w:g}" for d, w in zip(drivers, weights) if w > 0)


def _row(key: str, proposal: KeyProposal, evaluation: KeyEvaluation) -> dict[str, object]:
    """One comparison row for ``key`` (see the module docstring)."""
    ref = evaluation.verdict(proposal.reference)
    distance = float(np.abs(ref.allocation - proposal.targets["nucleolus"]).sum())
    share = ref.check.saving_share[np.isfinite(ref.check.saving_share)]
    worst = evaluation.worst
    return {
        "key": key,
        "weights": weights_text(evaluation.drivers, evaluation.weights),
        "in_core_all_years": evaluation.in_core,
        "worst_excess_sek": worst.check.max_excess,
        "worst_year": worst.label,
        "objecting_coalition": worst.check.objecting_coalition,
        "distance_to_nucleolus_sek": distance,
        "distance_to_nucleolus_pct": 100.0 * distance / abs(ref.game.grand_cost or 1.0),
        "saving_spread_pct": 100.0 * float(share.max() - share.min()) if share.size else np.nan,
    }


def comparison_rows(proposal: KeyProposal) -> list[dict[str, object]]:
    """One row for the proposed key, then one per candidate driver alone."""
    games = {v.label: v.game for v in proposal.evaluation.verdicts}
    rows = [_row(KEY_METHOD, proposal, proposal.evaluation)]
    for k, driver in enumerate(proposal.drivers):
        alone = np.eye(len(proposal.drivers))[k]
        rows.append(
            _row(driver, proposal, evaluate(games, proposal.drivers, alone, f"key:{driver}"))
        )
    return rows
