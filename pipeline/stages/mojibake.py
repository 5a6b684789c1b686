"""Mojibake, HTML character references and C1 controls, through ftfy.

ftfy runs with its encoding fixes only: quotes stay curly, widths, ligatures,
line breaks and control characters are left to the stages that own them,
and normalisation to the layout stage. It runs line by line, so each edit is
tied to one line and ftfy's explanation of that line goes into the log.
"""
from __future__ import annotations

import ftfy

import regex

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


def fix_mojibake(text: str, article) -> list[Edit]:
    """Undo text decoded with the wrong codec and HTML references in plain text.

    >>> from pipeline.edits import apply_edits
    >>> apply_edits(t := "fell to Â£5m", fix_mojibake(t, None))
    'fell to £5m'
    >>> [(e.kind, e.after) for e in fix_mojibake("G7 communiqu&#233;", None)]
    [('html_entity', 'é')]
    """
    if text.isascii() and not HTML_REFERENCE.search(text):
        return []  # nothing for ftfy to find: no reference, no character that can be mis-decoded
    edits, offset = [], 0
    for line in text.splitlines(keepends=True):
        if not line.isascii() or HTML_REFERENCE.search(line):
            fixed, steps = fix_until_stable(line)
            if fixed != line:
                explanation = [list(step) for step in steps]
                kind = "html_entity" if explanation == [["apply", "unescape_html"]] else "mojibake"
                reason = "ftfy: " + ", ".join(f"{action} {arg}" for action, arg in steps)
                edits += edits_between(line, fixed, kind, reason, offset, ftfy=explanation)
        offset += len(line)
    return edits


def fix_until_stable(line: str, rounds: int = 3) -> tuple[str, list]:
    """ftfy's fix with its steps, repeated while it still changes the line.

    One fix can uncover another (`¢Â\x80` becomes `Â€`, then `€`); repeating
    makes cleaning a clean text change nothing.
    """
    steps: list = []
    for _ in range(rounds):
        fixed, more = ftfy.fix_and_explain(line, FTFY_CONFIG)
        if fixed == line:
            break
        line, steps = fixed, steps + list(more)
    return line, steps
