"""Machine-translation and AI notices: the real ones collected in tests/data/notices.jsonl (187 in 39 languages,
each with its source, publisher and kind), appended to an English article, to an article of their own language and
to the end of a long line; and news about translation, AI and advertising that must stay."""
import json

import pytest

from tests.conftest import ROOT, changes_of, clean

NOTICES = [json.loads(line) for line in (ROOT / "tests" / "data" / "notices.jsonl").read_text(encoding="utf-8").splitlines()]
ENGLISH = ("Harbour reopens after storm\n\nThe harbour of the town reopened on Monday after a week of repairs.\n\n"
           "Fishing boats left at dawn, and the ferry to the islands ran on time, the port authority said.\n\n"
           "Repairs to the sea wall will continue until the end of the month.\n")
LONG_LINE = ("The harbour of the town reopened on Monday after a week of repairs. Fishing boats left at dawn, and the "
             "ferry to the islands ran on time. Repairs to the sea wall will continue until the end of the month.")
NEGATIVES = [
    # news about machine translation, with a named speaker or reported speech
    "The European Parliament's translators now use DeepL for a first draft of every document, a spokesman said.",
    "Google said its machine translation service now covers 100 more languages, including Yoruba and Welsh.",
    "According to the ministry, the original text of the treaty was translated automatically before the talks.",
    "Die Übersetzer des Parlaments nutzen DeepL für maschinelle Entwürfe jedes Dokuments, sagte ein Sprecher.",
    "“This article was machine translated and may contain errors,” the note said, prompting complaints.",
    # news about AI and advertising
    "The company said advertising revenue fell 12% as advertisers cut spending on AI-generated campaigns.",
    "Subscribers to the newsletter rose to two million, the publisher told investors on Tuesday.",
    "Critics said the AI still translates idioms badly, and that human translators remain essential.",
    # articles about machine translation: they name the tools, they do not warn about themselves
    "In this article, we look at how AI translation tools such as DeepL really work.",
    "This story explains how machine translation changed the work of court interpreters.",
    "Die Europäische Kommission nutzt für Dokumente in allen Amtssprachen einen maschinellen Übersetzungsdienst.",
    "欧盟委员会使用机器翻译服务处理所有官方语言的文件。",
    # reported speech about a text that was machine translated or generated, in quotation marks or not
    "The ministry said the text had been machine translated before it was sent to the court.",
    "Readers complained that the line 'This article was machine translated' appeared on stories written by staff.",
    "A version of this story was translated automatically into Spanish for Latino readers, the editor said.",
    "The Japanese article was translated by AI, the newspaper's English edition told readers in a statement.",
    "Die Übersetzung des Vertrags wurde maschinell erstellt, teilte das Ministerium am Montag mit.",
    "Le gouvernement a indiqué que ce document avait été traduit automatiquement avant sa publication.",
    "Según el ministerio, este documento fue traducido automáticamente y contenía errores.",
    "Ce texte a été traduit automatiquement par le ministère, a expliqué son porte-parole, d'où les erreurs.",
    "外务省表示，该文件是由机器翻译的，存在错误。",
    "Η κυβέρνηση ανακοίνωσε ότι το έγγραφο μεταφράστηκε αυτόματα και περιείχε λάθη.",
    # news about translation tools and AI: they name `machine translation`, they do not say this text was translated
    "DeepL, the German translation company, raised $300m in new funding this week, valuing it at $2bn.",
    "Google Translate added 110 languages on Thursday, the largest expansion in the service's history.",
    "The European Commission's machine translation service, eTranslation, handled 2.5 million pages last year.",
    "Subtitles for the broadcast were generated automatically, and viewers counted dozens of errors.",
    "Translators' unions in Spain protested on Monday against publishers that use machine translation for novels.",
    "The court ruled that the contract, machine translated from Chinese, was not binding on either party.",
    "This article explains how, with the help of AI, farmers in Kenya now forecast the rains.",
    "Content moderation at the firm is now automated, and translated posts are checked by an AI system.",
    "Text messages from the bank were machine translated into Welsh for the first time this year.",
    "Automatically translated subtitles are now common on streaming services.",
    "机器翻译进步很快。",
    # headlines that name the subject before a colon or a full stop
    "Machine translation: Google's new model covers 100 languages",
    "Automatic translation. Is it any good?",
    "AI-generated news: who is responsible?",
    "The report was translated by an AI company that is now being sued by its authors.",
    "Der Bericht wurde von einer KI-Firma übersetzt, die nun verklagt wird.",
    "The court's AI translation tool is provided for reference in all 24 official languages of the union.",
    # an editor's correction about translation is the story's own
    "Editor's note: An earlier version of this article misstated the number of languages Google Translate supports.",
    "Correction: A previous version of this story said the translation was done by AI. It was done by staff.",
    # paragraphs in other languages about translation services and their errors
    "La traducción automática de DeepL ya se usa en el Parlamento Europeo para los primeros borradores.",
    "Il servizio di traduzione automatica di Google ora supporta anche il siciliano e il friulano.",
    "기계 번역 업체 딥엘이 서울에 사무소를 열고 한국 시장에 진출했다.",
    "機械翻訳の精度が上がり、翻訳者の仕事が変わりつつある。",
    "Mesin penerjemah otomatis kini dipakai di banyak kantor pemerintah, tetapi kesalahannya masih sering terjadi.",
    "Makine çevirisi hizmetleri, mahkeme belgelerinde hâlâ ciddi hatalar yapıyor.",
]


