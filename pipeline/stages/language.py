"""The article's language (langdetect, seeded) and main script."""
from __future__ import annotations

import regex
from langdetect import DetectorFactory, LangDetectException, detect

DetectorFactory.seed = 0  # langdetect samples at random: a fixed seed gives the same answer every run
SAMPLE_CHARS = 2000  # a bounded sample: langdetect's answer on a whole article rarely differs
LETTER = regex.compile(r"\p{L}")
LATIN_LETTER = regex.compile(r"\p{Latin}")


def identify_language(text: str, article) -> list:
    """Record the article's language and whether it is written in Latin script; change nothing.

    >>> from pipeline.engine import Article
    >>> article = Article()
    >>> identify_language("The trial of the former chief executive started in New York on Monday.", article)
    []
    >>> article.language, article.latin_script
    ('en', True)
    """
    sample = text[:SAMPLE_CHARS]
    try:
        article.language = detect(sample)
    except LangDetectException:
        article.language = "unknown"
    letters = len(LETTER.findall(sample))
    article.latin_script = letters > 0 and len(LATIN_LETTER.findall(sample)) >= letters / 2
    return []
