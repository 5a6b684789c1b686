"""Cost of pathological articles at one and two sizes: does cleaning grow linearly?

    python bench/pathological.py [--size 1000000] [--only NAME] [--no-run]

Builds each article from the BBC corpus (../shared/corpus/bbc, read at run
time) at `--size` characters and at twice that, cleans it with the engine
(`clean_text`, in this process) and with `CleanAll --workers 1` (a folder
holding that one article, in a process of its own), and prints the seconds
of each. Articles:

- one line: the corpus's text on one line, no line break;
- short lines: lines of about ten characters (100,000 of them at 1 MB);
- disguised: paragraphs whose letters are all swapped for Cyrillic look-alikes;
- repairs: one line with a repair every ~40 characters (25,000 at 1 MB), each
  a pound sign or an apostrophe mis-decoded as Windows-1252 or a word with a
  Cyrillic look-alike in it.

Exits non-zero when twice the size costs more than LINEAR_LIMIT times the
time: the cost of each article must grow linearly with its length. The
engine's time is CPU time (`time.process_time`), so that other work on a
shared machine does not count; the run's is wall time, best of `--repeat`.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
sys.path.insert(0, str(ROOT))

from pipeline import engine  # noqa: E402

LINEAR_LIMIT = 2.5  # twice the size may cost this many times the time: linear, with room for the machine's noise
CYRILLIC = str.maketrans("aceopxyiABCEHKMOPTX", "асеорхуіАВСЕНКМОРТХ")


def corpus_words() -> list[str]:
    return " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.txt"))).split()


def words_to(size: int, words: list[str], start: int = 0) -> str:
    """The corpus's words from `start` on, around as many as fill `size` characters, on one line."""
    out, length, i = [], 0, start
    while length < size:
        word = words[i % len(words)]
        out.append(word)
        length += len(word) + 1
        i += 1
    return " ".join(out)


def one_line(size: int, words: list[str]) -> str:
    return words_to(size, words) + "\n"


def short_lines(size: int, words: list[str]) -> str:
    text = words_to(size, words)
    return "\n".join(text[i:i + 10] for i in range(0, len(text), 10)) + "\n"


def disguised(size: int, words: list[str]) -> str:
    paragraphs = [words_to(600, words, start) for start in range(0, size // 6, 100)]
    return "\n\n".join(paragraphs).translate(CYRILLIC)[:size] + "\n"


def repairs(size: int, words: list[str]) -> str:
    """One line; every ~40 characters a pound sign, an apostrophe (both mis-decoded) or a disguised word."""
    rng = random.Random(size)
    out = []
    for n, word in enumerate(words_to(size, words).split(" ")):
        if n % 7 == 3:
            word = rng.choice(["Â£", "itâ€™s", word.translate(CYRILLIC) if len(word) > 3 else word + "â€™s"])
            if word == "Â£":
                word += str(rng.randint(1, 99)) + "m"
        out.append(word)
    return " ".join(out) + "\n"


ARTICLES: dict[str, Callable[[int, list[str]], str]] = {
    "one line": one_line, "short lines": short_lines, "disguised": disguised, "repairs": repairs}


def engine_seconds(text: str) -> tuple[float, int]:
    """CPU seconds to clean `text`, and the number of changes made."""
    start = time.process_time()
    cleaned = engine.clean_text(text)
    return time.process_time() - start, sum(c.level == "change" for c in cleaned.changes)


def run_seconds(text: str, repeat: int, timeout: float) -> float:
    """Wall seconds of `CleanAll --workers 1` over a folder holding `text` alone, best of `repeat`;
    infinite when a run takes longer than `timeout`."""
    luigi = Path(sys.executable).with_name("luigi")
    best = float("inf")
    with tempfile.TemporaryDirectory(dir=ROOT / "bench") as work:
        (Path(work) / "raw").mkdir()
        (Path(work) / "raw" / "article.txt").write_text(text, encoding="utf-8")
        for n in range(repeat):
            os.sync()
            start = time.perf_counter()
            try:
                subprocess.run([str(luigi), "--module", "pipeline", "CleanAll", "--raw-dir", f"{work}/raw",
                                "--clean-dir", f"{work}/clean-{n}", "--workers", "1", "--max-seconds", "600",
                                "--max-bytes", "100000000"], check=True, capture_output=True, cwd=ROOT, timeout=timeout)
            except subprocess.TimeoutExpired:
                return float("inf")
            best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of the smaller article")
    parser.add_argument("--only", choices=sorted(ARTICLES), action="append")
    parser.add_argument("--repeat", type=int, default=1, help="runs of CleanAll per article, best taken")
    parser.add_argument("--no-run", action="store_true", help="time the engine only, not CleanAll")
    parser.add_argument("--run-timeout", type=float, default=300, help="seconds after which a CleanAll run is stopped")
    args = parser.parse_args()
    engine.load_resources()
    words = corpus_words()
    # Both sizes are made of the words that fill the smaller one (the larger goes through them twice), so that
    # they carry the same damage per character: words met only further into the corpus (an HTML reference that
    # short lines split, which the stages' second round then repairs) would time the content, not the size.
    material = words[:len(words_to(args.size, words).split(" "))]
    print(f"{'article':12s} {'chars':>9s} {'changes':>8s} {'engine s':>9s} {'x':>5s} {'CleanAll s':>11s} {'x':>5s}")
    failed = []
    for name in args.only or ARTICLES:
        first: tuple[float, float] | None = None
        engine_seconds(ARTICLES[name](10_000, words))  # first uses fill caches and compile patterns: not timed
        for size in (args.size, 2 * args.size):
            text = ARTICLES[name](size, material)
            seconds, changes = engine_seconds(text)
            run = float("nan") if args.no_run else run_seconds(text, args.repeat, args.run_timeout)
            growth = "" if first is None else f"{seconds / first[0]:5.2f}"
            run_growth = "" if first is None or args.no_run else f"{run / first[1]:5.2f}"
            print(f"{name:12s} {len(text):9,d} {changes:8,d} {seconds:9.2f} {growth:>5s} {run:11.2f} {run_growth:>5s}",
                  flush=True)
            if first is not None and max(seconds / first[0], 0 if args.no_run else run / first[1]) > LINEAR_LIMIT:
                failed.append(name)
            first = first or (seconds, run)
    if failed:
        print(f"not linear (twice the size cost more than {LINEAR_LIMIT}x the time): {', '.join(failed)}")
        sys.exit(1)
    print(f"linear: twice the size cost at most {LINEAR_LIMIT}x the time")


if __name__ == "__main__":
    main()