def own_language_article(shared, language: str) -> str:
    sentences = (shared / "corpus" / "sentences" / f"{language}.txt").read_text(encoding="utf-8").splitlines()[:5]
    return "\n\n".join(sentences) + "\n"


def removed_notices(article: str) -> list[str]:
    return [c.before.strip() for c in changes_of(article, stage="remove_added_notices", level="change")]


def test_the_collection_covers_thirty_languages_with_their_sources():
    assert len({n["language"] for n in NOTICES}) >= 30
    assert all(n["source"].startswith("https://") and n["text"] and n["publisher"] for n in NOTICES)
    assert {n["kind"] for n in NOTICES} == {"machine_translation", "ai_generated", "ai_assisted"}


def test_collected_notices_appended_to_an_english_article_are_removed_whole():
    removed = [n for n in NOTICES if removed_notices(ENGLISH + "\n" + n["text"] + "\n") == [n["text"]]]
    assert len(removed) >= 0.95 * len(NOTICES), sorted({n["language"] for n in NOTICES} - {n["language"] for n in removed})


def test_collected_notices_in_an_article_of_their_own_language_are_removed_whole(shared):
    removed = [n for n in NOTICES if removed_notices(own_language_article(shared, n["language"]) + "\n" + n["text"] + "\n")
               == [n["text"]]]
    assert len(removed) >= 0.95 * len(NOTICES), sorted({n["language"] for n in NOTICES} - {n["language"] for n in removed})


def test_a_notice_at_the_top_is_removed_with_the_blank_line_after_it():
    notice = NOTICES[0]["text"]
    assert clean(notice + "\n\n" + ENGLISH) == ENGLISH
    [record] = changes_of(notice + "\n\n" + ENGLISH, stage="remove_added_notices")
    assert (record.offset, record.before, record.after) == (0, notice + "\n\n", "")
    assert record.reason == "machine-translation or AI notice removed"
    assert record.detail == {"cues": ["automation", "caveat", "label", "self_reference", "translation"], "block": 1,
                             "of_blocks": 5}


@pytest.mark.parametrize("news", NEGATIVES)
@pytest.mark.parametrize("where", ["first", "last", "glued"])
def test_news_about_translation_ai_and_advertising_stays(news, where):
    article = {"first": news + "\n\n" + ENGLISH, "last": ENGLISH + "\n" + news + "\n",
               "glued": "Title\n\n" + LONG_LINE + " " + news + "\n"}[where]
    assert clean(article) == article
    assert removed_notices(article) == []


@pytest.mark.parametrize("notice", [
    "This report was machine translated from Italian and may include errors.",
    "This article was translated automatically; the original version is the authoritative one.",
    "The Dutch, Korean and Thai versions of this page are produced by an AI translation tool; mistakes may remain.",
    "This report was generated with the help of AI and checked by our editors.",
    "Artikel ini diterjemahkan secara otomatis oleh mesin dan mungkin berisi kesalahan.",
    "Dieser Artikel wurde maschinell übersetzt und kann Fehler enthalten.",
    "Este artículo fue traducido automáticamente y puede contener errores.",
    "この記事はAI翻訳で作成されました。誤りが含まれる場合があります。",
    # a short statement that this very text was translated or written with a machine's help needs no caveat
    "This report has been translated automatically.",
    "Ce reportage a été rédigé avec l'aide de l'IA et de ChatGPT.",
    "이 기사는 AI가 번역했습니다.",
    "Machine translated: please refer to the original.",
    "Der Artikel wurde mithilfe künstlicher Intelligenz übersetzt und redaktionell geprüft.",
    "Материал переведён с помощью искусственного интеллекта.",
    "Ovaj članak je strojno preveden.",
    "Šis straipsnis buvo išverstas automatiškai.",
    "Aquest article ha estat traduït automàticament.",
    "Den här artikeln har maskinöversatts.",
    "Articolul a fost tradus cu ajutorul inteligenței artificiale.",
    "Makala hii imetafsiriwa kwa mashine.",
    # a caveat that the translation is a convenience; a headnote that opens with what was done to the text
    "The Greek and Turkish versions of this page are machine translations provided for convenience.",
    "Translated by AI from the original Japanese article.",
    "Traducido automáticamente del inglés.",
])
def test_a_closing_notice_in_any_wording_is_removed_and_logged_whole(notice):
    assert clean(ENGLISH + "\n" + notice + "\n") == ENGLISH
    [record] = changes_of(ENGLISH + "\n" + notice + "\n", stage="remove_added_notices")
    assert record.kind == "boilerplate" and record.before == "\n\n" + notice and record.after == ""
    assert {"translation", "automation"} <= set(record.detail["cues"])


