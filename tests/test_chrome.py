"""Page chrome: at the start, in the middle and at the end, on lines of their own and glued to the end of a long
line; the story's own sentences about advertising, subscriptions and following stay."""
import pytest

from tests.conftest import changes_of, clean

TITLE = "Council backs new budget\n\n"
P1 = "The city council approved the new budget on Tuesday after a long debate over school spending."
P2 = "Spending on schools will rise by 4% next year, while road repairs will be put off until 2027."
P3 = "Opposition members said the plan relied on optimistic forecasts of tax income."
STORY = TITLE + f"{P1}\n\n{P2}\n\n{P3}\n"
LONG = (f"{P1} {P2} {P3} The mayor will present the plan to residents at a meeting in the town hall next week, "
        "and the final vote is due in March.")


def chrome_records(text):
    return [(c.level, c.before, c.detail.get("rule")) for c in changes_of(text, stage="remove_page_chrome")]


@pytest.mark.parametrize("line, rule", [
    ("Main page › Politics › Local", "breadcrumb"),
    ("Startseite > Nachrichten > Politik", "breadcrumb"),
])
def test_a_breadcrumb_before_the_opening_is_removed(line, rule):
    text = TITLE + line + "\n\n" + STORY[len(TITLE):]
    assert clean(text) == STORY
    assert chrome_records(text) == [("change", line + "\n\n", rule)]


@pytest.mark.parametrize("line, rule", [
    ("SPONSORED CONTENT", "advertisement_marker"),
    ("Publicidad", "advertisement_marker"),
    ("SEE ALSO | Rates held as inflation cools", "related_link"),
    ("Lesen Sie auch: Stadt plant neue Brücke", "related_link"),
    ("Related stories — Town hall to close for repairs", "related_link"),
    ("Find out more about the city's spending plans", "call_to_action"),
    ("Comment on this story Share Save", "page_widget"),
])
def test_chrome_in_the_middle_is_removed_as_a_whole_line_with_its_rule(line, rule):
    text = TITLE + f"{P1}\n\n{line}\n\n{P2}\n\n{P3}\n"
    assert clean(text) == STORY
    [record] = chrome_records(text)
    assert record == ("change", line + "\n\n", rule)
    [change] = changes_of(text, stage="remove_page_chrome")
    assert change.reason == f"page chrome removed ({rule.replace('_', ' ')})" and change.after == ""


@pytest.mark.parametrize("line, rule", [
    ("Join us on Telegram for the latest updates", "call_to_action"),
    ("Suivez-nous sur Facebook et Instagram", "call_to_action"),
    ("Get our newsletter every morning in your inbox.", "call_to_action"),
    ("Copyright © 2026 Riverside Gazette Ltd", "copyright_line"),
    ("Tous droits réservés.", "copyright_line"),
    ("E-mail: [email protected]", "contact_stub"),
])
def test_chrome_at_the_end_is_removed_with_the_blank_line_before_it(line, rule):
    text = STORY + "\n" + line + "\n"
    assert clean(text) == STORY
    assert chrome_records(text) == [("change", "\n\n" + line, rule)]


def test_chrome_glued_to_the_end_of_a_long_line_is_removed_sentence_by_sentence():
    text = TITLE + LONG + " Subscribe to our weekly newsletter. © 2026 Riverside Gazette. All rights reserved.\n"
    assert clean(text) == TITLE + LONG + "\n"
    assert chrome_records(text) == [("change", " All rights reserved.", "copyright_line"),
                                    ("change", " © 2026 Riverside Gazette.", "copyright_line"),
                                    ("change", " Subscribe to our weekly newsletter.", "call_to_action")]


def test_a_prompt_and_its_button_label_at_the_end_of_a_long_line_go_together():
    text = TITLE + LONG + " Sign up for our daily newsletter. ArrowRight\n"
    assert clean(text) == TITLE + LONG + "\n"
    assert chrome_records(text) == [("change", " Sign up for our daily newsletter. ArrowRight", "call_to_action")]


