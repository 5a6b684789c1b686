"""Mojibake, HTML references, invisible and control characters, compatibility forms."""
import pytest

from tests.conftest import changes_of, clean


def test_mojibake_is_undone_and_ftfy_explains_it_in_the_log():
    assert clean("Sales fell to Â£5m at the retailerâ€™s shops.\n") == "Sales fell to £5m at the retailer’s shops.\n"
    records = changes_of("It cost Â£5.\n", stage="fix_mojibake")
    assert [(c.kind, c.detail["ftfy"]) for c in records] == [("mojibake", [["encode", "latin-1"], ["decode", "utf-8"]])]


def test_html_character_references_are_decoded():
    assert clean("G7 communiqu&#233; and S&atilde;o Paulo &amp; more\n") == "G7 communiqué and São Paulo & more\n"
    assert {c.kind for c in changes_of("communiqu&#233;\n", stage="fix_mojibake")} == {"html_entity"}


def test_c1_controls_are_read_as_windows_1252():
    assert clean("He said \x93yes\x94.\n") == "He said “yes”.\n"


def test_curly_quotes_are_not_uncurled():
    text = "He said “yes” and ‘no’.\n"
    assert clean(text) == text


@pytest.mark.parametrize("char", ["\u200b", "\u2060", "\u00ad", "\ufeff", "\u200c", "\u200d"])
def test_invisible_characters_inside_latin_words_are_removed(char):
    assert clean(f"The gro{char}up went in{char}to debt.\n") == "The group went into debt.\n"


def test_a_joiner_needed_by_an_emoji_or_a_script_is_kept():
    emoji = "Coders 👩\u200d💻 met.\n"
    persian = "می\u200cخواهم\n"
    assert clean(emoji) == emoji
    assert clean(persian) == persian


def test_bidi_controls_are_removed_and_logged_as_a_security_finding():
    assert clean("Pay to \u202eexe.txt\u202c now.\n") == "Pay to exe.txt now.\n"
    records = changes_of("Pay \u202ecash\n", stage="remove_bidi_controls")
    assert [(c.kind, c.before, c.detail) for c in records] == [("bidi_control", "\u202e", {"security": True})]


def test_control_characters_are_removed():
    assert clean("Bell\x07 and\x1b escape\n") == "Bell and escape\n"


def test_fullwidth_mathematical_and_ligature_forms_are_unfolded():
    assert clean("The ｄｒｕｇ from 𝐁𝐢𝐧𝐚𝐧𝐜𝐞 is ﬁne, ｎｏ ３ｒｄ dose.\n") == "The drug from Binance is fine, no 3rd dose.\n"


def test_fullwidth_forms_in_japanese_text_are_kept():
    text = "東京のＮＨＫが報道した。\n"
    assert clean(text) == text
