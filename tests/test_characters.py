"""Mojibake, HTML references, invisible and control characters, compatibility forms."""
import ftfy
import pytest

from pipeline.engine import Change
from pipeline.stages import mojibake
from tests.conftest import changes_of, clean

UTF8_THEN_LATIN1 = {"ftfy": [["encode", "latin-1"], ["decode", "utf-8"]]}


def test_mojibake_is_undone_and_ftfy_explains_it_in_the_log():
    assert clean("Sales fell to Â£5m at the retailerâ€™s shops.\n") == "Sales fell to £5m at the retailer’s shops.\n"
    records = changes_of("It cost Â£5.\n", stage="fix_mojibake")
    assert [(c.kind, c.detail["ftfy"]) for c in records] == [("mojibake", [["encode", "latin-1"], ["decode", "utf-8"]])]


def test_html_character_references_are_decoded():
    assert clean("G7 communiqu&#233; and S&atilde;o Paulo &amp; more\n") == "G7 communiqué and São Paulo & more\n"
    assert {c.kind for c in changes_of("communiqu&#233;\n", stage="fix_mojibake")} == {"html_entity"}


def test_c1_controls_are_read_as_windows_1252():
    assert clean("He said \x93yes\x94.\n") == "He said “yes”.\n"


def test_a_no_break_space_that_is_a_byte_of_mojibake_is_decoded_not_tidied():
    # `à` is C3 A0 in UTF-8; read as Windows-1252 its second byte is a no-break space
    assert clean("Title\n\nHe said nÃ\xa0y cÃ\xa0ng.\n") == "Title\n\nHe said này càng.\n"
    assert changes_of("Title\n\nHe said nÃ\xa0y cÃ\xa0ng.\n") == [
        Change("fix_mojibake", "mojibake", 16, "Ã\xa0", "à", "ftfy: encode latin-1, decode utf-8", UTF8_THEN_LATIN1),
        Change("fix_mojibake", "mojibake", 21, "Ã\xa0", "à", "ftfy: encode latin-1, decode utf-8", UTF8_THEN_LATIN1),
    ]


def test_a_soft_hyphen_or_c1_control_that_is_a_byte_of_mojibake_is_decoded_not_removed():
    # `í` is C3 AD (AD: a soft hyphen in Latin-1); `ě` is C4 9B (9B: a C1 control in Latin-1)
    assert clean("Title\n\nGarcÃ\xada wrote the ZÃ¡vÄ\x9br.\n") == "Title\n\nGarcía wrote the Závěr.\n"
    assert [(c.stage, c.before, c.after) for c in changes_of("Title\n\nGarcÃ\xada wrote the ZÃ¡vÄ\x9br.\n")] == [
        ("fix_mojibake", "Ã\xad", "í"), ("fix_mojibake", "Ã¡", "á"), ("fix_mojibake", "Ä\x9b", "ě")]


def test_u0085_is_a_lost_ellipsis_never_a_line_break():
    assert clean("Title\n\nHe paused\x85 then spoke: \x93Enough\x85\x94\n") == "Title\n\nHe paused… then spoke: “Enough…”\n"
    assert changes_of("Title\n\nHe paused\x85 then spoke.\n") == [
        Change("fix_mojibake", "mojibake", 16, "\x85", "…", "ftfy: encode latin-1, decode windows-1252",
               {"ftfy": [["encode", "latin-1"], ["decode", "windows-1252"]]})]


def test_c1_controls_windows_1252_does_not_define_are_removed_after_ftfy():
    assert changes_of("Title\n\nA stray\x81 byte.\n") == [
        Change("remove_control_characters", "control_character", 14, "\x81", "", "removed U+0081 control", {})]


@pytest.fixture
def read_by_ftfy(monkeypatch) -> list[str]:
    """The lines given to ftfy, in order, while the test runs."""
    read = []
    fix_until_stable = mojibake.fix_until_stable

    def recording(line, rounds=3):
        read.append(line)
        return fix_until_stable(line, rounds)

    monkeypatch.setattr(mojibake, "fix_until_stable", recording)
    return read