@pytest.mark.parametrize("sentence", [
    "Advertising revenue at the paper fell 12% last year.",
    "Subscribers can follow the debate on the council's website, a spokeswoman said.",
    "“Follow us on Twitter,” the campaign urged its supporters.",
    "Share prices in the city's water company fell 3% on the news.",
    "Read the small print: the tax rises apply from April.",
    "Home prices > rents, the report found.",
    "Follow-up talks with our European partners are planned for May.",
    "Like us, the firm has struggled with its costs.",
    "Copyright lawyers said the ruling of 1998 still applied.",
    "Related: the firm's shares and its bonds both fell.",
    "Listen to customers, the report urged retailers on our high streets.",
])
def test_the_storys_sentences_about_advertising_and_following_stay(sentence):
    for text in (STORY + "\n" + sentence + "\n", TITLE + f"{P1}\n\n{sentence}\n\n{P2}\n", TITLE + LONG + " " + sentence + "\n"):
        assert clean(text) == text
        assert [r for r in chrome_records(text) if r[0] == "change"] == []


def test_a_prompt_that_names_no_channel_of_the_site_is_flagged_not_removed():
    text = STORY + "\nListen again to the full interview on the radio website.\n"
    assert clean(text) == text
    assert chrome_records(text) == [("warning", "Listen again to the full interview on the radio website.", "doubt")]


def test_an_article_of_nothing_but_chrome_is_kept_whole_with_a_warning():
    text = "Advertisement\n\nRead more: Rates held\n\nFollow us on Twitter\n"
    assert clean(text) == text
    assert [r[0] for r in chrome_records(text)] == ["warning"]


def test_chrome_glued_to_the_start_of_a_long_line_is_removed():
    text = TITLE + "Follow us on Instagram for more local news. " + LONG + "\n"
    assert clean(text) == TITLE + LONG + "\n"
    assert chrome_records(text) == [("change", "Follow us on Instagram for more local news. ", "call_to_action")]


def test_a_headline_that_starts_with_a_verb_of_the_prompts_is_no_button():
    text = "Share boost for feud-hit carmaker\n\n" + STORY[len(TITLE):]
    assert clean(text) == text
    assert chrome_records(text) == []


@pytest.mark.parametrize("line, rule", [
    ("Also read - Retail sales slump in March", "related_link"),
    ("More on this story: Talks with unions resume", "related_link"),
    ("Read more about the council's spending plans", "call_to_action"),
])
def test_related_links_in_other_wordings_are_removed(line, rule):
    text = TITLE + f"{P1}\n\n{line}\n\n{P2}\n\n{P3}\n"
    assert clean(text) == STORY
    assert chrome_records(text) == [("change", line + "\n\n", rule)]


def test_advice_that_starts_like_a_link_stays():
    text = TITLE + f"{P1}\n\nRead more into the figures, and a different picture emerges.\n\n{P2}\n"
    assert clean(text) == text


def test_cleaning_twice_changes_nothing_more_when_chrome_stands_above_a_breadcrumb():
    text = TITLE + "Advertisement\n\nSponsored\n\nHome > News > Business\n\n" + STORY[len(TITLE):]
    assert clean(text) == STORY
    assert clean(clean(text)) == STORY


@pytest.mark.parametrize("sentence", [
    "Click here to see the plan.",  # a link's words, but inside a paragraph they can be the story's
    "Join us for the carol service on the green!",
])
def test_a_prompt_that_names_no_platform_stays_inside_a_paragraph(sentence):
    text = TITLE + f"{P1}\n\n{LONG} {sentence}\n"
    assert clean(text) == text
    assert chrome_records(text) == []


def test_a_rights_notice_inside_a_paragraph_of_the_story_stays():
    paragraph = f"The agency printed all rights reserved on the cover. {P3}"  # short: read whole as a unit
    text = TITLE + f"{paragraph}\n\n{P2}\n"
    assert clean(text) == text
    assert chrome_records(text) == []
