"""The canonical layout: blocks, spaces and punctuation spacing.

One block a line (a list keeps its items on consecutive lines), blocks
separated by one blank line, one final line break; single spaces inside a
line; no space before a lone comma or full stop after a Latin word. These
fixes only move white space and a few punctuation marks: words are the other
stages' business.
"""
from __future__ import annotations

import unicodedata

import regex

from ..edits import Edit, edits_for_matches

LINE_BREAK = regex.compile(r"\r\n|[\r\x0b\x0c\u2028\u2029]")  # not U+0085: a lost `…`, which ftfy decodes
SPACE = r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
# Only white space to change: at a line's ends, two or more, or any but a plain space.
UNTIDY_SPACES = regex.compile(rf"^{SPACE}+|{SPACE}+$|{SPACE}*[^\S\n ]{SPACE}*|  +", regex.M)
OTHER_WHITE_SPACE = regex.compile(r"[^\S\n ]")
BREAKS = regex.compile(r"\n+")
LIST_ITEM = regex.compile(r"(?:[•◦▪‣*-]|\d{1,3}[.)])\s")
SENTENCE_END = regex.compile(r"[.!?…:;][\"'”’»)\]]*$")
CONTINUES_LINE = regex.compile(r"[\p{Ll})\]},;]")
OPENING_BRACKET = "([{"
CLOSING_PUNCTUATION = ")]},;"

# A lone , . ; : ! ? after a Latin letter, not part of an ellipsis (`. . .`);
# French sets a space before ; : ! ? (never before , or .).
SPACE_BEFORE_PUNCTUATION = regex.compile(r"(?<=\p{Latin}) +(?=[,.;:!?](?:[ \t]|$)(?![ \t]*\.))", regex.M)
SPACE_BEFORE_COMMA_OR_STOP = regex.compile(r"(?<=\p{Latin}) +(?=[,.](?:[ \t]|$)(?![ \t]*\.))", regex.M)
# `Inc.("BAM"` or `Trading(BAM`: a word of two letters or more glued to a
# parenthesis that opens a quotation or a capitalised word. `f(x)` and
# `U.S.(` are left alone.
GLUED_PARENTHESIS = regex.compile(r"(?<=\p{L}{2}\.?)\((?=[\"“'‘]|\p{Lu})")
QUOTE_AS_APOSTROPHE = regex.compile(r"(?<=\p{L})‘(?=\p{L})")
CJK_PUNCTUATION = regex.compile(r"(?<=[\p{Latin}\d\"'”’)\]]) *([、，。；：！？]) *(?=[\p{Latin}\d\"“‘(])")
LATIN_FORM = {"、": ",", "，": ",", "。": ".", "；": ";", "：": ":", "！": "!", "？": "?"}


def normalise_line_breaks(text: str, article) -> list[Edit]:
    r"""Every line break becomes `\n`.

    >>> [e.after for e in normalise_line_breaks("a\r\nb", None)]
    ['\n']
    """
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
            or OTHER_WHITE_SPACE.search(text) is not None)


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
    french = article is not None and article.language == "fr"
    pattern = SPACE_BEFORE_COMMA_OR_STOP if french else SPACE_BEFORE_PUNCTUATION
    return edits_for_matches(pattern, text, lambda m: "", "layout", "space before punctuation removed")


def space_glued_parenthesis(text: str, article) -> list[Edit]:
    """`Inc.("BAM Management")` becomes `Inc. ("BAM Management")`.

    >>> [e.after for e in space_glued_parenthesis('Holdings Inc.("BAM") and f(x)', None)]
    [' (']
    """
    return edits_for_matches(GLUED_PARENTHESIS, text, lambda m: " (", "layout", "space before an opening parenthesis")


def fix_quote_used_as_apostrophe(text: str, article) -> list[Edit]:
    """`Binance.US‘s` becomes `Binance.US’s`: an opening quote inside a word is an apostrophe.

    >>> [e.after for e in fix_quote_used_as_apostrophe("Binance.US‘s", None)]
    ['’']
    """
    if text.isascii():
        return []
    return edits_for_matches(QUOTE_AS_APOSTROPHE, text, lambda m: "’", "punctuation", "opening quote used as an apostrophe")


def latinise_cjk_punctuation(text: str, article) -> list[Edit]:
    """`("BAM Trading")、BAM` becomes `("BAM Trading"), BAM`: CJK punctuation between Latin words.

    >>> [e.after for e in latinise_cjk_punctuation('("BAM Trading")、BAM', None)]
    [', ']
    """
    if text.isascii() or not any(mark in text for mark in LATIN_FORM):
        return []
    return edits_for_matches(CJK_PUNCTUATION, text, lambda m: LATIN_FORM[m.group(1)] + " ", "punctuation",
                             "CJK punctuation between Latin words")


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
