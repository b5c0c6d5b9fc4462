"""Per-item work spread over the machine's cores, for the stages that do the same thing to every article.

Worker processes are forked: they start with a copy of the parent's memory, so the articles they
work on need not be pickled to them (that would cost as much as the work saved); only each chunk's
results travel back. Where fork is not available (Windows), or there is too little work to pay for
starting processes, everything runs in this process, with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

S = TypeVar("S")
R = TypeVar("R")

# What the forked workers were handed: set once in each worker by _adopt, never in the parent.
_inherited: tuple[Callable[[Any, int, int], list[Any]], Any] | None = None


def _adopt(work: Callable[[Any, int, int], list[Any]], shared: Any) -> None:
    global _inherited
    _inherited = (work, shared)


def _run(span: tuple[int, int]) -> list[Any]:
    assert _inherited is not None, "not in a forked worker"
    work, shared = _inherited
    return work(shared, *span)


def map_spans(work: Callable[[S, int, int], list[R]], shared: S, count: int, chunk: int = 200,
              minimum: int = 400) -> list[R]:
    """``work(shared, start, end)`` over consecutive spans of ``range(count)``, results in order.

    ``work`` returns one list per span. With ``minimum`` items or more and more than one core, the
    spans run in forked processes, which see ``shared`` as it is at the call; else all in this one.
    """
    workers = min(os.cpu_count() or 1, max(1, count // chunk))
    if count < minimum or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return work(shared, 0, count)
    spans = [(start, min(start + chunk, count)) for start in range(0, count, chunk)]
    context = multiprocessing.get_context("fork")
    results: list[R] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_adopt,
                             initargs=(work, shared)) as pool:
        for part in pool.map(_run, spans):
            results.extend(part)
    return results
