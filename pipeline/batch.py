"""Files in, files out: the work of a run, without Luigi.

A run lists the raw folder, groups the articles into shards, cleans each
shard (one clean file per article, plus the shard's records), then merges
the shards' records into the run's change log and article records. Luigi
only schedules these functions (see `tasks/`).

Shards are stable: an article's shard depends on its path and the number of
shards only, and a shard's fingerprint on its files' names, sizes and
modification times, the pipeline's version and its options. A shard whose
fingerprint is unchanged is already done.
"""
from __future__ import annotations

import functools
import hashlib
import heapq
import itertools
import json
import multiprocessing
import os
import signal
import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from . import __version__
from .engine import Options, Result, clean_bytes
from .stages.repeats import MIN_REPEATS_DEFAULT, edge_line_keys, repeated_keys, source_of
from .stages.decoding import Rejected, decode_article

ARTICLES_PER_SHARD = 250
# The merge opens every shard's file at once, and the usual limit is 1,024 open files;
# Luigi's scheduler also slows down with many tasks. A million articles make 512 shards of ~2,000.
MAX_SHARDS = 512
STATE_DIR = "_state"
SHARDS_DIR = "_state/shards"
KEYS_DIR = "_state/keys"
CHANGE_LOG = "changes.jsonl"
ARTICLE_RECORDS = "articles.jsonl"
SUMMARY = "summary.json"
LISTED_REJECTS = 200  # rejects the summary names; articles.jsonl has every one, with its reason


@dataclass(frozen=True)
class RunConfig:
    ascii: bool = False
    max_bytes: int = 10_000_000
    min_repeats: int = MIN_REPEATS_DEFAULT  # a block in this many articles is boilerplate
    max_seconds: float = 60.0  # per article: one pathological article must not hold up the run


@dataclass(frozen=True, slots=True)  # a million of them while a run is planned
class RawFile:
    path: str  # relative to the raw folder, with `/`
    size: int
    mtime_ns: int


class RunError(Exception):
    """The run itself cannot do its work (as opposed to one bad article)."""


def list_raw(raw_dir: str | Path) -> list[RawFile]:
    """Every `*.txt` under the raw folder, sorted by path; links are not followed out of it."""
    root = Path(raw_dir)
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
    return sorted(files, key=lambda f: f.path)


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
        groups.setdefault(zlib.crc32(f.path.encode()) % count, []).append(f)
    plan = []
    for index in sorted(groups):
        digest = hashlib.sha256(json.dumps([settings_digest(config), count, [asdict(f) for f in groups[index]]]).encode())
        plan.append((index, digest.hexdigest()[:16], [f.path for f in groups[index]]))
    return plan


def settings_digest(config: RunConfig) -> str:
    """What every article's cleaning depends on besides its own bytes: the pipeline's version and options."""
    return hashlib.sha256(json.dumps([__version__, asdict(config)]).encode()).hexdigest()[:16]


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


def check_writable(clean_dir: str | Path) -> None:
    """Raise `RunError` unless the clean folder can be created and written to."""
    probe = Path(clean_dir, STATE_DIR, f".probe.{os.getpid()}.tmp")
    try:
        probe.parent.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        raise RunError(f"cannot write to the clean folder {clean_dir}: {err.strerror or err}") from None


def keys_output(clean_dir: str | Path, shard: int, settings: str, fingerprint: str) -> Path:
    return Path(clean_dir, KEYS_DIR, f"{shard:04d}-{settings}-{fingerprint}.keys")


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
    data = json.dumps(count_repeated_blocks(key_files, config.min_repeats), indent=0, sort_keys=True).encode()
    digest = hashlib.sha256(data).hexdigest()[:16]
    write_atomically(repeated_output(clean_dir, digest), data)
    return repeated_output(clean_dir, digest), digest, key_files


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


def newest_earlier(output: Path, pattern: str) -> Path | None:
    """The newest file beside `output` that matches `pattern`, other than `output`: what an earlier run of its shard left."""
    earlier = [p for p in output.parent.glob(pattern) if p != output]
    return max(earlier, key=lambda p: p.stat().st_mtime_ns, default=None)


READ_MARK = "-"  # the key of the line every article read gets, so that a later run knows it (sorts before hex keys)


