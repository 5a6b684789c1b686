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
from typing import Callable, Iterable, Iterator

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
    >>> [(e.start, e.end, e.after) for e in edits_between("Â£5m, up from Â£4m", "£5m, up from £4m", "mojibake", "")]
    [(0, 1, ''), (14, 15, '')]
    """
    edits = []
    for i, j, i_end, j_end in changed_spans(before, after):
        if max(i_end - i, j_end - j) > MAX_DIFF_SPAN:  # no place where the texts agree again: see MAX_DIFF_SPAN
            edits.append(Edit(offset + i, offset + i_end, after[j:j_end], kind, reason, dict(detail)))
            continue
        matcher = difflib.SequenceMatcher(None, before[i:i_end], after[j:j_end], autojunk=False)
        edits += [Edit(offset + i + i1, offset + i + i2, after[j + j1:j + j2], kind, reason, dict(detail))
                  for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    return edits


# difflib is quadratic in the length of what it compares, so it is given only
# the few characters around each change: a change ends where the texts agree
# again on ANCHOR characters that occur once nearby. Where no such place comes
# within MAX_DIFF_SPAN characters (a long line re-decoded whole), the rest of
# the line is one edit, so that the cost stays linear.
ANCHOR = 12
MAX_DIFF_SPAN = 20_000


def changed_spans(before: str, after: str) -> Iterator[tuple[int, int, int, int]]:
    """`(i, j, i_end, j_end)` for each stretch where `before[i:i_end]` was changed into `after[j:j_end]`;
    outside them the two texts agree. Linear in the texts' length for changes that are local.

    >>> list(changed_spans("a Â£5m loss", "a £5m loss"))
    [(2, 2, 3, 2)]
    """
    head = common_prefix_length(before, after)
    tail = min(common_prefix_length(before[::-1], after[::-1]), len(before) - head, len(after) - head)
    before, after = before[:len(before) - tail], after[:len(after) - tail]  # the common end: changed no further
    i = j = head
    while i < len(before) or j < len(after):
        i_end, j_end = end_of_change(before, after, i, j)
        yield i, j, i_end, j_end
        same = common_prefix_length(before, after, i_end, j_end)
        i, j = i_end + same, j_end + same


def end_of_change(before: str, after: str, i: int, j: int) -> tuple[int, int]:
    """Where the texts agree again after differing at `before[i]` and `after[j]`: the first anchor
    (ANCHOR characters of `before`, found once in a window of `after` and not earlier in `before`),
    looked for at a distance that doubles; without one, the ends of both texts.

    >>> end_of_change("x Â£5m and £6m in 2024", "x £5m and £6m in 2024", 2, 2)
    (3, 2)
    """
    distance = 1
    while i + distance + ANCHOR <= len(before) and distance <= MAX_DIFF_SPAN:
        anchor_at = i + distance
        anchor = before[anchor_at:anchor_at + ANCHOR]
        window_end = min(len(after), j + 2 * (distance + ANCHOR))  # a change can lengthen its span: at most twice
        found = after.find(anchor, j, window_end)
        if found >= 0 and after.find(anchor, found + 1, window_end) < 0 and before.find(anchor, i, anchor_at) < 0:
            return anchor_at, found
        distance *= 2
    return len(before), len(after)


def common_prefix_length(a: str, b: str, i: int = 0, j: int = 0) -> int:
    """The length of the common prefix of `a[i:]` and `b[j:]`, found by comparing slices
    of doubling, then halving sizes: linear, and in C rather than a loop over characters.

    >>> common_prefix_length("mojibake", "moji-bake")
    4
    """
    limit = min(len(a) - i, len(b) - j)
    same, size = 0, 1
    while size <= limit - same and a[i + same:i + same + size] == b[j + same:j + same + size]:
        same += size
        size *= 2
    size = min(size, limit - same)  # the first difference is within `size` characters of `same`, if any
    while size > 0:
        half = (size + 1) // 2
        if a[i + same:i + same + half] == b[j + same:j + same + half]:
            same, size = same + half, size - half
        else:
            size = half - 1
    return same
