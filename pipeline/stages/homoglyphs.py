"""Latin words disguised with look-alike letters of other scripts.

`Seсurities аnԁ Exсhаnge` reads right to a person, but its `с а ԁ` are
Cyrillic, so a search index or a model sees other words. The repair table
comes from Unicode's confusables data (through confusable-homoglyphs): every
letter of another script whose look-alike is one ASCII letter.

The script of a text is judged per sentence or quoted run, never per
article, from the letters that have no Latin look-alike (`ж`, `λ`): they
prove real Cyrillic or Greek. A word is repaired only inside a Latin run:

- a word mixing Latin letters and look-alikes (`Seсurities`) always;
- a word made only of look-alikes (`аnԁ` all Cyrillic, a lone `а`) when its
  Latin reading is a word, the article shows the same disguise elsewhere in
  mixed words, and no neighbouring word is real text of that script;
  otherwise it is left and flagged.

Latin look-alikes inside Cyrillic or Greek text are that text's business.
"""
from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import regex
from wordfreq import zipf_frequency

from ..edits import Edit, Finding, Flag
from ..lookalikes import LOOKALIKE_LETTERS, LOOKALIKES, LOOKALIKES_TO_LATIN
from .layout import CONTINUES_LINE

LATIN_RUN_SHARE = 0.8  # share of Latin among the script-proving letters of a run
WORD_ZIPF = 3.0  # a Latin reading at least this frequent is a word

REPLACEMENT_NOTE = {c: f"U+{ord(c):04X} {unicodedata.name(c)} → {latin}" for c, latin in LOOKALIKES.items()}
SCRIPT = {c: unicodedata.name(c).split()[0].title() for c in LOOKALIKES}
# A letter that proves its script: of a script other than Latin, with no Latin look-alike (`ж`, `λ`).
PROOF_OF_OTHER_SCRIPT = regex.compile(
    r"[[\p{L}]--[\p{Latin}\p{Common}\p{Inherited}" + regex.escape("".join(LOOKALIKES)) + "]]", regex.V1)
WORD = regex.compile(r"[\p{L}\p{M}]+")
# A run of one script: a sentence, a line, or the inside of a quotation. A line
# break that layout will join (a hard wrap) is no boundary, so that a second
# pass over the clean text sees the same runs.
RUN_BOUNDARY = regex.compile(rf"[.!?…]+(?=\s)|\n(?![ \t]*{CONTINUES_LINE.pattern})|[\"“”„«»‹›「」『』]")
LATIN_LETTER = regex.compile(r"\p{Latin}")


@dataclass(frozen=True)
class Run:
    latin: int
    proof_of_other_script: int

    @property
    def is_latin(self) -> bool:
        return self.latin > 0 and self.latin >= LATIN_RUN_SHARE * (self.latin + self.proof_of_other_script)


def repair_homoglyphs(text: str, article) -> list[Finding]:
    """Map look-alike letters in Latin words back to Latin, keeping case.

    >>> [e.after for e in repair_homoglyphs("The Seсurities аnԁ Exсhаnge Commission", None)]
    ['Securities', 'and', 'Exchange']
    >>> repair_homoglyphs("Он сказал: сор и мусор.", None)
    []
    """
    if text.isascii() or LOOKALIKE_LETTERS.isdisjoint(set(text)):
        return []
    candidates = [m for m in WORD.finditer(text) if not LOOKALIKE_LETTERS.isdisjoint(m.group())]
    runs = RunIndex(text)
    mixed, lookalike_only = [], []
    for m in candidates:
        kind = word_kind(m.group())
        if kind is not None:  # None: a real word of another script, perhaps with Latin look-alikes in it
            (mixed if kind == "mixed" else lookalike_only).append(m)

    findings: list[Finding] = []
    disguised_scripts, disguised_runs = set(), set()
    for m in mixed:
        run = runs.index(m.start())
        if in_code_with_digits(text, m):
            findings.append(Flag(m.start(), m.end(), "homoglyph", "mixed-script letters in a code with digits "
                                 "(a gene, a model, a unit: `IL2Rγc`, `Aβ42`): left as written"))
        elif runs.is_latin(run):
            findings.append(repair_word(m, "mixed-script word in Latin text"))
            disguised_scripts.update(disguise_of(m.group())[2])
            disguised_runs.add(run)
        else:
            findings.append(Flag(m.start(), m.end(), "homoglyph", "mixed-script word in text of another script: left as written"))
    latin_words = None
    for m in lookalike_only:
        if not runs.is_latin(runs.index(m.start())):
            continue
        latin = to_latin(m.group())
        if not scripts_of(m.group()) <= disguised_scripts:
            findings.append(Flag(m.start(), m.end(), "homoglyph", f"word of look-alike letters reads as Latin {latin!r}, but the article shows no such disguise elsewhere: left as written"))
            continue
        if next_to_foreign_word(text, m):
            findings.append(Flag(m.start(), m.end(), "homoglyph", f"reads as Latin {latin!r} but stands next to real text of its script: left as written"))
            continue
        if latin_words is None:
            latin_words = set(WORD.findall(text))
        if is_word(latin):
            evidence = "its Latin reading is a word"
        elif latin in latin_words:
            evidence = "its Latin reading is written in Latin elsewhere in the article"
        elif runs.index(m.start()) in disguised_runs:
            evidence = "its sentence holds disguised mixed words"
        else:
            findings.append(Flag(m.start(), m.end(), "homoglyph", f"Latin reading {latin!r} is not a known word: left as written"))
            continue
        findings.append(repair_word(m, f"word of look-alike letters in Latin text, the same disguise elsewhere in the article; {evidence}"))
    return sorted(findings, key=lambda f: f.start)


