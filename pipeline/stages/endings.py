"""Truncated endings: nothing can bring back the lost words, but the log says so."""
from __future__ import annotations

import regex

from ..edits import Flag
from ..structure import split_blocks

FINISHED = regex.compile(r"[.!?…][\p{Quotation_Mark}\p{Pe}\p{Pf}]*$")  # `.”`, `.“` (German), `.»`, `.«` (Danish)


def flag_truncated_ending(text: str, article) -> list[Flag]:
    """Warn when the last block stops mid-sentence or leaves a quotation open.

    >>> [f.reason for f in flag_truncated_ending("Title\\n\\nHe said, “we will\\n", None)]
    ['the article ends mid-sentence', 'the last block opens a quotation it never closes']
    """
    blocks = split_blocks(text)
    if len(blocks) < 2 or article is not None and not article.latin_script:
        return []
    last = blocks[-1]
    flags = []
    if not FINISHED.search(last.text):
        flags.append(Flag(last.start, last.end, "truncation", "the article ends mid-sentence"))
    if opens_a_quotation(last.text):
        flags.append(Flag(last.start, last.end, "truncation", "the last block opens a quotation it never closes"))
    return flags


def opens_a_quotation(text: str) -> bool:
    """Whether `text` opens more quotations with `“` or `„` than it closes.

    `„` opens and `“` closes in German, Lithuanian, Czech and more; `“` opens and `”` closes in English.

    >>> [opens_a_quotation(t) for t in ("“It is", "“It is.”", "„Ja“, sagte er.", "„Ja“ und “Nein”")]
    [True, False, False, False]
    """
    low, high, right = text.count("„"), text.count("“"), text.count("”")
    closed_by_high = min(low, high)  # a `“` after a `„` closes it
    return low + high - closed_by_high > right + closed_by_high
