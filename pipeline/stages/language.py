"""The article's language (langdetect, seeded) and main script."""
from __future__ import annotations

import operator
import re
from array import array
from functools import cache, lru_cache

import regex
from langdetect import DetectorFactory, LangDetectException
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode
from langdetect.utils.ngram import NGram

# langdetect's cost grows with the text and the number of random trials, so
# it reads a sample first: every k-th word, spread over the whole text, about
# SAMPLE_CHARS long, with 1 trial. A sample from one place misreads the
# article: the first 300 characters take a translation notice at the top for
# its language, a window in the middle a quoted sentence. Spread words hold
# the mix of letter sequences of the whole text, which is what langdetect
# counts. A text written without spaces (Chinese, Thai) is sampled in spread
# windows instead: its "words" are whole sentences, and spaces put between
# pieces of it read as Korean to langdetect.
#
# The sample decides when it reads English, the language of most news (on
# 3,851 texts that full-text langdetect reads as English, the sample agrees on
# 99.8%), or a language whose script is its own among langdetect's (Greek,
# Thai, Korean...): nothing of its neighbours can be mistaken for it. Any other
# answer is checked on the whole text as langdetect.detect reads it (7
# trials): 1 trial on a sample reads a language beside its neighbours
# (Bulgarian or Macedonian, Indonesian or Malay), or one langdetect has no
# profile for, differently from the whole text on 1 text in 12. So the
# pipeline agrees with full-text langdetect on 99.6% to 100% of each corpus of
# bench/language.py (the dev benchmark, damaged and clean BBC articles,
# articles in 75 languages) at ~0.4 ms an English article instead of ~5 ms.
SAMPLE_CHARS = 200
TRIALS = 1
# Languages the sample decides: English, and those whose script no other language of langdetect's writes.
SAMPLE_DECIDES = frozenset({"en", "el", "he", "th", "ko", "ja", "gu", "pa", "ta", "te", "kn", "ml", "bn"})
SPACED_TEXT = 12  # characters a word: a text with fewer words is written without spaces (Chinese, Japanese, Thai)
WINDOW = 40  # characters: such a text is sampled in windows, as words would be runs of whole sentences
MIN_LETTERS = 20  # fewer, and langdetect's answer is a guess that changes with a line break
LETTER = regex.compile(r"\p{L}")
LATIN_LETTER = regex.compile(r"\p{Latin}")


@cache
def detector_factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)  # langdetect samples at random: a fixed seed gives the same answer on every run
    return factory


class QuickDetector(Detector):
    """langdetect's `Detector` with its Python loops rewritten, which is where its time goes:
    characters are normalised by `str.translate`, a word's n-grams are cached, and so are the
    factors an n-gram multiplies the probabilities by. The arithmetic is the same, on the same
    numbers, in the same order, after the same random draws: the answers and probabilities are
    langdetect's own, at about half the cost (`bench/language.py` checks both).

    It reads the profiles of `detector_factory()`.

    >>> detector = QuickDetector(detector_factory())
    >>> detector.append("Το νέο λιμάνι θα ανοίξει τον Μάιο, δήλωσε ο δήμαρχος.")
    >>> detector.detect()
    'el'
    """

    def append(self, text: str) -> None:
        text = NGram.normalize_vi(self.MAIL_RE.sub(" ", self.URL_RE.sub(" ", text)))
        self.text += SPACES.sub(" ", text[:self.max_text_length])  # langdetect keeps one space of a run

    def cleaning_text(self) -> None:
        # langdetect compares the block of a character with a name where it stores a number,
        # so every character from U+0300 on counts as not Latin.
        if 2 * len(ASCII_LETTER_RANGE.findall(self.text)) < len(FROM_U0300.findall(self.text)):
            self.text = ASCII_LETTER_RANGE.sub("", self.text)

    def _extract_ngrams(self) -> list[str]:
        """langdetect's n-grams of the text, word by word: a space ends its buffer of characters,
        so a word's n-grams depend on the word alone (and whether a space follows it)."""
        words = self.text.translate(NORMALISED_CHARS).split(" ")
        found: list[str] = []
        for word in words[:-1]:
            if word:
                found += word_ngrams(" " + word + " ")
        if words[-1]:
            found += word_ngrams(" " + words[-1])
        return found

    def _detect_block(self) -> None:
        """langdetect's `_detect_block`: per trial, a seeded weight, then n-grams drawn at random until
        one language is sure."""
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        self.langprob = [0.0] * len(self.langlist)
        self.random.seed(self.seed)
        for trial in range(self.n_trial):
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            # The first trial's weight is the same in every detection (a seeded draw): the factors of
            # its n-grams are worth keeping. The others' would crowd them out of the cache.
            update = updated_with_cached_factors if trial == 0 else updated
            prob = self.draw_until_sure(self._init_probability(), ngrams, alpha / self.BASE_FREQ, update)
            self.langprob = [total + p / self.n_trial for total, p in zip(self.langprob, prob)]

    def draw_until_sure(self, prob: list[float], ngrams: list[str], weight: float, update) -> list[float]:
        """langdetect's `_update_lang_prob` and `_normalize_prob` over its random draws."""
        choice = self.random.choice
        draw = 0
        while True:
            prob = update(prob, choice(ngrams), weight)
            if draw % 5 == 0:
                prob = list(map(sum(prob).__rtruediv__, prob))  # p / sum(prob) for each p
                if max(prob) > self.CONV_THRESHOLD or draw >= self.ITERATION_LIMIT:
                    return prob
            draw += 1


