"""Notices a site added to an article: machine-translation and AI disclaimers, in any language.

A disclaimer is fluent prose, so density rules miss it. What gives it away
is what it talks about and how: a translation or a generated text
(`translated`, `diterjemahkan`, `翻訳`), done by a machine (`automatically`,
`AI`, `maschinell`, `خودکار`), about this very text (`this article`, `dieses
Dokument`, `本翻訳`), or a label that announces it (`Disclaimer:`,
`免責事項：`), or written in another language than the article. It stands
first or last, and it reports no one's words: a block that says who said
something about translation (`…, a spokesman said`) is news and stays. The
cue words are data (`pipeline/data/notices.json`), built from the real
notices kept in `tests/data/notices.jsonl`.

A block is removed when it speaks of translation and automation, one of
the three remaining cues shows, and it warns about itself (errors, the
original version that prevails, an editor's review) or opens with a label,
all outside quotation marks, in a short block among the first or last of
the article: an article about machine translation names the tools, a notice
warns about itself. A short statement that this very text was translated
(`This article has been machine translated.`, `Dit bericht is automatisch
vertaald.`, `この記事は機械翻訳されています。`) is a notice without a caveat:
it names the text and says, in the passive, what was done to it, where an
article about the subject names `machine translation`. The text is named
by a demonstrative (`this article`, `本記事`) or by the noun the block opens
with (`Der Artikel wurde maschinell übersetzt`, `Текст перекладено
автоматично`); a label counts when what follows it speaks of translation
(`Machine translation: Google's new model …` is a headline), and so does a
headnote (`Automatically translated.`). Fewer cues: kept, with a warning.
"""
from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path

import ahocorasick
import regex

from ..edits import Edit, Finding, Flag
from ..structure import edge_indices, removal_spans, split_blocks
from .language import detect_language

