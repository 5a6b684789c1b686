"""The article's language (langdetect, seeded) and main script."""
from __future__ import annotations

import random
import re
from array import array
from functools import cache, lru_cache

import numpy as np
import regex
from langdetect import DetectorFactory, LangDetectException
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode
from langdetect.utils.lang_profile import LangProfile
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
# articles in 75 languages) at ~0.15 ms an English article instead of ~4.5 ms.
SAMPLE_CHARS = 200
TRIALS = 1
# Languages the sample decides: English, and those whose script no other language of langdetect's writes.
SAMPLE_DECIDES = frozenset({"en", "el", "he", "th", "ko", "ja", "gu", "pa", "ta", "te", "kn", "ml", "bn"})
SPACED_TEXT = 12  # characters a word: a text with fewer words is written without spaces (Chinese, Japanese, Thai)
WINDOW = 40  # characters: such a text is sampled in windows, as words would be runs of whole sentences
MIN_LETTERS = 20  # fewer, and langdetect's answer is a guess that changes with a line break
# Letters are counted as what is left when the runs of other characters are removed: 3 times faster than a list of them.
NOT_LETTERS = regex.compile(r"\P{L}+")
NOT_LATIN = regex.compile(r"\P{Latin}+")


@cache
def detector_factory() -> QuickDetectorFactory:
    factory = QuickDetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)  # langdetect samples at random: a fixed seed gives the same answer on every run
    return factory


class QuickDetectorFactory(DetectorFactory):
    """langdetect's `DetectorFactory` with the n-grams' probabilities in one float64 matrix, `probabilities`:
    a row an n-gram, a column a language of `langlist`; `word_lang_prob_map` gives an n-gram's row. numpy
    multiplies a row of it at once, and the factory holds the same numbers as langdetect's in 54 MB (the
    matrix is 39) instead of 62. It makes QuickDetectors.
    """

    def __init__(self):
        super().__init__()
        self.columns: list[tuple[int, np.ndarray, np.ndarray]] = []  # language, rows, probabilities

    def load_profile(self, profile_directory: str) -> None:
        super().load_profile(profile_directory)
        self.probabilities = np.zeros((len(self.word_lang_prob_map), len(self.langlist)))
        for column, rows, probabilities in self.columns:
            self.probabilities[rows, column] = probabilities
        self.columns = []

    def add_profile(self, profile: LangProfile, index: int, langsize: int) -> None:
        """langdetect's `add_profile`, which gives each n-gram a list of its probability in each language,
        as a row number and a column of probabilities: the lists are never made, nor their 4.8 million floats."""
        if profile.name in self.langlist:
            raise LangDetectException(ErrorCode.DuplicateLangError, "Duplicate the same language profile.")
        self.langlist.append(profile.name)
        rows, probabilities = [], []
        for ngram, count in profile.freq.items():
            row = self.word_lang_prob_map.setdefault(ngram, len(self.word_lang_prob_map))
            if 1 <= len(ngram) <= 3:
                rows.append(row)
                probabilities.append(1.0 * count / profile.n_words[len(ngram) - 1])
        self.columns.append((index, np.array(rows, dtype=np.intp), np.array(probabilities)))

    def _create_detector(self) -> QuickDetector:
        return QuickDetector(self)


