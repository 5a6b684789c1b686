import pytest

from tests.conftest import changes_of, clean


# --- lost drop cap -----------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("Growth slows in Japan\n\nrowth in Japan evaporated in the third quarter.\n",
     "Growth slows in Japan\n\nGrowth in Japan evaporated in the third quarter.\n"),
    ("he regulator fined the bank on Monday.\n", "The regulator fined the bank on Monday.\n"),
    ("Thomas Edison archive opens\n\nomas Alva Edison's notebooks go on show.\n",
     "Thomas Edison archive opens\n\nThomas Alva Edison's notebooks go on show.\n"),
])
def test_a_lost_initial_is_restored(raw, expected):
    assert clean(raw) == expected


def test_the_restored_initial_states_its_evidence():
    [record] = changes_of("he regulator fined the bank on Monday.\n", stage="restore_dropped_initial")
    assert (record.before, record.after) == ("", "T")
    assert record.detail["candidates"][0][0] == "the" and 0 < record.detail["confidence"] <= 1


def test_a_word_found_in_the_headline_beats_a_more_frequent_word():
    raw = "Lublin factory to close\n\nublin's largest factory will close next year.\n"
    assert clean(raw) == "Lublin factory to close\n\nLublin's largest factory will close next year.\n"


@pytest.mark.parametrize("text", [
    "Apple results\n\niPhone sales rose again in the quarter.\n",
    "Auction results\n\neBay sellers reported record sales.\n",
])
def test_an_opening_lower_case_brand_is_left_alone(text):
    assert clean(text) == text


def test_an_opening_without_a_clear_candidate_is_flagged_and_kept():
    text = "Report\n\nnew report finds more jobs.\n"
    assert clean(text) == text
    [warning] = changes_of(text, stage="restore_dropped_initial", level="warning")
    assert warning.reason == "body starts lower-case, but no restored initial is clearly best"


# --- restarted opening --------------------------------------------------------

def test_a_broken_off_opening_is_dropped_when_the_restart_holds_it_all():
    raw = "Title\n\nShares in the carmaker fell 5% in early tradiShares in the carmaker fell 5% in early trading on Friday.\n"
    assert clean(raw) == "Title\n\nShares in the carmaker fell 5% in early trading on Friday.\n"


def test_a_restart_on_the_next_line_is_found_too():
    raw = "Title\n\nShares in the carmaker fell 5% in\nShares in the carmaker fell 5% in early trading.\n\nMore.\n"
    assert clean(raw) == "Title\n\nShares in the carmaker fell 5% in early trading.\n\nMore.\n"


def test_each_copy_keeps_what_only_it_has():
    raw = ("Title\n\nThe regulator charged the exchange, its chief and two units, Alpha Ltd (\"Alpha\") and Beta Inc (\"Beta\""
           "The regulator charged the exchange, its chief and two units, Alpha Ltd (\n), accusing them of fraud.\n")
    assert clean(raw) == ("Title\n\nThe regulator charged the exchange, its chief and two units, Alpha Ltd (\"Alpha\") and "
                          "Beta Inc (\"Beta\"), accusing them of fraud.\n")


def test_an_opening_that_repeats_a_short_phrase_is_kept():
    text = "Title\n\nNew York, New York, is the song the crowd sang, New York said.\n"
    assert clean(text) == text


# --- datelines ------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected, dateline", [
    ("JAKARTA The chairman resigned on Friday.\n", "JAKARTA — The chairman resigned on Friday.\n", "JAKARTA"),
    ("Title\n\nNEW YORK Musicians are upbeat.\n", "Title\n\nNEW YORK — Musicians are upbeat.\n", "NEW YORK"),
    ("Title\n\nLONDON US oil prices rose.\n", "Title\n\nLONDON — US oil prices rose.\n", "LONDON"),
    ("Title\n\nWASHINGTON (AP) The Senate voted.\n", "Title\n\nWASHINGTON (AP) — The Senate voted.\n", "WASHINGTON (AP)"),
])
def test_a_glued_dateline_is_separated_and_recorded(raw, expected, dateline):
    from pipeline.engine import clean_text
    cleaned = clean_text(raw)
    assert (cleaned.text, cleaned.dateline) == (expected, dateline)


def test_a_separated_dateline_is_kept_as_written_and_recorded():
    from pipeline.engine import clean_text
    cleaned = clean_text("Title\n\nNEW YORK, Nov 5 (Reuters) - Stocks rose.\n")
    assert (cleaned.text, cleaned.dateline) == ("Title\n\nNEW YORK, Nov 5 (Reuters) - Stocks rose.\n", "NEW YORK, Nov 5 (Reuters)")


