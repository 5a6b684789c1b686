"""Work spread over worker processes, results in order."""
from __future__ import annotations

import functools
import itertools
import multiprocessing
from typing import Callable, Iterable, Iterator


def parallel_starmap(function: Callable, jobs: Iterable[tuple], processes: int) -> Iterator:
    """`itertools.starmap(function, jobs)`, in `processes` worker processes when more than one; results in order.

    `function` must be importable by name (a module-level function), so that
    any start method of `multiprocessing` can hand it to the workers.
    """
    if processes <= 1:
        yield from itertools.starmap(function, jobs)
        return
    with multiprocessing.Pool(processes) as pool:
        yield from pool.imap(functools.partial(call_with, function), jobs)


def call_with(function: Callable, args: tuple):
    return function(*args)
