"""The canonical layout: blocks, spaces and punctuation spacing.

One block a line (a list keeps its items on consecutive lines), blocks
separated by one blank line, one final line break; single spaces inside a
line; no space before a lone comma or full stop after a Latin word. These
fixes only move white space and a few punctuation marks: words are the other
stages' business.
"""
from __future__ import annotations

import bisect
import unicodedata
from typing import Callable

import regex

from ..edits import Edit, edits_for_matches

LINE_BREAK_CHARACTERS = "\r\x0b\x0c\u2028\u2029"  # not U+0085: a lost `…`, which ftfy decodes
LINE_BREAK = regex.compile(rf"\r\n|[{LINE_BREAK_CHARACTERS}]")
SPACE = r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
# Only white space to change: at a line's ends, two or more, or any but a plain space.
UNTIDY_SPACES = regex.compile(rf"^{SPACE}+|{SPACE}+$|{SPACE}*[^\S\n ]{SPACE}*|  +", regex.M)
# What `[^\S\n ]` matches (white space other than a line break or a space; tests/test_layout.py checks every code
# point): looked for one character at a time, a test per character costs a fortieth of a regex scan.
OTHER_WHITE_SPACE = ("\t\x0b\x0c\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                     "\u2028\u2029\u202f\u205f\u3000")
BREAKS = regex.compile(r"\n+")
LINE = regex.compile(r"[^\n]+")
LIST_ITEM = regex.compile(r"(?:[•◦▪‣*-]|\d{1,3}[.)])\s")
SENTENCE_END = regex.compile(r"[.!?…:;][\"'”’»)\]]*$")
CONTINUES_LINE = regex.compile(r"[\p{Ll})\]},;]")
OPENING_BRACKET = "([{"
CLOSING_PUNCTUATION = ")]},;"

# A lone , . ; : ! ? after a Latin letter, not part of an ellipsis (`. . .`);
# French sets a space before ; : ! ? (never before , or .).
SPACE_BEFORE_PUNCTUATION = regex.compile(r"(?<=\p{Latin}) +(?=[,.;:!?](?:[ \t]|$)(?![ \t]*\.))", regex.M)
SPACE_BEFORE_COMMA_OR_STOP = regex.compile(r"(?<=\p{Latin}) +(?=[,.](?:[ \t]|$)(?![ \t]*\.))", regex.M)
# `Inc.("BAM"` or `Trading(BAM`: a Latin word of two letters or more glued to a parenthesis that opens a
# quotation or a capitalised Latin word. `f(x)`, `U.S.(`, `(R)`, an abbreviation (`JD(U)`, `CPI(M)`) and
# every script written without spaces between words (`산업연구원(KIET)`) are left alone.
GLUED_PARENTHESIS = regex.compile(r"(?<=\p{Latin}{2}\.?)\((?=[\"“'‘]\p{Latin}|\p{Lu}\p{Latin})")
MAX_WORD = 40  # letters read back to tell an abbreviation
WORD_BEFORE = regex.compile(r"[\p{L}\p{M}]+(?=\.?$)")
# An opening quote inside a Latin word before an English possessive or contraction (`Binance.US‘s`,
# `don‘t`); a transliteration's ‘ayn (`Qa‘dah`) and quotes in other scripts (`一个‘鬼’`) are left alone.
QUOTE_AS_APOSTROPHE = regex.compile(r"(?<=\p{Latin})‘(?=(?:s|t|d|m|ll|re|ve)(?![\p{L}\p{M}]))")
# CJK punctuation between Latin words (`("BAM Trading")、BAM`), never between digits (`9、10月`, `2。5元`);
# only in a block without CJK letters, where it can only be a stray.
CJK_PUNCTUATION = regex.compile(r"(?<=\p{Latin}[\"'”’)\]]{0,3}) *([、，。；：！？]) *(?=[\"“‘(]{0,3}\p{Latin})")
# Letters of scripts that keep their punctuation and parentheses as written, Latin words among them included.
SPACELESS_SCRIPT_LETTER = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}\p{Thai}\p{Lao}"
                                        r"\p{Khmer}\p{Myanmar}]")