@pytest.mark.parametrize("text", [
    "SEC Fails to Immediately Inspect Binance US Software\n\nThe regulator lost a round.\n",
    "Title\n\nUS Federal Reserve chairman Alan Greenspan spoke.\n",
    "Title\n\nBBC Sport unveils a new website.\n",
])
def test_capitals_that_are_no_dateline_are_left_alone(text):
    assert clean(text) == text


# --- leading junk, other scripts -----------------------------------------------------

def test_leading_junk_before_the_opening_is_removed():
    assert clean("Title\n\n•\n\n. . The firm said so.\n") == "Title\n\nThe firm said so.\n"


@pytest.mark.parametrize("text", [
    "ΑΘΛΗΤΙΚΑ Δημοσιεύθηκε σήμερα το πρόγραμμα των αγώνων.\n",
    "» Новости дня\n\nгород готовится к празднику.\n",
])
def test_articles_in_other_scripts_keep_their_openings(text):
    assert clean(text) == text


# --- truncated endings ----------------------------------------------------------------

def test_a_truncated_ending_is_flagged_and_left_as_written():
    text = "Title\n\nThe judge said, “At some point we will move on with the case.\n"
    assert clean(text) == text
    assert [w.reason for w in changes_of(text, stage="flag_truncated_ending")] == [
        "the last block opens a quotation it never closes"]
    assert [w.reason for w in changes_of("Title\n\nShares fell by a third in\n", stage="flag_truncated_ending")] == [
        "the article ends mid-sentence"]


def test_a_finished_ending_is_not_flagged():
    assert changes_of("Title\n\nShares fell, he said: “It is over.”\n", stage="flag_truncated_ending") == []


# --- what is no restart (issue 13) --------------------------------------------------

@pytest.mark.parametrize("text", [
    # a caption, then the story: the caption is a whole sentence
    "Minister visits port\n\nHarbour Minister Ana Rossi speaks at the port on Monday, May 4, 2020. "
    "(Photo: J. Doe/Wire)\n\n"
    "Harbour Minister Ana Rossi said on Monday the port would reopen.\n",
    # a sentence, then the same sentence with a number: splicing would fuse `24,823.00` and `67.35`
    "Markets\n\nThe index closed the week at 24,823.00 points.The index closed the week at 67.35 in dollars.\n",
    # a subheading repeated as its own block: a repeat, not a restart
    "Floods ahead\n\nHow to get ready for the floods\n\nHow to get ready for the floods\n\nThe river rises.\n",
    # a name glued to the opening sentence it begins
    "Chemist\n\nMarie Anne Lavoisier Marie Anne Lavoisier (1758-1836) was a French chemist.\n",
])
def test_an_opening_that_only_repeats_itself_is_kept(text):
    assert clean(text) == text
    assert changes_of(text, stage="restore_restarted_opening", level="change") == []


def test_a_restart_that_cannot_be_joined_safely_is_flagged_and_kept():
    text = "Title\n\nThe council voted on the plan to close three schoolsThe council voted on the budget.\n"
    assert clean(text) == text
    [warning] = changes_of(text, stage="restore_restarted_opening")
    assert (warning.level, warning.before, warning.reason) == (
        "warning", "The council voted on the plan to close three schools",
        "opening seems to break off and restart, but the copies cannot be joined safely: left as written")


def test_a_restart_logs_the_broken_copy_it_removed():
    raw = ("Title\n\nThe port reopened on Monday after a strike of n"
           "The port reopened on Monday after a strike of nine days.\n")
    [record] = changes_of(raw, stage="restore_restarted_opening")
    assert (record.kind, record.level, record.offset, record.before, record.after, record.reason) == (
        "opening", "change", 7, "The port reopened on Monday after a strike of n", "",
        "broken-off opening removed; restarted copy kept")
    assert record.detail["broken_copy"] == "The port reopened on Monday after a strike of n"


# --- leading junk that is content (issue 13) -----------------------------------------------

@pytest.mark.parametrize("text", [
    "Markets\n\n-42.64 points was the fall on Friday.\n",
    "Markets\n\n.5 of a point was the gain.\n",
    "Zitat\n\n»Es wird ein langer Winter«, sagte der Minister.\n",
    "Zitat\n\n„Es wird ein langer Winter“, sagte der Minister.\n",
    "Citazione\n\n« Sarà un lungo inverno », ha detto il ministro.\n",
    "Study\n\n*Important notice: this study is a preprint.\n",
    "Storie\n\n! dink hulle gaan kook.\n",
])
def test_a_sign_a_number_or_an_opening_quote_is_never_junk(text):
    assert clean(text) == text
    assert changes_of(text, stage="remove_leading_junk") == []


