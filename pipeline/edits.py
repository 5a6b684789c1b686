"""Edits and flags: what a repair stage returns instead of new text.

A stage never rewrites text itself. It returns `Edit`s (replace the span
`start:end` of the text it was given with `after`) and `Flag`s (a warning
about a span, nothing changed). The engine applies the edits, so the change
log is built from the very objects that made the change: replaying the log
over the decoded raw text gives the clean text.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Callable, Iterable

import regex


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` with `after`; `kind` names the damage repaired."""

    start: int
    end: int
    after: str
    kind: str
    reason: str
    detail: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Flag:
    """A warning about `text[start:end]`: damage seen but not repaired."""

    start: int
    end: int
    kind: str
    reason: str
    detail: dict = field(default_factory=dict, compare=False)


Finding = Edit | Flag


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Return `text` with every edit applied; edits must not overlap.

    >>> apply_edits("a  b", [Edit(1, 3, " ", "layout", "one space")])
    'a b'
    """
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}: {e!r}")
        out.append(text[pos:e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def edits_for_matches(
    pattern: regex.Pattern,
    text: str,
    replace: Callable[[regex.Match], str | None],
    kind: str,
    reason: str | Callable[[regex.Match], str],
) -> list[Edit]:
    """One edit per match of `pattern` whose replacement differs from it.

    `replace` may return None to leave a match alone.

    >>> edits_for_matches(regex.compile(r"\\t"), "a\\tb", lambda m: " ", "layout", "tab")
    [Edit(start=1, end=2, after=' ', kind='layout', reason='tab', detail={})]
    """
    edits = []
    for m in pattern.finditer(text):
        after = replace(m)
        if after is None or after == m.group():
            continue
        why = reason(m) if callable(reason) else reason
        edits.append(Edit(m.start(), m.end(), after, kind, why))
    return edits


def edits_between(before: str, after: str, kind: str, reason: str, offset: int = 0, **detail) -> list[Edit]:
    """The smallest edits that turn `before` into `after`, for fixes done by a library.

    >>> [(e.start, e.end, e.after) for e in edits_between("caf&eacute;", "café", "mojibake", "html")]
    [(3, 11, 'é')]
    """
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        Edit(offset + i1, offset + i2, after[j1:j2], kind, reason, dict(detail))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]