class QuickDetector(Detector):
    """langdetect's `Detector` with its Python loops rewritten, which is where its time goes:
    characters are normalised by `str.translate`, the n-grams of a word are cached, the random
    n-grams are drawn straight from the Mersenne Twister, and numpy multiplies the probabilities
    of all languages at once, 5 draws at a time. The arithmetic is the same, on the same numbers,
    in the same order, after the same random draws: the answers and probabilities are langdetect's
    own, to the last bit (tests/test_language.py checks them). `detect` also stops the trials once
    the rest cannot change its answer: on a whole text it costs a third to a sixth of langdetect's
    (`bench/language.py` compares both, and their answers).

    It reads the profiles of a `QuickDetectorFactory`.

    >>> detector = detector_factory().create()
    >>> detector.append("Το νέο λιμάνι θα ανοίξει τον Μάιο, δήλωσε ο δήμαρχος.")
    >>> detector.detect()
    'el'
    """

    def __init__(self, factory: QuickDetectorFactory):
        # Not Detector.__init__: its random.Random() reads the system's entropy (~10 µs, a tenth of the cost
        # of a sample), and the draws are seeded again before they start.
        self.word_lang_prob_map, self.probabilities = factory.word_lang_prob_map, factory.probabilities
        self.langlist, self.seed, self.random = factory.langlist, factory.seed, random.Random(factory.seed)
        self.text, self.langprob, self.prior_map, self.verbose = "", None, None, False
        self.alpha, self.n_trial, self.max_text_length = self.ALPHA_DEFAULT, 7, 10_000
        self.until_decided = False

    def detect(self) -> str:
        """langdetect's answer, from no more trials than it takes: a trial adds at most 1/n_trial to a
        language's probability, so once the first is ahead of the second by more than the trials left
        can add, they cannot change the answer. (`get_probabilities` runs them all, unless `detect` ran first.)"""
        self.until_decided = True
        return super().detect()

    def append(self, text: str) -> None:
        text = NGram.normalize_vi(self.MAIL_RE.sub(" ", self.URL_RE.sub(" ", text)))
        self.text += SPACES.sub(" ", text[:self.max_text_length])  # langdetect keeps one space of a run

    def cleaning_text(self) -> None:
        # langdetect compares the block of a character with a name where it stores a number,
        # so every character from U+0300 on counts as not Latin.
        if 2 * len(NOT_ASCII_LETTER_RANGE.sub("", self.text)) < len(BELOW_U0300.sub("", self.text)):
            self.text = ASCII_LETTER_RANGE.sub("", self.text)

    def _extract_rows(self) -> memoryview:
        """The rows of langdetect's n-grams of the text, in its order, word by word: a space ends its
        buffer of characters, so a word's n-grams depend on the word alone (and whether a space follows it)."""
        words = self.text.translate(NORMALISED_CHARS).split(" ")
        last = words.pop()
        rows = b"".join(map(word_rows, filter(None, words)))
        if last:
            rows += word_rows(last, space_after=False)
        return memoryview(rows).cast("i")

    def _detect_block(self) -> None:
        """langdetect's `_detect_block`: per trial, a seeded weight, then n-grams drawn at random until
        one language is sure; the mean of the trials' probabilities."""
        self.cleaning_text()
        rows = self._extract_rows()
        if not rows:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        langprob = np.zeros(len(self.langlist))
        self.random.seed(self.seed)
        for trials_left in reversed(range(self.n_trial)):
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            langprob += self.draw_until_sure(rows, alpha / self.BASE_FREQ) / self.n_trial
            if self.until_decided and trials_left and self.leads_by(langprob) > trials_left / self.n_trial:
                break
        self.langprob = langprob.tolist()

    def leads_by(self, langprob: np.ndarray) -> float:
        """How far the most probable language is ahead of the next, less a margin for rounding (an
        addition rounds by 1e-16 at most); 0 while it is not above PROB_THRESHOLD, which langdetect's
        answer must pass."""
        second, first = np.partition(langprob, -2)[-2:]
        return first - second - 1e-9 if first > self.PROB_THRESHOLD else 0.0

    def draw_until_sure(self, rows: memoryview, weight: float) -> np.ndarray:
        """langdetect's trial: each n-gram drawn multiplies each language's probability by (weight + the
        n-gram's probability in that language); the probabilities are normalised after draw 0, 5, 10...,
        until one passes CONV_THRESHOLD or ITERATION_LIMIT draws are made.

        numpy multiplies the 5 draws between two normalisations at once: a product along the rows of
        a matrix runs row after row, so each number goes through the same multiplications in the same
        order as in langdetect's loop. The sum is Python's own, over the same numbers in the same order
        (numpy's sums in another order)."""
        prob = np.array(self._init_probability())
        drawn = 0
        while True:
            factors = self.probabilities.take(self.draw_rows(rows, 1 if drawn == 0 else 5), axis=0)
            factors += weight
            factors[0] *= prob  # so the product is prob × the first factor × the next...
            np.multiply.reduce(factors, axis=0, out=prob)
            drawn += len(factors)
            values = prob.tolist()
            total = sum(values)
            prob /= total
            # Dividing by the same number keeps the order: the largest quotient is the largest number's.
            if max(values) / total > self.CONV_THRESHOLD or drawn > self.ITERATION_LIMIT:
                return prob

    def draw_rows(self, rows: memoryview, count: int) -> list[int]:
        """`count` of `rows` drawn as `random.choice(rows)` draws them, from the same numbers of the
        Mersenne Twister: k random bits for a choice among up to 2**k, drawn again while out of range
        (`Random._randbelow_with_getrandbits`), without its three calls a draw."""
        getrandbits, size = self.random.getrandbits, len(rows)
        bits = size.bit_length()
        drawn = []
        for _ in range(count):
            index = getrandbits(bits)
            while index >= size:
                index = getrandbits(bits)
            drawn.append(rows[index])
        return drawn


@lru_cache(maxsize=20_000)  # news repeats its words: most are looked up, not read again
def word_rows(word: str, space_after: bool = True) -> bytes:
    """The rows in the factory's matrix of the n-grams langdetect knows of `word`, after a space (and before
    one), as C ints, which join fast."""
    row = detector_factory().word_lang_prob_map
    grams = word_ngrams(" " + word + (" " if space_after else ""))
    return array("i", [known for known in map(row.get, grams) if known is not None]).tobytes()


def word_ngrams(padded: str) -> list[str]:
    """The 1-, 2- and 3-grams that end at each character of a word after the space before it,
    as `NGram.add_char` makes them; none inside a run of capitals.

    >>> word_ngrams(" the ")
    ['t', ' t', 'h', 'th', ' th', 'e', 'he', 'the', 'e ', 'he ']
    >>> word_ngrams(" NATO")
    ['N', ' N']
    """
    grams = [padded[1], padded[:2]]  # after the space: no 3-gram yet, no run of capitals
    for end in range(3, len(padded) + 1):
        if not (padded[end - 1].isupper() and padded[end - 2].isupper()):
            grams += (padded[end - 1], padded[end - 2:end], padded[end - 3:end])
    if padded.endswith(" "):
        grams.remove(" ")  # langdetect takes no 1-gram of a space
    return grams


class NormalisedChars(dict):
    """`str.translate` table of `NGram.normalize`, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = NGram.normalize(chr(code))
        return self[code]


NORMALISED_CHARS = NormalisedChars()
SPACES = re.compile(" {2,}")
ASCII_LETTER_RANGE = re.compile("[A-z]")  # langdetect's test `'A' <= ch <= 'z'`, which takes `[\\]^_`` too
NOT_ASCII_LETTER_RANGE = re.compile("[^A-z]+")
BELOW_U0300 = re.compile("[\x00-\u02ff]+")


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
    if len(NOT_LETTERS.sub("", sample)) < MIN_LETTERS:
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
    letters = len(NOT_LETTERS.sub("", sample))
    article.latin_script = letters > 0 and len(NOT_LATIN.sub("", sample)) >= letters / 2
    return []
