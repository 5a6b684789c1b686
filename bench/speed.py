"""End-to-end speed of CleanAll against a single-process ftfy + langdetect baseline.

    python bench/speed.py [--n 5000] [--workers 2] [--keep DIR]

Builds a corpus of N articles from ../shared/corpus/bbc with damage applied
(bench/damage.py), then, in one run and on the same files:

- baseline: one process that reads each file and calls `ftfy.fix_text` and
  `langdetect.detect` on it, nothing else;
- CleanAll with --workers N (the real command, local scheduler);
- CleanAll again over the unchanged folder (the no-op re-run);

and prints articles per second, the ratio to the baseline, and the peak
resident memory of the run's largest process.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ftfy
from langdetect import DetectorFactory, detect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from damage import DAMAGE, build  # noqa: E402


def baseline(raw: Path) -> float:
    """Seconds for the single-process ftfy + langdetect pass."""
    DetectorFactory.seed = 0
    start = time.perf_counter()
    for path in sorted(raw.rglob("*.txt")):
        text = ftfy.fix_text(path.read_bytes().decode("utf-8", errors="replace"))
        try:
            detect(text)
        except Exception:  # langdetect raises on text with no letters; the baseline moves on
            pass
    return time.perf_counter() - start


def clean_all(raw: Path, clean: Path, workers: int) -> float:
    luigi = Path(sys.executable).with_name("luigi")
    start = time.perf_counter()
    subprocess.run([str(luigi), "--module", "pipeline", "CleanAll", "--raw-dir", str(raw), "--clean-dir", str(clean),
                    "--workers", str(workers)], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    # On the project's disk: this machine's /tmp creates files ~20x slower than its main disk.
    work = args.keep or Path(tempfile.mkdtemp(prefix="speed-", dir=ROOT / "bench"))
    try:
        build(work, args.n, args.seed, sorted(DAMAGE))
        raw, clean = work / "raw", work / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        first = clean_all(raw, clean, args.workers)
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        again = clean_all(raw, clean, args.workers)
        base = baseline(raw)
        print(f"corpus: {args.n} damaged articles from ../shared/corpus/bbc (seed {args.seed})")
        print(f"{'run':44s} {'seconds':>8s} {'articles/s':>11s}")
        print(f"{'baseline: ftfy.fix_text + langdetect, 1 process':44s} {base:8.2f} {args.n / base:11.0f}")
        print(f"{f'CleanAll --workers {args.workers}':44s} {first:8.2f} {args.n / first:11.0f}")
        print(f"{'CleanAll again, nothing changed':44s} {again:8.2f}")
        print(f"speed-up over the baseline: {base / first:.2f}x   ({args.n / first / args.workers:.0f} articles/s per worker)")
        print(f"no-op re-run: {again / first:.1%} of the first run")
        print(f"peak resident memory of the largest process: {peak_mib:.0f} MiB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
