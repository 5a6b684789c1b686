"""An article's logged changes for a person at a terminal: `python -m pipeline FILE --diff`.

Each change is drawn from the log itself (not from a diff of raw and clean),
so what is shown is exactly what was logged.
"""
from __future__ import annotations

import itertools
import re
from typing import Iterator

from .engine import Change, replay

CONTEXT = 30  # characters shown on each side of a change
COLOURS = {"removed": "\033[31m", "inserted": "\033[32m", "warning": "\033[33m", "about": "\033[2m", "end": "\033[0m"}
SIGNS = {"\n": "¶", "\t": "→", "\r": "␍"}
INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                       "\ufeff\ufff9-\ufffb]")  # controls, and what draws nothing or reorders a line
MARKS = {"removed": ("[-", "-]"), "inserted": ("{+", "+}"), "warning": ("[?", "?]")}  # `git diff --word-diff`'s


def render_diff(text: str, changes: list[Change], colour: bool = False) -> Iterator[str]:
    """Each logged change on two lines: what made it and why, then the change in its context.

    The log's offsets are in the text each stage was given, so the stages'
    edits are replayed one stage at a time, as `engine.replay` does.

    >>> from pipeline.engine import clean_text
    >>> for line in render_diff("Title\\n\\nIt fell to Â£5m .", clean_text("Title\\n\\nIt fell to Â£5m .").changes):
    ...     print(line)
    fix_mojibake (mojibake): ftfy: encode latin-1, decode utf-8
        Title¶¶It fell to [-Â-]£5m .
    arrange_blocks (layout): one final line break
        Title¶¶It fell to £5m .{+¶+}
    remove_space_before_punctuation (layout): space before punctuation removed
        Title¶¶It fell to £5m[-␣-].¶
    3 changes, 0 warnings
    """
    counts = {"change": 0, "warning": 0}
    for _, stage_changes in itertools.groupby(changes, key=lambda c: c.stage):
        stage_changes = list(stage_changes)
        for change in stage_changes:
            if not change.before and not change.after:  # the decoding: no text changed
                yield paint(f"{change.stage} ({change.kind}): {change.reason}", "about", colour)
                continue
            counts[change.level] += 1
            yield paint(f"{change.stage} ({change.kind}): {change.reason}", "about", colour)
            yield "    " + in_context(text, change, colour)
        text = replay(text, stage_changes)
    yield f"{plural(counts['change'], 'change')}, {plural(counts['warning'], 'warning')}"


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def in_context(text: str, change: Change, colour: bool) -> str:
    """`…before [-old-]{+new+} after…`, line breaks shown as ¶ (and spaces in the change as ␣)."""
    start, end = change.offset, change.offset + len(change.before)
    left, right = text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]
    shown = [("…" if start > CONTEXT else "") + visible(left, spaces=False)]
    if change.after is None:
        shown.append(paint(visible(change.before), "warning", colour))
    else:
        if change.before:
            shown.append(paint(visible(change.before), "removed", colour))
        if change.after:
            shown.append(paint(visible(change.after), "inserted", colour))
    shown.append(visible(right, spaces=False) + ("…" if end + CONTEXT < len(text) else ""))
    return "".join(shown)


def visible(text: str, spaces: bool = True) -> str:
    """Line breaks and tabs as signs, invisible and control characters as their code points (a bidi control
    would reorder the terminal's line); spaces too where a change is made of them.

    >>> visible("a b\\r\\n\\tc\\u202e")
    'a␣b␍¶→c⟨U+202E⟩'
    """
    text = INVISIBLE.sub(lambda m: SIGNS.get(m[0]) or f"⟨U+{ord(m[0]):04X}⟩", text)
    return text.replace(" ", "␣") if spaces else text


def paint(text: str, role: str, colour: bool) -> str:
    if colour:
        return f"{COLOURS[role]}{text}{COLOURS['end']}"
    opening, closing = MARKS.get(role, ("", ""))
    return f"{opening}{text}{closing}"