def in_code_with_digits(text: str, m: regex.Match) -> bool:
    """Whether the word is glued to a digit: part of a code (`IL2RγcKO`, `Aβ42`, `5μm`) where a Greek or
    Cyrillic letter is usually meant, not a disguised word of prose.

    >>> code, prose = "mice lacking IL2RγcKO", "the Seсurities"
    >>> in_code_with_digits(code, WORD.search(code, 16)), in_code_with_digits(prose, WORD.search(prose, 4))
    (True, False)
    """
    start, end = m.span()
    return start > 0 and text[start - 1].isdigit() or end < len(text) and text[end].isdigit()


@lru_cache(maxsize=10_000)  # a disguised article repeats its words
def word_kind(word: str) -> str | None:
    """`mixed` for a word of Latin letters and look-alikes, `lookalikes` for one of look-alikes
    alone, None for a word with letters only another script has.

    >>> word_kind("Seсurities"), word_kind("сор"), word_kind("мусор")
    ('mixed', 'lookalikes', None)
    """
    if PROOF_OF_OTHER_SCRIPT.search(word):
        return None
    return "mixed" if LATIN_LETTER.search(word) else "lookalikes"


class RunIndex:
    """Answers, for an offset, the run it lies in, and for a run, its script statistics."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in RUN_BOUNDARY.finditer(text)]
        self.cache: dict[int, Run] = {}
        self.latin: dict[int, bool] = {}

    def index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def is_latin(self, i: int) -> bool:
        """Whether run `i` is Latin text: asked for every disguised word, answered once a run."""
        if i not in self.latin:
            self.latin[i] = self.run(i).is_latin
        return self.latin[i]

    def run(self, i: int) -> Run:
        """Run `i`'s statistics; a run with no script-proving letter (`" расе."` after a quotation) takes its neighbours'."""
        run = self.stats(i)
        if run.latin == 0 and run.proof_of_other_script == 0:
            around = [self.stats(j) for j in (i - 1, i + 1) if 0 <= j < len(self.starts)]
            run = Run(sum(r.latin for r in around), sum(r.proof_of_other_script for r in around))
        return run

    def stats(self, i: int) -> Run:
        if i not in self.cache:
            end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
            chunk = self.text[self.starts[i]:end]
            latin = len(LATIN_LETTER.findall(chunk))
            proof = len(PROOF_OF_OTHER_SCRIPT.findall(chunk))
            self.cache[i] = Run(latin, proof)
        return self.cache[i]


def repair_word(m: regex.Match, evidence: str) -> Edit:
    latin, replaced, scripts = disguise_of(m.group())
    return Edit(m.start(), m.end(), latin, "homoglyph", evidence, {"replaced": list(replaced), "scripts": list(scripts)})


@lru_cache(maxsize=10_000)  # a disguised article repeats its words, and the log describes each one
def disguise_of(word: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A disguised word's Latin reading, the look-alike letters replaced and their scripts.

    >>> disguise_of("Seсurities")
    ('Securities', ('U+0441 CYRILLIC SMALL LETTER ES → c',), ('Cyrillic',))
    """
    replaced = tuple(sorted({REPLACEMENT_NOTE[c] for c in word if c in LOOKALIKES}))
    return to_latin(word), replaced, tuple(sorted(scripts_of(word)))


def to_latin(word: str) -> str:
    return word.translate(LOOKALIKES_TO_LATIN)


def scripts_of(word: str) -> set[str]:
    return {SCRIPT[c] for c in word if c in LOOKALIKES}


def next_to_foreign_word(text: str, m: regex.Match) -> bool:
    """Whether the word before or after `m` (same line) has letters only another script has.

    >>> text = "Он сказал аnԁ ушёл"
    >>> next_to_foreign_word(text, WORD.search(text, 10))
    True
    """
    # The nearest word or line break on each side: reading no further keeps a long line linear.
    before = WORD_OR_BREAK_BACKWARDS.search(text, 0, m.start())
    after = WORD_OR_BREAK.search(text, m.end())
    neighbours = [found.group() for found in (before, after) if found and found.group() != "\n"]
    return any(PROOF_OF_OTHER_SCRIPT.search(w) for w in neighbours)


WORD_OR_BREAK = regex.compile(rf"{WORD.pattern}|\n")
WORD_OR_BREAK_BACKWARDS = regex.compile(rf"{WORD.pattern}|\n", regex.REVERSE)


@cache
def is_word(latin: str) -> bool:
    return zipf_frequency(latin.lower(), "en") >= WORD_ZIPF
