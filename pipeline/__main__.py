"""Clean one article: `python -m pipeline FILE` (or `-` / nothing for standard input).

Prints the clean text; `--changes` prints the change log (JSON Lines) after it,
on standard error, so that the text on standard output stays clean. `--diff`
prints, instead of the text, each change in the text its stage was given:
removed text red, inserted text green, warnings yellow (plain `[-old-]{+new+}`
when the output is no terminal or NO_COLOR is set, as https://no-color.org asks).

Exit status: 0 cleaned, 1 rejected (the reason on standard error), 2 a bad
command line or an unreadable file.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from .batch.records import change_records
from .diff import render_diff
from .engine import Options, clean_bytes
from .stages.decoding import decode_article

USAGE = "python -m pipeline [FILE] [--changes] [--diff] [--ascii]"


class OneLineErrors(argparse.ArgumentParser):
    """A bad command line is one line with the accepted form, not argparse's usage block."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message}; usage: {USAGE}\n")


def main(argv: list[str] | None = None) -> int:
    parser = OneLineErrors(prog="python -m pipeline", description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("file", nargs="?", default="-", help="the raw article; - or nothing reads standard input")
    parser.add_argument("--changes", action="store_true", help="print the change log to standard error")
    parser.add_argument("--diff", action="store_true", help="print each change in its context instead of the text")
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
    if args.diff:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        for line in render_diff(decode_article(data).text, result.cleaned.changes, colour):
            print(line)
    else:
        sys.stdout.buffer.write(result.cleaned.text.encode("utf-8"))
    if args.changes:
        for record in change_records(args.file, result):
            print(json.dumps(record, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
