"""Cost of each repair stage per article, on the dev benchmark or any folder.

    python bench/stages.py [FOLDER]     # default: ../shared/bench/dev/raw

Prints, per stage, the mean microseconds per article, and the same for the
articles that are plain ASCII (the common clean article: the fast path).
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import engine  # noqa: E402
from pipeline.stages.decoding import Rejected, decode_article  # noqa: E402


def timed(stage, costs):
    def run(text, article):
        start = time.perf_counter()
        try:
            return stage(text, article)
        finally:
            costs[stage.__name__].append(time.perf_counter() - start)
    run.__name__ = stage.__name__
    return run


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "bench" / "dev" / "raw"
    texts = []
    for path in sorted(folder.rglob("*.txt")):
        try:
            texts.append(decode_article(path.read_bytes()).text)
        except Rejected:
            continue
    engine.clean_text(texts[0])  # load wordfreq, langdetect profiles and the gazetteer before timing
    all_costs, ascii_costs = defaultdict(list), defaultdict(list)
    for text in texts:
        costs = all_costs
        stages = engine.STAGES
        engine.STAGES = [timed(s, costs) for s in stages]
        try:
            before = {k: len(v) for k, v in costs.items()}
            engine.clean_text(text)
        finally:
            engine.STAGES = stages
        if text.isascii():
            for name, values in costs.items():
                ascii_costs[name] += values[before.get(name, 0):]
    print(f"{len(texts)} articles from {folder} ({sum(t.isascii() for t in texts)} plain ASCII)")
    print(f"{'stage':34s} {'µs/article':>11s} {'ASCII µs':>9s}")
    total = total_ascii = 0.0
    for stage in engine.STAGES:
        name = stage.__name__
        mean = sum(all_costs[name]) / len(texts) * 1e6
        mean_ascii = sum(ascii_costs[name]) / max(1, len(ascii_costs[name])) * 1e6
        total += mean
        total_ascii += mean_ascii
        print(f"{name:34s} {mean:11.0f} {mean_ascii:9.0f}")
    print(f"{'all stages':34s} {total:11.0f} {total_ascii:9.0f}")


if __name__ == "__main__":
    main()
