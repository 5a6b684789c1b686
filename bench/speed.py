"""End-to-end speed of CleanAll against a single-process ftfy + langdetect baseline.

    python bench/speed.py [--n 5000] [--workers 2] [--repeat 3] [--keep DIR]

Builds a corpus of N articles from ../shared/corpus/bbc with damage applied
(bench/damage.py), then, on the same files, --repeat times in turn:

- CleanAll with --workers N into an empty clean folder (the real command,
  local scheduler);
- CleanAll again over the unchanged folder (the no-op re-run);
- baseline: one process that reads each file and calls `ftfy.fix_text` and
  `langdetect.detect` on it, nothing else.

It prints the best and the median time of each, articles per second, the
ratio to the baseline, the least CPU time of each (all its processes: the
machine's other work changes it little), and the peak resident memory of the
largest process.
The best time is the one to compare, as `timeit` advises: on a shared
machine the slower runs measure its other work. The disk is flushed before
each timed run, so that no run pays for writing out another's files, and
each repeat cleans into a new folder: nothing is deleted until the end. On
this machine's disk (ext4, online discard), creating a file just after as
many were deleted costs ~1 ms instead of ~0.05 ms, which would charge the
benchmark's own clean-up to the run after it.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
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

CHARACTER_DAMAGE = {"homoglyph", "mojibake", "invisible", "foreign", "quoted_foreign"}  # foreign: world text


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def baseline(raw: Path) -> float:
    """Seconds for the single-process ftfy + langdetect pass."""
    DetectorFactory.seed = 0
    os.sync()
    cpu_before = time.process_time()
    start = time.perf_counter()
    for path in sorted(raw.rglob("*.txt")):
        text = ftfy.fix_text(path.read_bytes().decode("utf-8", errors="replace"))
        try:
            detect(text)
        except Exception:  # langdetect raises on text with no letters; the baseline moves on
            pass
    CPU_SECONDS["baseline"].append(time.process_time() - cpu_before)
    return time.perf_counter() - start


def clean_all(raw: Path, clean: Path, workers: int, run: str) -> float:
    luigi = Path(sys.executable).with_name("luigi")
    os.sync()
    cpu_before = children_cpu()
    start = time.perf_counter()
    subprocess.run([str(luigi), "--module", "pipeline", "CleanAll", "--raw-dir", str(raw), "--clean-dir", str(clean),
                    "--workers", str(workers)], check=True, capture_output=True, cwd=ROOT)
    CPU_SECONDS[run].append(children_cpu() - cpu_before)
    return time.perf_counter() - start


# CPU seconds of each run, all its processes: what the machine's other work does not change much.
CPU_SECONDS: dict[str, list[float]] = {"first": [], "again": [], "baseline": []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="times to run each, in turn")
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    # On the project's disk: this machine's /tmp creates files ~20x slower than its main disk.
    work = args.keep or Path(tempfile.mkdtemp(prefix="speed-", dir=ROOT / "bench"))
    try:
        build(work, args.n, args.seed, sorted(DAMAGE))
        raw = work / "raw"
        times: dict[str, list[float]] = {"first": [], "again": [], "baseline": []}
        for repeat in range(args.repeat):
            clean = work / f"clean-{repeat}"
            shutil.rmtree(clean, ignore_errors=True)  # left by an earlier benchmark kept with --keep
            times["first"].append(clean_all(raw, clean, args.workers, "first"))
            times["again"].append(clean_all(raw, clean, args.workers, "again"))
            times["baseline"].append(baseline(raw))
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        best = {run: min(seconds) for run, seconds in times.items()}
        median = {run: statistics.median(seconds) for run, seconds in times.items()}
        damaged = sum(path.name.rsplit("-", 1)[0] in CHARACTER_DAMAGE for path in raw.glob("*.txt"))
        print(f"corpus: {args.n} damaged articles from ../shared/corpus/bbc (seed {args.seed}), {damaged / args.n:.0%} "
              f"damaged in their characters ({', '.join(sorted(CHARACTER_DAMAGE))}); best and median of {args.repeat}")
        print(f"{'run':48s} {'best s':>7s} {'median s':>9s} {'articles/s':>11s} {'CPU s, least':>13s}")
        for run, label in (("baseline", "baseline: ftfy.fix_text + langdetect, 1 process"),
                           ("first", f"CleanAll --workers {args.workers}"), ("again", "CleanAll again, nothing changed")):
            print(f"{label:48s} {best[run]:7.2f} {median[run]:9.2f} {args.n / best[run]:11.0f} "
                  f"{min(CPU_SECONDS[run]):13.2f}")
        print(f"speed-up over the baseline: {best['baseline'] / best['first']:.2f}x best to best, "
              f"{median['baseline'] / median['first']:.2f}x median to median "
              f"({args.n / best['first'] / args.workers:.0f} articles/s per worker)")
        print(f"no-op re-run: {best['again'] / best['first']:.1%} of the first run")
        print(f"peak resident memory of the largest process: {peak_mib:.0f} MiB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
