"""The opt-in ASCII rendition, for downstream tools that take nothing else."""
from __future__ import annotations

import regex
from unidecode import unidecode

from ..edits import Edit, edits_for_matches

NON_ASCII = regex.compile(r"[^\x00-\x7f]+")
DASHES = str.maketrans({"—": "-", "–": "-"})  # unidecode writes `--` for an em dash; one hyphen reads as the dash it was


def transliterate_to_ascii(text: str, article) -> list[Edit]:
    """Spell every non-ASCII run in ASCII with unidecode: `São Paulo — 5€` becomes `Sao Paulo - 5EUR`.

    >>> [e.after for e in transliterate_to_ascii("São Paulo — 5€", None)]
    ['a', '-', 'EUR']
    """
    return edits_for_matches(NON_ASCII, text, lambda m: unidecode(m.group().translate(DASHES)),
                             "transliteration", lambda m: f"{m.group()!r} spelled in ASCII")
