"""Ending a run: merging the shards' records into the run's logs, removing what is stale, marking it done."""
from __future__ import annotations

import heapq
import json
import os
import time
from pathlib import Path
from typing import Iterator

from .atomic import read_jsonl, read_lines, write_atomically, write_lines, write_stream
from .paths import ARTICLE_RECORDS, CHANGE_LOG, CORPUS, KEYS_DIR, SHARDS_DIR, STATE_DIR, SUMMARY
from .records import article_of


LISTED_REJECTS = 200  # rejects the summary names; articles.jsonl has every one, with its reason


def merge_run(clean_dir: str | Path, shard_files: list[tuple[Path, Path]], state_files: list[Path],
              about: dict | None = None, started: float | None = None, figures: dict | None = None,
              export_jsonl: bool = False) -> dict:
    """Merge the shards' records into the run's logs, sorted by article; drop what is stale; write the summary.

    Streams everything: memory does not grow with the corpus. Outputs of
    articles that were in the previous run but are gone from raw are removed,
    and so are shard files of earlier runs. The summary starts with `about`
    (version, options, ...) and the run's duration since `started`, and ends
    with the `figures` of the work done (`records.sum_figures`); with
    `export_jsonl` the clean corpus is also written as one JSON Lines file.
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
    write_atomically(clean_dir / SUMMARY, json.dumps(summary, indent=2, ensure_ascii=False).encode() + b"\n")
    return summary


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


def mark_run_complete(marker: Path) -> None:
    for old in marker.parent.glob("run-*"):
        old.unlink()
    write_atomically(marker, b"complete\n")
