"""Damage clean articles the way scrapers and spammers do, for benchmarks.

Reads the clean BBC articles from ../shared/corpus/bbc at run time (their
text is never copied into the project) and applies one kind of damage,
chosen by a seeded random generator, so the same seed gives the same corpus.

    python bench/damage.py OUT_DIR [--n 1000] [--seed 1] [--family dropcap]

writes OUT_DIR/raw/NAME.txt (damaged) and OUT_DIR/gold/NAME.txt (expected).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.engine import clean_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "bbc"
SENTENCES = ROOT.parent / "shared" / "corpus" / "sentences"
PLACES = ["LONDON", "NEW YORK", "PARIS", "TOKYO", "SINGAPORE", "MUMBAI", "BERLIN", "SYDNEY", "NAIROBI", "MADRID"]
HOMOGLYPHS = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "s": "ѕ",
              "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р", "T": "Т", "X": "Х"}
INVISIBLE = ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200c"]
DISCLAIMERS = [
    "This report was automatically translated from German by a machine and may contain inaccuracies.",
    "Diese Meldung wurde maschinell übersetzt. Maßgeblich ist die deutsche Originalfassung.",
    "Artikel ini diterjemahkan secara otomatis oleh mesin penerjemah; versi asli dalam bahasa Indonesia.",
    "Este artículo fue traducido automáticamente con inteligencia artificial y puede contener errores.",
    "The Spanish and Portuguese versions of this page are machine translations provided for convenience.",
    "Note: this story was translated by AI software. Refer to the original article for accuracy.",
]


def article_texts() -> list[str]:
    """The clean corpus in canonical form: the gold side of every damage."""
    return [clean_text(p.read_bytes().decode("utf-8")).text for p in sorted(CORPUS.rglob("*.txt"))]


def blocks(text: str) -> list[str]:
    return text.rstrip("\n").split("\n\n")


def join(parts: list[str]) -> str:
    return "\n\n".join(parts) + "\n"


def dropcap(text: str, rng: random.Random) -> str | None:
    parts = blocks(text)
    body = 1 if len(parts) > 1 else 0
    if not parts[body][:1].isupper() or not parts[body][1:2].isalpha():
        return None
    parts[body] = parts[body][1:]
    return join(parts)


def stutter(text: str, rng: random.Random) -> str | None:
    parts = blocks(text)
    first = parts[1] if len(parts) > 1 else None
    if not first or len(first) < 60:
        return None
    cut = rng.randint(25, min(len(first) - 5, 150))
    parts[1] = first[:cut] + rng.choice(["", " ", "\n"]) + first
    return join(parts)


def dateline(text: str, rng: random.Random) -> str | None:
    parts = blocks(text)
    if len(parts) < 2 or not parts[1][:1].isupper():
        return None
    parts[1] = rng.choice(PLACES) + " " + parts[1]
    return join(parts)


def homoglyph(text: str, rng: random.Random) -> str:
    rate = rng.choice([0.05, 0.3, 1.0])
    return "".join(HOMOGLYPHS[c] if c in HOMOGLYPHS and rng.random() < rate else c for c in text)


def invisible(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 3 and word.isalpha() and rng.random() < 0.1:
            cut = rng.randint(1, len(word) - 1)
            words[i] = word[:cut] + rng.choice(INVISIBLE) + word[cut:]
    return " ".join(words)


def disclaimer(text: str, rng: random.Random) -> str:
    parts = blocks(text)
    notice = rng.choice(DISCLAIMERS)
    parts.insert(len(parts) if rng.random() < 0.7 else 1, notice)
    return join(parts)


def layout(text: str, rng: random.Random) -> str:
    out = text.replace("\n\n", rng.choice(["\r\n\r\n", "\n\n\n", "\n \n"]))
    return out.replace(". ", rng.choice([".  ", ".\u00a0", ". "]))


APOSTROPHE = re.compile(r"(?<=[A-Za-z])'(?=[A-Za-z])")


def mojibake(text: str, rng: random.Random) -> str:
    """Typographic apostrophes (`it’s`), then the whole text mis-decoded as Windows-1252: `itâ€™s`, `Â£5m`."""
    return APOSTROPHE.sub("’", text).encode("utf-8").decode("cp1252")


def foreign_sentences() -> list[str]:
    return [line.strip() for path in sorted(SENTENCES.glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def foreign(text: str, rng: random.Random) -> str:
    """No damage: a Russian, Greek or Bulgarian article that must come out as it went in."""
    language = rng.choice(sorted(SENTENCES.glob("*.txt")))
    lines = [line.strip() for line in language.read_text(encoding="utf-8").splitlines() if line.strip()]
    picked = rng.sample(lines, 7)
    return join([picked[0]] + [" ".join(picked[i:i + 3]) for i in (1, 4)])


def quoted_foreign(text: str, rng: random.Random) -> str | None:
    """No damage: an English article quoting a foreign sentence, which must stay as it is."""
    parts = blocks(text)
    if len(parts) < 3:
        return None
    parts[2] += f" A local paper wrote: “{rng.choice(foreign_sentences())}”"
    return join(parts)


DAMAGE = {"dropcap": dropcap, "foreign": foreign, "quoted_foreign": quoted_foreign, "stutter": stutter, "dateline": dateline, "homoglyph": homoglyph,
          "mojibake": mojibake, "invisible": invisible, "disclaimer": disclaimer, "layout": layout}


def expected(family: str, gold: str, raw: str) -> str:
    """What a perfect pipeline writes: the clean article, with the dateline separated."""
    if family in ("foreign", "quoted_foreign"):  # the source sentences' soft hyphens and double spaces go
        return re.sub(r" {2,}", " ", raw.replace("\u00ad", ""))
    if family == "mojibake":
        return raw.encode("cp1252").decode("utf-8")
    if family != "dateline":
        return gold
    parts = blocks(gold)
    place = next(p for p in PLACES if raw.split("\n\n")[1].startswith(p + " "))
    parts[1] = f"{place} — {parts[1]}"
    return join(parts)


def damaged_articles(n: int, seed: int, families: list[str]) -> Iterator[tuple[str, str, str]]:
    """(name, damaged text, expected text) for `n` articles, the same for the same seed."""
    rng = random.Random(seed)
    texts = article_texts()
    made = 0
    while made < n:
        gold = rng.choice(texts)
        family = rng.choice(families)
        raw = DAMAGE[family](gold, rng)
        if raw is None:
            continue
        yield f"{family}-{made:06d}.txt", raw, expected(family, gold, raw)
        made += 1


def build(out: Path, n: int, seed: int, families: list[str]) -> int:
    (out / "raw").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    for name, raw, gold in damaged_articles(n, seed, families):
        (out / "raw" / name).write_text(raw, encoding="utf-8")
        (out / "gold" / name).write_text(gold, encoding="utf-8")
    return n

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--family", action="append", choices=sorted(DAMAGE), help="default: every family")
    args = parser.parse_args()
    print(build(args.out, args.n, args.seed, args.family or sorted(DAMAGE)), "articles written to", args.out)


if __name__ == "__main__":
    main()
