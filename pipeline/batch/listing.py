"""The raw folder: listing its articles, and reading one (never following a link out of it).

Every entry named `*.txt` is listed, whatever it is, so that each ends as
cleaned or rejected with a reason: a FIFO, a device, a folder, a link loop
or a path too long for the system is rejected when read, never opened in a
way that could block. Names are kept as the system gives them: one that is
not UTF-8 holds surrogate escapes (`os.fsencode` gives its bytes back), so
its clean file gets the same name.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..stages.decoding import Rejected
from .atomic import RunError

PATH_LIMIT = 4095  # bytes in a path the system opens (PATH_MAX, 4,096, counts the final NUL)
NOT_REGULAR = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
               stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


@dataclass(frozen=True, slots=True)  # a million of them while a run is planned
class RawFile:
    path: str  # relative to the raw folder, with `/`
    size: int
    mtime_ns: int
    inode: int  # with size and time, the file's identity: a copy restored with its old time is another file


def list_raw(raw_dir: str | Path) -> list[RawFile]:
    """Every `*.txt` under the raw folder, sorted by path; linked folders are not entered.

    A link is listed with its target's size, time and inode (`stat`, not
    `lstat`), so that an edit of the target is seen; a folder the system
    cannot list (a path too long) is listed itself, to be rejected.
    """
    root = Path(raw_dir)
    if root.is_file():
        raise RunError(f"the raw folder {root} is a file, not a folder: give the folder that holds the articles")
    if not root.is_dir():
        raise RunError(f"raw folder not found: {root}")
    files, unlisted, start = [], [], len(os.path.join(root, ""))  # strings, not `Path`s: a million of them
    for folder, subfolders, names in os.walk(root, onerror=unlisted.append):
        subfolders.sort()
        for name in names:
            if name.endswith(".txt"):
                files.append(raw_file(os.path.join(folder, name), start))
    files += [raw_file(err.filename, start) for err in unlisted if err.filename and Path(err.filename) != root]
    return sorted(files, key=lambda f: f.path)


def raw_file(full: str, start: int) -> RawFile:
    """One listed entry (`full[start:]` under the raw folder), with its target's identity (its own for a
    broken link, none for a path too long)."""
    try:
        st = os.stat(full)
    except OSError:
        try:
            st = os.lstat(full)
        except OSError:
            return RawFile(full[start:], -1, -1, -1)
    return RawFile(full[start:], st.st_size, st.st_mtime_ns, st.st_ino)


def read_raw(raw_dir: Path, path: str, max_bytes: int) -> bytes:
    """The bytes of one raw article; `Rejected` says why there are none to clean.

    Checked before it is opened, and opened without blocking: only a regular
    file inside the raw folder is read, and never more than `max_bytes`.
    """
    source = raw_dir / path
    length = len(os.fsencode(source))
    if length > PATH_LIMIT:
        raise Rejected(f"path of {length:,} bytes is over the system's limit of {PATH_LIMIT:,} bytes: not read")
    try:
        if os.path.islink(source) and not Path(os.path.realpath(source)).is_relative_to(os.path.realpath(raw_dir)):
            raise Rejected("link pointing outside the raw folder: not followed")
        check_regular(os.stat(source), max_bytes)
        fd = os.open(source, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with open(fd, "rb") as raw:
            check_regular(os.fstat(fd), max_bytes)  # the entry may have been replaced since the check
            data = raw.read(max_bytes + 1)
    except OSError as err:
        raise Rejected(f"unreadable: {err.strerror or err}") from None
    if len(data) > max_bytes:  # it grew while it was read
        raise Rejected(f"file of over {max_bytes} bytes is over the size limit of {max_bytes} bytes")
    return data


def check_regular(st: os.stat_result, max_bytes: int) -> None:
    """Raise `Rejected` unless `st` is a regular file within the size limit."""
    kind = stat.S_IFMT(st.st_mode)
    if kind != stat.S_IFREG:
        raise Rejected(f"not a regular file: {NOT_REGULAR.get(kind, 'a special file')}")
    if st.st_size > max_bytes:
        raise Rejected(f"file of {st.st_size} bytes is over the size limit of {max_bytes} bytes")