def test_stray_punctuation_before_an_opening_number_goes_but_the_sign_stays():
    assert clean("Markets\n\n. . -42.64 points was the fall.\n") == "Markets\n\n-42.64 points was the fall.\n"


# --- dropped initials in other languages ------------------------------------------------------

def test_a_lower_case_opening_of_an_article_in_another_language_is_only_flagged():
    text = ("Die Regierung\n\ner Präsident der Republik hat am Montag die neue Regierung vereidigt "
            "und sprach von Reformen.\n")
    assert clean(text) == text
    [warning] = changes_of(text, stage="restore_dropped_initial")
    assert warning.level == "warning"
    assert warning.reason.startswith("body starts lower-case, but the article is in 'de'")


def test_a_quotation_closed_the_german_way_is_no_truncation():
    assert changes_of("Titel\n\nEr sagte: „Es ist vorbei.“\n", stage="flag_truncated_ending") == []
    assert [w.reason for w in changes_of("Titel\n\nEr sagte: „Es ist vorbei.\n", stage="flag_truncated_ending")] == [
        "the last block opens a quotation it never closes"]


@pytest.mark.parametrize("text", [
    "Intervju\n\n– Jag vet inte, säger ministern.\n",    # a dialogue dash
    "Råd\n\n· Du må ikke tage medicinen.\n",               # a bullet
    "Gesetz\n\n§ 12 gilt ab Montag.\n",                    # a section sign
])
def test_a_dash_a_bullet_or_a_section_sign_is_never_junk(text):
    assert clean(text) == text


def test_a_stray_mark_left_by_a_scraper_is_removed_and_logged():
    [record] = changes_of("Title\n\n| The firm said so.\n", stage="remove_leading_junk")
    assert (record.offset, record.before, record.after, record.reason) == (
        7, "| ", "", "stray punctuation before the opening removed")


def test_a_heading_that_the_first_paragraph_takes_up_is_kept():
    text = "Floods ahead\n\nHow residents can get ready\n\nHow residents can get ready: clear the drains first.\n"
    assert clean(text) == text
    assert changes_of(text, stage="restore_restarted_opening") == []


def test_a_restart_after_a_whole_sentence_is_flagged_and_kept():
    text = ("Title\n\nThe port is busy again. Its owners say trade is bThe port is busy again. Its owners say trade "
            "is back.\n")
    assert clean(text) == text
    [warning] = changes_of(text, stage="restore_restarted_opening")
    assert (warning.level, warning.before, warning.reason) == (
        "warning", "The port is busy again. Its owners say trade is b",
        "opening seems to restart, but a sentence ends before the restart: left as written")


@pytest.mark.parametrize("raw, expected", [
    ("Title\n\nThe bakery's sales grew 12% to $2.4m (£1.9m\nThe bakery's sales grew 12% to $2.4m (£1.9m) last year.\n",
     "Title\n\nThe bakery's sales grew 12% to $2.4m (£1.9m) last year.\n"),
    ("Title\n\nThe club hopes its new kit will sell for under The club hopes its new kit will sell for under "
     "$75.\n", "Title\n\nThe club hopes its new kit will sell for under $75.\n"),
    ("Title\n\nAnna Berg, who for years ran the stores of MegamartAnna Berg, who for years ran the stores of "
     "Megamart's rival, has died.\n", "Title\n\nAnna Berg, who for years ran the stores of Megamart's rival, has died.\n"),
])
def test_a_restart_that_goes_on_with_punctuation_or_a_symbol_is_repaired(raw, expected):
    assert clean(raw) == expected


def test_a_splice_never_glues_a_sign_to_a_word():
    text = "Title\n\nThe index rose 0.5 points to -100 in the weekThe index rose 0.5 points to -10 now.\n"
    assert clean(text) == text


def test_a_later_title_that_begins_like_the_opening_is_never_cut():
    text = ("Title\n\nThe council will vote on the new budget for\n\n"
            "The council will vote on Tuesday: what to expect\n\nThe vote is close.\n")
    assert clean(text) == text
    [warning] = changes_of(text, stage="restore_restarted_opening")
    assert (warning.level, warning.before) == ("warning", "The council will vote on the new budget for")


def test_a_name_glued_to_the_opening_is_flagged_not_cut():
    text = "Chemist\n\nMarie Anne Lavoisier Marie Anne Lavoisier (1758-1836) was a French chemist.\n"
    [warning] = changes_of(text, stage="restore_restarted_opening")
    assert (warning.level, warning.before, warning.reason) == (
        "warning", "Marie Anne Lavoisier",
        "opening repeats its first words, but they read as a title or a name, not as a broken-off sentence: "
        "left as written")