def test_the_second_mojibake_pass_reads_only_the_lines_changed_since_the_first(read_by_ftfy):
    # removing the zero-width space joins the two halves of a mis-decoded `é`
    # ftfy's heuristic flags `Ñ«` (a pair seen in mojibake), but ftfy finds nothing to decode in the line
    text = "Title\n\nThe cafÃ\u200b© opened.\n\nPrices at Señor Ñ«s rose.\n"
    assert clean(text) == "Title\n\nThe café opened.\n\nPrices at Señor Ñ«s rose.\n"
    # (the first line is no mojibake for ftfy until the joined `Ã©` makes it one)
    assert read_by_ftfy == ["Prices at Señor Ñ«s rose.\n", "The cafÃ© opened.\n"]
    assert [(c.stage, c.offset, c.before, c.after) for c in changes_of(text)] == [
        ("remove_invisible_characters", 15, "\u200b", ""), ("fix_mojibake", 14, "Ã©", "é")]


def test_lines_ftfy_cannot_change_are_not_given_to_it(read_by_ftfy):
    text = "Title\n\nPrices in São Paulo rose – “a record”.\n\nIt cost Â£5 &amp; more.\n"
    assert clean(text) == "Title\n\nPrices in São Paulo rose – “a record”.\n\nIt cost £5 & more.\n"
    assert read_by_ftfy == ["It cost Â£5 &amp; more.\n"]


def test_the_badness_heuristic_of_ftfy_matches_at_most_badness_reach_characters():
    import re._parser

    from ftfy.badness import BADNESS_RE

    assert re._parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()[1] == mojibake.BADNESS_REACH


def test_looks_like_mojibake_is_ftfys_heuristic(shared):
    from ftfy.badness import is_bad

    lines = [line for path in sorted((shared / "corpus/sentences").glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines()[:40]]
    damaged = [line.encode("utf-8").decode(codec, errors="replace") for line in lines[::7]
               for codec in ("windows-1252", "latin-1", "windows-1251", "windows-1253", "windows-1257", "mac_roman")]
    written = ["Â£5", "naïve Ã the end", "Señor Ñ‘s", "×²", "Ã\xa0 the start", "a Â «", "ГўВЂВњa", "\x85", "AT&T; R&D",
               "caf&eacute;", "\x1b[1mbold\x1b[0m", "pile of \ud83d\udca9"]
    for line in lines + damaged + written:
        assert mojibake.looks_like_mojibake(line) == is_bad(line), line
        if not mojibake.ftfy_may_change(line):  # what fix_mojibake then leaves alone, ftfy leaves alone
            assert ftfy.fix_and_explain(line, mojibake.FTFY_CONFIG).text == line, line
    assert all(map(mojibake.ftfy_may_change, written[-3:]))


def test_what_the_last_pass_decodes_goes_through_the_stages_again():
    # the tab tidied to a space completes `Â ` (a no-break space read as Windows-1252); the space it decodes to is tidied
    text = "Title\n\nIt fell to Â\t5m.\n"
    assert clean(text) == "Title\n\nIt fell to 5m.\n"
    assert [(c.stage, c.offset, c.before, c.after) for c in changes_of(text)] == [
        ("tidy_spaces", 19, "\t", " "), ("fix_mojibake", 18, "Â ", "\xa0"), ("tidy_spaces", 17, " \xa0", " ")]


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


def test_latin_ligatures_unfold_as_ftfy_unfolds_them():
    text = "Title\n\nThe ŉ and Ǌ, ǋ, ǌ, Ǉ, ǈ, ǉ, Ǆ, ǅ, ǆ, Ĳ, ﬅ.\n"
    assert clean(text) == "Title\n\nThe ʼn and NJ, Nj, nj, LJ, Lj, lj, DŽ, Dž, dž, IJ, ſt.\n"
    assert changes_of("Title\n\nKǌiga.\n") == [
        Change("unfold_compatibility_forms", "compatibility_form", 8, "ǌ", "nj", "ligature unfolded", {})]


def test_fullwidth_forms_in_japanese_text_are_kept():
    text = "東京のＮＨＫが報道した。\n"
    assert clean(text) == text
