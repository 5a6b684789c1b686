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

import hashlib
import heapq
import json
import os
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Iterator

from . import __version__
from .engine import Options, Result, clean_bytes

ARTICLES_PER_SHARD = 100
MAX_SHARDS = 1024  # Luigi's scheduler slows down with many tasks: at a million articles, ~1,000 a shard
STATE_DIR = "_state"
SHARDS_DIR = "_state/shards"
CHANGE_LOG = "changes.jsonl"
ARTICLE_RECORDS = "articles.jsonl"
SUMMARY = "summary.json"


@dataclass(frozen=True)
class RunConfig:
    ascii: bool = False
    max_bytes: int = 10_000_000

    def options(self) -> Options:
        return Options(ascii=self.ascii)


@dataclass(frozen=True)
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
        digest = hashlib.sha256(json.dumps([__version__, asdict(config), count, [asdict(f) for f in groups[index]]]).encode())
        plan.append((index, digest.hexdigest()[:16], [f.path for f in groups[index]]))
    return plan


def clean_article(raw_dir: Path, path: str, config: RunConfig) -> tuple[Result, bytes | None]:
    """Read one raw article and clean it; any reason not to is a rejection."""
    source = raw_dir / path
    try:
        if source.is_symlink() and not source.resolve().is_relative_to(raw_dir.resolve()):
            return Result(None, rejected="link pointing outside the raw folder: not followed"), None
        size = source.stat().st_size
        if size > config.max_bytes:
            return Result(None, rejected=f"file of {size} bytes is over the size limit of {config.max_bytes} bytes"), None
        data = source.read_bytes()
    except OSError as err:
        return Result(None, rejected=f"unreadable: {err.strerror or err}"), None
    return clean_bytes(data, config.options()), data


def shard_outputs(clean_dir: str | Path, shard: int, fingerprint: str) -> tuple[Path, Path]:
    """The shard's article records and change records."""
    stem = Path(clean_dir, SHARDS_DIR, f"{shard:04d}-{fingerprint}")
    return stem.with_name(stem.name + ".articles.jsonl"), stem.with_name(stem.name + ".changes.jsonl")


def run_marker(clean_dir: str | Path, fingerprints: list[str]) -> Path:
    """The file that says a run over exactly these shards is complete."""
    digest = hashlib.sha256(" ".join(fingerprints).encode()).hexdigest()[:16]
    return Path(clean_dir, STATE_DIR, f"run-{digest}.done")


def mark_run_complete(marker: Path) -> None:
    for old in marker.parent.glob("run-*.done"):
        old.unlink()
    write_atomically(marker, b"complete\n")


def clean_shard(raw_dir: str | Path, clean_dir: str | Path, shard: int, fingerprint: str, paths: list[str],
                config: RunConfig) -> None:
    """Clean a shard's articles: write each clean article, then the shard's changes and records.

    The records file is written last: it is the mark that the shard is done.
    """
    raw_dir, clean_dir = Path(raw_dir), Path(clean_dir)
    records_path, changes_path = shard_outputs(clean_dir, shard, fingerprint)
    records, changes = [], []
    for path in paths:
        result, data = clean_article(raw_dir, path, config)
        target = clean_dir / path
        if result.cleaned is None:
            target.unlink(missing_ok=True)  # an article rejected now must not keep an old output
        else:
            write_atomically(target, result.cleaned.text.encode("utf-8"))
        records.append(article_record(path, raw_dir, result, data))
        changes += change_records(path, result)
    write_atomically(changes_path, jsonl(changes))
    write_atomically(records_path, jsonl(records))


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


def merge_run(clean_dir: str | Path, shard_files: list[tuple[Path, Path]]) -> dict:
    """Merge the shards' records into the run's logs, sorted by article; drop what is stale.

    Streams everything: memory does not grow with the corpus. Outputs of
    articles that were in the previous run but are gone from raw are removed,
    and so are shard files of earlier runs.
    """
    clean_dir = Path(clean_dir)
    previous = read_jsonl(clean_dir / ARTICLE_RECORDS) if (clean_dir / ARTICLE_RECORDS).exists() else iter(())
    records = heapq.merge(*(read_jsonl(r) for r, _ in shard_files), key=lambda r: r["article"])
    changes = heapq.merge(*(read_jsonl(c) for _, c in shard_files), key=lambda c: c["article"])
    summary = {"articles": 0, "cleaned": 0, "unchanged": 0, "rejected": 0, "changes": {}, "warnings": 0,
               "removed_blocks": 0, "removed_outputs": [], "rejects": []}

    def counted(stream: Iterator[dict]) -> Iterator[dict]:
        for r in stream:
            summary["articles"] += 1
            summary[r["status"]] += 1
            if r["status"] == "rejected":
                summary["rejects"].append({"article": r["article"], "reason": r["reason"]})
            for kind, n in r.get("changes", {}).items():
                summary["changes"][kind] = summary["changes"].get(kind, 0) + n
            summary["warnings"] += r.get("warnings", 0)
            summary["removed_blocks"] += len(r.get("removed_blocks", []))
            yield r

    new_records = clean_dir / (ARTICLE_RECORDS + ".new")
    write_stream(new_records, counted(records))
    write_stream(clean_dir / CHANGE_LOG, changes)
    current = (r["article"] for r in read_jsonl(new_records))
    summary["removed_outputs"] = remove_gone_outputs(clean_dir, previous, current)
    os.replace(new_records, clean_dir / ARTICLE_RECORDS)
    keep = {p.name for pair in shard_files for p in pair}
    for stale in (clean_dir / SHARDS_DIR).glob("*.jsonl"):
        if stale.name not in keep:
            stale.unlink()
    summary["changes"] = dict(sorted(summary["changes"].items()))
    write_atomically(clean_dir / SUMMARY, json.dumps(summary, indent=2, ensure_ascii=False).encode() + b"\n")
    return summary


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


def read_jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def jsonl(records: Iterable[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records).encode("utf-8")


def write_stream(path: Path, records: Iterable[dict]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file and a rename: a killed run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
