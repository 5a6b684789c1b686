"""Clean one article: `python -m pipeline FILE` (or `-` / nothing for standard input).

Prints the clean text; `--changes` prints the change log (JSON Lines) after it,
on standard error, so that the text on standard output stays clean.
"""
from __future__ import annotations

import argparse
import json
import sys

from .batch.records import change_records
from .engine import Options, clean_bytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default="-", help="the raw article; - or nothing reads standard input")
    parser.add_argument("--changes", action="store_true", help="print the change log to standard error")
    parser.add_argument("--ascii", action="store_true", help="add the ASCII rendition after every repair")
    args = parser.parse_args(argv)
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else open(args.file, "rb").read()
    except OSError as err:
        print(f"{args.file}: {err.strerror}", file=sys.stderr)
        return 2
    result = clean_bytes(data, Options(ascii=args.ascii))
    if result.cleaned is None:
        print(f"{args.file}: rejected: {result.rejected}", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(result.cleaned.text.encode("utf-8"))
    if args.changes:
        for record in change_records(args.file, result):
            print(json.dumps(record, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
