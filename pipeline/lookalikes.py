"""Letters of other scripts that look like one Latin letter (`а` Cyrillic, `ο` Greek): Unicode's confusables
data, through confusable-homoglyphs.

The homoglyph stage repairs them, the repeated-block count reads through
them, and the report marks them. A table of its own, so that planning a run
does not load the stage (and its word lists).
"""
from __future__ import annotations

import unicodedata

import regex
from confusable_homoglyphs.confusables import confusables_data

LATIN_OR_SHARED = regex.compile(r"[\p{Latin}\p{Common}\p{Inherited}]")


def build_lookalike_table() -> dict[str, str]:
    """Letters of other scripts whose confusable prototype is one ASCII letter.

    Capital and small `I` share the prototype `l`; a capital look-alike reads
    as `I`.

    >>> table = build_lookalike_table()
    >>> table["а"], table["Ι"], "ж" in table
    ('a', 'I', False)
    """
    table = {}
    for char, entries in confusables_data.items():
        if len(char) != 1 or not unicodedata.category(char).startswith("L") or LATIN_OR_SHARED.match(char):
            continue
        targets = [e["c"] for e in entries if len(e["c"]) == 1 and e["c"].isascii() and e["c"].isalpha()]
        if targets:
            target = targets[0]
            table[char] = "I" if char.isupper() and target == "l" else target
    return table


LOOKALIKES = build_lookalike_table()
LOOKALIKES_TO_LATIN = str.maketrans(LOOKALIKES)
LOOKALIKE = regex.compile("[" + regex.escape("".join(LOOKALIKES)) + "]")
# The same letters as a set: a class of 279 scattered code points costs the
# regex engines ~0.1 µs a character, a set lookup a tenth of that.
LOOKALIKE_LETTERS = frozenset(LOOKALIKES)
