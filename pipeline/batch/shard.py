"""Cleaning a shard: each article within a time limit, reusing what an earlier run of the shard cleaned."""
from __future__ import annotations

import hashlib
import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Mapping

from ..engine import Options, Result, clean_bytes
from ..stages.decoding import Rejected
from .atomic import (AtomicLines, clear_place, identity, json_line, make_parents, output_identity, read_jsonl,
                     read_lines, remove_output, warn, write_atomically)
from .listing import PATH_LIMIT, read_raw
from .paths import newest_earlier
from .planning import RunConfig, settings_digest
from .progress import STATE_ERRORS
from .records import add_figures, article_of, article_record, change_records
from .repeats import load_repeated_blocks


def clean_shard(raw_dir: str | Path, clean_dir: str | Path, paths: list[str], config: RunConfig,
                repeated_blocks: str | Path, records_path: Path, changes_path: Path,
                on_progress: Callable[[int], None] = lambda done: None) -> dict:
    """Clean a shard's articles: write each clean article, and stream the shard's records and changes.
    Return the figures of the work done (see `records.add_figures`).

    An article this shard cleaned in an earlier run is not cleaned again if
    nothing it depends on has changed (see `still_valid`): its earlier record
    and changes are carried over. So a nightly run that adds a few articles
    to every shard cleans those articles only.

    Both logs are written through temporary files; the records file is renamed
    last: it is the mark that the shard is done.
    """
    raw_dir, clean_dir = Path(raw_dir), Path(clean_dir)
    repeated = load_repeated_blocks(repeated_blocks)
    settings = settings_digest(config)
    earlier = EarlierResults(records_path)
    figures: dict = {"processed": 0, "stages": {}}
    with AtomicLines(changes_path) as changes, AtomicLines(records_path) as records:
        for done, path in enumerate(paths, 1):
            record, change_lines = earlier.take(path)
            if record is None or not still_valid(record, raw_dir, clean_dir, config, settings, repeated):
                record, change_lines = clean_and_write(raw_dir, clean_dir, path, config, settings, repeated, figures)
            records.write_record(record)
            for line in change_lines:
                changes.write(line)
            on_progress(done)
        changes.commit()
        records.commit()
    return figures


def clean_and_write(raw_dir: Path, clean_dir: Path, path: str, config: RunConfig, settings: str,
                    repeated: dict[str, int], figures: dict) -> tuple[dict, list[str]]:
    """Clean one article and write its output: its record (with what reusing it later depends on) and change lines.
    The work done is added to `figures`.

    The clean file is written only inside the clean folder (no link on its
    way is followed) and its identity is recorded: a run checks that what it
    finds there is what it wrote.
    """
    try:
        raw = identity(os.stat(raw_dir / path))  # before reading: a file changed meanwhile is cleaned again next time
    except OSError:
        raw = None
    lookups = RecordedLookups(repeated)
    target = clean_dir / path
    result, data = clean_article(raw_dir, path, config, Options(ascii=config.ascii, repeated_blocks=lookups))
    if result.cleaned is not None and len(os.fsencode(target)) > PATH_LIMIT:  # a clean folder deeper than raw
        result = Result(result.encoding, rejected=f"its clean path would be {len(os.fsencode(target)):,} bytes, "
                                                  f"over the system's limit of {PATH_LIMIT:,} bytes")
    record = article_record(path, raw_dir, result, data)
    add_figures(figures, result)
    if result.cleaned is None:
        remove_output(clean_dir, target)  # an article rejected now must not keep an old output
        return record, []
    make_parents(clean_dir, target)
    clear_place(target)
    write_atomically(target, result.cleaned.text.encode("utf-8"))
    record["reuse"] = {"settings": settings, "raw": raw, "output": output_identity(target),
                       "repeated": lookups.looked_up if repeated else None}
    return record, [json_line(change) + "\n" for change in change_records(path, result)]