def collect_block_keys(raw_dir: str | Path, out: Path, paths: list[str], config: RunConfig, earlier: Path | None) -> None:
    """Map: sorted lines `LINE_KEY STORY_KEY SIZE MTIME PATH`, one for each short edge line of each
    article (`stages.repeats.edge_line_keys`), and one with the key `READ_MARK` for each article read.

    An article unchanged since the shard's earlier keys file (same size and
    modification time) keeps its earlier lines and is not read again.
    """
    known: dict[str, list[str]] = {}
    for line in read_lines(earlier) if earlier else ():
        known.setdefault(json.loads(line.split(" ", 4)[4]), []).append(line)
    lines = []
    for path in paths:
        try:
            stat = Path(raw_dir, path).stat()
            stamp = f"{stat.st_size} {stat.st_mtime_ns} {json.dumps(path)}\n"  # JSON: a name may hold a line break
            if path in known and known[path][0].endswith(stamp):
                lines += known[path]
                continue
            story, keys = edge_line_keys(decode_article(read_raw(Path(raw_dir), path, config.max_bytes)).text)
        except (OSError, Rejected):
            continue
        lines += [f"{key} {story} {stamp}" for key in [READ_MARK, *keys]]
    write_atomically(out, "".join(sorted(lines)).encode())


def count_repeated_blocks(key_files: list[Path], min_repeats: int) -> dict[str, int]:
    """Reduce: merge the shards' sorted keys; keep the lines that recur in enough stories of the run or of
    their source folder (`stages.repeats.repeated_keys`: thresholds and folding live there).

    The `READ_MARK` lines sort first: they give each folder's number of
    articles before any line is counted. Copies of one story (same story
    key) count once.
    """
    streams = [open(f, encoding="utf-8") for f in key_files]
    try:
        groups = itertools.groupby(heapq.merge(*streams), key=lambda line: line.split(" ", 1)[0])
        articles_per_source: dict[str, int] = {}
        first = next(groups, None)
        if first is not None and first[0] == READ_MARK:
            for line in first[1]:
                source = source_of(json.loads(line.split(" ", 4)[4]))
                articles_per_source[source] = articles_per_source.get(source, 0) + 1
        elif first is not None:
            groups = itertools.chain([first], groups)
        sightings = ((key, ((source_of(json.loads(fields[4])), fields[1])
                            for fields in (line.split(" ", 4) for line in group)))
                     for key, group in groups)
        return repeated_keys(articles_per_source, sightings, min_repeats)
    finally:
        for stream in streams:
            stream.close()


def load_repeated_blocks(path: str | Path) -> dict[str, int]:
    return json.loads(Path(path).read_bytes())


def shard_outputs(clean_dir: str | Path, shard: int, fingerprint: str, repeated_digest: str) -> tuple[Path, Path]:
    """The shard's article records and change records, named by its inputs and the repeated blocks it removed."""
    stem = Path(clean_dir, SHARDS_DIR, f"{shard:04d}-{fingerprint}-{repeated_digest}")
    return stem.with_name(stem.name + ".articles.jsonl"), stem.with_name(stem.name + ".changes.jsonl")


def run_digest(fingerprints: list[str], repeated_digest: str) -> str:
    """Names a run over exactly these shards, removing exactly these repeated blocks."""
    return hashlib.sha256(" ".join(fingerprints + [repeated_digest]).encode()).hexdigest()[:16]


def run_marker(clean_dir: str | Path, digest: str) -> Path:
    """The file that says a run is complete."""
    return Path(clean_dir, STATE_DIR, f"run-{digest}.done")


def repeated_output(clean_dir: str | Path, digest: str) -> Path:
    return Path(clean_dir, STATE_DIR, f"repeated-{digest}.json")


def mark_run_complete(marker: Path) -> None:
    for old in marker.parent.glob("run-*"):
        old.unlink()
    write_atomically(marker, b"complete\n")


def record_progress(clean_dir: str | Path, digest: str, articles: int, total: int, started: float) -> str:
    """Count a finished shard's articles towards the run, and say how far the run is.

    Shards finish in separate processes, perhaps on separate hosts: each adds
    a line to a file of the run's (one small append is atomic).

    >>> import tempfile, time
    >>> record_progress(tempfile.mkdtemp(), "d", 250, 1000, time.time() - 5)
    '[#####...............]    250 / 1,000 articles   50 a/s   ~15 s left'
    """
    path = Path(clean_dir, STATE_DIR, f"run-{digest}-{started:.0f}.progress")  # a restarted run counts afresh
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="ascii") as log:
        log.write(f"{articles}\n")
    done = sum(int(line) for line in path.read_text(encoding="ascii").split())
    rate = done / max(time.time() - started, 1e-3)
    bar = "#" * round(20 * done / total)
    return f"[{bar:.<20}] {done:>6,} / {total:,} articles {rate:>4,.0f} a/s   ~{(total - done) / rate:,.0f} s left"


