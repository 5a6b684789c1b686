"""What keeps a run from doing harm: its options and folders checked before anything is written, one run
per clean folder at a time, and a stop on a signal that leaves nothing half-written.
"""
from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import signal
import sys
from pathlib import Path

from .atomic import IN_FLIGHT, RunError
from .paths import STATE_DIR
from .planning import RunConfig

LOCK = "run.lock"
GUARD = "run.guard"
STOPPED = "stopped by {signal}; files already written are whole, and the next run redoes the rest"


def check_options(config: RunConfig, workers: int) -> None:
    """Raise `RunError` naming the first option whose value cannot give a sound run.

    >>> check_options(RunConfig(min_repeats=1), 1)
    Traceback (most recent call last):
    pipeline.batch.atomic.RunError: --min-repeats must be 2 or more (a block repeated in that many stories), not 1
    """
    problems = [
        (workers < 1, f"--workers must be 1 or more, not {workers}"),
        (not config.max_seconds > 0,
         f"--max-seconds must be more than 0 (seconds per article), not {config.max_seconds:g}"),
        (config.max_bytes < 1, f"--max-bytes must be 1 or more (bytes per article), not {config.max_bytes}"),
        (config.min_repeats < 2, f"--min-repeats must be 2 or more (a block repeated in that many stories), "
                                 f"not {config.min_repeats}"),
    ]
    for wrong, message in problems:
        if wrong:
            raise RunError(message)


def check_folders(raw_dir: str | Path, clean_dir: str | Path) -> None:
    """Refuse folders that overlap: a run would overwrite its raw articles or read its own output back.

    Both are resolved first, so a link or `..` cannot hide an overlap.
    """
    raw, clean = Path(raw_dir).resolve(), Path(clean_dir).resolve()
    if raw == clean:
        raise RunError(f"the clean folder {clean_dir} is the raw folder {raw_dir}: choose a folder outside it")
    if clean.is_relative_to(raw):
        raise RunError(f"the clean folder {clean_dir} is inside the raw folder {raw_dir}: choose a folder outside it")
    if raw.is_relative_to(clean):
        raise RunError(f"the raw folder {raw_dir} is inside the clean folder {clean_dir}: choose a clean folder "
                       "outside it")


HELD: dict[Path, int] = {}  # clean folder -> the descriptor holding its lock, for the life of the process


def lock_clean_folder(clean_dir: str | Path, identity: str, shared: bool = False) -> None:
    """Take the clean folder's lock for this process, or raise `RunError` if a run with other options
    holds it.

    A run with its own scheduler takes it alone: a second run of the same
    identity (the options and the raw folder) waits for the first to end
    (and then finds little or nothing to do), as two cron jobs that overlap
    should. The workers of one run under luigid (`shared`), on one host or
    several, share it. The lock (`flock` on `_state/run.lock`) is released
    by the system when the last process of the run ends, however it ends;
    the first holder writes its identity in the file. A short exclusive lock
    on `_state/run.guard` makes the check and the taking one step.
    """
    try:
        take_lock(Path(clean_dir), identity, shared)
    except OSError as err:  # a file system without locks: no run can be sure to be alone
        raise RunError(f"cannot lock the clean folder {clean_dir}: {err.strerror or err}") from None


def take_lock(clean_dir: Path, identity: str, shared: bool) -> None:
    """`lock_clean_folder`'s work, any failure of the system's an `OSError`."""
    state = clean_dir / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)  # the run's first write
    key = state.resolve()
    guard = os.open(state / GUARD, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(guard, fcntl.LOCK_EX)
        fd = HELD.pop(key, None)
        if fd is None:
            fd = os.open(state / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        if not try_lock(fd, fcntl.LOCK_EX):  # another run is here: only one of the same identity may follow it
            holder = other_holder(fd, identity, clean_dir)
            if not (shared and try_lock(fd, fcntl.LOCK_SH)):
                os.close(guard)
                guard = None
                print(f"CleanAll: waiting for the run (pid {holder.get('pid', '?')}) writing to {clean_dir} to end",
                      file=sys.stderr, flush=True)
                fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
                if not try_lock(fd, fcntl.LOCK_EX):
                    other_holder(fd, identity, clean_dir)
                    fcntl.flock(fd, fcntl.LOCK_SH)
                    HELD[key] = fd
                    return
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"identity": identity, "pid": os.getpid()}).encode(), 0)
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        HELD[key] = fd
    finally:
        if guard is not None:
            os.close(guard)


def try_lock(fd: int, kind: int) -> bool:
    """Take or change the lock without waiting; whether it was had (a failed change loses the lock held)."""
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def other_holder(fd: int, identity: str, clean_dir: Path) -> dict:
    """The lock's holder, if its run is of this identity; else `RunError` (and the descriptor is closed)."""
    holder = read_holder(fd)
    if holder.get("identity") != identity:
        os.close(fd)
        raise RunError(f"another run with other options (pid {holder.get('pid', '?')}) is writing to "
                       f"{clean_dir}; wait for it to end, or choose another clean folder")
    return holder


def read_holder(fd: int) -> dict:
    """What the first holder of a lock wrote: its identity and process id (empty if unreadable)."""
    try:
        holder = json.loads(os.pread(fd, 4096, 0))
    except ValueError:
        return {}
    return holder if isinstance(holder, dict) else {}


def unlock_clean_folder(clean_dir: str | Path) -> None:
    """Give up this process's share of the lock, and its signal handlers (the run is over)."""
    fd = HELD.pop(Path(clean_dir, STATE_DIR).resolve(), None)
    if fd is not None:
        os.close(fd)
    while PREVIOUS_HANDLERS:
        signal.signal(*PREVIOUS_HANDLERS.popitem())


PREVIOUS_HANDLERS: dict[int, object] = {}  # a run inside a longer process (a test) gives them back when it ends


def stop_cleanly_on_signals() -> None:
    """On SIGTERM or SIGINT, stop this process and the processes it started, leaving nothing half-written.

    Luigi runs each shard in a forked process: each inherits the handler, so
    each stops its own children, removes the temporary files it was writing,
    and exits. (The workers of a process pool, which write nothing there,
    die at once instead: see `parallel.die_on_signals`.) The process that
    installed it says so in one line. Main thread only.
    """
    main = os.getpid()

    def stop(signum, frame):
        for child in multiprocessing.active_children():
            child.terminate()
        for child in multiprocessing.active_children():
            child.join(timeout=10)
            if child.is_alive():
                child.kill()  # stuck in a long call of C code: its temporary file goes at the next run
        for tmp in list(IN_FLIGHT):
            tmp.unlink(missing_ok=True)
        if os.getpid() == main:
            print(f"CleanAll: {STOPPED.format(signal=signal.Signals(signum).name)}", file=sys.stderr, flush=True)
        os._exit(128 + signum)

    for signum in (signal.SIGTERM, signal.SIGINT):
        PREVIOUS_HANDLERS.setdefault(signum, signal.signal(signum, stop))
