"""Agreement of the pipeline's bounded-sample language detection with full-text langdetect.

    python bench/language.py

Texts: the dev gold, the BBC corpus, and 300 articles of five random Russian,
Greek and Bulgarian sentences (all read from ../shared at run time).
"""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from langdetect import DetectorFactory, LangDetectException, detect

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from pipeline.stages.language import SAMPLE_CHARS, TRIALS, detect_language  # noqa: E402


def texts() -> list[str]:
    found = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "bench" / "dev" / "gold").glob("*.txt"))]
    found += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "corpus" / "bbc").rglob("*.txt"))]
    rng = random.Random(3)
    for language in ("ru", "el", "bg"):
        lines = [line for line in (SHARED / "corpus" / "sentences" / f"{language}.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
        found += [" ".join(rng.sample(lines, 5)) for _ in range(100)]
    return found


def full_text(text: str) -> str:
    try:
        return detect(text)
    except LangDetectException:
        return "unknown"


def main() -> None:
    DetectorFactory.seed = 0
    corpus = texts()
    start = time.perf_counter()
    full = [full_text(t) for t in corpus]
    full_ms = (time.perf_counter() - start) / len(corpus) * 1000
    start = time.perf_counter()
    sampled = [detect_language(t) for t in corpus]
    sampled_ms = (time.perf_counter() - start) / len(corpus) * 1000
    english = [i for i, language in enumerate(full) if language == "en"]
    agree = sum(a == b for a, b in zip(sampled, full))
    agree_en = sum(sampled[i] == full[i] for i in english)
    print(f"{len(corpus)} texts ({len(english)} English by full-text langdetect)")
    print(f"full text:             {full_ms:.2f} ms/text")
    print(f"first {SAMPLE_CHARS} chars, {TRIALS} trials: {sampled_ms:.2f} ms/text")
    print(f"agreement: {agree / len(corpus):.2%} of all texts, {agree_en / len(english):.2%} of the English ones")


if __name__ == "__main__":
    main()
