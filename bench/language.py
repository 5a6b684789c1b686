"""Agreement of the pipeline's sampled language detection with full-text langdetect.

    python bench/language.py

Texts, each read as the language stage reads it (after the character
repairs, before the notices are removed), each labelled by langdetect on its
whole expected clean text:

- the dev benchmark (../shared/bench/dev);
- 3,000 BBC articles damaged by bench/damage.py (seed 7);
- the BBC corpus;
- Russian, Greek and Bulgarian articles of 2, 5 and 10 random sentences.

Prints the cost of full-text detection, then, for the pipeline's sample and
for others beside it (the first N characters, or every k-th word over the
whole text), the cost per text and the agreement, overall, on the English
texts, and the groups that disagree.
"""
from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable

from langdetect import DetectorFactory, LangDetectException, detect

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from damage import DAMAGE, damaged_articles  # noqa: E402
from pipeline import engine  # noqa: E402
from pipeline.stages import language  # noqa: E402
from pipeline.stages.decoding import Rejected, decode_article  # noqa: E402

Sampler = Callable[[str, int], str]


def first_chars(text: str, size: int) -> str:
    return text[:size]


SAMPLERS: dict[str, Sampler] = {"first chars": first_chars, "spread words": language.language_sample}
SETTINGS = [("first chars", 300, 2), ("first chars", 200, 1), ("spread words", 300, 1), ("spread words", 200, 1),
            ("spread words", 150, 1), ("spread words", 100, 1)]


def full_text(text: str) -> str:
    try:
        return detect(text)
    except LangDetectException:
        return "unknown"


def as_the_stage_reads(raw: str) -> str:
    """The text the language stage is given when the engine cleans `raw`."""
    seen = []
    stages = engine.STAGES
    position = stages.index(language.identify_language)
    engine.STAGES = stages[:position] + [lambda text, article: seen.append(text) or []]
    try:
        engine.clean_text(raw)
    finally:
        engine.STAGES = stages
    return seen[0]


def labelled_texts() -> list[tuple[str, str, str]]:
    """(group, text as the stage reads it, full-text label of the expected clean text)."""
    found = []
    for path in sorted((SHARED / "bench" / "dev" / "raw").glob("*.txt")):
        try:
            raw = decode_article(path.read_bytes()).text
        except Rejected:
            continue
        gold = (SHARED / "bench" / "dev" / "gold" / path.name).read_text(encoding="utf-8")
        found.append(("dev " + path.name.rsplit("-", 1)[0], as_the_stage_reads(raw), full_text(gold)))
    for name, raw, gold in damaged_articles(3000, 7, sorted(DAMAGE)):
        found.append(("damaged " + name.rsplit("-", 1)[0], as_the_stage_reads(raw), full_text(gold)))
    for path in sorted((SHARED / "corpus" / "bbc").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found.append(("bbc", as_the_stage_reads(text), full_text(text)))
    rng = random.Random(5)
    for code in ("ru", "el", "bg"):
        lines = [line for line in (SHARED / "corpus" / "sentences" / f"{code}.txt").read_text(encoding="utf-8").splitlines()
                 if line.strip()]
        for count in (2, 5, 10):
            for _ in range(100):
                text = " ".join(rng.sample(lines, count))
                found.append((f"{code} {count} sentences", text, full_text(text)))
    return found


def main() -> None:
    DetectorFactory.seed = 0
    engine.load_resources()
    texts = labelled_texts()
    english = sum(label == "en" for _, _, label in texts)
    start = time.perf_counter()
    for _, text, _ in texts:
        full_text(text)
    full_ms = (time.perf_counter() - start) / len(texts) * 1000
    print(f"{len(texts)} texts ({english} English by full-text langdetect, {full_ms:.2f} ms/text)")
    print(f"{'sample':>13s} {'chars':>5s} {'trials':>6s} {'ms/text':>8s} {'agree':>8s} {'English':>8s}  disagreeing")
    pipeline_setting = ("spread words", language.SAMPLE_CHARS, language.TRIALS)
    for name, size, trials in sorted(set(SETTINGS) | {pipeline_setting}, key=lambda s: (s[0], -s[1], -s[2])):
        language.TRIALS = trials
        start = time.perf_counter()
        labels = [language.detect_sample_language(SAMPLERS[name](text, size)) for _, text, _ in texts]
        ms = (time.perf_counter() - start) / len(texts) * 1000
        wrong = Counter(group for (group, _, label), got in zip(texts, labels) if got != label)
        wrong_en = sum(got != label for (_, _, label), got in zip(texts, labels) if label == "en")
        mark = "  (the pipeline's)" if (name, size, trials) == pipeline_setting else ""
        print(f"{name:>13s} {size:5d} {trials:6d} {ms:8.2f} {1 - sum(wrong.values()) / len(texts):8.2%} "
              f"{1 - wrong_en / english:8.2%}  {dict(wrong.most_common(3)) or ''}{mark}")
    language.TRIALS = pipeline_setting[2]


if __name__ == "__main__":
    main()