def test_a_block_with_some_of_the_cues_is_kept_with_a_warning():
    article = ENGLISH + "\nTranslation by machine is improving fast.\n"
    assert clean(article) == article
    [warning] = changes_of(article, stage="remove_added_notices")
    assert (warning.level, warning.before, warning.detail["cues"]) == (
        "warning", "Translation by machine is improving fast.", ["automation", "translation"])


@pytest.mark.parametrize("notice", [
    "This article was originally published on The Conversation. Read the original article.",
    "This story has been published from a wire agency feed without modifications to the text.",
    "Artikel ini telah tayang di Kompas.com dengan judul yang sama.",
    "Disclaimer: This article does not contain investment advice or recommendations.",
])
def test_a_publishers_notice_about_this_text_is_removed(notice):
    assert clean(ENGLISH + "\n" + notice + "\n") == ENGLISH
    [record] = changes_of(ENGLISH + "\n" + notice + "\n", stage="remove_added_notices")
    assert (record.before, record.reason) == ("\n\n" + notice, "publisher's notice removed")


@pytest.mark.parametrize("note", [
    "This story was originally published on Monday and has been updated to correct the treasurer's name.",
    "The ministry said this report was published too early and withdrew it on Friday.",
])
def test_an_editors_correction_or_reported_speech_about_publication_stays_with_a_warning(note):
    article = ENGLISH + "\n" + note + "\n"
    assert clean(article) == article
    assert [c.level for c in changes_of(article, stage="remove_added_notices")] == ["warning"]


def test_a_notice_glued_to_the_end_of_the_last_line_is_removed_as_whole_sentences():
    notice = "This article was translated automatically. Please refer to the original version if in doubt."
    text = "Harbour reopens\n\n" + LONG_LINE + " " + notice + "\n"
    assert clean(text) == "Harbour reopens\n\n" + LONG_LINE + "\n"
    [record] = changes_of(text, stage="remove_added_notices")
    assert (record.before, record.reason) == (" " + notice, "machine-translation or AI notice removed")
    assert record.detail == {"cues": ["automation", "caveat", "self_reference", "statement", "translation"],
                             "sentences": 2, "at": "end of the last line"}


def test_a_notice_glued_to_the_start_of_the_first_line_is_removed():
    notice = "本文属于机器翻译版本。若本译文内容与英语原文存在差异，则一律以英文原文为准。"
    text = notice + "港口在周一经过一周的维修后重新开放。渔船在黎明时出发。通往岛屿的渡轮准时运行。海堤的维修将持续到月底。\n\nMore.\n"
    assert clean(text) == text[len(notice):]


def test_news_about_translation_at_the_end_of_a_long_line_stays():
    text = ("Harbour reopens\n\n" + LONG_LINE + " The port's notices are now translated automatically by an AI tool, "
            "and errors are checked by staff, the harbour master said.\n")
    assert clean(text) == text


def test_collected_notices_glued_to_the_end_of_an_english_line_are_removed_without_the_story():
    line = ENGLISH.split("\n\n")[1] + " " + ENGLISH.split("\n\n")[2]
    removed = [n for n in NOTICES if removed_notices("Title\n\n" + line + " " + n["text"] + "\n") == [n["text"]]]
    assert len(removed) >= 0.95 * len(NOTICES)


def test_reported_speech_is_found_where_the_regex_of_its_words_finds_it(shared):
    """The automaton of `reports_speech` answers as `(?<!\\w)(?:spaced words)(?!\\w)|unspaced words` would, on
    the sentences of every language, the scraped news and the notices."""
    import re

    from pipeline.stages.notices import UNSPACED, alternatives, cue_data, reports_speech

    words = cue_data()["reported_speech"]
    unspaced = [word for word in words if UNSPACED.search(word)]
    spaced = [word for word in words if word not in unspaced]
    as_a_regex = re.compile(r"(?<!\w)(?:" + alternatives(spaced) + r")(?!\w)|" + alternatives(unspaced))
    texts = [line for path in sorted((shared / "corpus/sentences").glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines()[:100]]
    texts += [path.read_text(encoding="utf-8") for path in sorted((shared / "corpus/scraped").rglob("*.txt"))]
    texts += [notice["text"] for notice in NOTICES] + ["he said", "unsaid", "said_", "sagte:", "外务省表示", "المقال"]
    found = 0
    for text in texts:
        lower = text.lower()
        assert reports_speech(lower) == bool(as_a_regex.search(lower)), text
        found += reports_speech(lower)
    assert 0 < found < len(texts)
