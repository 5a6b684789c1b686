"""Properties of the engine over arbitrary text and bytes (Hypothesis)."""
from __future__ import annotations

import unicodedata

import regex
from hypothesis import example, given
from hypothesis import strategies as st

from pipeline.engine import clean_bytes, clean_text, replay
from pipeline.stages.repeats import line_key

# Text shaped like articles: words of several scripts, look-alikes, invisible
# characters, odd spaces, line breaks and punctuation, as well as anything at all.
PIECES = st.sampled_from([
    "The", "he", "Seсurities", "аnԁ", "Москва", "Αθήνα", "LONDON", "NEW YORK", "iPhone", "ｄｒｕｇ", "𝐁𝐢", "ﬁ",
    "Â£", "&#233;", "&amp;", "\u200b", "\u00ad", "\u202e", "\ufeff", "\u200d", "👩", "\u00a0", "\t", "  ", " ",
    "\n", "\n\n", "\r\n", ".", " .", ",", "(", ")", "“", "”", "‘", "、", "•", "- ", "1. ", "translated", "automatically",
    "This article", "e\u0301", "\x07", "\x85",
])
ARTICLE_TEXT = st.one_of(st.lists(PIECES, max_size=60).map(" ".join), st.lists(PIECES, max_size=60).map("".join), st.text(max_size=300))


def is_canonical(text: str) -> bool:
    return (
        unicodedata.is_normalized("NFC", text)
        and text.endswith("\n") and not text.endswith("\n\n") and not text.startswith("\n")
        and "\n\n\n" not in text and "\r" not in text and "\t" not in text
        and not regex.search(r"^ | $|  |[\u00a0\u200b\u2060\u00ad\ufeff\u202a-\u202e\u2066-\u2069]|[\x00-\x08\x0b-\x1f\x7f-\x9f]", text, regex.M)
    )


@given(ARTICLE_TEXT)
@example("Title\n\nhe firm's Seсurities arm fell to Â£5m .\n")
def test_cleaning_never_raises_and_gives_canonical_text(text):
    cleaned = clean_text(text)
    assert is_canonical(cleaned.text) if cleaned.text.strip() else cleaned.text in ("", "\n")  # no text: clean_bytes rejects it


@given(ARTICLE_TEXT)
@example("§Â\x80")  # removing the junk `§` joins the two halves of a mis-decoded `€`
@example("\xa0Â\x80")  # so does tidying a no-break space
@example("e\u0301 .")  # a letter only once composed to NFC
@example("The \n &amp; \n &amp; \n The")  # junk blocks before the opening
@example("The The The \n аnԁ Москва")  # a hard wrap inside a script run
@example("A\u0300\u200c\u0300")  # a joiner between combining marks
@example("AА\u200c🈯")  # a joiner after a look-alike letter
def test_cleaning_is_idempotent(text):
    once = clean_text(text).text
    assert clean_text(once).text == once


@given(ARTICLE_TEXT)
def test_the_change_log_accounts_for_every_difference(text):
    cleaned = clean_text(text)
    assert replay(text, cleaned.changes) == cleaned.text


@given(st.binary(max_size=400))
def test_any_bytes_are_cleaned_or_rejected_with_a_reason(data):
    result = clean_bytes(data)
    assert (result.cleaned is None) != (result.rejected is None)
    if result.rejected:
        assert result.rejected.strip()
    else:
        assert clean_bytes(data).cleaned.text == result.cleaned.text  # the same bytes every time


@given(st.text(st.characters(max_codepoint=127)))
@example("Share this story!  Follow us on X 24/7.")
def test_a_plain_ascii_block_gets_the_key_the_general_normalisation_gives(block):
    # a no-break space is no key character, and sends the block down the general path
    assert line_key(block) == line_key(block + "\u00a0")


# Articles full of numbers where the opening and punctuation rules act: signs and points next to junk,
# quotes of several languages, an opening that breaks off and restarts, CJK punctuation, glued parentheses.
SIGNED_NUMBER = st.builds(lambda sign, whole, part, grouped: sign + (f"{whole:,}" if grouped else str(whole)) + part,
                          st.sampled_from(["", "", "-", "+", "−"]), st.integers(0, 10**8),
                          st.sampled_from(["", ".5", ".00", ".67", ",75"]), st.booleans())
NEWS_PIECES = st.sampled_from([
    "The", "index", "rose", "to", "points", "in", "May", "said", "LONDON", "he", "U.S.", "Inc.", "JD(U)", "(", ")",
    "(“", "“", "”", "»", "«", "„", "‘", "’s", ",", ".", ". .", "•", "*", "-", "—", "%", "$", "£", ".", "、", "。",
    "北京", "9、10月", "산업연구원(KIET)", "Москва", "\n", "\n\n",
])
NEWS_TEXT = st.lists(st.one_of(NEWS_PIECES, SIGNED_NUMBER.map(str)), max_size=30)


@st.composite
def numbered_articles(draw) -> str:
    sentence = st.lists(st.one_of(NEWS_PIECES, SIGNED_NUMBER), min_size=1, max_size=20).map(" ".join)
    opening = draw(sentence)
    # a restart, or none: the broken copy is a piece of the opening, or a whole sentence beginning like it
    broken_off = opening[:draw(st.integers(0, len(opening)))] if draw(st.booleans()) else ""
    if broken_off and draw(st.booleans()):
        broken_off += draw(sentence)
    glue = draw(st.sampled_from(["", " ", "\n"]))
    rest = [draw(NEWS_TEXT.map(draw(st.sampled_from([" ", ""])).join)) for _ in range(draw(st.integers(0, 3)))]
    return "\n\n".join([draw(NEWS_TEXT.map(" ".join)), broken_off + glue + opening, *rest])


@given(numbered_articles())
@example("Markets\n\n. . -42.64 points, then +3 and −5 and .5 of a point.\n")
@example("Markets\n\nThe index closed at 24,823.00 points.The index closed at 67.35 points.\n")
@example("Markets\n\nThe index closed at 24,823.00 The index closed at 67.35 now\n")  # copies that cannot be joined
@example("Title\n\nThe index rose 5% in MaThe index rose 5% in May to 1,204.5 points.\n")
@example("\n\nhe 0.5 index 999884.67 −111,7\nhe 0.5 index 999884.67 −111,75")  # a broken-off copy of a number
@example("\n\nThe\n\nThe\n,9、10月")  # a comma before a number is no decimal point
@example("\n\nThe rose points 0 -100 -10,000.00 TheThe rose points 0 -100 -10,000.00 -0")  # a sign after a splice
@example("\n\n100,000 10,000,000 The index ’s 0100,000 10,000,000 The index ’s 0 The")  # a copy glued to a number
def test_every_number_of_the_raw_text_is_in_the_clean_text(text):
    from tests.conftest import numbers_lost
    cleaned = clean_text(text)
    assert numbers_lost(text, cleaned.text, cleaned.changes) == []
