"""Time the run report on a pathological article: megabytes on one line, with thousands of repairs.

    python bench/report.py [--mb 0.5 1] [--every 7] [--mojibake] [--repeat 3] [--keep DIR]

For each size, builds a raw folder with one article of that many megabytes
on one line, made of the BBC corpus's paragraphs (read from ../shared at run
time, never copied) with one letter of every --every-th word disguised by a
Cyrillic look-alike and a zero-width space in every 50th word; words with
other non-ASCII letters or an `&` are left out. With --mojibake, every `£`
is kept and mis-decoded as `Â£`: a fix by ftfy on one long line runs
difflib over the whole line, which takes most of an hour until issue 18
makes it linear. It cleans the folder once with CleanAll, then times `write_report`
--repeat times and prints the best time, the number of change records and
the size of the article's page. Two sizes show whether the cost grows
linearly.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import luigi

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import CleanAll  # noqa: E402
from pipeline.report import article_page, write_report  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
DISGUISE = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у"}
ARTICLE = "long.txt"


def long_line(size: int, every: int, mojibake: bool) -> str:
    """A headline, then one paragraph of about `size` characters: the corpus's sentences, damaged."""
    words, n = [], 0
    while n < size:
        for path in sorted(CORPUS.rglob("*.txt")):
            for word in path.read_text(encoding="utf-8").split():
                if "&" in word or not word.isascii() and not (mojibake and "£" in word):
                    continue  # left out: a fix by ftfy on one long line is slow until issue 18 makes its diff linear
                if len(words) % every == 0:
                    word = next((word.replace(c, d, 1) for c, d in DISGUISE.items() if c in word), word)
                if len(words) % 50 == 1:
                    word = word[:1] + "\u200b" + word[1:]
                words.append(word.replace("£", "Â£") if mojibake else word)
                n += len(word) + 1
                if n >= size:
                    return "A long article on one line\n\n" + " ".join(words) + "\n"
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[0.5, 1.0])
    parser.add_argument("--every", type=int, default=7)
    parser.add_argument("--mojibake", action="store_true", help="also mis-decode every £")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        for mb in args.mb:
            raw, clean = base / f"{mb}mb" / "raw", base / f"{mb}mb" / "clean"
            raw.mkdir(parents=True, exist_ok=True)
            (raw / ARTICLE).write_text(long_line(int(mb * 1_000_000), args.every, args.mojibake), encoding="utf-8")
            started = time.perf_counter()
            luigi.task_register.Register.clear_instance_cache()
            assert luigi.build([CleanAll(raw_dir=str(raw), clean_dir=str(clean), max_seconds=3600)],
                               local_scheduler=True)  # cleaning a pathological article is not what is timed here
            cleaning = time.perf_counter() - started
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                write_report(clean, raw)
                times.append(time.perf_counter() - started)
            records = sum(1 for _ in open(clean / "changes.jsonl", encoding="utf-8"))
            page = (clean / article_page(ARTICLE)).stat().st_size
            print(f"{mb:g} MB on one line: {records:,} records; CleanAll {cleaning:.1f} s (cleaning and report); "
                  f"report alone best {min(times):.2f} s of {args.repeat}; article page {page / 1000:,.0f} kB")
    finally:
        if not args.keep:
            shutil.rmtree(base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
