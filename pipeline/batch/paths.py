"""Where a run keeps its files in the clean folder, besides the clean articles.

Shard outputs, block keys and repeated-block counts are named by what they
were computed from, so that a file with the right name is a file with the
right content; a later run finds an earlier run's file of a shard by its name.
"""
from __future__ import annotations

from pathlib import Path


STATE_DIR = "_state"
SHARDS_DIR = "_state/shards"
KEYS_DIR = "_state/keys"
CHANGE_LOG = "changes.jsonl"
ARTICLE_RECORDS = "articles.jsonl"
SUMMARY = "summary.json"
CORPUS = "corpus.jsonl"  # the clean corpus in one file, with --export-jsonl
OUTPUTS = "_state/outputs"  # each clean article of the last complete run, with the identity it was written with


def shard_outputs(clean_dir: str | Path, shard: int, fingerprint: str, repeated_digest: str) -> tuple[Path, Path]:
    """The shard's article records and change records, named by its inputs and the repeated blocks it removed."""
    stem = Path(clean_dir, SHARDS_DIR, f"{shard:04d}-{fingerprint}-{repeated_digest}")
    return stem.with_name(stem.name + ".articles.jsonl"), stem.with_name(stem.name + ".changes.jsonl")


def keys_output(clean_dir: str | Path, shard: int, settings: str, fingerprint: str) -> Path:
    return Path(clean_dir, KEYS_DIR, f"{shard:04d}-{settings}-{fingerprint}.keys")


def repeated_output(clean_dir: str | Path, digest: str) -> Path:
    return Path(clean_dir, STATE_DIR, f"repeated-{digest}.json")


def run_marker(clean_dir: str | Path, digest: str) -> Path:
    """The file that says a run is complete."""
    return Path(clean_dir, STATE_DIR, f"run-{digest}.done")


def newest_earlier(output: Path, pattern: str) -> Path | None:
    """The newest file beside `output` that matches `pattern`, other than `output`: what an earlier run of its shard left."""
    earlier = [p for p in output.parent.glob(pattern) if p != output]
    return max(earlier, key=lambda p: p.stat().st_mtime_ns, default=None)
