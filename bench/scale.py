"""Scale: a run over N tiny files, and the share of it that is Luigi's scheduling.

    python bench/scale.py [--n 1000000] [--workers 2] [--keep DIR]

Builds N tiny articles (a BBC headline and the first sentence of its story,
from ../shared/corpus/bbc; one in fifty empty, one in fifty a headline
alone), 1,000 to a folder, then runs CleanAll over them three times, each
in a process of its own with Luigi's local scheduler: the first run, a
re-run that finds nothing to do, and a "nightly" run after adding 1% new
articles to folders of their own. For each it prints:

- planning: listing the raw folder, fingerprinting the shards and counting
  repeated blocks (`CleanAll`'s constructor);
- shards: the time the shard tasks spend in their `run` (summed over the
  shards' processes, divided by the workers), and merging: CleanAll's `run`
  (the change log, the records, the report);
- Luigi: the rest of the run, which is the scheduler's: building the task
  graph, checking completeness, forking a process per shard, waiting on
  the slowest shard;
- and the peak resident memory of the largest process so far.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import luigi
import luigi.configuration

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import CleanAll  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
PER_FOLDER = 1000


def tiny_articles() -> list[bytes]:
    """Headline, blank line, first sentence: the shortest real articles the corpus gives."""
    tiny = []
    for path in sorted(CORPUS.rglob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if len(lines) > 1:
            tiny.append(f"{lines[0]}\n\n{lines[1].split('. ')[0].rstrip('.')}.\n".encode())
    return tiny


def build(raw: Path, n: int, first: int = 0, seed: int = 0) -> None:
    """Articles number `first` to `first + n - 1`, 1,000 to a folder."""
    tiny, rng = tiny_articles(), random.Random(seed)
    for i in range(first, first + n):
        folder = raw / f"{i // PER_FOLDER:04d}"
        if i % PER_FOLDER == 0 or i == first:
            folder.mkdir(parents=True, exist_ok=True)
        shape = i % 50
        text = b"" if shape == 0 else rng.choice(tiny)
        if shape == 1:
            text = text.split(b"\n")[0] + b"\n"
        (folder / f"{i:07d}.txt").write_bytes(text)


def timed_run(raw: Path, clean: Path, workers: int, task_times: Path) -> dict[str, float]:
    """One CleanAll, as the `luigi` command runs it, with the time each task spends in its `run`."""

    @luigi.Task.event_handler(luigi.Event.PROCESSING_TIME)
    def count_task_time(task, seconds):  # runs in the task's process: one small append, as `record_progress` does
        with open(task_times, "a") as out:
            out.write(f"{task.task_family} {seconds}\n")

    task_times.write_text("")
    luigi.configuration.get_config().set("core", "workers", str(workers))  # as `--workers` sets it: planning reads in as many processes
    start = time.perf_counter()
    task = CleanAll(raw_dir=str(raw), clean_dir=str(clean))
    planned = time.perf_counter()
    luigi.build([task], workers=workers, local_scheduler=True, log_level="WARNING")
    end = time.perf_counter()
    times = {"CleanShard": 0.0, "CleanAll": 0.0}
    for line in task_times.read_text().splitlines():
        family, seconds = line.split()
        times[family] += float(seconds)
    shards = times["CleanShard"] / workers
    return {"planning": planned - start, "shards": shards, "merging": times["CleanAll"],
            "luigi": end - planned - shards - times["CleanAll"], "total": end - start, "shard_count": len(task.plan.shards)}


def run_apart(work: Path, workers: int) -> dict[str, float]:
    """`timed_run` in a process of its own, as each scheduled run is: its memory is its own."""
    with open(work / "runs.log", "a") as log:  # the run's summary and progress: kept out of the benchmark's table
        done = subprocess.run([sys.executable, __file__, "--run", str(work), "--workers", str(workers)],
                              stdout=subprocess.PIPE, stderr=log, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    parser.add_argument("--run", type=Path, help=argparse.SUPPRESS)  # one timed run over RUN/raw, for `run_apart`
    args = parser.parse_args()
    if args.run:
        with contextlib.redirect_stdout(sys.stderr):
            timings = timed_run(args.run / "raw", args.run / "clean", args.workers, args.run / "task-seconds")
        print(json.dumps(timings))
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="scale-", dir=ROOT / "bench"))
    try:
        for old in ("raw", "clean"):
            shutil.rmtree(work / old, ignore_errors=True)
        started = time.perf_counter()
        build(work / "raw", args.n)
        print(f"corpus: {args.n:,} tiny files, {PER_FOLDER:,} to a folder (written in {time.perf_counter() - started:.0f} s)")
        print(f"{'run':34s} {'shards':>6s} {'planning':>9s} {'shards':>9s} {'merging':>9s} {'Luigi':>9s} {'total':>9s} {'peak RSS':>9s}")
        added = max(1, args.n // 100)
        for name in ("first run", "no-op re-run", f"nightly: {added:,} new"):
            if name.startswith("nightly"):
                build(work / "raw", added, first=-(-args.n // PER_FOLDER) * PER_FOLDER, seed=1)
            t = run_apart(work, args.workers)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest process so far
            print(f"{f'{name}, --workers {args.workers}':34s} {t['shard_count']:6d} {t['planning']:8.2f}s {t['shards']:8.2f}s "
                  f"{t['merging']:8.2f}s {t['luigi']:8.2f}s {t['total']:8.2f}s {peak:6.0f} MiB   (Luigi {t['luigi'] / t['total']:.1%})")
        print(f"clean folder: {sum(1 for _ in (work / 'clean').rglob('*.txt')):,} articles written")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
