"""Truncated endings: nothing can bring back the lost words, but the log says so."""
from __future__ import annotations

import regex

from ..edits import Flag
from ..structure import split_blocks

FINISHED = regex.compile(r"[.!?…][\"'”’»)\]]*$")


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
    if last.text.count("“") > last.text.count("”"):
        flags.append(Flag(last.start, last.end, "truncation", "the last block opens a quotation it never closes"))
    return flags
