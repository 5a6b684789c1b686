"""Work spread over worker processes, results in order."""
from __future__ import annotations

import functools
import itertools
import multiprocessing
import signal
from typing import Callable, Iterable, Iterator


def parallel_starmap(function: Callable, jobs: Iterable[tuple], processes: int,
                     meanwhile: Callable[[], object] | None = None) -> Iterator:
    """`itertools.starmap(function, jobs)`, in `processes` worker processes when more than one; results in order.

    `function` must be importable by name (a module-level function), so that
    any start method of `multiprocessing` can hand it to the workers.
    `meanwhile` is called in this process once the workers have their jobs,
    so that its work overlaps theirs (first, in one process).
    """
    if processes <= 1:
        if meanwhile is not None:
            meanwhile()
        yield from itertools.starmap(function, jobs)
        return
    pool = multiprocessing.Pool(processes, initializer=die_on_signals)
    try:
        results = pool.imap(functools.partial(call_with, function), jobs)
        if meanwhile is not None:
            meanwhile()
        yield from results
    except BaseException:
        pool.terminate()  # a job failed, or the caller stopped reading: the workers are ended at once
        raise
    else:
        # Not `terminate`, as leaving `with Pool()` does: it races with workers that are starting to wait
        # for their next job, and can wait forever for one to end (CPython issues 78178, 96995).
        pool.close()  # the workers end when they have read the whole queue
    finally:
        pool.join()


def die_on_signals() -> None:
    """A pool's worker dies at once on SIGTERM and SIGINT, whatever handler it inherited.

    The pool ends its workers with SIGTERM. A handler written in Python runs
    only between two steps of Python code: a signal that comes just as a
    worker starts to wait for its next job is noted but not handled, and the
    pool then waits forever for the worker to end. The workers only compute
    and write nothing to the clean folder, so nothing is left half-written.
    """
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_DFL)


def call_with(function: Callable, args: tuple):
    return function(*args)
