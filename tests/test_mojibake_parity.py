"""Parity with ftfy: wherever `ftfy.fix_text` restores mis-decoded text exactly, the pipeline restores it too.

The text is real: sentences of every language of ../shared/corpus/sentences (read at run time, never copied
here), plus emoji and typographic punctuation written for this test. It is mis-decoded the ways seen in the
wild, inside an English article, and the whole article goes through `clean_text`.

ftfy is asked to keep curly quotes and fullwidth forms, as the contract keeps them (`uncurl_quotes=False`,
`fix_character_width=False`: Chinese punctuation is fullwidth); everything else is ftfy's default. "Restored" means: the same text as the pipeline makes of the undamaged article, which differs
from it by canonical layout only.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest

from pipeline.engine import clean_text
from tests.conftest import SHARED

PARAGRAPHS_PER_LANGUAGE = 10
MIN_CASES = 2000
CONTRACT = {"uncurl_quotes": False, "fix_character_width": False}

HEADLINE = "Readers write in from around the world"
OPENING = "The letters page received more post this month than in any month since it began, the editor said."
CLOSING = "Letters may be shortened for space, and the paper does not return those it cannot print."
QUOTING = "One reader wrote, in full: {} The editor said it was the letter of the week."

EMOJI = [
    "Fans replied with 😀🎉 and ❤️ within minutes.",
    "The team posted 👩‍💻👨‍🔬 and a 🚀 before the launch.",
    "Supporters waved 🇬🇧 🇫🇷 🇯🇵 flags 👍🏽👍🏿 in the square.",
    "Her reply was just 🙈🙉🙊, which said it all 😂.",
    "Vote 1️⃣ or 2️⃣, then press #️⃣ to confirm ✅.",
    "The forecast: ☀️ then 🌧️, with ⛈️ by night 🌙.",
    "A family 👨‍👩‍👧‍👦 and their 🐕 walked past the 🏰.",
    "Prices 📈 while the index 📉 again; traders 🤷.",
]
TYPOGRAPHIC = [
    "“We will not give up,” she said – and the crowd cheered.",
    "He called it ‘the best year yet’ — before the results came out…",
    "The firm’s profit rose to €2.5bn, or £2.1bn, in 2004–05.",
    "“Wait…” he said. “Isn’t that the one we saw?”",
    "Sales of the Model™ fell by ½ • exports by ¼ • imports rose.",
    "She said: ‘It’s over’ – and left… The room fell silent.",
    "The café’s “crème brûlée” costs £4.50 — a bargain, said one diner.",
    "Temperatures reached 40°C ± 2° at the site, the survey’s authors said.",
]


def sloppy_windows_1252(text: str) -> str:
    """UTF-8 read as Windows-1252, its five undefined bytes kept as C1 controls (as ftfy's codec does)."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


def latin_1(text: str) -> str:
    """UTF-8 read as Latin-1: every byte 0x80–0x9F becomes a C1 control."""
    return text.encode("utf-8").decode("latin-1")


def sloppy_windows_1252_twice(text: str) -> str:
    """UTF-8 read as Windows-1252, saved as UTF-8 and read as Windows-1252 again."""
    return sloppy_windows_1252(sloppy_windows_1252(text))


def windows_1252_as_latin_1(text: str) -> str:
    """Windows-1252 bytes read as Latin-1: `…` becomes U+0085, `’` U+0092 (raises when not Windows-1252 text)."""
    return text.encode("windows-1252").decode("latin-1")


DAMAGES = [sloppy_windows_1252, latin_1, sloppy_windows_1252_twice, windows_1252_as_latin_1]


@dataclass(frozen=True)
class Case:
    source: str  # language file, or "emoji" / "typographic"
    damage: str
    article: str  # the undamaged article
    damaged: str


def article_around(text: str, quoted: bool) -> str:
    """An English article with `text` as a paragraph of its own, or quoted inside an English one."""
    middle = QUOTING.format(f"“{text}”") if quoted else text
    return f"{HEADLINE}\n\n{OPENING}\n\n{middle}\n\n{CLOSING}\n"


def paragraphs(shared: Path) -> list[tuple[str, str]]:
    """(source, paragraph): a few paragraphs of one to three real sentences for every language, then ours."""
    found = []
    for path in sorted((shared / "corpus" / "sentences").glob("*.txt")):
        sentences = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        rng = random.Random(path.stem)  # the same sample on every run
        found += [(path.stem, " ".join(rng.sample(sentences, rng.randint(1, 3)))) for _ in range(PARAGRAPHS_PER_LANGUAGE)]
    return found + [("emoji", text) for text in EMOJI] + [("typographic", text) for text in TYPOGRAPHIC]


@cache
def cases() -> list[Case]:
    """Every damaged article that ftfy restores exactly."""
    restored = []
    for n, (source, text) in enumerate(paragraphs(SHARED)):
        article = article_around(text, quoted=n % 2 == 1)
        for damage in DAMAGES:
            try:
                damaged = damage(article)
            except UnicodeEncodeError:
                continue  # not Windows-1252 text: it cannot have been stored as such
            if damaged != article and ftfy.fix_text(damaged, **CONTRACT) == article:
                restored.append(Case(source, damage.__name__, article, damaged))
    return restored


@cache
def clean_form(article: str) -> str:
    return clean_text(article).text


def test_enough_cases_of_every_kind_are_generated(shared):
    sources = {case.source for case in cases()}
    assert len(cases()) >= MIN_CASES
    assert {"emoji", "typographic"} <= sources
    assert len(sources) == len(list((shared / "corpus" / "sentences").glob("*.txt"))) + 2  # every language counts


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda damage: damage.__name__)
def test_the_pipeline_restores_what_ftfy_restores(shared, damage):
    mine = [case for case in cases() if case.damage == damage.__name__]
    misses = [(case.source, case.damaged) for case in mine if clean_text(case.damaged).text != clean_form(case.article)]
    assert mine and misses == []
