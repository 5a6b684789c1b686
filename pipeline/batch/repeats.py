"""Blocks repeated across the corpus (fixed footers): a map over the shards, then a reduce.

The map writes, per shard, the sorted keys of every article's short edge
lines; the reduce merges them and keeps the blocks found in enough stories.
"""
from __future__ import annotations

import hashlib
import heapq
import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..stages.repeats import edge_line_keys, repeat_threshold, repeated_keys, source_of
from ..stages.decoding import Rejected, decode_article
from .atomic import read_lines, warn, write_atomically
from .listing import read_raw
from .parallel import parallel_starmap
from .paths import keys_output, newest_earlier, repeated_output
from .planning import RunConfig, settings_digest


@dataclass(frozen=True)
class RepeatedBlocks:
    """The run's repeated blocks as planned, and what the run keeps of the planning once it runs."""

    counts: Path  # `repeated-DIGEST.json`, which the shards read (in the planning's scratch folder)
    digest: str  # names the shards' outputs
    kept: list[Path]  # the counts and each shard's keys, where the clean folder keeps them for later runs
    unsaved: list[tuple[Path, Path]]  # (scratch file, its place in `kept`): see `save_planned`


def count_blocks(raw_dir: str | Path, clean_dir: str | Path, plan: list[tuple[int, str, list[str]]],
                 config: RunConfig, scratch: Path, processes: int = 1, meanwhile: Callable[[], object] | None = None,
                 redo: frozenset[Path] = frozenset()) -> RepeatedBlocks:
    """The run's repeated blocks: their counts, their digest, and the shards' key files they were counted from.

    Each shard's keys are kept under its fingerprint: a later run reads only
    the shards whose articles changed, and in them only the articles that
    changed; `processes` read shards at once. Runs as the run is planned, so
    that every worker of a distributed run derives the same shard tasks.
    Planning writes nothing in the clean folder (an inspection of the run
    must leave no trace): what it computes goes to `scratch`, and the run
    keeps it with `save_planned`. A kept keys file found damaged is counted
    again (`redo`), and replaced when the run keeps its planning. If any
    article is read, `meanwhile` is called while the processes read.
    """
    settings = settings_digest(config)
    key_files = [keys_output(clean_dir, shard, settings, fingerprint) for shard, fingerprint, _ in plan]
    to_read, unsaved = [], []
    for (shard, _, paths), kept in zip(plan, key_files):
        if kept in redo or not kept.exists():
            fresh = Path(scratch, kept.name)
            to_read.append((raw_dir, fresh, paths, config, newest_earlier(kept, f"{shard:04d}-{settings}-*.keys")))
            unsaved.append((fresh, kept))
    list(parallel_starmap(collect_block_keys, to_read, min(processes, len(to_read)), meanwhile if to_read else None))
    fresh_keys = {kept: fresh for fresh, kept in unsaved}
    try:
        counts = count_repeated_blocks([fresh_keys.get(kept, kept) for kept in key_files], config.min_repeats)
    except DamagedKeys as damaged:  # state is a cache: read that shard's articles again, and count again
        warn(f"{damaged.path} is unreadable; its articles are read again")
        return count_blocks(raw_dir, clean_dir, plan, config, scratch, processes, redo=redo | {damaged.path})
    data = json.dumps(counts, indent=0, sort_keys=True).encode()
    digest = hashlib.sha256(data).hexdigest()[:16]
    kept_counts = repeated_output(clean_dir, digest)
    write_atomically(Path(scratch, kept_counts.name), data)
    unsaved.append((Path(scratch, kept_counts.name), kept_counts))
    return RepeatedBlocks(Path(scratch, kept_counts.name), digest, [kept_counts, *key_files], unsaved)


def save_planned(blocks: RepeatedBlocks) -> None:
    """Keep in the clean folder what planning computed and it lacks (new shard keys, the counts)."""
    for fresh, kept in blocks.unsaved:
        write_atomically(kept, fresh.read_bytes())


READ_MARK = "-"  # the key of the line every article read gets, so that a later run knows it (sorts before hex keys)
END_MARK = "~"  # the key of a keys file's last line, `~ LINES`: a file cut short is seen (sorts after hex keys)


class DamagedKeys(Exception):
    def __init__(self, path: Path):
        self.path = path


def collect_block_keys(raw_dir: str | Path, out: Path, paths: list[str], config: RunConfig, earlier: Path | None) -> None:
    """Map: sorted lines `LINE_KEY STORY_KEY SIZE MTIME INODE PATH`, one for each short edge line of each
    article (`stages.repeats.edge_line_keys`), one with the key `READ_MARK` for each article read, and the
    line `END_MARK LINES`.

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
            story, keys = edge_line_keys(decode_article(read_raw(Path(raw_dir), path, config.max_bytes)).text)
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
    """Reduce: merge the shards' sorted keys; keep the lines that recur in enough stories of the run or of
    their source folder (`stages.repeats.repeated_keys`: thresholds and folding live there).

    The `READ_MARK` lines sort first: they give each folder's number of
    articles before any line is counted. Copies of one story (same story
    key) count once.
    """
    groups = itertools.groupby(heapq.merge(*map(checked_keys, key_files)), key=lambda line: line.split(" ", 1)[0])
    articles_per_source: dict[str, int] = {}
    first = next(groups, None)
    if first is not None and first[0] == READ_MARK:
        for line in first[1]:
            source = source_of(json.loads(line.split(" ", 5)[5]))
            articles_per_source[source] = articles_per_source.get(source, 0) + 1
    elif first is not None:
        groups = itertools.chain([first], groups)
    fewest = repeat_threshold(0, min_repeats)  # no source's threshold is lower: a key seen less is read no further
    sightings = ((key, ((source_of(json.loads(fields[5])), fields[1])
                        for fields in (line.split(" ", 5) for line in lines)))
                 for key, lines in ((key, list(group)) for key, group in groups) if len(lines) >= fewest)
    return repeated_keys(articles_per_source, sightings, min_repeats)


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
