"""Per-item work spread over the machine's cores, for the stages that do the same thing to every article.

Each chunk of items is pickled to a worker process and its results come back in order, chunk by
chunk, so that the caller can pass them on (write them) while the next chunks are worked on.
Workers come from a fork server: a small process started once, which forks each worker. Forking the
generator itself would be quicker to start, but a worker forked from a process holding the whole
archive keeps a copy of every page of it that the parent then writes (at 100,000 articles, gigabytes
per worker). Where there is no fork server (Windows), or there is too little work to pay for
starting processes, everything runs in this process, with the same results.

As with any fork server or spawn start, each worker imports the main module of the program: a
script that calls ``generator.cli.generate`` itself must do so under ``if __name__ == "__main__":``
(the ``archive-site`` command, ``python -m generator`` and MkDocs' own command are guarded).
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")


def map_chunks(work: Callable[[Sequence[T]], list[R]], items: Sequence[T], chunk: int = 200,
               minimum: int = 400, ahead: int | None = 2) -> Iterator[list[R]]:
    """``work(chunk)`` for consecutive chunks of ``items``: the result lists, in order.

    ``work`` must be a module-level function (it is pickled by name). With ``minimum`` items or
    more and more than one core, the chunks run in worker processes, else all in this one; then
    ``ahead`` chunks per worker are handed out before the caller takes a result (None: all of them).
    """
    workers = min(worker_cores(), max(1, len(items) // chunk))
    if len(items) < minimum or workers < 2:
        if items:
            yield work(items)
        return
    # A few chunks ahead of the caller by default, not all: results the caller has not taken yet wait in
    # memory.
    most = len(items) if ahead is None else ahead * workers
    with _pool(workers) as pool:
        pending: deque[Future[list[R]]] = deque()
        try:
            for start in range(0, len(items), chunk):
                pending.append(pool.submit(work, items[start:start + chunk]))
                if len(pending) > most:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            # A caller that stops early (an error while writing) waits for the chunks being worked on,
            # not for all those handed out.
            for future in pending:
                future.cancel()


@contextmanager
def one_worker() -> Iterator[ProcessPoolExecutor | None]:
    """A worker process for work that the caller shares with it, doing its own share meanwhile; None
    where there is one core or no fork server (the caller then does all of it)."""
    if worker_cores() < 2:
        yield None
        return
    with _pool(1) as pool:
        yield pool


def worker_cores() -> int:
    """The cores worker processes can share here: those this process may run on (a container's or
    ``taskset``'s limit, where ``os.cpu_count()`` tells the machine's), or 1 where there is no fork
    server to start workers from (Windows)."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _pool(workers: int) -> ProcessPoolExecutor:
    """``workers`` worker processes from the fork server, with the cycle collector paused, as the main
    process runs a stage (``memo.without_cycle_collection``): they build many objects and free them by
    reference counting, and live for one stage. With it running, parsing and the tag stage's scanning
    took 0.1 s more each at 10,000 articles."""
    from concurrent.futures import ProcessPoolExecutor  # here: a run of a few pages never needs it

    return ProcessPoolExecutor(max_workers=workers, mp_context=_fork_server(), initializer=gc.disable)


def _fork_server() -> multiprocessing.context.BaseContext:
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    # The stages whose functions the workers run, imported once in the server rather than per worker.
    context.set_forkserver_preload(["generator.corpus", "generator.write"])
    return context