LATIN_FORM = {"、": ",", "，": ",", "。": ".", "；": ";", "：": ":", "！": "!", "？": "?"}


def normalise_line_breaks(text: str, article) -> list[Edit]:
    r"""Every line break becomes `\n`.

    >>> [e.after for e in normalise_line_breaks("a\r\nb", None)]
    ['\n']
    """
    if not any(c in text for c in LINE_BREAK_CHARACTERS):
        return []  # most articles: one test a character costs a fraction of the regex scan
    return edits_for_matches(LINE_BREAK, text, lambda m: "\n", "layout", "line break made \\n")


def tidy_spaces(text: str, article) -> list[Edit]:
    """Tabs and special spaces become one plain space; none at a line's ends.

    >>> [(e.start, e.after) for e in tidy_spaces(" a\\t\\u00a0b ", None)]
    [(0, ''), (2, ' '), (5, '')]
    """
    if not has_untidy_space(text):
        return []

    def one_space(m: regex.Match) -> str:
        at_line_end = m.start() == 0 or text[m.start() - 1] == "\n" or m.end() == len(text) or text[m.end()] == "\n"
        return "" if at_line_end else " "

    return edits_for_matches(UNTIDY_SPACES, text, one_space, "layout", "white space tidied")


def has_untidy_space(text: str) -> bool:
    """The quick test that most clean articles pass (substring tests: one regex alternation costs twice as much)."""
    return ("  " in text or " \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " "
            or any(c in text for c in OTHER_WHITE_SPACE))


def arrange_blocks(text: str, article) -> list[Edit]:
    """One blank line between blocks; hard-wrapped lines joined; list items kept together.

    >>> from pipeline.edits import apply_edits
    >>> apply_edits(t := "Title\\nA line that wraps\\nhere.\\n• one\\n• two", arrange_blocks(t, None))
    'Title\\n\\nA line that wraps here.\\n\\n• one\\n• two\\n'
    """
    edits = []
    for m in BREAKS.finditer(text):
        if m.start() == 0:
            edits.append(Edit(0, m.end(), "", "layout", "leading blank lines removed"))
            continue
        if m.end() == len(text):
            if m.group() != "\n":
                edits.append(Edit(m.start(), m.end(), "\n", "layout", "one final line break"))
            continue
        previous = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        next_break = text.find("\n", m.end())
        following = text[m.end():next_break if next_break >= 0 else len(text)]
        single = m.group() == "\n"
        if single and CONTINUES_LINE.match(following) and not SENTENCE_END.search(previous):
            glue = "" if following[0] in CLOSING_PUNCTUATION or previous[-1] in OPENING_BRACKET else " "
            edits.append(Edit(m.start(), m.end(), glue, "layout", "hard-wrapped line joined"))
        elif single and LIST_ITEM.match(following) and LIST_ITEM.match(previous):
            continue
        elif m.group() != "\n\n":
            edits.append(Edit(m.start(), m.end(), "\n\n", "layout", "blocks separated by one blank line"))
    if text and not text.endswith("\n"):
        edits.append(Edit(len(text), len(text), "\n", "layout", "one final line break"))
    return edits


def remove_space_before_punctuation(text: str, article) -> list[Edit]:
    """`CoinMarketCap .` becomes `CoinMarketCap.`; French keeps its space before `; : ! ?`.

    >>> [e.start for e in remove_space_before_punctuation("data from CoinMarketCap .", None)]
    [23]
    >>> remove_space_before_punctuation("the match . . . moment", None)
    []
    """
    if not any(" " + mark in text for mark in ",.;:!?"):
        return []  # most articles: a substring test per mark is cheaper than the regex, which tests every letter
    french = article is not None and article.language == "fr"
    pattern = SPACE_BEFORE_COMMA_OR_STOP if french else SPACE_BEFORE_PUNCTUATION
    spaceless = spaceless_script_lines(text)
    return edits_for_matches(pattern, text, lambda m: None if spaceless(m.start()) else "", "layout",
                             "space before punctuation removed")


