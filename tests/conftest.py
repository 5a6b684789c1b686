"""Shared test helpers. Benchmark and seed texts are read from ../shared at run time."""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, settings

from pipeline.edits import apply_edits
from pipeline.engine import clean_text

ROOT = Path(__file__).resolve().parent.parent

# Property tests: a few hundred inputs each in the suite; bench/fuzz.py runs the "fuzz" profile.
settings.register_profile("suite", max_examples=300, deadline=None, derandomize=True,  # the same inputs on every CI run
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", 25_000)), deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile("suite")
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


def run_stage(stage, text: str, article=None) -> str:
    """The text after one stage's edits."""
    return apply_edits(text, [f for f in stage(text, article) if hasattr(f, "after")])


def clean(text: str) -> str:
    return clean_text(text).text


def changes_of(text: str, stage: str | None = None, level: str | None = None):
    return [c for c in clean_text(text).changes if (stage is None or c.stage == stage) and (level is None or c.level == level)]


# A number as written, sign included (`-42.64`, `+3`, `−5`, `.5`, `24,823.00`), not a piece of a word or of a
# longer number (`COVID-19`, `2010-11`), nor a character reference (`&#8217;`).
NUMBER = regex.compile(r"(?<![\p{L}\p{N}#+−-])(?<!\p{N}[.,])[-+−]?(?:\d+(?:[.,]\d+)*|\.\d+)")


def numbers_of(text: str) -> set[str]:
    """The numbers written in `text`.

    >>> sorted(numbers_of("It fell -42.64 to 24,823.00 (−5, +3, .5) in 2010-11, COVID-19 &#8217;"))
    ['+3', '-42.64', '.5', '2010', '24,823.00', '−5']
    """
    return {unicodedata.normalize("NFKC", m) for m in NUMBER.findall(text)}  # a fullwidth `１２` is unfolded


def numbers_lost(raw: str, clean: str, changes) -> list[str]:
    """The numbers of `raw` missing from `clean`, but for those in a logged removal of whole blocks, of whole
    sentences named as boilerplate (a copyright line glued to a paragraph), or of a copy the clean text still
    holds (a broken-off opening: `rose to 1,20` before `rose to 1,204.5`)."""
    lost = numbers_of(raw) - numbers_of(clean)
    if not lost:
        return []
    from bench.audit_corpus import texts_given
    for change, given in zip(changes, texts_given(raw, changes)):
        start, end = change.offset, change.offset + len(change.before)
        whole_blocks = (start == 0 or given[start - 1] == "\n") and (end == len(given) or given[end] == "\n"
                                                                      or change.before.endswith("\n"))
        named_unit = change.kind == "boilerplate"  # chrome and notices are removed as whole sentences or lines
        if change.after == "" and (whole_blocks or named_unit or change.before.strip() in clean):
            # every number the removal touched: one glued to a broken-off copy (`in 0` + `100,000`) goes with it
            lost -= {unicodedata.normalize("NFKC", m.group()) for m in NUMBER.finditer(given)
                     if m.start() < max(end, start + 1) and m.end() > start}
    return sorted(lost)