def clean_shard(raw_dir: str | Path, clean_dir: str | Path, paths: list[str], config: RunConfig,
                repeated_blocks: str | Path, records_path: Path, changes_path: Path,
                on_progress: Callable[[int], None] = lambda done: None) -> None:
    """Clean a shard's articles: write each clean article, and stream the shard's records and changes.

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
    with AtomicLines(changes_path) as changes, AtomicLines(records_path) as records:
        for done, path in enumerate(paths, 1):
            record, change_lines = earlier.take(path)
            if record is None or not still_valid(record["reuse"], raw_dir / path, clean_dir / path, settings, repeated):
                record, change_lines = clean_and_write(raw_dir, clean_dir, path, config, settings, repeated)
            records.write_record(record)
            for line in change_lines:
                changes.write(line)
            on_progress(done)
        changes.commit()
        records.commit()


def clean_and_write(raw_dir: Path, clean_dir: Path, path: str, config: RunConfig, settings: str,
                    repeated: dict[str, int]) -> tuple[dict, list[str]]:
    """Clean one article and write its output: its record (with what reusing it later depends on) and change lines."""
    try:
        stat = (raw_dir / path).stat()  # before reading: a file changed meanwhile is cleaned again next time
    except OSError:
        stat = None
    lookups = RecordedLookups(repeated)
    result, data = clean_article(raw_dir, path, config, Options(ascii=config.ascii, repeated_blocks=lookups))
    target = clean_dir / path
    record = article_record(path, raw_dir, result, data)
    if result.cleaned is None:
        target.unlink(missing_ok=True)  # an article rejected now must not keep an old output
        return record, []
    write_atomically(target, result.cleaned.text.encode("utf-8"))
    if stat is not None:
        record["reuse"] = {"settings": settings, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
                           "repeated": lookups.looked_up if repeated else None}
    return record, [to_json(change) + "\n" for change in change_records(path, result)]


def still_valid(reuse: dict, source: Path, target: Path, settings: str, repeated: dict[str, int]) -> bool:
    """Whether an article's earlier result holds: same settings, same file (size and modification
    time, as `make` judges), its clean output still there, and the same counts for every repeated
    block the cleaning looked up (or, if the run had none then, none now). Rejections are retried."""
    if reuse["settings"] != settings:
        return False
    try:
        stat = source.stat()
    except OSError:
        return False
    if (stat.st_size, stat.st_mtime_ns) != (reuse["size"], reuse["mtime_ns"]) or not target.exists():
        return False
    if reuse["repeated"] is None:
        return not repeated
    return all(repeated.get(key, 0) == count for key, count in reuse["repeated"].items())


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
            self.records = read_jsonl(earlier)
            self.changes = read_lines(changes) if changes.exists() else iter(())
        else:
            self.records, self.changes = iter(()), iter(())
        self.record, self.change = next(self.records, None), next(self.changes, None)

    def take(self, path: str) -> tuple[dict | None, list[str]]:
        while self.record is not None and self.record["article"] < path:
            self.record = next(self.records, None)
        while self.change is not None and article_of(self.change) < path:
            self.change = next(self.changes, None)
        if self.record is None or self.record["article"] != path or "reuse" not in self.record:
            return None, []
        lines = []
        while self.change is not None and article_of(self.change) == path:
            lines.append(self.change)
            self.change = next(self.changes, None)
        return self.record, lines


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
        self.write(to_json(record) + "\n")

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


def article_record(path: str, raw_dir: Path, result: Result, data: bytes | None) -> dict:
    record = {"article": path, "source": str(raw_dir / path),
              "raw_sha256": hashlib.sha256(data).hexdigest() if data is not None else None}
    if result.cleaned is None:
        return record | {"status": "rejected", "reason": result.rejected, "encoding": result.encoding}
    cleaned = result.cleaned
    output = cleaned.text.encode("utf-8")
    counts: dict[str, int] = {}
    for c in cleaned.changes:
        key = c.kind if c.level == "change" else "warning"
        counts[key] = counts.get(key, 0) + 1
    made = {k: v for k, v in counts.items() if k != "warning"}
    return record | {
        "status": "unchanged" if output == data else "cleaned",
        "clean_sha256": hashlib.sha256(output).hexdigest(),
        "encoding": result.encoding,
        "language": cleaned.language,
        "headline": cleaned.headline,
        "dateline": cleaned.dateline,
        "changes": dict(sorted(made.items())),
        "warnings": counts.get("warning", 0),
        "removed_blocks": [c.before.strip("\n") for c in cleaned.changes if c.kind == "boilerplate" and c.level == "change"],
    }


def change_records(path: str, result: Result) -> list[dict]:
    if result.cleaned is None:
        return []
    return [
        {"article": path, "stage": c.stage, "kind": c.kind, "level": c.level, "offset": c.offset,
         "before": c.before, "after": c.after, "reason": c.reason, **({"detail": c.detail} if c.detail else {})}
        for c in result.cleaned.changes
    ]


def merge_run(clean_dir: str | Path, shard_files: list[tuple[Path, Path]], state_files: list[Path]) -> dict:
    """Merge the shards' records into the run's logs, sorted by article; drop what is stale.

    Streams everything: memory does not grow with the corpus. Outputs of
    articles that were in the previous run but are gone from raw are removed,
    and so are shard files of earlier runs.
    """
    clean_dir = Path(clean_dir)
    previous = read_jsonl(clean_dir / ARTICLE_RECORDS) if (clean_dir / ARTICLE_RECORDS).exists() else iter(())
    records = heapq.merge(*(read_jsonl(r) for r, _ in shard_files), key=lambda r: r["article"])
    changes = heapq.merge(*(read_lines(c) for _, c in shard_files), key=article_of)
    summary = {"articles": 0, "cleaned": 0, "unchanged": 0, "rejected": 0, "changes": {}, "warnings": 0,
               "removed_blocks": 0, "removed_outputs": [], "rejects": []}

    def counted(stream: Iterator[dict]) -> Iterator[dict]:
        for r in stream:
            r.pop("reuse", None)  # the shard's note for later runs, not part of the article's record
            summary["articles"] += 1
            summary[r["status"]] += 1
            if r["status"] == "rejected" and len(summary["rejects"]) < LISTED_REJECTS:
                summary["rejects"].append({"article": r["article"], "reason": r["reason"]})
            for kind, n in r.get("changes", {}).items():
                summary["changes"][kind] = summary["changes"].get(kind, 0) + n
            summary["warnings"] += r.get("warnings", 0)
            summary["removed_blocks"] += len(r.get("removed_blocks", []))
            yield r

    new_records = clean_dir / (ARTICLE_RECORDS + ".new")
    try:
        write_stream(new_records, counted(records))
        write_lines(clean_dir / CHANGE_LOG, changes)
        current = (r["article"] for r in read_jsonl(new_records))
        summary["removed_outputs"] = remove_gone_outputs(clean_dir, previous, current)
        os.replace(new_records, clean_dir / ARTICLE_RECORDS)
    finally:
        new_records.unlink(missing_ok=True)  # a failed merge never leaves a half-written log
    remove_stale_state(clean_dir, {p for pair in shard_files for p in pair} | set(state_files))
    summary["changes"] = dict(sorted(summary["changes"].items()))
    write_atomically(clean_dir / SUMMARY, json.dumps(summary, indent=2, ensure_ascii=False).encode() + b"\n")
    return summary


def remove_stale_state(clean_dir: Path, keep: set[Path]) -> None:
    """Remove the shard files and counts of earlier runs that this run no longer uses,
    and the temporary files of a run that was killed while writing."""
    keep = {p.resolve() for p in keep}
    for pattern in (f"{SHARDS_DIR}/*.jsonl", f"{KEYS_DIR}/*.keys", f"{STATE_DIR}/repeated-*.json", "**/.*.tmp"):
        for stale in clean_dir.glob(pattern):
            if stale.resolve() not in keep:
                stale.unlink()


def remove_gone_outputs(clean_dir: Path, previous: Iterator[dict], current: Iterator[str]) -> list[str]:
    """Remove clean outputs of articles of the previous run that this run no longer has."""
    gone, now = [], next(current, None)
    for record in previous:
        path = record["article"]
        while now is not None and now < path:
            now = next(current, None)
        if now != path:
            (clean_dir / path).unlink(missing_ok=True)
            gone.append(path)
    return gone


# `json.dumps(record, ensure_ascii=False)`: dumps makes a new encoder for each call given an option,
# which costs more than encoding a small record (a disguised article has a record for each word).
to_json = json.JSONEncoder(ensure_ascii=False).encode
RECORD_START = '{"article": '
JSON = json.JSONDecoder()


def article_of(line: str) -> str:
    """The `article` field every record starts with, read without parsing the rest of the line."""
    return JSON.raw_decode(line, len(RECORD_START))[0]


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
    write_lines(path, (to_json(r) + "\n" for r in records))


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
