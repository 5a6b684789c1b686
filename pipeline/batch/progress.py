"""What a run's shards have done: whether a shard's outputs are whole, and the run's progress and figures.

None of it needs the engine: Luigi checks shards and a finished run counts
its figures without loading it (see `tasks/clean.py`).
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Iterator

from .atomic import output_identity, read_jsonl, warn
from .paths import STATE_DIR
from .records import log_lines, sum_figures

STATE_ERRORS = (OSError, ValueError, KeyError, IndexError, TypeError)  # what a damaged file of state can raise


def shard_complete(records_path: Path, changes_path: Path, clean_dir: str | Path, paths: list[str]) -> bool:
    """Whether a shard's outputs are all there as it wrote them: a record for each of its articles,
    their change lines, and each clean file with the identity it was written with.

    A file of the shard's that cannot be read is one warning line, and the
    shard runs again.
    """
    if not (records_path.exists() and changes_path.exists()):
        return False
    clean_dir, articles, expected_changes = Path(clean_dir), [], 0
    try:
        for record in read_jsonl(records_path):
            articles.append(record["article"])
            if record["status"] != "rejected":
                if output_identity(clean_dir / record["article"]) != record["reuse"]["output"]:
                    return False  # deleted, edited or rewritten since: cleaned again
                expected_changes += log_lines(record)
        with open(changes_path, "rb") as changes:
            complete = articles == list(paths) and sum(1 for _ in changes) == expected_changes
    except STATE_ERRORS as err:
        warn(f"{records_path} is unreadable ({type(err).__name__}); its shard runs again")
        return False
    if not complete:
        warn(f"{records_path} does not match its shard; its shard runs again")
    return complete


def record_progress(clean_dir: str | Path, digest: str, articles: int, total: int, started: float,
                    figures: dict | None = None) -> str:
    """Count a finished shard's articles and figures towards the run, and say how far the run is.

    Shards finish in separate processes, perhaps on separate hosts: each adds
    a line to a file of the run's (one small append is atomic).

    >>> import tempfile, time
    >>> record_progress(tempfile.mkdtemp(), "d", 250, 1000, time.time() - 5)
    '[#####...............]    250 / 1,000 articles   50 a/s   ~15 s left'
    """
    path = progress_file(clean_dir, digest, started)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as log:
        log.write(json.dumps({"articles": articles, **(figures or {})}) + "\n")
    done = sum(line["articles"] for line in progress_lines(path))
    rate = done / max(time.time() - started, 1e-3)
    bar = "#" * round(20 * done / total)
    return f"[{bar:.<20}] {done:>6,} / {total:,} articles {rate:>4,.0f} a/s   ~{(total - done) / rate:,.0f} s left"


def progress_file(clean_dir: str | Path, digest: str, started: float) -> Path:
    return Path(clean_dir, STATE_DIR, f"run-{digest}-{started:.0f}.progress")  # a restarted run counts afresh


def run_figures(clean_dir: str | Path, digest: str, started: float) -> dict:
    """The figures of the work this run's shards did (see `records.add_figures`); zero when none ran."""
    path = progress_file(clean_dir, digest, started)
    return sum_figures(progress_lines(path) if path.exists() else ())


def progress_lines(path: Path) -> Iterator[dict]:
    """The lines the finished shards added to a progress file; a damaged line counts for nothing."""
    with open(path, "rb") as lines:
        for line in lines:
            try:
                part = json.loads(line)
            except ValueError:
                continue
            if isinstance(part, dict) and isinstance(part.get("articles"), int):
                yield part
