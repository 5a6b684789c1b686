"""Ending a run: merging the shards' records into the run's logs, removing what is stale, marking it done."""
from __future__ import annotations

import heapq
import itertools
import json
import os
import stat
import time
from pathlib import Path
from typing import Iterator

from .atomic import (AtomicLines, RunError, json_bytes, output_identity, read_jsonl, read_lines,
                     remove_orphaned_temporaries, remove_output, temporary_name, warn, write_atomically, write_stream)
from .paths import ARTICLE_RECORDS, CHANGE_LOG, CORPUS, KEYS_DIR, OUTPUTS, SHARDS_DIR, STATE_DIR, SUMMARY
from .records import article_of, log_lines


LISTED_REJECTS = 200  # rejects the summary names; articles.jsonl has every one, with its reason


def merge_run(clean_dir: str | Path, shard_files: list[tuple[Path, Path]], state_files: list[Path],
              about: dict | None = None, started: float | None = None, figures: dict | None = None,
              export_jsonl: bool = False) -> dict:
    """Merge the shards' records into the run's logs, sorted by article; drop what is stale; write the summary.

    Streams everything: memory does not grow with the corpus. Outputs of
    articles that were in the previous run but are gone from raw are removed
    (their report pages go with the report's, see `report.remove_stale_pages`),
    and so are shard files of earlier runs. The list of the clean files and the
    identity each was written with (`_state/outputs`) is what a later run
    checks to know that the run's output is still whole. The summary starts
    with `about` (version, options, ...) and the run's duration since
    `started`, and ends with the `figures` of the work done
    (`records.sum_figures`); with `export_jsonl` the clean corpus is also
    written as one JSON Lines file.
    """
    clean_dir = Path(clean_dir)
    previous = earlier_records(clean_dir / ARTICLE_RECORDS)
    numbered = (zip(itertools.repeat(shard), read_jsonl(path)) for shard, (path, _) in enumerate(shard_files))
    records = heapq.merge(*numbered, key=lambda shard_record: shard_record[1]["article"])  # each with its shard
    shard_changes = [read_lines(path) for _, path in shard_files]
    summary = {"articles": 0, "cleaned": 0, "unchanged": 0, "rejected": 0, "changes": {}, "warnings": 0,
               "removed_blocks": 0, "removed_outputs": [], "rejects": []}

    def counted(stream: Iterator[tuple[int, dict]]) -> Iterator[dict]:
        for shard, r in stream:
            changes.write(article_lines(shard_changes[shard], r, shard_files[shard][1]))
            reuse = r.pop("reuse", None)  # the shard's note for later runs, not part of the article's record
            if reuse and reuse.get("output"):
                outputs.write(" ".join(map(str, reuse["output"])) + f" {json.dumps(r['article'])}\n")
            summary["articles"] += 1
            summary[r["status"]] += 1
            if r["status"] == "rejected" and len(summary["rejects"]) < LISTED_REJECTS:
                summary["rejects"].append({"article": r["article"], "reason": r["reason"]})
            for kind, n in r.get("changes", {}).items():
                summary["changes"][kind] = summary["changes"].get(kind, 0) + n
            summary["warnings"] += r.get("warnings", 0)
            summary["removed_blocks"] += len(r.get("removed_blocks", []))
            yield r

    new_records = temporary_name(clean_dir / f"{ARTICLE_RECORDS}.merged")  # an identical run may be merging too
    try:
        with AtomicLines(clean_dir / OUTPUTS) as outputs, AtomicLines(clean_dir / CHANGE_LOG) as changes:
            write_stream(new_records, counted(records))
            outputs.commit()
            changes.commit()
        current = (r["article"] for r in read_jsonl(new_records))
        summary["removed_outputs"] = remove_gone_outputs(clean_dir, previous, current)
        if export_jsonl:
            write_stream(clean_dir / CORPUS, corpus_records(clean_dir, read_jsonl(new_records)))
        else:
            (clean_dir / CORPUS).unlink(missing_ok=True)  # an export of an earlier run would not match this one
        os.replace(new_records, clean_dir / ARTICLE_RECORDS)
    finally:
        new_records.unlink(missing_ok=True)  # a failed merge never leaves a half-written log
    remove_stale_state(clean_dir, {p for pair in shard_files for p in pair} | set(state_files))
    summary["changes"] = dict(sorted(summary["changes"].items()))
    if started is not None:
        summary = {**(about or {}), "duration_seconds": round(time.time() - started, 3), **summary}
    if figures is not None:
        summary |= {"processed": figures["processed"], "stages": figures["stages"]}
    write_atomically(clean_dir / SUMMARY, json_bytes(summary))
    return summary


