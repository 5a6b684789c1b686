"""Blocks repeated across the corpus (fixed footers): a map over the shards, then a reduce.

The map writes, per shard, the sorted keys of every article's short edge
lines; the reduce merges them and keeps the blocks found in enough stories.
"""
from __future__ import annotations

import hashlib
import heapq
import itertools
import json
from pathlib import Path

from ..stages.boilerplate import edge_block_keys
from ..stages.decoding import Rejected, decode_article
from .atomic import read_lines, warn, write_atomically
from .listing import read_raw
from .parallel import parallel_starmap
from .paths import keys_output, newest_earlier, repeated_output
from .planning import RunConfig, settings_digest


def count_blocks(raw_dir: str | Path, clean_dir: str | Path, plan: list[tuple[int, str, list[str]]],
                 config: RunConfig, processes: int = 1) -> tuple[Path, str, list[Path]]:
    """The run's repeated blocks (`repeated-DIGEST.json`), their digest, which names the shards'
    outputs, and the shards' key files they were counted from.

    Each shard's keys are kept under its fingerprint: a later run reads only
    the shards whose articles changed, and in them only the articles that
    changed; `processes` read shards at once. Runs as the run is planned, so
    that every worker of a distributed run derives the same shard tasks.
    """
    settings = settings_digest(config)
    key_files = [keys_output(clean_dir, shard, settings, fingerprint) for shard, fingerprint, _ in plan]
    to_read = [(raw_dir, keys, paths, config, newest_earlier(keys, f"{shard:04d}-{settings}-*.keys"))
               for (shard, _, paths), keys in zip(plan, key_files) if not keys.exists()]
    list(parallel_starmap(collect_block_keys, to_read, min(processes, len(to_read))))
    try:
        counts = count_repeated_blocks(key_files, config.min_repeats)
    except DamagedKeys as damaged:  # state is a cache: read that shard's articles again, and count again
        warn(f"{damaged.path} is unreadable; its articles are read again")
        damaged.path.unlink()
        return count_blocks(raw_dir, clean_dir, plan, config, processes)
    data = json.dumps(counts, indent=0, sort_keys=True).encode()
    digest = hashlib.sha256(data).hexdigest()[:16]
    write_atomically(repeated_output(clean_dir, digest), data)
    return repeated_output(clean_dir, digest), digest, key_files


READ_MARK = "-"  # the key of the line every article read gets, so that a later run knows it (sorts before hex keys)
END_MARK = "~"  # the key of a keys file's last line, `~ LINES`: a file cut short is seen (sorts after hex keys)


class DamagedKeys(Exception):
    def __init__(self, path: Path):
        self.path = path


def collect_block_keys(raw_dir: str | Path, out: Path, paths: list[str], config: RunConfig, earlier: Path | None) -> None:
    """Map: sorted lines `BLOCK_KEY STORY_KEY SIZE MTIME INODE PATH`, one for each short edge line of
    each article, one with the key `READ_MARK` for each article read, and the line `END_MARK LINES`.

    An article unchanged since the shard's earlier keys file (same size,
    modification time and inode) keeps its earlier lines and is not read again.
    """
    known = earlier_keys(earlier) if earlier else {}
    lines = []
    for path in paths:
        try:
            stat = Path(raw_dir, path).stat()
            stamp = f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ino} {json.dumps(path)}\n"  # JSON: a name may hold \n
            if path in known and known[path][0].endswith(stamp):
                lines += known[path]
                continue
            story, keys = edge_block_keys(decode_article(read_raw(Path(raw_dir), path, config.max_bytes)).text)
        except (OSError, Rejected):
            continue
        lines += [f"{key} {story} {stamp}" for key in [READ_MARK, *keys]]
    write_atomically(out, "".join(sorted(lines)).encode() + f"{END_MARK} {len(lines)}\n".encode())


def earlier_keys(path: Path) -> dict[str, list[str]]:
    """The lines of an earlier keys file by article; none (and one warning) if it cannot be read."""
    known: dict[str, list[str]] = {}
    try:
        for line in read_lines(path):
            if not line.startswith(END_MARK):
                known.setdefault(json.loads(line.split(" ", 5)[5]), []).append(line)
    except (OSError, ValueError, IndexError) as err:
        warn(f"{path} is unreadable ({type(err).__name__}); its articles are read again")
        return {}
    return known


def count_repeated_blocks(key_files: list[Path], min_repeats: int) -> dict[str, int]:
    """Reduce: merge the shards' sorted keys; keep the blocks found in at least `min_repeats` stories.

    Copies of one story (same first line) count once, so a feed that repeats
    an article does not make its lines boilerplate.
    """
    repeated = {}
    streams = [checked_keys(f) for f in key_files]
    for key, group in itertools.groupby(heapq.merge(*streams), key=lambda line: line.split(" ", 1)[0]):
        if key != READ_MARK:
            stories = sum(1 for _ in itertools.groupby(group, key=lambda line: line.split(" ", 2)[1]))
            if stories >= min_repeats:
                repeated[key] = stories
    return repeated


def checked_keys(path: Path):
    """The lines of a keys file, and `DamagedKeys` once it proves damaged (garbage, or cut short)."""
    count = 0
    try:
        for line in read_lines(path):
            if line.startswith(END_MARK):
                if line != f"{END_MARK} {count}\n":
                    break
                return
            if line.count(" ") < 5:
                break
            count += 1
            yield line
    except (OSError, ValueError):
        pass
    raise DamagedKeys(path)


def load_repeated_blocks(path: str | Path) -> dict[str, int]:
    return json.loads(Path(path).read_bytes())
