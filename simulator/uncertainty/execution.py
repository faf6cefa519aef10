"""Where the chunks run: in this process, on local worker processes, or on a Dask cluster.

Every chunk carries its own seed (:func:`simulator.uncertainty.montecarlo.chunk_seeds`) and the
results are put together in chunk order, so the outcome is the same, to the bit, whatever runs
the chunks. On a cluster (``dask.distributed``) the model's inputs (scenario, facts, parameters,
correlations, key) are scattered to the workers once, and each task carries only its seed.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from simulator.core.facts import Facts
from simulator.scenario import Scenario
from simulator.uncertainty.montecarlo import (
    Key,
    Outcome,
    Uncertain,
    chunk_seeds,
    chunk_sizes,
    run_chunk,
)

__all__ = ["Inputs", "Progress", "run_draws"]

Progress = Callable[[int], None]
"""Called with the number of draws each finished chunk added."""


@dataclass(frozen=True)
class Inputs:
    """What every chunk needs besides its seed."""

    scenario: Scenario
    facts: Facts
    parameters: tuple[Uncertain, ...]
    correlation: NDArray[np.float64]
    key: Key


def _chunk(inputs: Inputs, size: int, seed: np.random.SeedSequence) -> Outcome:
    return run_chunk(
        inputs.scenario, inputs.facts, inputs.parameters, inputs.correlation, inputs.key, size, seed
    )


def run_draws(
    inputs: Inputs,
    draws: int,
    seed: int,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """``draws`` Monte Carlo draws of the model, in chunks, on ``workers`` local processes (1: in
    this process) or on the Dask cluster at ``scheduler`` (an address such as
    ``tcp://127.0.0.1:8786``)."""
    sizes = chunk_sizes(draws)
    seeds = chunk_seeds(seed, draws)
    if scheduler is not None:
        parts = _on_cluster(inputs, sizes, seeds, scheduler, progress)
    elif workers > 1:
        parts = _on_processes(inputs, sizes, seeds, workers, progress)
    else:
        parts = []
        for size, child in zip(sizes, seeds, strict=True):
            parts.append(_chunk(inputs, size, child))
            _tell(progress, size)
    return Outcome.joined(parts)


def _tell(progress: Progress | None, size: int) -> None:
    if progress is not None:
        progress(size)


_WORKER: dict[str, Inputs] = {}
"""The inputs in a local worker process, set once when the worker starts (by fork, so they are
not copied per task)."""


def _start_worker(inputs: Inputs) -> None:
    _WORKER["inputs"] = inputs


def _worker_chunk(size: int, seed: np.random.SeedSequence) -> Outcome:
    return _chunk(_WORKER["inputs"], size, seed)


def _on_processes(
    inputs: Inputs,
    sizes: Sequence[int],
    seeds: Sequence[np.random.SeedSequence],
    workers: int,
    progress: Progress | None,
) -> list[Outcome]:
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        workers, context, initializer=_start_worker, initargs=(inputs,)
    ) as pool:
        futures = [pool.submit(_worker_chunk, s, q) for s, q in zip(sizes, seeds, strict=True)]
        parts = []
        for size, future in zip(sizes, futures, strict=True):
            parts.append(future.result())
            _tell(progress, size)
    return parts


def _on_cluster(
    inputs: Inputs,
    sizes: Sequence[int],
    seeds: Sequence[np.random.SeedSequence],
    address: str,
    progress: Progress | None,
) -> list[Outcome]:
    from distributed import Client  # a cluster is optional: imported only when asked for

    with Client(address) as client:
        shared = client.scatter(inputs, broadcast=True)
        futures = client.map(_chunk, [shared] * len(sizes), sizes, seeds, pure=False)
        parts = []
        for size, future in zip(sizes, futures, strict=True):
            parts.append(future.result())
            _tell(progress, size)
    return parts
