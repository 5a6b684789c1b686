"""The records a run writes: one per article (`articles.jsonl`), one per change (`changes.jsonl`)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

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


RECORD_START = '{"article": '
JSON = json.JSONDecoder()


def article_of(line: str) -> str:
    """The `article` field every record starts with, read without parsing the rest of the line."""
    return JSON.raw_decode(line, len(RECORD_START))[0]
