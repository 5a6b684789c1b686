"""The records a run writes: one per article (`articles.jsonl`), one per change (`changes.jsonl`)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # the engine loads when an article is cleaned, not when a run only reads its records
    from ..engine import Result


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
        "removed_blocks": [c.before.strip("\n") for c in cleaned.changes
                           if c.kind == "boilerplate" and c.level == "change"],
    }


def change_records(path: str, result: Result) -> list[dict]:
    if result.cleaned is None:
        return []
    return [
        {"article": path, "stage": c.stage, "kind": c.kind, "level": c.level, "offset": c.offset,
         "before": c.before, "after": c.after, "reason": c.reason, **({"detail": c.detail} if c.detail else {})}
        for c in result.cleaned.changes
    ]


def log_lines(record: dict) -> int:
    """The lines an article has in the change log: one a change, one a warning (none for a rejected article)."""
    return sum(record.get("changes", {}).values()) + record.get("warnings", 0)


RECORD_START = '{"article": '
JSON = json.JSONDecoder()


def article_of(line: str) -> str:
    """The `article` field every record starts with, read without parsing the rest of the line."""
    return JSON.raw_decode(line, len(RECORD_START))[0]


def add_figures(figures: dict, result: Result) -> None:
    """Count an article's cleaning into `figures`: articles processed (cleaned or rejected) and, per stage,
    the changes, warnings and seconds.

    >>> from pipeline.engine import clean_bytes
    >>> figures = {"processed": 0, "stages": {}}
    >>> add_figures(figures, clean_bytes("Title\\n\\nIt cost Â£5 .".encode()))
    >>> figures["processed"], figures["stages"]["fix_mojibake"]["changes"]
    (1, 1)
    """
    figures["processed"] += 1
    if result.cleaned is not None:
        add_stage_figures(figures["stages"], result.cleaned.stage_figures())


def add_stage_figures(total: dict[str, dict], stages: dict[str, dict]) -> None:
    for stage, counts in stages.items():
        into = total.setdefault(stage, {"changes": 0, "warnings": 0, "seconds": 0.0})
        for name, value in counts.items():
            into[name] += value


def sum_figures(parts: Iterable[dict]) -> dict:
    """The figures of several shards as one; seconds rounded to the microsecond."""
    total: dict = {"processed": 0, "stages": {}}
    for part in parts:
        total["processed"] += part.get("processed", 0)
        add_stage_figures(total["stages"], part.get("stages", {}))
    for counts in total["stages"].values():
        counts["seconds"] = round(counts["seconds"], 6)
    return total
