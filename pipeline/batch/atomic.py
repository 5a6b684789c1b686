"""Reading and writing a run's files: every file appears whole or not at all.

A failure to write (a full disk, a read-only folder) becomes a `RunError`
that names the file, so that the run stops with one line, not a traceback.
"""
from __future__ import annotations

import errno
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator


class RunError(Exception):
    """The run itself cannot do its work (as opposed to one bad article)."""


def check_writable(clean_dir: str | Path) -> None:
    """Raise `RunError` unless the clean folder can be created and written to.

    It only looks, writing nothing: a run is planned when Luigi asks for its
    shards, and an inspection (`luigi-deps-tree`) must leave no trace. A disk
    that fills later is reported by the write that fails.

    >>> check_writable("/etc/hostname/clean")
    Traceback (most recent call last):
    ...
    pipeline.batch.atomic.RunError: cannot write to the clean folder /etc/hostname/clean: Not a directory
    """
    folder = Path(clean_dir)
    while not folder.exists() and folder.parent != folder:  # the folder the run would create its own in
        folder = folder.parent
    if not folder.is_dir():
        problem = errno.ENOTDIR
    elif os.statvfs(folder).f_flag & os.ST_RDONLY:
        problem = errno.EROFS
    elif not os.access(folder, os.W_OK | os.X_OK):
        problem = errno.EACCES
    else:
        return
    raise RunError(f"cannot write to the clean folder {clean_dir}: {os.strerror(problem)}")


class AtomicLines:
    """A JSON Lines file written through a temporary file and renamed into place on `commit`.

    Whatever stops the writing (a full disk, an error, an interrupt), the
    temporary file is removed: nothing half-written is left behind.
    """

    def __init__(self, path: Path):
        self.path = path
        self.tmp = temporary_name(path)

    def __enter__(self) -> "AtomicLines":
        with writing(self.path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.out = open(self.tmp, "w", encoding="utf-8")
        return self

    def write_record(self, record: dict) -> None:
        self.write(json.dumps(record, ensure_ascii=False) + "\n")

    def write(self, line: str) -> None:
        try:  # not `writing`: a context manager per line would cost more than the line
            self.out.write(line)
        except OSError as err:
            raise cannot_write(self.path, err) from None

    def commit(self) -> None:
        with writing(self.path):
            self.out.close()
            os.replace(self.tmp, self.path)

    def __exit__(self, *exc) -> None:
        if self.tmp.exists():  # not committed
            try:
                self.out.close()
            except OSError:
                pass  # the buffer could not be flushed (a full disk): the file goes anyway
            self.tmp.unlink(missing_ok=True)


def read_lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8") as lines:
        yield from lines


def write_lines(path: Path, lines: Iterable[str]) -> None:
    with AtomicLines(path) as out:
        for line in lines:
            out.write(line)
        out.commit()


def read_jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def write_stream(path: Path, records: Iterable[dict]) -> None:
    write_lines(path, (json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename: a killed run never leaves half a file."""
    tmp = temporary_name(path)
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            tmp.write_bytes(data)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, path)


def temporary_name(path: Path) -> Path:
    """Hidden, and unique to the process: two runs at once never write the same temporary file."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextmanager
def writing(path: Path):
    """Turn a failure to write `path` (a full disk, a read-only folder) into a `RunError` that names it."""
    try:
        yield
    except OSError as err:
        raise cannot_write(path, err) from None


def cannot_write(path: Path, err: OSError) -> RunError:
    return RunError(f"cannot write {path}: {err.strerror or err}; files already written are whole, and the next run redoes the rest")
