import regex

from pipeline.lookalikes import LOOKALIKES
from tests.conftest import changes_of, clean


def test_mixed_words_are_mapped_back_to_latin():
    assert clean("The Seсurities аnԁ Exсhаnge Commission said.\n") == "The Securities and Exchange Commission said.\n"


def test_each_repaired_word_is_one_record_naming_the_code_points():
    [record] = changes_of("The Seсurities rules.\n", stage="repair_homoglyphs")
    assert (record.kind, record.before, record.after, record.offset) == ("homoglyph", "Seсurities", "Securities", 4)
    assert record.detail["replaced"] == ["U+0441 CYRILLIC SMALL LETTER ES → c"]


def test_capitals_and_greek_lookalikes_keep_their_case():
    assert clean("ΤΗΕ Nеw Yοrk ΒΑΝΚ and Тhe ХВОХ team.\n") == "THE New York BANK and The XBOX team.\n"


def test_capital_i_lookalikes_read_as_capital_i():
    assert LOOKALIKES["І"] == "I" and LOOKALIKES["Ι"] == "I" and LOOKALIKES["і"] == "i"
    assert clean("Іnvestors in Іndia were told.\n") == "Investors in India were told.\n"


def test_words_of_lookalikes_only_are_repaired_when_the_article_shows_the_disguise():
    # `а` and `сор` are all Cyrillic; the mixed `pоlice` proves the disguise.
    assert clean("Then а сор and the pоlice arrived.\n") == "Then a cop and the police arrived.\n"


def test_words_of_lookalikes_only_without_other_evidence_are_flagged_not_changed():
    text = "Then а сор arrived.\n"
    assert clean(text) == text
    warnings = changes_of(text, stage="repair_homoglyphs", level="warning")
    assert [w.before for w in warnings] == ["а", "сор"]


def test_a_russian_article_is_untouched():
    text = "Сор и мусор\n\nВ городе убрали сор. Он не на работе, а дома.\n"
    assert clean(text) == text
    assert changes_of(text, stage="repair_homoglyphs") == []


def test_a_quoted_russian_sentence_in_english_is_untouched():
    text = "The minister said “Он не на работе” and left. Seсurities fell.\n"
    assert clean(text) == "The minister said “Он не на работе” and left. Securities fell.\n"


def test_a_russian_name_with_only_lookalike_letters_next_to_cyrillic_stays():
    text = "We met at Кафе Орех in the Seсurities district.\n"
    assert clean(text) == "We met at Кафе Орех in the Securities district.\n"


def test_latin_lookalikes_inside_cyrillic_text_are_left_as_written():
    text = "Москвa и Aν\n\nОн живёт в Москвe уже давно.\n"
    assert clean(text) == text


def test_greek_letters_as_symbols_in_english_stay():
    text = "The α and β chains of the protein were measured in 5μm slices.\n"
    assert clean(text) == text


def test_foreign_sentences_keep_every_letter(shared):
    """Every real Russian, Greek and Bulgarian sentence, cleaned as an article, keeps every letter."""
    letters = regex.compile(r"[^\p{L}\p{M}\p{N}]")
    for language in ("ru", "el", "bg"):
        for line in (shared / "corpus" / "sentences" / f"{language}.txt").read_text(encoding="utf-8").splitlines():
            if line.strip():
                assert letters.sub("", clean(line + "\n")) == letters.sub("", line), (language, line)


def test_a_greek_letter_in_a_code_with_digits_is_kept_and_flagged():
    text = "Mice lacking IL2RγcKO and the Aβ42 peptide were studied.\n"
    assert clean(text) == text
    assert [(c.level, c.before) for c in changes_of(text, stage="repair_homoglyphs")] == [("warning", "RγcKO")]
