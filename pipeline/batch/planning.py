"""Planning a run: its options, its shards and the digests that name them.

Shards are stable: an article's shard depends on its path and the number of
shards only, and a shard's fingerprint on its files' names, sizes,
modification times and inodes, the pipeline's version and its options. A shard whose
fingerprint is unchanged is already done.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import __version__
from ..stages.repeats import MIN_REPEATS_DEFAULT
from .atomic import process_gone
from .listing import RawFile


ARTICLES_PER_SHARD = 250


# The merge opens every shard's file at once, and the usual limit is 1,024 open files;
# Luigi's scheduler also slows down with many tasks. A million articles make 512 shards of ~2,000.
MAX_SHARDS = 512


@dataclass(frozen=True)
class RunConfig:
    ascii: bool = False
    max_bytes: int = 10_000_000
    min_repeats: int = MIN_REPEATS_DEFAULT  # a block in this many articles is boilerplate
    max_seconds: float = 60.0  # per article: one pathological article must not hold up the run


def shard_count(n_files: int) -> int:
    """A power of two, so that shards split evenly as a corpus grows."""
    wanted = max(1, -(-n_files // ARTICLES_PER_SHARD))
    count = 1
    while count < wanted and count < MAX_SHARDS:
        count *= 2
    return count


def plan_shards(files: list[RawFile], config: RunConfig) -> list[tuple[int, str, list[str]]]:
    """(shard index, fingerprint, article paths) for every non-empty shard."""
    count = shard_count(len(files))
    groups: dict[int, list[RawFile]] = {}
    for f in files:
        groups.setdefault(zlib.crc32(os.fsencode(f.path)) % count, []).append(f)
    plan, settings = [], settings_digest(config)
    for index in sorted(groups):
        stamps = [[f.path, f.size, f.mtime_ns, f.inode] for f in groups[index]]  # not `asdict`: ten times slower
        digest = hashlib.sha256(json.dumps([settings, count, stamps]).encode())
        plan.append((index, digest.hexdigest()[:16], [f.path for f in groups[index]]))
    return plan


def settings_digest(config: RunConfig) -> str:
    """What every article's cleaning depends on besides its own bytes: the pipeline's version and options."""
    return hashlib.sha256(json.dumps([__version__, asdict(config)]).encode()).hexdigest()[:16]


def run_digest(fingerprints: list[str], export_jsonl: bool = False) -> str:
    """Names a run over exactly these shards, with or without the export (which changes what the merge writes,
    not what the shards clean). The repeated blocks follow from the shards: their counts are read from the
    shards' keys, which are named by the shards' fingerprints, so a run is known done without counting them."""
    names = fingerprints + (["export-jsonl"] if export_jsonl else [])
    return hashlib.sha256(" ".join(names).encode()).hexdigest()[:16]


SCRATCH = "newsclean-plan-"
ABANDONED_AFTER = 24 * 3600  # seconds: an older scratch folder whose process is gone was left by a killed run


def planning_scratch() -> tempfile.TemporaryDirectory:
    """A temporary folder (in TMPDIR) for what planning computes before the run keeps it; removed when the
    process ends. A killed run cannot remove its own: folders a day old whose process is gone go first.

    >>> scratch = planning_scratch()
    >>> Path(scratch.name).name.startswith(f"{SCRATCH}{os.getpid()}-")
    True
    """
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH}*-*"):
        try:
            pid = int(folder.name.removeprefix(SCRATCH).split("-")[0])
            if time.time() - folder.stat().st_mtime > ABANDONED_AFTER and process_gone(pid):
                shutil.rmtree(folder, ignore_errors=True)
        except (ValueError, OSError):
            continue  # not one of ours, or gone meanwhile
    return tempfile.TemporaryDirectory(prefix=f"{SCRATCH}{os.getpid()}-")