EDGE_BLOCKS = 3  # a notice stands among the first or the last blocks
MAX_NOTICE_CHARS = 1000  # characters, not words: a notice in Vietnamese has three times the words of one in Thai
# a single quotation mark opens after a non-letter and closes before one: not the apostrophe of `paper's`, `l'anglais`
# (that test stands after the mark, not before it, so that every alternative opens with a mark: the regex engine
# then jumps from mark to mark instead of trying each alternative at each character)
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]|「[^」]*」|‘[^’]*’|'(?<!\w')[^'\n]+'(?!\w)")
# A label that opens the block: at most four words, then a colon (`Disclaimer:`, `Aviso Legal:`, `免責事項：`).
NOTICE_LABEL = re.compile(r"^\W{0,2}[^\s:：.!?]+(?: [^\s:：.!?]+){0,3}\W{0,2}\s?[:：]")
# what the text after a label speaks of, when the label announces a notice
LABELLED_CUES = {"translation", "automation", "self_reference", "original_version", "translated_form",
                 "source_language", "publication", "advice"}
NOTICE_SENTENCE_CUES = {"translation", "self_reference", "original_version", "caveat"}
# A sentence ends at . ! ? … and a space (not `U.S.-based`, `3.5`), or at a CJK 。！？, which needs none.
SENTENCE_END = re.compile(r"(?:[.!?…][\"'”’)\]]*\s+|[。！？][」』”’)]*\s*)(?=\S)")
REQUIRED = {"translation", "automation"}
ANY_OF = {"self_reference", "label", "other_language"}
# `Automatically translated.`: up to three words that end at a full stop or a colon, or end the block
MAX_UNSPACED_HEADNOTE = 6  # `機械翻訳`, `AI翻译`; not `机器翻译服务很好`
UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
HEADNOTE = regex.compile(r"^\W*((?:[\w’'-]+\s+){0,2}[\w’'-]+)\s*(?:[.:：。]|$)")
# `This article was machine translated.`: a statement this short needs no caveat; a longer paragraph is a story's
MAX_STATEMENT_CHARS = 300


STEM_FAMILIES = ("translation", "automation", "self_reference", "original_version", "caveat", "publication", "advice",
                 "editorial_update", "translated_form", "source_language", "about_the_subject", "assisted_by")


@cache
def cue_data() -> dict:
    return json.loads(Path(__file__).parent.parent.joinpath("data", "notices.json").read_text(encoding="utf-8"))


@cache
def stem_finder() -> ahocorasick.Automaton:
    """Every stem of every family in one Aho-Corasick automaton: one pass over a lower-cased block finds them all
    (a regex alternation of a hundred stems costs ~50 µs a block and family; this, a few µs for all)."""
    families: dict[str, set[str]] = {}
    for family in STEM_FAMILIES:
        for stem in cue_data()[family]:
            families.setdefault(stem, set()).add(family)
    finder = ahocorasick.Automaton()
    for stem, names in families.items():
        finder.add_word(stem, frozenset(names))
    finder.make_automaton()
    return finder


def stem_families(lower: str) -> set[str]:
    """The families whose stems occur in the lower-cased text.

    >>> sorted(stem_families("dieser artikel wurde maschinell übersetzt"))
    ['automation', 'self_reference', 'translated_form', 'translation']
    """
    return {name for _, names in stem_finder().iter(lower) for name in names}


@cache
def cue_patterns() -> dict:
    """The cues that stems cannot say: acronyms with their case, between non-letters; editions named by language."""
    data = cue_data()
    patterns = {}
    # `The English, Chinese and French versions …`: the site's editions of this very text, named by language
    name = alternatives(data["language_names"])
    patterns["editions"] = re.compile(rf"(?:{name})\w*(?:,? (?:and |or |und |et |y |e )?(?:{name})\w*)* "
                                      rf"(?:{alternatives(data['version_words'])})\b")
    # between letters of other scripts an acronym stands alone (`AI翻訳`), inside a word of its own it does not (`said`)
    acronym = r"(?:" + alternatives(data["acronyms"]) + r")(?![\p{Latin}\p{Cyrillic}])"
    patterns["acronyms"] = regex.compile(r"(?<![\p{Latin}\p{Cyrillic}])" + acronym)
    # `written with the help of AI`, `mit Unterstützung von KI`: a machine within two words of the help
    patterns["assisted"] = regex.compile(r"(?i:" + alternatives(data["assisted_by"]) + r")\W+(?:\w+\W+){0,2}?"
                                         r"(?:(?i:" + alternatives(data["automation"] + data["ai_products"]) + r")|"
                                         + acronym + ")")
    # `Text translated automatically.`, `Der Artikel wurde maschinell übersetzt`: a block that opens with the text, and
    # says within four words that it was translated (not `Content moderation is automated, and translated posts …`)
    article = r"(?:the|der|die|das|le|la|l'|el|il|lo|o|a|az|de|het|το|η|ο) ?"
    patterns["opens_with_text"] = regex.compile(rf"^\W*(?:{article})?(?:" + alternatives(data["text_nouns"])
                                                + r")(?![\p{Latin}\p{Cyrillic}])\W*(?:\w+\W+){0,4}?\w*?(?:"
                                                + alternatives(data["translated_form"]) + ")")
    return patterns


@cache
def reported_speech_finder() -> ahocorasick.Automaton:
    """The words of reported speech in one automaton, each with its length and whether it must stand as a whole
    word: in scripts that space their words it must (`قال`, not `المقال`); in one written without spaces
    (`外务省表示`) a verb stands among letters. (Their regex alternation cost ~20 µs a block; this, a few.)"""
    finder = ahocorasick.Automaton()
    for word in cue_data()["reported_speech"]:
        finder.add_word(word, (len(word), not UNSPACED.search(word)))
    finder.make_automaton()
    return finder


def reports_speech(lower: str) -> bool:
    """Whether the lower-cased text reports someone's words (`said`, `according to`, `表示`).

    >>> reports_speech("the minister said so"), reports_speech("the article notes"), reports_speech("外务省表示")
    (True, True, True)
    >>> reports_speech("the unsaid rule"), reports_speech("المقال")
    (False, False)
    """
    for end, (length, whole_word) in reported_speech_finder().iter(lower):
        if not whole_word or not (is_word_character(lower, end - length) or is_word_character(lower, end + 1)):
            return True
    return False


def is_word_character(text: str, i: int) -> bool:
    """Whether `text[i]` is a character of a word as the regex `\\w` reads one (a letter, digit or `_`); False off
    the text's ends."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def alternatives(words: list[str]) -> str:
    """A regex alternation of `words`, longest first, so that the longest form wins."""
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=1024)  # an edge block is read whole and at its edge, which is the same text when it is short
def notice_cues(block: str) -> frozenset[str]:
    """The cue families present in a block, quotations left out; none unless it speaks of translation, automation,
    publication or advice.

    >>> sorted(notice_cues("Disclaimer: this article was translated by AI."))
    ['automation', 'label', 'self_reference', 'statement', 'translation']
    >>> sorted(notice_cues("The parliament's translators use DeepL for drafts, a spokesman said."))
    ['automation', 'reported_speech', 'translation']
    >>> sorted(notice_cues("Dit bericht is automatisch vertaald."))
    ['automation', 'self_reference', 'statement', 'translation']
    """
    patterns = cue_patterns()
    unquoted = QUOTED.sub(" ", block)
    lower = unquoted.lower()
    stems = stem_families(lower)
    if "assisted_by" in stems and patterns["assisted"].search(unquoted):
        stems |= {"translated_form", "automation"}  # the text was made with a machine's help
    cues = stems & {"translation", "automation", "publication", "advice"}
    if "translated_form" in stems:
        cues.add("translation")
    if patterns["acronyms"].search(unquoted):
        cues.add("automation")
    if not cues:
        return frozenset()
    names_this_text = ("self_reference" in stems or names_editions(lower)
                       or bool(patterns["opens_with_text"].match(lower)))
    if names_this_text or REQUIRED & cues and {"original_version", "source_language"} & stems:
        cues.add("self_reference")
    if (names_this_text and "translated_form" in stems and "about_the_subject" not in stems
            and len(unquoted.strip()) <= MAX_STATEMENT_CHARS):
        cues.add("statement")  # `this article was translated`: the text itself, and what was done to it
    elif REQUIRED <= cues and opens_with_a_participle(unquoted):
        cues.add("statement")  # `Translated by AI from the Japanese.`: a headnote about the text it stands in
    if opens_with_a_label(unquoted) or is_a_headnote(unquoted):
        cues.add("label")
    if REQUIRED & cues and {"caveat", "original_version"} & stems:
        cues.add("caveat")
    if "editorial_update" in stems:
        cues.add("editorial_update")
    if reports_speech(lower) or any(is_quoted_speech(q) for q in QUOTED.findall(block)):
        cues.add("reported_speech")  # someone's words are quoted or reported: news, whatever they are about
    return frozenset(cues)


def names_editions(lower: str) -> bool:
    """Whether the lower-cased text names the site's editions of itself by language (`the english and french
    versions`); the word for a version is looked for first, as most blocks have none.

    >>> names_editions("the english, chinese and french versions are authoritative"), names_editions("english")
    (True, False)
    """
    return (any(word in lower for word in cue_data()["version_words"])
            and bool(cue_patterns()["editions"].search(lower)))


def opens_with_a_participle(block: str) -> bool:
    """A short sentence that opens with what was done to the text, as a headnote does; news sentences open with
    who or what (`Translated by AI from the original Japanese.`, not `Google translated the law automatically.`).

    >>> opens_with_a_participle("Traducido automáticamente del inglés."), opens_with_a_participle("Translated words.")
    (True, True)
    >>> opens_with_a_participle("Translated by a machine. The rest of the story follows here.")
    False
    >>> opens_with_a_participle("AI-generated news: who is responsible?")
    False
    """
    words = block.split(maxsplit=1)
    if not words or len(block.strip()) > MAX_STATEMENT_CHARS or SENTENCE_END.search(block.strip()):
        return False
    first = words[0].lower()  # a word of a spaced script: in Chinese or Japanese the first "word" is the sentence
    return not UNSPACED.search(first) and first.startswith(tuple(cue_data()["translated_form"]))


def opens_with_a_label(block: str) -> bool:
    """Whether the block opens with a label (`Disclaimer:`, `免責事項：`) that announces what follows: the text after
    it speaks of translation, machines or the text itself. A headline's colon (`Machine translation: Google's new
    model covers 100 languages`) names the story's subject, and what follows it does not.

    >>> opens_with_a_label("Hinweis: Dieser Artikel wurde maschinell übersetzt.")
    True
    >>> opens_with_a_label("AI-generated news: who is responsible?")
    False
    """
    label = NOTICE_LABEL.match(block)
    if not label:
        return False
    rest = block[label.end():]
    return bool(stem_families(rest.lower()) & LABELLED_CUES or cue_patterns()["acronyms"].search(rest))


def is_a_headnote(block: str) -> bool:
    """Whether the block opens with a line of its own that says the text was machine translated (`Automatically
    translated.`, `Maschinell übersetzt:`): three words at most, a participle among them, then a full stop, a colon
    or the end; not a noun they describe (`Automatically translated subtitles are …`), nor a headline that names
    the subject (`Automatic translation. Is it any good?`).

    >>> is_a_headnote("Automatically translated. The port reopened.")
    True
    >>> is_a_headnote("Automatically translated subtitles are now common."), is_a_headnote("机器翻译服务很好。")
    (False, False)
    >>> is_a_headnote("Automatic translation. Is it any good?"), is_a_headnote("AI-generated news: who pays?")
    (False, False)
    """
    head = HEADNOTE.match(block)
    if not head or UNSPACED.search(head.group(1)) and len(head.group(1)) > MAX_UNSPACED_HEADNOTE:
        return False  # in a script written without spaces a whole sentence is one `word`: `機械翻訳` is a headnote
    lower, last = head.group(1).lower(), head.group(1).split()[-1]
    said_last = (stem_families(last.lower()) & {"translated_form", "automation"}
                 or cue_patterns()["acronyms"].search(last))
    return ("translated_form" in stem_families(lower) and bool(said_last)  # not `AI-generated news:`, a headline
            and ("automation" in stem_families(lower) or bool(cue_patterns()["acronyms"].search(head.group(1)))))


def is_quoted_speech(quoted: str) -> bool:
    """A quotation of someone's words, not a quoted name (`「Co-op Translator」`): three words, or a long run
    of a script written without spaces.

    >>> is_quoted_speech("“It was translated by a machine”"), is_quoted_speech("「Co-op Translator」")
    (True, False)
    """
    inner = quoted[1:-1].strip()
    return len(inner.split()) >= 3 or (" " not in inner and len(inner) >= 15 and not inner.isascii())


def is_notice(cues: set[str]) -> bool:
    """Translation and automation, something that points at the text itself, a caveat or a label (an article about
    machine translation names the tools; a notice warns about itself) or a short statement that this text was
    translated, and no one's words reported; an editor's correction (`An earlier version of this article misstated …`)
    is the story's own.

    >>> is_notice({"translation", "automation", "label"}), is_notice({"translation", "automation", "reported_speech"})
    (True, False)
    >>> is_notice({"translation", "automation", "self_reference"})
    False
    >>> is_notice({"translation", "automation", "self_reference", "statement"})
    True
    """
    return (REQUIRED <= cues and (bool(ANY_OF & cues) and bool({"caveat", "label"} & cues) or "statement" in cues)
            and not {"reported_speech", "editorial_update"} & cues)


def is_publisher_notice(cues: set[str]) -> bool:
    """A publisher's note about this very text: where it was first published, that it was not edited, that it is no
    advice; no one's words reported.

    An editor's note that the story was updated or corrected says what changed: it is the story's own.

    >>> is_publisher_notice({"self_reference", "publication"}), is_publisher_notice({"publication", "label"})
    (True, False)
    >>> is_publisher_notice({"self_reference", "publication", "editorial_update"})
    False
    """
    return ("self_reference" in cues and bool({"publication", "advice"} & cues)
            and not {"reported_speech", "editorial_update"} & cues)


def near_miss(cues: set[str]) -> bool:
    """Cues that make a block look like a notice, short of proof: worth a warning.

    >>> near_miss({"translation", "automation"}), near_miss({"publication", "translation"}), near_miss({"automation", "label"})
    (True, False, False)
    """
    return (len(cues & (REQUIRED | {"self_reference"})) >= 2
            or "self_reference" in cues and bool({"publication", "advice"} & cues))


def remove_added_notices(text: str, article) -> list[Finding]:
    """Remove machine-translation and AI notices standing first or last in the article.

    >>> from pipeline.edits import apply_edits
    >>> t = "Title\\n\\nBody text.\\n\\nThis story was machine translated and may contain errors.\\n"
    >>> apply_edits(t, remove_added_notices(t, None))
    'Title\\n\\nBody text.\\n'
    """
    blocks = split_blocks(text)
    if len(blocks) < 2:
        return []
    findings: list[Finding] = []
    notices: dict[int, dict] = {}
    last = len(blocks) - 1
    for i in edge_indices(blocks, EDGE_BLOCKS):
        block = blocks[i]
        found = notice_span(block.text, article, at_end=i > 0)
        if found is None:
            verdict, cues = judge(block.text, article) if len(block.text) <= MAX_NOTICE_CHARS else (None, set())
            if verdict is not None:
                findings.append(Flag(block.start, block.end, "boilerplate", "block reads like an added notice, but "
                                     "not every cue is there: kept", {"cues": sorted(cues), "block": i + 1,
                                                                      "of_blocks": len(blocks)}))
            continue
        (start, end), cues, sentences = found
        if (start, end) == (0, len(block.text)):
            notices[i] = {"cues": sorted(cues), "block": i + 1, "of_blocks": len(blocks)}
        elif i in (0, last):  # glued to the story's first or last line when the scraper lost the break
            if i:
                start = len(block.text[:start].rstrip())
            findings.append(Edit(block.start + start, block.start + end, "", "boilerplate", removal_reason(cues),
                                 {"cues": sorted(cues), "sentences": sentences,
                                  "at": "end of the last line" if i else "start of the first line"}))
    spans = removal_spans(blocks, list(notices))
    findings += [Edit(start, end, "", "boilerplate", removal_reason(detail["cues"]), detail)
                 for (start, end), detail in zip(spans, notices.values())]
    return findings


def judge(unit: str, article) -> tuple[str | None, set[str]]:
    """`notice`, `near miss` or None for a block or a run of sentences, with the cues found in it."""
    cues = set(notice_cues(unit))
    if not cues:
        return None, cues
    # another language alone points at the text only when the block says it was translated: news in another
    # language about machine translation (`Makine çevirisi hizmetleri … hatalar yapıyor`) does not
    if (REQUIRED <= cues and not ANY_OF & cues and says_it_was_translated(unit)
            and written_in_another_language(unit, article)):
        cues.add("other_language")
    if is_notice(cues) or is_publisher_notice(cues):
        return "notice", cues
    return ("near miss" if near_miss(cues) else None), cues


def says_it_was_translated(unit: str) -> bool:
    """Whether the text says something was translated or made with a machine's help (`wurde übersetzt`,
    `with the help of AI`), not only that translation exists (`machine translation`).

    >>> says_it_was_translated("Tradotto automaticamente."), says_it_was_translated("Makine çevirisi hizmetleri")
    (True, False)
    """
    stems = stem_families(unit.lower())
    return "translated_form" in stems or "assisted_by" in stems and bool(cue_patterns()["assisted"].search(unit))


def removal_reason(cues) -> str:
    return "machine-translation or AI notice removed" if REQUIRED & set(cues) else "publisher's notice removed"


def notice_span(text: str, article, at_end: bool) -> tuple[tuple[int, int], set[str], int] | None:
    """The span of whole sentences at the end (or the start) of a block that make a notice, its cues and its
    number of sentences; None when there is none.

    The fewest sentences that make a notice are taken, then every sentence
    up to the farthest one towards the story that still speaks of the
    translation, of this text or of its errors (a notice's later sentences:
    `… professional human translation is recommended`); the story's own
    sentences carry no such cue, so they stay.

    >>> notice_span("The port reopened. Boats left. This article was translated by AI and may contain errors.",
    ...             None, at_end=True)[0]
    (31, 88)
    """
    if not notice_cues(text[-MAX_NOTICE_CHARS:] if at_end else text[:MAX_NOTICE_CHARS]):
        return None  # most blocks: no word of translation, machines or publication near this edge
    starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
    ends = starts[1:] + [len(text)]
    order = range(len(starts) - 1, -1, -1) if at_end else range(len(starts))
    for k in order:
        span = (starts[k], len(text)) if at_end else (0, ends[k])
        if span[1] - span[0] > MAX_NOTICE_CHARS:
            return None
        verdict, cues = judge(text[slice(*span)].strip(), article)
        if verdict != "notice":
            continue
        first, last = (k, len(starts) - 1) if at_end else (0, k)
        # on to the farthest sentence towards the story that still speaks of the translation or warns about it
        if at_end:
            first = min((j for j in range(first) if len(text) - starts[j] <= MAX_NOTICE_CHARS
                         and carries_a_cue(text[starts[j]:ends[j]])), default=first)
        else:
            last = max((j for j in range(last + 1, len(starts)) if ends[j] <= MAX_NOTICE_CHARS
                        and carries_a_cue(text[starts[j]:ends[j]])), default=last)
        span = (starts[first], ends[last])
        return span, judge(text[slice(*span)].strip(), article)[1], last - first + 1
    return None


def carries_a_cue(sentence: str) -> bool:
    """Whether a sentence speaks of translation, of this text or of errors, or opens with a label: a notice's own
    sentence. A machine or a publication alone does not count: the story may speak of them.

    >>> carries_a_cue("Professional human translation is recommended."), carries_a_cue("The AI firm published results.")
    (True, False)
    """
    return bool(stem_families(sentence.lower()) & NOTICE_SENTENCE_CUES or NOTICE_LABEL.match(sentence))


def written_in_another_language(block: str, article) -> bool:
    """Whether langdetect reads the block as a language other than the article's (both known)."""
    ours = getattr(article, "language", "unknown")
    theirs = detect_language(block)
    return "unknown" not in (ours, theirs) and theirs != ours
