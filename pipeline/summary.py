"""The run summary, for a person at a terminal.

    python -m pipeline.summary [CLEAN_DIR]    # the summary of a finished run
"""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from .batch.paths import ARTICLE_RECORDS, CHANGE_LOG, SUMMARY

PRINTED_REJECTS = 20


def format_summary(summary: dict, clean_dir: str | Path | None = None, report: Path | None = None,
                   elapsed: float | None = None) -> str:
    """A plain-text table: articles by status, then changes by kind, then rejects; then how long the run took
    and where its logs are.

    >>> print(format_summary({"articles": 2, "cleaned": 1, "unchanged": 1, "rejected": 0, "warnings": 0,
    ...                       "removed_blocks": 0, "removed_outputs": [], "changes": {"mojibake": 1}, "rejects": [],
    ...                       "version": "0.2.0", "started": "2026-01-01T00:00:00+00:00", "duration_seconds": 1.5},
    ...                      "clean", elapsed=2.25))
    <BLANKLINE>
    newsclean run summary
    ========================================
    articles                               2
    cleaned                                1
    unchanged                              1
    rejected                               0
    warnings                               0
    boilerplate blocks removed             0
    ----------------------------------------
    changes by kind                    count
      mojibake                             1
    ----------------------------------------
    newsclean 0.2.0, started 2026-01-01T00:00:00+00:00, took 2.2 s
    logs: clean/changes.jsonl (every change), clean/articles.jsonl (every article), clean/summary.json
    <BLANKLINE>
    """
    lines = ["", "newsclean run summary", "=" * 40]
    for status in ("articles", "cleaned", "unchanged", "rejected"):
        lines.append(f"{status:<28}{summary[status]:>12,}")
    lines.append(f"{'warnings':<28}{summary['warnings']:>12,}")
    lines.append(f"{'boilerplate blocks removed':<28}{summary['removed_blocks']:>12,}")
    if summary["removed_outputs"]:
        lines.append(f"{'outputs of deleted articles':<28}{len(summary['removed_outputs']):>12,}")
    lines += ["-" * 40, f"{'changes by kind':<28}{'count':>12}"]
    for kind, n in summary["changes"].items():
        lines.append(f"  {kind:<26}{n:>12,}")
    if summary["rejects"]:
        lines += ["-" * 40, "rejected"]
        rejects = summary["rejects"][:PRINTED_REJECTS]
        lines += [f"  {printable(r['article'])}: {printable(r['reason'])}" for r in rejects]
        if summary["rejected"] > PRINTED_REJECTS:
            lines.append(f"  ... and {summary['rejected'] - PRINTED_REJECTS:,} more: see {ARTICLE_RECORDS}")
    if "version" in summary:  # a summary written before runs recorded themselves has none of this
        seconds = summary["duration_seconds"] if elapsed is None else elapsed
        lines += ["-" * 40, f"newsclean {summary['version']}, started {summary['started']}, took {seconds:,.1f} s"]
    if clean_dir is not None:
        folder = Path(clean_dir)
        lines.append(f"logs: {folder / CHANGE_LOG} (every change), {folder / ARTICLE_RECORDS} (every article), "
                     f"{folder / SUMMARY}")
    if report is not None:
        lines.append(f"report: {report}")
    return "\n".join(lines) + "\n"


def printable(text: str) -> str:
    r"""`text` safe for a terminal: control characters (an escape sequence in a file name) and bytes that
    are not UTF-8 (held as surrogate escapes) are shown as Python escapes, never sent raw.

    >>> printable("\x1b[31mred.txt"), printable("caf\udce9.txt")
    ('\\x1b[31mred.txt', 'caf\\xe9.txt')
    """
    return "".join(escaped(c) if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def escaped(char: str) -> str:
    code = ord(char) - 0xDC00 if 0xDC80 <= ord(char) <= 0xDCFF else ord(char)  # surrogate escape: the byte it holds
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "clean") / SUMMARY
    if not path.exists():
        print(f"no finished run in {path.parent}: {path.name} is missing", file=sys.stderr)
        return 1
    print(format_summary(json.loads(path.read_text(encoding="utf-8")), path.parent), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
