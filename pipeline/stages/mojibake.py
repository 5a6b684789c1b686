"""Mojibake, HTML character references and C1 controls, through ftfy.

ftfy runs with its encoding fixes only: quotes stay curly, widths, ligatures,
line breaks and control characters are left to the stages that own them,
and normalisation to the layout stage. It reads the text as it came, once
line breaks are `\\n` (no line break is a byte of mojibake): a no-break space,
a soft hyphen or a C1 control can be one (`Ã\\xa0` is `à`, `Ã\\xad` is `í`,
`\\x85` is `…`), and a stage that tidied or removed it first would leave ftfy
nothing to decode. Like `ftfy.fix_text`, it fixes one `\\n`-ended line at a
time, so each edit is tied to one line and ftfy's explanation of that line
goes into the log.
"""
from __future__ import annotations

import re
import re._constants
import re._parser
from functools import cache

import ftfy
import regex
from ftfy.badness import BADNESS_RE
from ftfy.chardata import HTML_ENTITY_RE

from ..edits import Edit, edits_between

HTML_REFERENCE = regex.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_character_width=False,
    fix_latin_ligatures=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)
# ftfy's heuristic for mojibake (`ftfy.badness.is_bad`) matches at most this many characters (tests/test_characters.py
# reads it from the pattern)
BADNESS_REACH = 7
SURROGATE = re.compile("[\ud800-\udfff]")


def fix_mojibake(text: str, article) -> list[Edit]:
    """Undo text decoded with the wrong codec and HTML references in plain text.

    A line ftfy has already found nothing (more) to fix in is not read again:
    called a second time, after the other stages, only the lines they changed
    are read (`article.lines_without_mojibake` remembers the others).

    >>> from pipeline.edits import apply_edits
    >>> apply_edits(t := "fell to Â£5m", fix_mojibake(t, None))
    'fell to £5m'
    >>> [(e.kind, e.after) for e in fix_mojibake("G7 communiqu&#233;", None)]
    [('html_entity', 'é')]
    >>> apply_edits(t := "nÃ\\xa0y cÃ\\xa0ng\\x85", fix_mojibake(t, None))
    'này càng…'
    """
    if text.isascii() and not HTML_REFERENCE.search(text):
        return []  # nothing for ftfy to find: no reference, no character that can be mis-decoded
    known_clean = article.lines_without_mojibake if article is not None else set()
    edits, offset = [], 0
    for line in lines_as_ftfy_reads(text):
        if (not line.isascii() or HTML_REFERENCE.search(line)) and line not in known_clean and ftfy_may_change(line):
            fixed, steps, stable = fix_until_stable(line)
            if stable:
                known_clean.add(fixed)
            if fixed != line:
                explanation = [list(step) for step in steps]
                kind = "html_entity" if explanation == [["apply", "unescape_html"]] else "mojibake"
                reason = "ftfy: " + ", ".join(f"{action} {arg}" for action, arg in steps)
                edits += edits_between(line, fixed, kind, reason, offset, ftfy=explanation)
        offset += len(line)
    return edits


def ftfy_may_change(line: str) -> bool:
    """Whether ftfy, as configured here, can change the line at all: exactly as permissive as its own tests.

    With the fixes chosen here, ftfy changes nothing unless the line has an HTML reference (as ftfy reads one),
    an escape character (a terminal code), a surrogate, or a sequence its badness heuristic takes for mojibake.
    Most lines have none of these, and asking here costs a fraction of a call to ftfy, most of which goes on that
    heuristic over the whole line.

    >>> ftfy_may_change("Prices in São Paulo rose by 5% – “a record” at AT&T."), ftfy_may_change("It fell to Â£5m")
    (False, True)
    """
    return (("&" in line and bool(HTML_ENTITY_RE.search(line))) or "\x1b" in line or bool(SURROGATE.search(line))
            or looks_like_mojibake(line))


def looks_like_mojibake(line: str) -> bool:
    """`ftfy.badness.is_bad(line)`, asked only around the characters that every match of it needs.

    >>> looks_like_mojibake("The cafÃ© opened in 2004, long before the crowds came."), looks_like_mojibake("café")
    (True, False)
    """
    windows: list[list[int]] = []  # the stretches within reach of such a character, overlaps merged
    for mark in mojibake_marks().finditer(line):
        start, end = max(mark.start() - BADNESS_REACH + 1, 0), mark.end() + BADNESS_REACH - 1
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    # searched in place, not sliced out: `^` still means the start of the line only
    return any(BADNESS_RE.search(line, start, end) for start, end in windows)


@cache
def mojibake_marks() -> re.Pattern:
    """Characters of which every match of ftfy's heuristic holds one: from each of its alternatives, the
    smallest class of characters outside ASCII it requires (`[ÂÃ]` of `[ÂÃ][ ]`, `≈` of `≈[°¢]`). The curly
    apostrophe, dashes and most accented letters are in none of these, so most lines have no such character.

    >>> mojibake_marks().search("Prices rose by 5% – a record, it’s said…"), mojibake_marks().search("Â£5").group()
    (None, 'Â£')
    """
    marks: set[int] = set()
    [(_, (_, alternatives))] = re._parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data  # one BRANCH
    for alternative in alternatives:
        required = [chars for item in alternative.data if (chars := characters_of(item)) and min(chars) > 127]
        marks |= min(required, key=len)  # none: ftfy changed its pattern, and this raises rather than miss a match
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(marks)) + "]+")


def characters_of(item: tuple) -> set[int] | None:
    """The characters one item of a parsed pattern matches: a literal or a plain class (no `\\w`, no `[^…]`)."""
    op, value = item
    if op is re._constants.LITERAL:
        return {value}
    if op is re._constants.IN and all(kind in (re._constants.LITERAL, re._constants.RANGE) for kind, _ in value):
        return {c for kind, v in value for c in ([v] if kind is re._constants.LITERAL else range(v[0], v[1] + 1))}
    return None


def lines_as_ftfy_reads(text: str) -> list[str]:
    """The lines of `text`, each with its `\\n`, as `ftfy.fix_text` cuts them.

    `str.splitlines` would also cut at `\\x85` and `\\r`; U+0085 is most often
    a Windows-1252 `…` read as Latin-1, which ftfy decodes.

    >>> lines_as_ftfy_reads("a\\x85b\\r\\nc")
    ['a\\x85b\\r\\n', 'c']
    """
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def fix_until_stable(line: str, rounds: int = 3) -> tuple[str, list, bool]:
    """ftfy's fix with its steps, repeated while it still changes the line; and whether it stopped changing.

    One fix can uncover another (`¢Â\\x80` becomes `Â€`, then `€`); repeating
    makes cleaning a clean text change nothing.

    >>> fix_until_stable("Â£5")
    ('£5', [('encode', 'latin-1'), ('decode', 'utf-8')], True)
    """
    steps: list = []
    for _ in range(rounds):
        if not ftfy_may_change(line):
            return line, steps, True  # what ftfy would say, for a fraction of the cost: most fixed lines are stable
        fixed, more = ftfy.fix_and_explain(line, FTFY_CONFIG)
        if fixed == line:
            return line, steps, True
        line, steps = fixed, steps + list(more)
    return line, steps, False