def clean_article(raw_dir: Path, path: str, config: RunConfig, options: Options) -> tuple[Result, bytes | None]:
    """Read one raw article and clean it; any reason not to is a rejection."""
    try:
        data = read_raw(raw_dir, path, config.max_bytes)
    except Rejected as why:
        return Result(None, rejected=str(why)), None
    try:
        with time_limit(config.max_seconds):
            return clean_bytes(data, options), data
    except ArticleTimeout:
        return Result(None, rejected=f"cleaning took longer than the limit of {config.max_seconds:g} s"), data


class ArticleTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Raise `ArticleTimeout` in the block after `seconds` (a timer signal: main thread only, elsewhere no limit)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def still_valid(record: dict, raw_dir: Path, clean_dir: Path, config: RunConfig, settings: str,
                repeated: dict[str, int]) -> bool:
    """Whether an article's earlier result holds: same settings, its clean file as that run wrote it,
    the same raw file, and the same counts for every repeated block the cleaning looked up (or, if
    the run had none then, none now). Rejections are retried.

    The same raw file: the same size, modification time and inode; where
    they disagree (a copy restored with its time, a `touch`), the same
    content (SHA-256), and then the note takes the file's new identity.
    """
    reuse, path = record["reuse"], record["article"]
    if reuse.get("settings") != settings or output_identity(clean_dir / path) != reuse.get("output"):
        return False
    if reuse.get("repeated") is None and repeated:
        return False
    if reuse.get("repeated") is not None and any(repeated.get(key, 0) != n for key, n in reuse["repeated"].items()):
        return False
    try:
        raw = identity(os.stat(raw_dir / path))
    except OSError:
        return False
    if raw == reuse.get("raw"):
        return True
    if not reuse.get("raw") or raw[0] != reuse["raw"][0]:
        return False  # another size: other content, no need to read it to know
    try:
        same = hashlib.sha256(read_raw(raw_dir, path, config.max_bytes)).hexdigest() == record.get("raw_sha256")
    except Rejected:
        return False
    reuse["raw"] = raw if same else reuse.get("raw")
    return same


class RecordedLookups(Mapping):
    """The run's repeated blocks, noting each key an article looks up: its output depends on those alone."""

    def __init__(self, counts: dict[str, int]):
        self.counts = counts
        self.looked_up: dict[str, int] = {}

    def __getitem__(self, key: str) -> int:
        self.looked_up[key] = self.counts.get(key, 0)
        return self.counts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.counts)

    def __len__(self) -> int:
        return len(self.counts)


class EarlierResults:
    """The records and change lines of this shard's newest earlier output, read in step with its paths.

    Both the shard's paths and its earlier files are sorted by article, so
    each file is read once, front to back, whatever the shard's size.
    """

    def __init__(self, records_path: Path):
        earlier = newest_earlier(records_path, f"{records_path.name.split('-')[0]}-*.articles.jsonl")
        if earlier:
            changes = earlier.with_name(earlier.name.removesuffix(".articles.jsonl") + ".changes.jsonl")
            self.records = tolerant(read_jsonl(earlier), earlier, key=lambda record: record["article"] + "")
            self.changes = tolerant(read_lines(changes), changes, key=article_of) if changes.exists() else iter(())
        else:
            self.records, self.changes = iter(()), iter(())
        self.record, self.change = next(self.records, None), next(self.changes, None)

    def take(self, path: str) -> tuple[dict | None, list[str]]:
        while self.record is not None and self.record["article"] < path:
            self.record = next(self.records, None)
        while self.change is not None and article_of(self.change) < path:
            self.change = next(self.changes, None)
        if self.record is None or self.record["article"] != path or "output" not in self.record.get("reuse", {}):
            return None, []
        lines = []
        while self.change is not None and article_of(self.change) == path:
            lines.append(self.change)
            self.change = next(self.changes, None)
        return self.record, lines


def tolerant(items: Iterator, path: Path, key: Callable) -> Iterator:
    """`items` read from a file of earlier state, up to the first that cannot be read (`key` fails on it):
    state is a cache, and what cannot be reused is done again."""
    try:
        for item in items:
            key(item)
            yield item
    except STATE_ERRORS as err:
        warn(f"{path} is unreadable ({type(err).__name__}); its articles are cleaned again")
