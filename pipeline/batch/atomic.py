"""Reading and writing a run's files: every file appears whole or not at all.

A failure to write (a full disk, a read-only folder) becomes a `RunError`
that names the file, so that the run stops with one line, not a traceback.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import socket
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

# Temporary files being written by this process: a stopped run removes them before it exits (see `stopping`).
IN_FLIGHT: set[Path] = set()
NAME_LIMIT = 255  # bytes in one file name, on every usual file system
HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6]  # pids are per host: clean-up checks ours only
# `json.dumps(value, ensure_ascii=False)` without building an encoder per call: a run writes a line per change
json_line = json.JSONEncoder(ensure_ascii=False).encode

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
            IN_FLIGHT.add(self.tmp)
            # backslashreplace: a name that is not UTF-8 (held with surrogate escapes) is written as
            # the JSON escape `\udcXX`, which reads back as the same name
            self.out = open(create_new(self.tmp), "w", encoding="utf-8", errors="backslashreplace")
        return self

    def write_record(self, record: dict) -> None:
        self.write(json_line(record) + "\n")

    def write(self, line: str) -> None:
        try:  # not `writing`: a context manager per line would cost more than the line
            self.out.write(line)
        except OSError as err:
            raise cannot_write(self.path, err) from None

    def commit(self) -> None:
        with writing(self.path):
            self.out.close()
            os.replace(self.tmp, self.path)
        IN_FLIGHT.discard(self.tmp)

    def __exit__(self, *exc) -> None:
        if self.tmp in IN_FLIGHT:  # not committed
            try:
                self.out.close()
            except OSError:
                pass  # the buffer could not be flushed (a full disk): the file goes anyway
            self.tmp.unlink(missing_ok=True)
            IN_FLIGHT.discard(self.tmp)


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
    write_lines(path, (json_line(r) + "\n" for r in records))


def json_bytes(value) -> bytes:
    """Indented JSON in UTF-8; a name that is not UTF-8 is written as the escapes that read back as it."""
    return json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8", "backslashreplace") + b"\n"


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename: a killed run never leaves half a file."""
    tmp = temporary_name(path)
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        IN_FLIGHT.add(tmp)
        try:
            with open(create_new(tmp), "wb") as out:
                out.write(data)
        except BaseException:
            tmp.unlink(missing_ok=True)
            IN_FLIGHT.discard(tmp)
            raise
        os.replace(tmp, path)
        IN_FLIGHT.discard(tmp)


def create_new(path: Path) -> int:
    """A descriptor of a new file at `path`: never a link's target (one planted there is replaced, not followed)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(path, flags, 0o644)
    except FileExistsError:  # left by a process of the same id that is gone
        path.unlink()
        return os.open(path, flags, 0o644)


def temporary_name(path: Path) -> Path:
    """Hidden, and unique to the host and process: two runs at once never write the same temporary file.

    A name that would pass the file system's limit of 255 bytes is shortened
    to a digest of itself: an article with a long name still gets its file.
    """
    suffix = f".{HOST}-{os.getpid()}.tmp"
    name = os.fsencode(path.name)
    if len(name) + len(suffix) + 1 > NAME_LIMIT:
        return path.with_name(f".{hashlib.sha256(name).hexdigest()[:32]}{suffix}")
    return path.with_name(f".{path.name}{suffix}")


def temporary_owner(name: str) -> tuple[str, int] | None:
    """The host and process id a temporary file's name carries, or None for any other name.

    >>> temporary_owner(".a.txt.0a1b2c-4242.tmp"), temporary_owner("a.txt")
    (('0a1b2c', 4242), None)
    """
    if not (name.startswith(".") and name.endswith(".tmp")):
        return None
    host, _, pid = name[:-4].rpartition(".")[2].partition("-")
    return (host, int(pid)) if len(host) == 6 and pid.isdigit() else None


def process_gone(pid: int) -> bool:
    """Whether no process of this id is running on this host (one of another user's still counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def remove_orphaned_temporaries(clean_dir: Path) -> None:
    """Remove the temporary files that processes of this host left when they were killed.

    Only files of processes that are gone: a run sharing the folder (a luigid
    worker, an identical run) may be writing its own. Links are not followed.
    """
    for folder, subfolders, names in os.walk(clean_dir):
        for name in names:
            owner = temporary_owner(name)
            if owner and owner[0] == HOST and owner[1] != os.getpid() and process_gone(owner[1]):
                Path(folder, name).unlink(missing_ok=True)


def make_parents(root: Path, path: Path) -> None:
    """Create the folders of `path` under `root`, each a real folder: never a link (which could lead out of
    `root`), never a file (an article's output that is now a folder of articles): such an entry is replaced."""
    folder = root
    for part in path.relative_to(root).parts[:-1]:
        folder = folder / part
        try:
            mode = folder.lstat().st_mode
        except FileNotFoundError:
            folder.mkdir(exist_ok=True)
            continue
        if not stat.S_ISDIR(mode):
            folder.unlink()
            folder.mkdir()


def clear_place(path: Path) -> None:
    """Make room for a file at `path`: a folder there (of an article that is now a file) is removed."""
    try:
        if stat.S_ISDIR(path.lstat().st_mode):
            shutil.rmtree(path)
    except FileNotFoundError:
        pass


def identity(st: os.stat_result) -> list[int]:
    """Size, modification time and inode: a file rewritten, or restored with its old time, is another file."""
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def output_identity(path: Path) -> list[int] | None:
    """The identity of a regular file the run wrote at `path` (not through a link), or None."""
    try:
        st = path.lstat()
    except OSError:
        return None
    return identity(st) if stat.S_ISREG(st.st_mode) else None


def remove_output(root: Path, path: Path) -> None:
    """Remove a file the run wrote under `root`, unless a link or a folder stands on its way (not ours)."""
    folder = root
    for part in path.relative_to(root).parts[:-1]:
        folder = folder / part
        if not folder.is_dir() or folder.is_symlink():
            return
    try:
        if not stat.S_ISDIR(path.lstat().st_mode):
            path.unlink()
    except FileNotFoundError:
        pass


def warn(message: str) -> None:
    """One line on standard error: trouble the run works around."""
    print(f"warning: {message}", file=sys.stderr, flush=True)


@contextmanager
def writing(path: Path):
    """Turn a failure to write `path` (a full disk, a read-only folder) into a `RunError` that names it."""
    try:
        yield
    except OSError as err:
        raise cannot_write(path, err) from None


def cannot_write(path: Path, err: OSError) -> RunError:
    return RunError(f"cannot write {path}: {err.strerror or err}; files already written are whole, "
                    "and the next run redoes the rest")
