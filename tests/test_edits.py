"""Edits found by comparing a text with a library's fix of it: exact, minimal, and linear to find."""
import difflib

from pipeline import edits
from pipeline.edits import apply_edits, edits_between


def spread_mojibake(pounds: int) -> tuple[str, str]:
    """One line with `pounds` prices in pounds, mis-decoded (`Â£5m`) and as they should be (`£5m`)."""
    clean = " ".join(f"Sales rose to £{n % 90 + 10}m in the year to May, the firm said." for n in range(pounds))
    return clean.replace("£", "Â£"), clean


class CountingMatcher(difflib.SequenceMatcher):
    """difflib's matcher, adding up the product of the lengths it compares: the cost of a quadratic diff."""

    compared = 0

    def __init__(self, isjunk, a, b, **options):
        CountingMatcher.compared += len(a) * len(b)
        super().__init__(isjunk, a, b, **options)


def test_the_edits_between_two_texts_rebuild_the_second_and_touch_only_what_changed():
    before, after = spread_mojibake(500)
    found = edits_between(before, after, "mojibake", "cp1252")
    assert apply_edits(before, found) == after
    assert [(e.end - e.start, e.after) for e in found] == [(1, "")] * 500
    assert {before[e.start:e.end] for e in found} == {"Â"}


def test_a_line_twice_as_long_with_twice_the_changes_costs_the_diff_twice_the_work(monkeypatch):
    monkeypatch.setattr(edits.difflib, "SequenceMatcher", CountingMatcher)
    work = []
    for pounds in (1_000, 2_000):
        CountingMatcher.compared = 0
        before, after = spread_mojibake(pounds)
        assert apply_edits(before, edits_between(before, after, "mojibake", "cp1252")) == after
        work.append(CountingMatcher.compared)
    assert work[1] == 2 * work[0]  # linear; a diff of the whole line would be four times the work
    assert work[0] < 100 * len(spread_mojibake(1_000)[0])


def test_a_long_line_changed_throughout_is_one_edit_beyond_the_diff_limit():
    before = "ÐŸÑ€Ð¸Ð²ÐµÑ‚ " * (edits.MAX_DIFF_SPAN // 5)
    after = before.encode("cp1252").decode("utf-8")
    found = edits_between(before, after, "mojibake", "cp1252")
    assert [(e.start, e.end, e.after) for e in found] == [(0, len(before) - 1, after[:-1])]
