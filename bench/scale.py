"""Scale: a run over N tiny files, and the share of it that is Luigi's scheduling.

    python bench/scale.py [--n 1000000] [--workers 2] [--keep DIR]

Builds N tiny articles (a BBC headline and the first sentence of its story,
from ../shared/corpus/bbc; one in fifty empty, one in fifty a headline
alone), 1,000 to a folder, then runs CleanAll over them in this process
with Luigi's local scheduler, twice (the second run finds nothing to do),
and prints:

- planning: listing the raw folder, fingerprinting the shards and counting
  repeated blocks (`CleanAll`'s constructor);
- the run: Luigi's work, split into the time shards spend cleaning (summed
  over the shards' processes, divided by the workers) and the rest, which is
  Luigi's: building the task graph, checking completeness, forking a process
  per shard, waiting on the slowest shard;
- the no-op re-run, and the peak resident memory of the largest process.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import luigi

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import CleanAll, CleanShard  # noqa: E402

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


def build(raw: Path, n: int, seed: int = 0) -> None:
    if raw.is_dir() and sum(1 for _ in raw.rglob("*.txt")) == n:
        return  # kept from an earlier run
    shutil.rmtree(raw, ignore_errors=True)
    tiny, rng = tiny_articles(), random.Random(seed)
    for i in range(n):
        folder = raw / f"{i // PER_FOLDER:04d}"
        if i % PER_FOLDER == 0:
            folder.mkdir(parents=True)
        shape = i % 50
        text = b"" if shape == 0 else rng.choice(tiny)
        if shape == 1:
            text = text.split(b"\n")[0] + b"\n"
        (folder / f"{i:07d}.txt").write_bytes(text)


def timed_run(raw: Path, clean: Path, workers: int, shard_times: Path) -> dict[str, float]:
    luigi.task_register.Register.clear_instance_cache()  # plan afresh, as a new `luigi` process would
    start = time.perf_counter()
    task = CleanAll(raw_dir=str(raw), clean_dir=str(clean))
    planned = time.perf_counter()
    shard_times.write_text("")
    luigi.build([task], workers=workers, local_scheduler=True, log_level="WARNING")
    end = time.perf_counter()
    cleaning = sum(float(t) for t in shard_times.read_text().split())
    return {"planning": planned - start, "run": end - planned, "cleaning": cleaning / workers,
            "shards": len(task.plan), "total": end - start}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="scale-", dir=ROOT / "bench"))
    shard_times = work / "shard-seconds"

    @CleanShard.event_handler(luigi.Event.PROCESSING_TIME)
    def count_shard_time(task, seconds):  # runs in the shard's process: append, as `record_progress` does
        with open(shard_times, "a") as out:
            out.write(f"{seconds}\n")

    try:
        started = time.perf_counter()
        build(work / "raw", args.n)
        print(f"corpus: {args.n:,} tiny files, {PER_FOLDER:,} to a folder (built in {time.perf_counter() - started:.0f} s)")
        shutil.rmtree(work / "clean", ignore_errors=True)
        print(f"{'run':28s} {'shards':>6s} {'planning':>9s} {'cleaning':>9s} {'Luigi':>9s} {'total':>9s} {'articles/s':>10s}")
        for name in ("first run", "no-op re-run"):
            t = timed_run(work / "raw", work / "clean", args.workers, shard_times)
            luigi_share = t["run"] - t["cleaning"]
            print(f"{f'{name}, --workers {args.workers}':28s} {t['shards']:6d} {t['planning']:8.2f}s {t['cleaning']:8.2f}s "
                  f"{luigi_share:8.2f}s {t['total']:8.2f}s {args.n / t['total']:10,.0f}"
                  f"   (Luigi {luigi_share / t['total']:.1%} of the run)")
        peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        print(f"peak resident memory of the largest process: {peak / 1024:.0f} MiB")
        print(f"clean folder: {sum(1 for _ in (work / 'clean').rglob('*.txt')):,} articles written")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