def updated(prob: list[float], ngram: str, weight: float) -> list[float]:
    """Each language's probability times (weight + the n-gram's probability in that language)."""
    return [p * (weight + q) for p, q in zip(prob, detector_factory().word_lang_prob_map[ngram])]


def updated_with_cached_factors(prob: list[float], ngram: str, weight: float) -> list[float]:
    return list(map(operator.mul, prob, update_factors(ngram, weight)))


@lru_cache(maxsize=10_000)  # ~5 MB: each entry is 55 numbers
def update_factors(ngram: str, weight: float) -> array:
    """The factors `updated` multiplies the probabilities by, kept for the n-grams drawn most."""
    return array("d", [weight + q for q in detector_factory().word_lang_prob_map[ngram]])


@lru_cache(maxsize=20_000)  # news repeats its words: most are looked up, not read again
def word_ngrams(padded: str) -> tuple[str, ...]:
    """The 1-, 2- and 3-grams langdetect knows that end at each character of a word after the
    space before it, as `NGram.add_char` makes them; none inside a run of capitals.

    >>> word_ngrams(" the ")
    ('t', ' t', 'h', 'th', ' th', 'e', 'he', 'the', 'e ', 'he ')
    """
    known = detector_factory().word_lang_prob_map
    grams = []
    for end in range(2, len(padded) + 1):
        if padded[end - 1].isupper() and padded[end - 2].isupper():
            continue
        grams += [gram for gram in (padded[end - 1:end], padded[end - 2:end], padded[max(0, end - 3):end])[:end]
                  if gram != " " and gram in known]
    return tuple(grams)


class NormalisedChars(dict):
    """`str.translate` table of `NGram.normalize`, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = NGram.normalize(chr(code))
        return self[code]


NORMALISED_CHARS = NormalisedChars()
SPACES = re.compile(" {2,}")
ASCII_LETTER_RANGE = re.compile("[A-z]")  # langdetect's test `'A' <= ch <= 'z'`, which takes `[\\]^_`` too
FROM_U0300 = re.compile("[\u0300-\U0010ffff]")


def language_sample(text: str, size: int = SAMPLE_CHARS) -> str:
    """About `size` characters of `text`, from its start to its end: every k-th word or,
    in a text written without spaces, a window every k characters.

    >>> language_sample("Breaking: the mayor said the harbour opens in May, not June.", size=20)
    'Breaking: said opens not'
    """
    if len(text) <= size:
        return text
    words = text.split()
    if len(words) * SPACED_TEXT < len(text):
        step = len(text) // max(1, size // WINDOW)
        return "".join(text[i:i + WINDOW] for i in range(0, len(text), step))
    return " ".join(words[::max(1, round(len(text) / size))])[:2 * size]  # a huge word among many is cut short


def detect_language(text: str) -> str:
    """The language code langdetect gives `text`, or `unknown`: read from a sample when it reads
    English, else from the whole text.

    >>> detect_language("The trial of the former chief executive started in New York on Monday.")
    'en'
    >>> detect_language("é .")
    'unknown'
    """
    return language_of(text, language_sample(text))


def language_of(text: str, sample: str) -> str:
    """The language of `text`, from its `sample` when that reads as a language in SAMPLE_DECIDES,
    else from the whole text."""
    language = detect_sample_language(sample)
    if language == "unknown" or language in SAMPLE_DECIDES:
        return language
    return detect_text_language(text)


def detect_sample_language(sample: str) -> str:
    """The language code langdetect gives `sample`, read whole, or `unknown`."""
    if len(LETTER.findall(sample)) < MIN_LETTERS:
        return "unknown"
    return run_detector(sample, TRIALS)


def detect_text_language(text: str) -> str:
    """The language code `langdetect.detect` gives `text` (its first 10,000 characters, 7 trials), or `unknown`.

    >>> detect_text_language("Le port rouvrira en mai, a déclaré le maire, et non en juin comme prévu.")
    'fr'
    """
    return run_detector(text, Detector(detector_factory()).n_trial)


def run_detector(text: str, trials: int) -> str:
    detector = QuickDetector(detector_factory())
    detector.n_trial = trials
    detector.append(text)
    try:
        return detector.detect()
    except LangDetectException:
        return "unknown"


def identify_language(text: str, article) -> list:
    """Record the article's language and whether it is written in Latin script; change nothing.

    >>> from pipeline.engine import Article
    >>> article = Article()
    >>> identify_language("Το νέο λιμάνι θα ανοίξει τον Μάιο, δήλωσε ο δήμαρχος.", article)
    []
    >>> article.language, article.latin_script
    ('el', False)
    """
    sample = language_sample(text)
    article.language = language_of(text, sample)
    letters = len(LETTER.findall(sample))
    article.latin_script = letters > 0 and len(LATIN_LETTER.findall(sample)) >= letters / 2
    return []