def article_lines(change_lines: Iterator[str], record: dict, path: Path) -> str:
    """The next lines of a shard's change log: those of the article of `record`, as many as it counts.

    A shard writes an article's record and its change lines in the same
    order, so the merge takes them by count and reads no line's JSON, only
    the article of the first and the last, to be sure.
    """
    count = log_lines(record)
    lines = list(itertools.islice(change_lines, count))
    if len(lines) != count or lines and not article_of(lines[0]) == article_of(lines[-1]) == record["article"]:
        raise RunError(f"{path} does not match its shard's records at {record['article']!r}; "
                       "remove it, and the next run cleans its shard again")
    return "".join(lines)


def corpus_records(clean_dir: Path, records: Iterator[dict]) -> Iterator[dict]:
    """The clean corpus, one article a record, for a downstream reader (an indexer, a training job).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Title\\n\\nBody.\\n")
    >>> records = [{"article": "a.txt", "status": "unchanged", "language": "en", "headline": "Title", "dateline": None},
    ...            {"article": "b.txt", "status": "rejected"}]
    >>> [(line["path"], line["text"], line["status"]) for line in corpus_records(folder, iter(records))]
    [('a.txt', 'Title\\n\\nBody.\\n', 'unchanged')]
    """
    for record in records:
        if record["status"] != "rejected":  # no clean text
            yield {"path": record["article"], "text": (clean_dir / record["article"]).read_text(encoding="utf-8"),
                   **{field: record[field] for field in ("language", "headline", "dateline", "status")}}


def earlier_records(path: Path) -> Iterator[dict]:
    """The previous run's article records, as far as they can be read (one warning line if not all)."""
    if not path.exists():
        return
    try:
        for record in read_jsonl(path):
            yield {"article": record["article"] + ""}
    except (OSError, ValueError, KeyError, TypeError) as err:
        warn(f"{path} is unreadable ({type(err).__name__}); outputs of articles gone from raw since may stay")


def remove_stale_state(clean_dir: Path, keep: set[Path]) -> None:
    """Remove the shard files and counts of earlier runs that this run no longer uses,
    and the temporary files of processes that were killed while writing."""
    keep = {p.resolve() for p in keep}
    for pattern in (f"{SHARDS_DIR}/*.jsonl", f"{KEYS_DIR}/*.keys", f"{STATE_DIR}/repeated-*.json"):
        for stale in clean_dir.glob(pattern):
            if stale.resolve() not in keep:
                stale.unlink(missing_ok=True)
    remove_orphaned_temporaries(clean_dir)


def remove_gone_outputs(clean_dir: Path, previous: Iterator[dict], current: Iterator[str]) -> list[str]:
    """Remove clean outputs of articles of the previous run that this run no longer has."""
    gone, now = [], next(current, None)
    for record in previous:
        path = record["article"]
        while now is not None and now < path:
            now = next(current, None)
        if now != path:
            remove_output(clean_dir, clean_dir / path)
            gone.append(path)
    return gone


RUN_FILES = (OUTPUTS, ARTICLE_RECORDS, CHANGE_LOG, SUMMARY, CORPUS)  # the export: there only with --export-jsonl


def mark_run_complete(marker: Path, also: tuple[str, ...] = ()) -> None:
    """Mark the run done: the marker holds the identity of each of the run's files (and of those
    named in `also`, such as the report); `_state/outputs` that of each clean article."""
    clean_dir = marker.parent.parent
    for old in marker.parent.glob("run-*"):
        old.unlink(missing_ok=True)  # an identical run may be ending too
    files = {name: output_identity(clean_dir / name) for name in (*RUN_FILES, *also)}
    write_atomically(marker, json_bytes(files))


def invalidate_run_markers(clean_dir: str | Path) -> None:
    """A run that has work to do removes the mark of the last complete run before it writes anything:
    a run stopped half-way is never taken for done."""
    for old in Path(clean_dir, STATE_DIR).glob("run-*.done"):
        old.unlink(missing_ok=True)


def written_as(path: str, written: list[str]) -> bool:
    """Whether the regular file at `path` has the size, modification time and inode it was written with."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    return stat.S_ISREG(st.st_mode) and [str(st.st_size), str(st.st_mtime_ns), str(st.st_ino)] == written


def run_complete(marker: Path) -> bool:
    """Whether the run the marker names is done and its output still whole: every file of the run and
    every clean article as it was written (one `lstat` each). An unreadable marker: not done, one warning."""
    if not marker.exists():
        return False
    clean_dir = marker.parent.parent
    try:
        files = json.loads(marker.read_bytes())
        if any(output_identity(clean_dir / name) != written for name, written in files.items()):
            return False
        root = os.path.join(clean_dir, "")  # strings, not `Path`s: a million of them on a run with nothing to do
        for line in read_lines(clean_dir / OUTPUTS):
            size, mtime, inode, path = line.split(" ", 3)
            if not written_as(root + json.loads(path), [size, mtime, inode]):
                return False
    except (OSError, ValueError, AttributeError) as err:
        warn(f"{marker} is unreadable ({type(err).__name__}); the run is done again")
        return False
    return True
