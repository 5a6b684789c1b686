"""The pipeline on real text no one here wrote, read from ../shared at run time (never copied here).

- `corpus/sentences/`: every sentence of 75 languages, made into articles (`bench/audit_corpus.py`,
  `sentence_articles`). Once characters are repaired (mojibake, HTML references, controls, invisible
  characters, disguised letters: the corpus carries some real damage), only canonical layout may change:
  blocks, spaces, NFC and the spacing of Latin punctuation. No opening, quote or punctuation rule may act.
- `corpus/scraped/`: 200 real scraped US news articles, without gold. Every change but canonical layout,
  warnings included, must be one a person has looked at: `tests/expected/scraped_changes.tsv` lists them,
  without their text (article, stage, kind, level, hash and length of the text before and after).
  A new change, or a change gone, fails this test until someone has reviewed it. To review and regenerate:

      python bench/audit_corpus.py scraped           # every change, in its context
      python bench/audit_corpus.py scraped --write   # prints what is added and dropped, rewrites the file

- On both, as on generated articles (`test_properties.py`): every number of the raw text, sign included,
  is in the clean text, unless a logged removal took its whole block or a broken-off copy of it.
"""
from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
import regex

from bench.audit_corpus import (describe, expected_records, record, reviewed, scraped_articles, sentence_articles,
                                texts_given)
from pipeline.engine import STAGES, clean_text, identify_language, replay
from tests.conftest import numbers_lost

CHARACTER_STAGES = {stage.__name__ for stage in STAGES[:STAGES.index(identify_language) + 1]}
WHITE_SPACE = regex.compile(r"\s+")
# The canonical spacing of Latin punctuation (../shared/CANONICAL.md): no space before a lone `, . ; : ! ?`
# after a Latin letter, and a space between a Latin word and a parenthesis glued to it. Both sides of the
# comparison get it, so that these rules' changes count as layout between Latin letters only.
SPACE_BEFORE_PUNCTUATION = regex.compile(r"(?<=\p{Latin}) (?=[,.;:!?](?: |$)(?! *\.))")
SPACE_BEFORE_PARENTHESIS = regex.compile(r"(?<=\p{Latin}{2}\.?) (?=\()")


def layout_folded(text: str) -> str:
    text = WHITE_SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return SPACE_BEFORE_PARENTHESIS.sub("", SPACE_BEFORE_PUNCTUATION.sub("", text))


def cleaned(articles) -> list[tuple[str, str, object]]:
    return [(name, raw, clean_text(raw, options)) for name, raw, options in articles]


@pytest.fixture(scope="module")
def sentences(shared):
    return cleaned(sentence_articles(shared / "corpus" / "sentences"))


@pytest.fixture(scope="module")
def scraped(shared):
    return cleaned(scraped_articles(shared / "corpus" / "scraped"))


def test_the_sentences_of_75_languages_change_only_in_layout(sentences):
    damaged = []
    for name, raw, result in sentences:
        characters_done = next((i for i, c in enumerate(result.changes) if c.stage not in CHARACTER_STAGES),
                               len(result.changes))
        if layout_folded(replay(raw, result.changes[:characters_done])) != layout_folded(result.text):
            damaged.append([name] + [describe(name, given, c)
                                     for c, given in zip(result.changes, texts_given(raw, result.changes))
                                     if c.stage not in CHARACTER_STAGES and c.level == "change"])
    assert damaged == []


def test_every_change_on_the_scraped_news_was_reviewed(scraped):
    found = [(name, change) for name, _, result in scraped for change in result.changes if reviewed(change)]
    now, expected = Counter(record(name, change) for name, change in found), expected_records()
    unexpected = {r.article for r in now - expected}
    new = [describe(name, given, change) for name, raw, result in scraped if name in unexpected
           for change, given in zip(result.changes, texts_given(raw, result.changes))
           if (now - expected)[record(name, change)]]
    gone = [r.line() for r in (expected - now).elements()]
    assert (new, gone) == ([], []), "review with `python bench/audit_corpus.py scraped --write`"


@pytest.mark.parametrize("corpus", ["sentences", "scraped"])
def test_no_number_is_lost_on_real_text(corpus, request):
    articles = request.getfixturevalue(corpus)
    lost = [(name, numbers_lost(raw, result.text, result.changes)) for name, raw, result in articles]
    assert [(name, numbers) for name, numbers in lost if numbers] == []
