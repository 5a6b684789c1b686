"""Agreement of the pipeline's sampled language detection with full-text langdetect.

    python bench/language.py

Texts, each read as the language stage reads it (after the character
repairs, before the notices are removed), each labelled by langdetect on its
whole expected clean text, in four corpora:

- dev bench: the damaged articles of ../shared/bench/dev;
- damaged BBC: 3,000 BBC articles damaged by bench/damage.py (seed 7);
- BBC: the BBC corpus as it is;
- 75 languages: articles made of the sentences of ../shared/corpus/sentences,
  12 a language (a headline, then paragraphs of three sentences; 3 to 12
  sentences in all).

Prints, per corpus, the agreement of the pipeline's detection and the cost
per text of it and of full-text detection, by langdetect.detect and by the
pipeline's QuickDetector (which must give the same answers); then, over all texts, for the
pipeline's sample and for others beside it (the first N characters, or every
k-th word over the whole text), the cost per text and the agreement, overall,
on the English texts, and the groups that disagree. Costs are CPU time.
Exits non-zero when the pipeline agrees on less than MIN_AGREEMENT of a corpus,
or QuickDetector's answer on a whole text is not langdetect.detect's.
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


MIN_AGREEMENT = 0.995
SENTENCE_ARTICLES = (3, 6, 12)  # sentences in an article of the 75-language corpus, four of each


def labelled_corpora() -> dict[str, list[tuple[str, str, str]]]:
    """Per corpus: (group, text as the stage reads it, full-text label of the expected clean text)."""
    corpora: dict[str, list[tuple[str, str, str]]] = {"dev bench": [], "damaged BBC": [], "BBC": [], "75 languages": []}
    for path in sorted((SHARED / "bench" / "dev" / "raw").glob("*.txt")):
        try:
            raw = decode_article(path.read_bytes()).text
        except Rejected:
            continue
        gold = (SHARED / "bench" / "dev" / "gold" / path.name).read_text(encoding="utf-8")
        corpora["dev bench"].append(("dev " + path.name.rsplit("-", 1)[0], as_the_stage_reads(raw), full_text(gold)))
    for name, raw, gold in damaged_articles(3000, 7, sorted(DAMAGE)):
        corpora["damaged BBC"].append(("damaged " + name.rsplit("-", 1)[0], as_the_stage_reads(raw), full_text(gold)))
    for path in sorted((SHARED / "corpus" / "bbc").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        corpora["BBC"].append(("bbc", as_the_stage_reads(text), full_text(text)))
    rng = random.Random(5)
    for path in sorted((SHARED / "corpus" / "sentences").glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for count in SENTENCE_ARTICLES * 4:
            text = sentence_article(rng.sample(lines, min(count, len(lines))))
            corpora["75 languages"].append((path.stem, as_the_stage_reads(text), full_text(text)))
    return corpora


def sentence_article(sentences: list[str]) -> str:
    """A headline (the first sentence), then paragraphs of three sentences."""
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(1, len(sentences), 3)]
    return "\n\n".join([sentences[0], *paragraphs]) + "\n"


def cpu_ms_per_text(detect: Callable[[str], str], texts: list[str]) -> tuple[float, list[str]]:
    start = time.process_time()
    labels = [detect(text) for text in texts]
    return (time.process_time() - start) / len(texts) * 1000, labels


def main() -> None:
    DetectorFactory.seed = 0
    engine.load_resources()
    corpora = labelled_corpora()
    print(f"{'corpus':14s} {'texts':>6s} {'agree':>8s} {'ms/text':>8s} {'full text ms':>13s} {'(quick)':>8s}  "
          "disagreeing")
    too_low, quick_differs = [], 0
    for name, found in corpora.items():
        texts = [text for _, text, _ in found]
        full_ms, full_labels = cpu_ms_per_text(full_text, texts)
        ms, labels = cpu_ms_per_text(language.detect_language, texts)
        quick_ms, quick_labels = cpu_ms_per_text(language.detect_text_language, texts)
        quick_differs += sum(quick != full for quick, full in zip(quick_labels, full_labels))
        wrong = Counter(group for (group, _, label), got in zip(found, labels) if got != label)
        agree = 1 - sum(wrong.values()) / len(found)
        print(f"{name:14s} {len(found):6d} {agree:8.2%} {ms:8.2f} {full_ms:13.2f} {quick_ms:8.2f}  "
              f"{dict(wrong.most_common(5)) or ''}")
        too_low += [name] if agree < MIN_AGREEMENT else []
    texts = [t for found in corpora.values() for t in found]
    english = sum(label == "en" for _, _, label in texts)
    print(f"\nall {len(texts)} texts ({english} English by full-text langdetect), other samples beside the pipeline's:")
    print(f"{'sample':>13s} {'chars':>5s} {'trials':>6s} {'ms/text':>8s} {'agree':>8s} {'English':>8s}  disagreeing")
    pipeline_setting = ("spread words", language.SAMPLE_CHARS, language.TRIALS)
    for name, size, trials in sorted(set(SETTINGS) | {pipeline_setting}, key=lambda s: (s[0], -s[1], -s[2])):
        language.TRIALS = trials
        ms, labels = cpu_ms_per_text(lambda text: language.detect_sample_language(SAMPLERS[name](text, size)),
                                     [text for _, text, _ in texts])
        wrong = Counter(group for (group, _, label), got in zip(texts, labels) if got != label)
        wrong_en = sum(got != label for (_, _, label), got in zip(texts, labels) if label == "en")
        mark = "  (the pipeline's)" if (name, size, trials) == pipeline_setting else ""
        print(f"{name:>13s} {size:5d} {trials:6d} {ms:8.2f} {1 - sum(wrong.values()) / len(texts):8.2%} "
              f"{1 - wrong_en / english:8.2%}  {dict(wrong.most_common(3)) or ''}{mark}")
    language.TRIALS = pipeline_setting[2]
    if quick_differs:
        print(f"QuickDetector's answer is not langdetect.detect's on {quick_differs} whole texts")
    if too_low:
        print(f"agreement under {MIN_AGREEMENT:.1%}: {', '.join(too_low)}")
    if quick_differs or too_low:
        sys.exit(1)


if __name__ == "__main__":
    main()
