import random
from array import array

import pytest
from langdetect import DetectorFactory
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY

from pipeline.engine import Article, clean_text
from pipeline.stages.language import SAMPLE_CHARS, detector_factory, identify_language, language_sample

ENGLISH_BODY = (
    "Harbour reopens after storm\n\n"
    "The harbour reopened to shipping on Friday, a week after the storm tore two cranes from their rails "
    "and sank a pilot boat at its mooring.\n\n"
    "Port officials said repairs to the outer wall would take until the end of the summer, and that larger "
    "vessels would be guided in by daylight only until the lights on the breakwater were replaced.\n\n"
    "Fishing crews, who lost most of a week of work, said the council had promised them help with the cost "
    "of the damage to their nets and moorings, but that none of it had been paid so far.\n\n"
    "The mayor said the town had been lucky that nobody was hurt, and thanked the volunteers who had "
    "cleared the quay of debris over the weekend.\n"
)


def language_of(text: str) -> Article:
    article = Article()
    identify_language(text, article)
    return article


def test_a_long_notice_in_another_language_at_the_top_does_not_decide_the_language():
    notice = ("Hinweis der Redaktion: Dieser Beitrag wurde von einer Software aus dem Englischen übersetzt und "
              "anschließend nicht von unseren Redakteuren geprüft. Für Fehler in der Übersetzung übernehmen wir "
              "keine Haftung; maßgeblich ist allein die ursprüngliche Fassung des Textes auf unserer Seite.\n\n")
    assert len(notice) > SAMPLE_CHARS  # the whole of a sample taken from the start
    assert language_of(notice + ENGLISH_BODY).language == "en"
    assert clean_text(notice + ENGLISH_BODY).language == "en"


def test_a_long_quotation_in_another_script_in_the_middle_does_not_decide_the_language():
    head, tail = ENGLISH_BODY.split("\n\nFishing")
    quote = ("\n\nA local paper wrote: «Порт снова открыт для судов, но ремонт внешней стены продлится до конца "
             "лета, а большие суда будут заходить в гавань только днём, пока не заменят огни на молу.»")
    article = language_of(head + quote + "\n\nFishing" + tail)
    assert (article.language, article.latin_script) == ("en", True)


def test_the_sample_is_bounded_and_spans_the_whole_text():
    sample = language_sample(ENGLISH_BODY)
    assert SAMPLE_CHARS / 2 < len(sample) < SAMPLE_CHARS * 3 / 2
    assert sample.startswith("Harbour") and sample.split()[-1] in ENGLISH_BODY.split()[-4:]


def test_a_text_shorter_than_the_sample_is_read_whole():
    assert language_sample("Rates rose.\n") == "Rates rose.\n"


CHINESE_PARAGRAPH = (
    "北京市政府周一宣布，将在未来五年内投资约两千亿元人民币，用于改善城市公共交通系统和 AI 调度平台。"
    "根据计划，地铁网络将新增六条线路，总里程超过二百公里，同时还将更新一千多辆公交车，全部改为电动车型，并接入 5G 网络。"
    "他还说，政府将与私营企业合作，吸引社会资本参与建设和运营，包括 BYD 和 CATL 等公司。"
)


@pytest.mark.parametrize("paragraph", [CHINESE_PARAGRAPH * 3, "".join(c for c in CHINESE_PARAGRAPH * 3 if not c.isascii())])
@pytest.mark.parametrize("paragraphs", [1, 3, 8])
def test_a_text_written_without_spaces_is_sampled_in_windows_from_start_to_end(paragraph, paragraphs):
    text = "北京公交升级\n\n" + "\n\n".join([paragraph] * paragraphs) + "\n"
    assert SAMPLE_CHARS / 2 < len(language_sample(text)) < SAMPLE_CHARS * 3 / 2
    article = language_of(text)
    assert (article.language, article.latin_script) == ("zh-cn", False)


def test_one_huge_word_gives_a_bounded_sample():
    assert len(language_sample("a" * 1_000_000)) < 2 * SAMPLE_CHARS


# Our own sentences, in languages langdetect tells apart easily and in close neighbours it hesitates between.
SENTENCES = [
    ENGLISH_BODY,
    "Le conseil municipal a voté lundi soir la rénovation de la piscine, fermée depuis deux hivers.",
    "Der Stadtrat hat am Montag beschlossen, das alte Hallenbad bis zum nächsten Sommer zu renovieren.",
    "Городской совет в понедельник решил отремонтировать старый бассейн к следующему лету.",
    "Το δημοτικό συμβούλιο αποφάσισε τη Δευτέρα να ανακαινίσει το παλιό κολυμβητήριο.",
    "Dewan kota memutuskan pada hari Senin untuk memperbaiki kolam renang lama sebelum musim hujan.",
    "Kerajaan negeri akan membina jambatan baharu merentasi sungai itu menjelang hujung tahun.",
    "Opština je u ponedjeljak odlučila da obnovi stari bazen do sljedećeg ljeta.",
    "市议会周一决定在明年夏天之前翻修旧游泳馆。",
    "Rates rose. Zinsen stiegen. Les taux ont augmenté.",
    "Bio sam tamo.",
    "Alto Adige",
]


@pytest.fixture(scope="module")
def langdetect_factory():
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


@pytest.mark.parametrize("trials", [1, 7])
@pytest.mark.parametrize("text", SENTENCES)
def test_the_quick_detector_gives_langdetects_probabilities_to_the_last_bit(text, trials, langdetect_factory):
    detectors = [Detector(langdetect_factory), detector_factory().create()]
    for detector in detectors:
        detector.n_trial = trials
        detector.append(text)
        detector.get_probabilities()
    langdetects, quick = (detector.langprob for detector in detectors)
    assert type(quick) is list and quick == langdetects


@pytest.mark.parametrize(("text", "trials"), [(ENGLISH_BODY, 4), ("Bio sam tamo.", 5), ("Alto Adige", 6)])
def test_detect_runs_trials_until_the_rest_cannot_change_langdetects_answer(text, trials, langdetect_factory):
    detector = detector_factory().create()
    detector.append(text)
    expected = Detector(langdetect_factory)
    expected.append(text)
    assert detector.detect() == expected.detect()
    assert round(sum(detector.langprob) * detector.n_trial) == trials  # each trial run adds 1/n_trial in all


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 9, 1000, 1025, 70_000])
def test_rows_are_drawn_from_the_same_random_numbers_as_random_choice(size):
    rows = memoryview(array("i", range(100, 100 + size)).tobytes()).cast("i")
    detector = detector_factory().create()
    detector.random.seed(size)
    expected = random.Random(size)
    drawn = [detector.draw_rows(rows, count) for count in (1, 5, 5, 5)]
    assert drawn == [[expected.choice(rows) for _ in range(count)] for count in (1, 5, 5, 5)]
    assert detector.random.getstate() == expected.getstate()
