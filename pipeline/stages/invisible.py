"""Characters that hide or disguise text: invisible ones, bidi controls, compatibility forms.

Spam and scraped text break words with zero-width characters (`in\\u200bto`),
reorder what a reader sees with bidirectional controls, and spell words in
fullwidth or mathematical letters (`ｄｒｕｇ`, `𝐁𝐢𝐧𝐚𝐧𝐜𝐞`) so that search and
models miss them. These stages remove or unfold them.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex
from ftfy.chardata import LIGATURES
from ftfy.fixes import fix_latin_ligatures

from ..edits import Edit, edits_for_matches

# Never needed in a plain-text article: zero-width space, word joiner,
# invisible operators, Mongolian vowel separator, soft hyphen, stray BOM.
INVISIBLE_CHARACTERS = r"\u200b\u2060-\u2064\u180e\u00ad\ufeff"
INVISIBLE = regex.compile(f"[{INVISIBLE_CHARACTERS}]+")
BIDI_CHARACTERS = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
BIDI_CONTROLS = regex.compile(f"[{BIDI_CHARACTERS}]+")
# ftfy, which runs first, reads a C1 control as the Windows-1252 character it stands for (U+0085 is `…`);
# the C1 controls left are the five bytes Windows-1252 does not define.
CONTROLS = r"\x00-\x08\x0e-\x1f\x7f-\x9f"
CONTROL_CHARACTERS = regex.compile(f"[{CONTROLS}]+")
# A joiner is kept where a script or an emoji sequence needs it: between two
# letters or marks of a joining script (Arabic, Persian, Indic…; never Latin,
# Cyrillic, Greek or Armenian), or between emoji.
JOINERS = r"\u200c\u200d"
JOINER = regex.compile(f"[{JOINERS}]+")
NEEDS_JOINER = regex.compile(r"[[\p{M}\p{L}]--[\p{Latin}\p{Cyrillic}\p{Greek}\p{Armenian}\p{Common}\p{Inherited}]]|\p{Extended_Pictographic}|\ufe0f", regex.V1)

FULLWIDTH_RUN = regex.compile(r"[\uff01-\uff5e]*[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a][\uff01-\uff5e]*")
CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")  # letters: punctuation alone is no CJK text
MATHEMATICAL = regex.compile(r"[\U0001d400-\U0001d7ff]+")
# ftfy's table: typographic ligatures (`ﬁ`) and the digraphs kept for old encodings (`ŉ`, `ǌ`, `ǆ`, `Ĳ`)
LIGATURES_OF_FTFY = "".join(map(chr, sorted(LIGATURES)))
LIGATURE = regex.compile(f"[{LIGATURES_OF_FTFY}]+")
COMPATIBILITY_FORMS = f"\uff01-\uff5e\U0001d400-\U0001d7ff{LIGATURES_OF_FTFY}"
COMPATIBILITY_FORM = regex.compile(f"[{COMPATIBILITY_FORMS}]")  # the quick test: FULLWIDTH_RUN scans slowly
# Every character the stages of this file act on, in one class: one scan of the article, shared by the five
# stages, tells each whether it has anything to do (most articles have none of these characters).
ACTED_ON = re.compile(f"[{CONTROLS}{BIDI_CHARACTERS}{INVISIBLE_CHARACTERS}{JOINERS}{COMPATIBILITY_FORMS}]")


@lru_cache(maxsize=1)  # the stages of this file run one after another, on the same text unless one changed it
def characters_acted_on(text: str) -> str:
    """The distinct characters of `text` that a stage of this file acts on; each stage asks its own pattern
    whether one of them is its business.

    >>> characters_acted_on("in\\u200bto the\\x07 end\\u200b"), characters_acted_on("Plain ’text’.")
    ('\\x07\\u200b', '')
    """
    return "".join(sorted(set(ACTED_ON.findall(text))))


def remove_invisible_characters(text: str, article) -> list[Edit]:
    """Drop zero-width characters, word joiners, soft hyphens and stray BOMs.

    >>> [(e.start, e.after) for e in remove_invisible_characters("in\\u200bto", None)]
    [(2, '')]
    """
    if text.isascii() or not INVISIBLE.search(characters_acted_on(text)):
        return []
    return edits_for_matches(INVISIBLE, text, lambda m: "", "invisible", describe_removed)


def remove_bidi_controls(text: str, article) -> list[Edit]:
    """Drop bidirectional controls: they can make a reader see text in another order.

    >>> [e.kind for e in remove_bidi_controls("pay\\u202eusd", None)]
    ['bidi_control']
    """
    if text.isascii() or not BIDI_CONTROLS.search(characters_acted_on(text)):
        return []
    edits = edits_for_matches(BIDI_CONTROLS, text, lambda m: "", "bidi_control", describe_removed)
    return [Edit(e.start, e.end, e.after, e.kind, e.reason, {"security": True}) for e in edits]


def remove_control_characters(text: str, article) -> list[Edit]:
    """Drop C0 and C1 control characters other than tab and line breaks.

    >>> [e.after for e in remove_control_characters("a\\x07b", None)]
    ['']
    """
    if not CONTROL_CHARACTERS.search(characters_acted_on(text)):
        return []
    return edits_for_matches(CONTROL_CHARACTERS, text, lambda m: "", "control_character", describe_removed)


def remove_needless_joiners(text: str, article) -> list[Edit]:
    """Drop zero-width joiners and non-joiners that no script or emoji needs.

    >>> [e.start for e in remove_needless_joiners("fig\\u200cures", None)]
    [3]
    >>> remove_needless_joiners("\\U0001f469\\u200d\\U0001f4bb", None)
    []
    """
    if text.isascii() or not JOINER.search(characters_acted_on(text)):
        return []

    def keep_or_drop(m: regex.Match) -> str | None:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return None if NEEDS_JOINER.match(before) and NEEDS_JOINER.match(after) else ""

    return edits_for_matches(JOINER, text, keep_or_drop, "invisible", describe_removed)


def unfold_compatibility_forms(text: str, article) -> list[Edit]:
    """Turn fullwidth and mathematical letters and ligatures back into plain Latin.

    Fullwidth forms next to Chinese, Japanese or Korean text are that text's
    own and stay. Ligatures unfold as ftfy unfolds them (`ŉ` is `ʼn`, `ǌ` is `nj`).

    >>> [e.after for e in unfold_compatibility_forms("the ｄｒｕｇ and \\U0001d401\\U0001d422 \\ufb01nd", None)]
    ['drug', 'Bi', 'fi']
    >>> [e.after for e in unfold_compatibility_forms("ŉ Ǌegoš and ǆem", None)]
    ['ʼn', 'NJ', 'dž']
    """
    if text.isascii() or not COMPATIBILITY_FORM.search(characters_acted_on(text)):
        return []

    def unfold_fullwidth(m: regex.Match) -> str | None:
        around = text[max(m.start() - 1, 0):m.start()] + text[m.end():m.end() + 1]
        return None if CJK.search(around) else unicodedata.normalize("NFKC", m.group())

    return sorted(
        edits_for_matches(FULLWIDTH_RUN, text, unfold_fullwidth, "compatibility_form", "fullwidth letters unfolded")
        + edits_for_matches(MATHEMATICAL, text, lambda m: unicodedata.normalize("NFKC", m.group()),
                            "compatibility_form", "mathematical letters unfolded")
        + edits_for_matches(LIGATURE, text, lambda m: fix_latin_ligatures(m.group()), "compatibility_form",
                            "ligature unfolded"),
        key=lambda e: e.start,
    )


def describe_removed(m: regex.Match) -> str:
    names = sorted({f"U+{ord(c):04X} {unicodedata.name(c, 'control')}" for c in m.group()})
    return "removed " + ", ".join(names)