def spaceless_script_lines(text: str) -> Callable[[int], bool]:
    """Whether an offset stands on a line with letters of Han, Kana, Hangul, Thai and the like, whose
    punctuation and parentheses stay as written even between Latin words (`使用Windows、Linux`).
    The lines are found once, on the first question, so the stages stay linear.

    >>> on_spaceless_line = spaceless_script_lines("Tokyo (AP)\\n日本Windows(Microsoft)")
    >>> on_spaceless_line(6), on_spaceless_line(19)
    (False, True)
    """
    spans: list[tuple[int, int]] | None = None

    def on_spaceless_line(offset: int) -> bool:
        nonlocal spans
        if spans is None:
            spans = [] if text.isascii() else [line.span() for line in LINE.finditer(text)
                                               if SPACELESS_SCRIPT_LETTER.search(line.group())]
        i = bisect.bisect_right(spans, (offset, len(text) + 1)) - 1
        return i >= 0 and spans[i][0] <= offset < spans[i][1]

    return on_spaceless_line


def space_glued_parenthesis(text: str, article) -> list[Edit]:
    """`Inc.("BAM Management")` becomes `Inc. ("BAM Management")`; other scripts and abbreviations keep theirs.

    >>> [e.after for e in space_glued_parenthesis('Holdings Inc.("BAM") and f(x)', None)]
    [' (']
    >>> space_glued_parenthesis("산업연구원(KIET) 리츠(REITs) JD(U) Acme-Gel(R)", None)
    []
    """
    if "(" not in text:
        return []
    spaceless = spaceless_script_lines(text)

    def spaced(m: regex.Match) -> str | None:
        word = WORD_BEFORE.search(text, max(0, m.start() - MAX_WORD), m.start()).group()
        if word.isupper() or spaceless(m.start()):  # an abbreviation: `JD(U)`, `NEWS.DAILY(SUNDAY)`
            return None
        return " ("

    return edits_for_matches(GLUED_PARENTHESIS, text, spaced, "layout", "space before an opening parenthesis")


def fix_quote_used_as_apostrophe(text: str, article) -> list[Edit]:
    """`Binance.US‘s` becomes `Binance.US’s`: an opening quote inside a Latin word is an apostrophe.

    >>> [e.after for e in fix_quote_used_as_apostrophe("Binance.US‘s", None)]
    ['’']
    >>> fix_quote_used_as_apostrophe("一个‘鬼’ and Dhu al-Qa‘dah", None)
    []
    """
    if text.isascii():
        return []
    return edits_for_matches(QUOTE_AS_APOSTROPHE, text, lambda m: "’", "punctuation", "opening quote used as an apostrophe")


def latinise_cjk_punctuation(text: str, article) -> list[Edit]:
    """`("BAM Trading")、BAM` becomes `("BAM Trading"), BAM`: CJK punctuation between Latin words.

    >>> [e.after for e in latinise_cjk_punctuation('("BAM Trading")、BAM', None)]
    [', ']
    >>> latinise_cjk_punctuation("今年9、10月 and 使用Windows、Linux", None)
    []
    """
    if text.isascii() or not any(mark in text for mark in LATIN_FORM):
        return []

    spaceless = spaceless_script_lines(text)

    def latin_form(m: regex.Match) -> str | None:
        return None if spaceless(m.start()) else LATIN_FORM[m.group(1)] + " "

    return edits_for_matches(CJK_PUNCTUATION, text, latin_form, "punctuation", "CJK punctuation between Latin words")


GRAPHEME = regex.compile(r"\X")


def normalise_unicode(text: str, article) -> list[Edit]:
    """Compose characters to Unicode NFC (`e` + combining acute becomes `é`), one grapheme at a time.

    >>> [e.after for e in normalise_unicode("cafe\u0301", None)]
    ['é']
    """
    if unicodedata.is_normalized("NFC", text):
        return []
    return edits_for_matches(GRAPHEME, text, lambda m: unicodedata.normalize("NFC", m.group()), "layout",
                             "composed to Unicode NFC")
