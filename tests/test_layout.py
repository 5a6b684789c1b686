import pytest
import regex

from pipeline.engine import Article
from pipeline.stages.layout import OTHER_WHITE_SPACE, remove_space_before_punctuation
from tests.conftest import changes_of, clean, run_stage


def test_line_ends_spaces_and_blank_lines_become_canonical():
    raw = "\r\n\r\n  Title\u00a0here \r\n\r\n\r\n\tFirst\u2003 paragraph.  \r\n\r\n\r\nSecond.\r\n\r\n"
    assert clean(raw) == "Title here\n\nFirst paragraph.\n\nSecond.\n"


def test_exactly_one_final_line_break_is_added():
    assert clean("Title\n\nBody.") == "Title\n\nBody.\n"


def test_a_heading_and_its_paragraph_on_the_next_line_are_two_blocks():
    assert clean("Results\nThe firm made a profit.\n") == "Results\n\nThe firm made a profit.\n"


def test_hard_wrapped_lines_are_joined():
    assert clean("Title\n\nThe firm said that\nprofits rose.\n") == "Title\n\nThe firm said that profits rose.\n"


def test_a_line_starting_with_closing_punctuation_joins_without_a_space():
    assert clean("Title\n\nTrading Services (\n), accusing them.\n") == "Title\n\nTrading Services (), accusing them.\n"


def test_a_lower_case_line_after_a_finished_sentence_stays_a_block():
    assert clean("Title\n\nIt ended.\nmore text here.\n") == "Title\n\nIt ended.\n\nmore text here.\n"


def test_lower_case_lines_across_a_blank_line_stay_apart():
    assert clean("Title\n\nReal Madrid\n\ndid\n\nask.\n") == "Title\n\nReal Madrid\n\ndid\n\nask.\n"


def test_list_items_stay_on_consecutive_lines_of_one_block():
    raw = "Title\n\n• one point\n• two points\n- three\n1. four\n\nAfter.\n"
    assert clean(raw) == raw


def test_space_before_a_lone_punctuation_mark_after_a_latin_word_is_removed():
    assert clean("Data from CoinMarketCap .\n") == "Data from CoinMarketCap.\n"
    assert clean("Yes , he said ; fine !\n") == "Yes, he said; fine!\n"


@pytest.mark.parametrize("text", [
    "It was enough ...Now we go.\n",   # an ellipsis
    "The match . . . moment came.\n",  # a spaced ellipsis
    "Section 3 : Two.\n",              # after a digit
    "Он сказал : дело !\n",            # another script's spacing
    "3 : Δύο\n",
])
def test_other_spacing_before_punctuation_is_kept(text):
    assert clean(text) == text


def test_french_keeps_its_space_before_colons_and_marks_but_not_before_commas():
    article = Article(language="fr")
    text = "Il a dit : c'est fini ! Et puis , voilà .\n"
    assert run_stage(remove_space_before_punctuation, text, article) == "Il a dit : c'est fini ! Et puis, voilà.\n"


@pytest.mark.parametrize("raw, expected", [
    ('BAM Management US Holdings Inc.("BAM Management")\n', 'BAM Management US Holdings Inc. ("BAM Management")\n'),
    ("Trading(BAM) said\n", "Trading (BAM) said\n"),
    ("where f(x) grows\n", "where f(x) grows\n"),
    ("the U.S.(Reuters) said\n", "the U.S.(Reuters) said\n"),
])
def test_a_word_glued_to_an_opening_parenthesis(raw, expected):
    assert clean(raw) == expected


def test_typographic_characters_are_kept_as_written():
    text = "“Curly” and \"straight\" quotes, an en – dash and an em — dash.\n"
    assert clean(text) == text


def test_an_opening_quote_used_as_an_apostrophe_is_fixed():
    assert clean("Binance.US‘s software ‘quoted’\n") == "Binance.US’s software ‘quoted’\n"


def test_cjk_punctuation_between_latin_words_takes_its_latin_form():
    assert clean('("BAM Trading")、BAM said\n') == '("BAM Trading"), BAM said\n'
    assert clean("北京、上海\n") == "北京、上海\n"


def test_text_is_composed_to_nfc():
    assert clean("cafe\u0301\n") == "caf\u00e9\n"


def test_every_layout_change_is_logged_with_its_stage():
    logged = {(c.stage, c.before, c.after) for c in changes_of("A\r\nb  c\n")}
    assert logged == {("normalise_line_breaks", "\r\n", "\n"), ("tidy_spaces", "  ", " "), ("arrange_blocks", "\n", " ")}


# --- Latin typography stays between Latin letters (issue 13) ------------------------------------

@pytest.mark.parametrize("text", [
    "연구원\n\n이 연구위원은 산업연구원(KIET) 보고서에서 리츠(REITs) 시장을 다뤘다.\n",  # Hangul
    "東京\n\n日本銀行(BOJ)は9、10月に会合を開いた。\n",                                  # Han and Kana
    "東京\n\n新しいWindows(Microsoft)はLinux、macOS .\n",                            # Latin words in Kana text
    "กรุงเทพ\n\nบริษัทApple(Thailand) เปิดตัว\n",                                         # Thai
    "北京\n\n这是一个‘好’主意，价格只有2。5元！他使用Windows、Linux和macOS。\n",          # Han
    "Bihar\n\nThe JD(U) and the CPI(M) met; Acme-Gel(R) was sold.\n",                   # abbreviations
    "Calendar\n\nThe month of Dhu al-Qa‘dah begins.\n",                                 # a transliterated ‘ayn
])
def test_other_scripts_and_abbreviations_keep_their_punctuation_and_parentheses(text):
    assert clean(text) == text


def test_the_latin_rules_still_repair_latin_text():
    raw = ('Title\n\nBAM Trading Services ("BAM Trading")、BAM Management US Holdings Inc.("BAM Management") '
           'and Billboard‘s chart.\n')
    assert clean(raw) == ('Title\n\nBAM Trading Services ("BAM Trading"), BAM Management US Holdings '
                          'Inc. ("BAM Management") and Billboard’s chart.\n')
    assert [(c.stage, c.kind, c.before, c.after) for c in changes_of(raw) if c.stage != "arrange_blocks"] == [
        ("space_glued_parenthesis", "layout", "(", " ("),
        ("fix_quote_used_as_apostrophe", "punctuation", "‘", "’"),
        ("latinise_cjk_punctuation", "punctuation", "、", ", "),
    ]


def test_other_white_space_lists_every_white_space_character_but_the_line_break_and_the_space():
    as_regex_reads_it = regex.compile(r"[^\S\n ]")
    assert [c for c in map(chr, range(0x110000)) if as_regex_reads_it.match(c)] == list(OTHER_WHITE_SPACE)
