"""Lines repeated across a source's stories: folding, thresholds, and the story never removed."""
import pytest

from pipeline.engine import Options, clean_text
from pipeline.stages.repeats import edge_line_keys, line_key, repeat_threshold, repeated_keys

STORY = "Harbour reopens\n\nThe harbour reopened on Monday after a week of repairs.\n\n"


@pytest.mark.parametrize("one, other", [
    ("Listen 4 min Comment on this story", "Listen 12 min Comment on this story"),
    ("© 2023 Riverside Gazette, updated March 5", "© 2024 Riverside Gazette, updated April 12"),
    ("Sеe our оther stories", "See our other stories!"),  # look-alike letters and punctuation folded
    ("Episode 41 of 52", "Episode 7 of 52"),
])
def test_lines_that_differ_in_numbers_dates_case_or_look_alikes_are_one_line(one, other):
    assert line_key(one) == line_key(other)


def test_lines_that_differ_in_words_are_not():
    assert line_key("Share this story") != line_key("Share this page")


@pytest.mark.parametrize("stories, threshold", [(1_000_000, 10), (30, 10), (5, 3), (7, 4), (2, 3)])
def test_a_small_source_needs_a_majority_of_its_stories_and_three_at_least(stories, threshold):
    assert repeat_threshold(stories) == threshold


def test_a_line_recurs_in_a_folder_or_in_the_run_and_copies_of_a_story_count_once():
    per_source = {"gazette": 4, "wire": 40}
    sightings = [("footer", [("gazette", "s1"), ("gazette", "s2"), ("gazette", "s3")]),
                 ("copies", [("wire", "s9")] * 12),
                 ("rare", [("wire", "s4"), ("wire", "s5")])]
    assert repeated_keys(per_source, sightings) == {"footer": 3}


def test_copies_of_one_story_share_its_key_and_distinct_stories_do_not():
    copy = edge_line_keys(STORY + "Follow the harbour master.\n")[0]
    assert copy == edge_line_keys(STORY + "Follow the harbour master.\n")[0]
    assert copy != edge_line_keys("Harbour closes\n\nThe harbour closed on Monday for a week of repairs.\n")[0]


def test_the_body_is_never_removed_even_when_every_line_after_the_headline_recurs():
    text = "Harbour reopens\n\nThe Riverside Gazette\n\nServing the valley since 1870\n"
    repeated = {line_key("The Riverside Gazette"): 12, line_key("Serving the valley since 1870"): 12}
    cleaned = clean_text(text, Options(repeated_blocks=repeated))
    assert cleaned.text == text
    [flag] = [c for c in cleaned.changes if c.stage == "remove_repeated_blocks"]
    assert (flag.level, flag.reason) == ("warning", "every block after the first recurs in other stories: kept whole")


def test_a_repeated_footer_is_removed_with_its_count():
    text = STORY + "The Riverside Gazette, edition of May 1\n"
    cleaned = clean_text(text, Options(repeated_blocks={line_key("The Riverside Gazette, edition of March 3"): 7}))
    assert cleaned.text == STORY.rstrip("\n") + "\n"
    [record] = [c for c in cleaned.changes if c.stage == "remove_repeated_blocks"]
    assert (record.before, record.after, record.detail) == ("\n\nThe Riverside Gazette, edition of May 1", "",
                                                            {"repeated_in": 7})
