"""The raw folder: listing its articles, and reading one (never following a link out of it)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..stages.decoding import Rejected
from .atomic import RunError


@dataclass(frozen=True, slots=True)  # a million of them while a run is planned
class RawFile:
    path: str  # relative to the raw folder, with `/`
    size: int
    mtime_ns: int


def list_raw(raw_dir: str | Path) -> list[RawFile]:
    """Every `*.txt` under the raw folder, sorted by path; links are not followed out of it."""
    root = Path(raw_dir)
    if root.is_file():
        raise RunError(f"the raw folder {root} is a file, not a folder: give the folder that holds the articles")
    if not root.is_dir():
        raise RunError(f"raw folder not found: {root}")
    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in names:
            if name.endswith(".txt"):
                full = Path(folder, name)
                st = full.lstat()
                files.append(RawFile(full.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns))
    if not files:
        raise RunError(f"the raw folder {root} holds no article: no *.txt file in it or below it")
    return sorted(files, key=lambda f: f.path)


def read_raw(raw_dir: Path, path: str, max_bytes: int) -> bytes:
    """The bytes of one raw article; `Rejected` says why there are none to clean."""
    source = raw_dir / path
    try:
        if source.is_symlink() and not source.resolve().is_relative_to(raw_dir.resolve()):
            raise Rejected("link pointing outside the raw folder: not followed")
        size = source.stat().st_size
        if size > max_bytes:
            raise Rejected(f"file of {size} bytes is over the size limit of {max_bytes} bytes")
        return source.read_bytes()
    except OSError as err:
        raise Rejected(f"unreadable: {err.strerror or err}") from None
