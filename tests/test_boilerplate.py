import pytest

from tests.conftest import changes_of, clean

BODY = ("Title of the story\n\nThe city council approved the new budget on Tuesday after a long debate.\n\n"
        "Spending on schools will rise by 4% next year, the council said.\n\n"
        "Opposition members said the plan relied on optimistic forecasts.\n")


@pytest.mark.parametrize("notice", [
    "This story has been machine translated from Spanish and may contain errors.",
    "This article was translated automatically. Please refer to the original version for the authoritative text.",
    "The Dutch, Korean and Thai versions of this page are produced by an AI translation tool; mistakes may remain.",
    "This report was generated with the help of AI and checked by our editors.",
    "Artikel ini diterjemahkan secara otomatis oleh mesin dan mungkin berisi kesalahan.",
    "Dieser Artikel wurde maschinell übersetzt und kann Fehler enthalten.",
    "Este artículo fue traducido automáticamente y puede contener errores.",
])
def test_a_closing_notice_in_any_wording_is_removed_and_logged_whole(notice):
    assert clean(BODY + "\n" + notice + "\n") == BODY
    [record] = changes_of(BODY + "\n" + notice + "\n", stage="remove_boilerplate")
    assert record.kind == "boilerplate" and record.before.strip() == notice
    assert {"translation", "automation"} <= set(record.detail["cues"])


def test_an_opening_notice_is_removed_too():
    notice = "This article was machine translated from Japanese; the original text prevails.\n\n"
    assert clean(notice + BODY) == BODY


@pytest.mark.parametrize("article", [
    # a story about machine translation
    "Translation tools improve\n\nGoogle said its machine translation software now covers 100 languages.\n\n"
    "The company said automatic translation had improved sharply in the past year.\n\n"
    "Critics said the AI still translates idioms badly, and that human translators remain essential.\n",
    # a quoted statement that mentions translation
    "Readers confused\n\nThe site added a note to the story.\n\n"
    "“This article was machine translated and may contain errors,” the note said, prompting complaints.\n",
    # an article whose every paragraph is short
    "Short news\n\nRates rose.\n\nShares fell.\n\nThe pound was flat.\n",
])
def test_the_articles_own_content_is_kept(article):
    assert clean(article) == article
    assert [c for c in changes_of(article, stage="remove_boilerplate") if c.level == "change"] == []


def test_a_block_with_some_of_the_cues_is_kept_with_a_warning():
    article = BODY + "\nTranslation by machine is improving fast.\n"
    assert clean(article) == article
    [warning] = changes_of(article, stage="remove_boilerplate")
    assert warning.level == "warning"
