"""Page chrome: what a site's page adds around a story and a scraper kept.

Advertisement markers, related-story links (`ALSO READ | …`, `RELATED: …`),
follow, share, app and newsletter prompts, copyright lines, breadcrumbs,
share bars and video placeholders. Each is a short unit that is no sentence
of the story: a line of its own or, in a long line that lost its breaks, a
sentence at its end. A unit is chrome when one of the rules below names it;
each rule reads the unit's shape first (length, separators, an imperative at
its start, its place in the article) and a few words second. The words are
data (`pipeline/data/chrome.json`), matched on folded text.

A unit in quotation marks, or one that reports speech (`said`, `told`), is
the story's own and stays, whatever it mentions.
"""
from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Callable

import regex

from ..edits import Edit, Finding, Flag
from ..structure import Block, removal_spans, split_blocks

MAX_UNIT_WORDS = 30  # chrome is short: a link, a prompt, a label
LONG_LINE_WORDS = 40  # a line this long is paragraphs that lost their breaks: only its end sentences can be chrome
BUTTON_WORDS = 2  # a fragment this short after a prompt, with no full stop, is its button (`Sign up … ArrowRight`)
BUTTON_MAX_WORDS = 6  # an imperative this short without a full stop is a button's label (`Share this article`)
OPENING_BLOCKS = 3  # breadcrumbs and site menus stand before the story's first paragraph
NOT_WORD = regex.compile(r"[^\p{L}\p{M}\s]+")
SPACES = regex.compile(r"\s+")
ASCII_NOT_WORD = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalpha()})
# A sentence ends at . ! ? … (and closing quotes or brackets after it) followed by a space.
SENTENCE_END = regex.compile(r"[.!?…][\"'”’)\]]*\s+(?=\S)")  # its end() is where the next sentence starts
QUOTE_OPENING = regex.compile(r"^[\"“„«‘'»‹「『]")
TWEET_EMBED = regex.compile(r"pic\.twitter\.com|t\.co/|— .{1,60}\(@\w+\)")
EMAIL = regex.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\[email(?:\xa0|\s)protected\]")
HANDLE_OR_URL = regex.compile(r"(?<!\w)@\w{2,}|https?://|www\.")
# `© 2005 Example`, `Copyright © 2023 Example Radio`, `(c) 2024`, `The-Wire ™ & © 2023`: the sign or the word, then a year
COPYRIGHT_OPENING = regex.compile(r"^.{0,30}?(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:19|20)\d\d\b", regex.IGNORECASE)
# `LABEL | rest`, `LABEL: rest`, `LABEL » rest`: a label of at most four words, a link-like separator, a title.
LABELLED = regex.compile(r"^(?P<label>[^|:>»›–—]{1,40}?)(?:\s*(?:\||:|»|›|>|–|—)|\s+-)\s*(?P<rest>.*)$")
CRUMB_SEPARATOR = regex.compile(r"\s+[>›»/|•·]\s+")
COMPOUND_OPENING = regex.compile(r"^\W*\w+-(?:up|on|out|in|off|through)s?\b", regex.IGNORECASE)
ALL_CAPS_LABEL = regex.compile(r"^[\p{Lu}\s]{3,30}\s*\|")


@cache
def vocabulary() -> dict[str, frozenset[str]]:
    """The chrome words, folded as the units they are compared with."""
    data = json.loads(Path(__file__).parent.parent.joinpath("data", "chrome.json").read_text(encoding="utf-8"))
    return {name: frozenset(fold(w) for w in words) for name, words in data.items() if not name.startswith("_")}


@lru_cache(maxsize=4096)  # each rule reads the folded unit: fold it once
def fold(text: str) -> str:
    """Case-folded words only: punctuation, symbols and digits dropped, spaces collapsed.

    >>> fold("ALSO READ |  Barclays, 2005!")
    'also read barclays'
    """
    if text.isascii():  # most text: one translate table instead of two regex passes
        return " ".join(text.lower().translate(ASCII_NOT_WORD).split())
    return SPACES.sub(" ", NOT_WORD.sub(" ", text.casefold())).strip()


def words_in(text: str) -> int:
    """The words of a line, counted by its spaces: canonical text has one space between words, and a count that
    allocates nothing keeps this stage cheap on long paragraphs.

    >>> words_in("Home > News > Business")
    5
    """
    return text.strip().count(" ") + 1


def starts_with(folded: str, phrases: frozenset[str]) -> bool:
    """Whether the folded text starts with one of the folded phrases, as whole words."""
    words = folded.split(maxsplit=5)  # phrases of up to five words are compared: the rest of the unit is not split
    return any(" ".join(words[:n]) in phrases for n in range(1, min(5, len(words)) + 1))


def is_story_text(unit: str) -> bool:
    """A quotation or an embedded post: the story's own, never chrome.

    >>> is_story_text("“Follow us on Twitter,” the campaign urged."), is_story_text("Follow us on Twitter")
    (True, False)
    """
    return bool(QUOTE_OPENING.match(unit) or TWEET_EMBED.search(unit))


def reports_speech(unit: str) -> bool:
    """Whether the unit reports what someone said: an imperative in it is theirs, not the site's
    (`Follow the money, investigators urged`). A link's title may report speech too, so only prompts ask this.

    >>> reports_speech("Subscribe to the fund, the adviser told clients.")
    True
    """
    return names_any(fold(unit), vocabulary()["reported_speech"])


# --- the rules: each names one kind of chrome in a unit (a line, or a sentence at the end of a long line) ---

def advertisement_marker(unit: str) -> bool:
    """A label that marks an advertisement slot, and nothing else.

    >>> advertisement_marker("ADVERTISEMENT"), advertisement_marker("Advertising revenue fell 4%.")
    (True, False)
    """
    return fold(unit) in vocabulary()["advertisement_labels"]


def related_link(unit: str) -> bool:
    """A related-story link: a navigation label, a link-like separator and a title (`ALSO READ | …`, `RELATED: …`),
    or the label alone (`Read More:`).

    >>> related_link("ALSO READ | Barclays profits hit record level"), related_link("More on plastics: A ban looms")
    (True, True)
    >>> related_link("Results: the team won 3-1 on Sunday."), related_link("Related: the firm's shares fell.")
    (False, False)
    """
    m = LABELLED.match(unit)
    if not m:
        return False
    words = vocabulary()
    label, rest = fold(m["label"]), m["rest"].rstrip()
    named = label in words["related_labels"] or (len(label.split()) <= 4 and starts_with(label, words["related_label_prefixes"]))
    # a link's title reads as a headline: no full stop at its end (`Related: the firm's shares fell.` is a sentence)
    return named and len(rest.split()) <= MAX_UNIT_WORDS and not rest.endswith(".")


def call_to_action(unit: str) -> bool:
    """A prompt to the reader: an imperative at the start (`Follow`, `Download`, `Sign up`) that names a channel of
    the site (`us`, `our app`, `newsletter`, a handle or an address) or is set in capitals like a button, or a
    navigation phrase (`Read more about …`).

    >>> call_to_action("Download our app for breaking news alerts."), call_to_action("Follow @AdamHill on Twitter.")
    (True, True)
    >>> call_to_action("Follow the money, he urged."), call_to_action("Share prices fell 3% on Monday.")
    (False, False)
    """
    words = vocabulary()
    folded = fold(unit)
    if starts_with(folded, words["navigation_phrases"]) or is_navigation_lead(folded, unit):
        return True
    if COMPOUND_OPENING.match(unit) or reports_speech(unit):
        return False  # `Follow-up talks …`, `Sign-up rates …`: a noun, not an imperative
    return starts_with(folded, words["call_to_action_verbs"]) and (
        names_any(folded, words["call_to_action_channels"]) or bool(HANDLE_OR_URL.search(unit)) or unit.isupper()
        or is_button_label(unit) and names_any(folded, words["call_to_action_weak_channels"]))


def is_button_label(unit: str) -> bool:
    """A few words with no sentence punctuation: how a button or a link reads, not how a story does.

    >>> is_button_label("Share this article"), is_button_label("Listen here.")
    (True, False)
    """
    return len(unit.split()) <= BUTTON_MAX_WORDS and not unit.rstrip().endswith((".", "!", "?", ":", ","))


def is_navigation_lead(folded: str, unit: str) -> bool:
    """`Read more` or `Find out more` leading to a link: alone, before `about …`, `on …`, or as a button's label;
    not `Read more into the figures, and …`, which is the story's advice.

    >>> is_navigation_lead("read more about the budget", "Read more about the budget.")
    True
    >>> is_navigation_lead("read more into the figures and a different picture emerges",
    ...                    "Read more into the figures, and a different picture emerges.")
    False
    """
    words = vocabulary()
    tokens = folded.split()
    for lead in words["navigation_leads"]:
        size = len(lead.split())
        if tokens[:size] == lead.split():
            rest = tokens[size:]
            return not rest or rest[0] in words["navigation_continuations"] or (size > 1 and is_button_label(unit))
    return False


def weak_call_to_action(unit: str) -> bool:
    """An imperative that names only a generic place (`Listen here.`, `Watch the interview on our website`): often a
    prompt, sometimes the story's own advice. Flagged, never removed.

    >>> weak_call_to_action("Listen again to the interview on the radio website.")
    True
    """
    words = vocabulary()
    folded = fold(unit)
    return (starts_with(folded, words["call_to_action_verbs"]) and not reports_speech(unit)
            and names_any(folded, words["call_to_action_weak_channels"]))


def names_any(folded: str, phrases: frozenset[str]) -> bool:
    """Whether one of the folded phrases occurs in the folded text as whole words."""
    padded = f" {folded} "
    return any(phrase in padded for phrase in padded_phrases(phrases))


@cache
def padded_phrases(phrases: frozenset[str]) -> tuple[str, ...]:
    """The phrases with a space on each side, made once per list instead of once per unit."""
    return tuple(f" {phrase} " for phrase in phrases)


def copyright_line(unit: str) -> bool:
    """A copyright line: it opens with `©` or `Copyright` and a year, or says that all rights are reserved.

    >>> copyright_line("© 2005 Example Media Group. All rights reserved."), copyright_line("Copyright 2023 Example Radio")
    (True, True)
    >>> copyright_line("The court said the 1998 copyright had lapsed."), copyright_line("Copyright lawyers said 1998.")
    (False, False)
    >>> copyright_line("Demolition and clearance. All rights reserved. A permit for studies.")
    False
    """
    if COPYRIGHT_OPENING.match(unit):
        return True
    # A rights notice is the line itself (`All rights reserved.`) or follows a copyright sign; inside a
    # paragraph of the story's sentences it is quoted matter, not the page's.
    folded = fold(unit)
    owned = "©" in unit or "copyright" in folded.split()
    return any(folded.startswith(phrase) or owned and phrase in folded for phrase in vocabulary()["rights_reserved"])


def breadcrumb(unit: str) -> bool:
    """A breadcrumb or a site menu: short items joined by `>`, `›`, `»`, `/`, `|` or `•`, no sentence among them;
    three items at least, or two starting with the home page.

    >>> breadcrumb("Home > News > Business"), breadcrumb("News › Sport"), breadcrumb("Profits rose > 5% in May.")
    (True, False, False)
    """
    items = CRUMB_SEPARATOR.split(unit.strip())
    if len(items) < 2 or regex.search(r"[.!?,;]\s", unit + " ") or any(not 1 <= len(i.split()) <= 4 for i in items):
        return False
    return len(items) >= 3 or fold(items[0]) in vocabulary()["home_labels"]


def page_widget(unit: str) -> bool:
    """The text of a page's buttons: share bars, galleries, player controls (`Listen 5 min Comment Save Share`,
    `VIEW GALLERY - 4 IMAGES`), or a player's placeholder title; no sentence.

    >>> page_widget("VIEW GALLERY - 4 IMAGES"), page_widget("Gift Article"), page_widget("Listen")
    (True, True, False)
    """
    folded = fold(unit)
    words = vocabulary()
    if folded in words["placeholders"]:
        return True
    tokens = folded.split()
    return 2 <= len(tokens) <= 15 and not unit.rstrip().endswith((".", "?", "!")) and set(tokens) <= words["widget_words"]


def contact_stub(unit: str) -> bool:
    """An address left where a page showed a contact: an e-mail address, or the `[email protected]` a
    scraper keeps of a hidden one, alone or after a label.

    >>> contact_stub("nschoenberg@example.com"), contact_stub("Email: [email protected]")
    (True, True)
    """
    rest = EMAIL.sub(" ", unit)
    return rest != unit and fold(rest) in {"", "email", "e mail", "contact", "mail"}


RULES: list[Callable[[str], bool]] = [advertisement_marker, related_link, call_to_action, copyright_line, page_widget,
                                      contact_stub]
OPENING_RULES: list[Callable[[str], bool]] = [breadcrumb]


@cache
def first_words() -> frozenset[str]:
    """The words a chrome unit of a full sentence can open with: a prompt's verb, a label, a link's lead."""
    words = vocabulary()
    return frozenset(phrase.split()[0] for name in ("call_to_action_verbs", "navigation_phrases", "navigation_leads",
                                                    "related_labels", "related_label_prefixes", "advertisement_labels")
                     for phrase in words[name] if phrase)


def might_be_chrome(unit: str) -> bool:
    """A cheap test that lets most of the story's sentences through untouched: a unit that ends like a sentence
    can only be chrome if it opens with a prompt's verb or a label, or carries a copyright sign, an address, or
    a rights notice. Units without a full stop (labels, buttons, links) go on to the rules.

    >>> might_be_chrome("Shares in the carmaker fell 5% in early trading."), might_be_chrome("Sign up for our newsletter.")
    (False, True)
    """
    if not unit.rstrip().endswith((".", "!", "?")):
        return True
    lower = unit.lower()
    first = fold(unit[:40]).split()[:1]
    return (bool(first) and first[0] in first_words()) or any(mark in lower for mark in ("©", "@", "copyright", "(c)")) \
        or any(phrase in lower for phrase in vocabulary()["rights_reserved"])


def chrome_rule(unit: str, opening: bool = False) -> str | None:
    """The name of the rule that finds `unit` to be chrome, or None.

    >>> chrome_rule("Read more: India and Iran in gas export deal"), chrome_rule("Home > News", opening=True)
    ('related_link', 'breadcrumb')
    """
    if words_in(unit) > MAX_UNIT_WORDS or not might_be_chrome(unit) or is_story_text(unit):
        return None
    for rule in RULES + (OPENING_RULES if opening else []):
        if rule(unit):
            return rule.__name__
    return None


def glued_chrome_rule(unit: str) -> str | None:
    """The name of the rule that finds a sentence at the edge of a long line to be chrome, or None.

    Inside a paragraph a prompt must name where it leads: a platform, an app, a newsletter, a handle or an
    address. `Click here to enter the form.` or `Join us for a carol service!` can be the story's own
    sentence; only as a line of their own are they removed.

    >>> glued_chrome_rule("Follow the paper on Twitter and Facebook."), glued_chrome_rule("Join us for carols!")
    ('call_to_action', None)
    """
    rule = chrome_rule(unit)
    if rule == "call_to_action" and not (names_any(fold(unit), vocabulary()["call_to_action_platforms"])
                                         or HANDLE_OR_URL.search(unit)):
        return None
    return rule


def chrome_doubt(unit: str) -> str | None:
    """Why a unit that no rule removes may still be chrome, or None.

    >>> chrome_doubt("EXCLUSIVE | The deal behind the deal")
    'reads like a labelled link, but its label is not a known one: kept'
    """
    if words_in(unit) > MAX_UNIT_WORDS or is_story_text(unit):
        return None
    if ALL_CAPS_LABEL.match(unit):
        return "reads like a labelled link, but its label is not a known one: kept"
    if weak_call_to_action(unit):
        return "reads like a prompt to the reader, but names no channel of the site: kept"
    return None


def remove_page_chrome(text: str, article) -> list[Finding]:
    """Remove lines that are page chrome, and chrome sentences at the end of lines that lost their breaks.

    >>> from pipeline.edits import apply_edits
    >>> t = "Title\\n\\nHome > News > Business\\n\\nThe story.\\n\\nFollow us on Twitter.\\n"
    >>> apply_edits(t, remove_page_chrome(t, None))
    'Title\\n\\nThe story.\\n'
    """
    blocks = split_blocks(text)
    if len(blocks) < 2:
        return []
    removed: dict[int, str] = {}
    findings: list[Finding] = []
    body_started = False
    for i, block in enumerate(blocks):
        opening = i - len(removed) < OPENING_BLOCKS and not body_started  # as it will stand once chrome above is gone
        rule = chrome_rule(block.text, opening) if "\n" not in block.text else None
        if rule:
            removed[i] = rule
            continue
        words = words_in(block.text)
        if i and words > 12:
            body_started = True  # a paragraph: what follows is no breadcrumb
        if words >= LONG_LINE_WORDS:
            findings += chrome_at_line_edges(block)
        elif doubt := chrome_doubt(block.text):
            findings.append(Flag(block.start, block.end, "boilerplate", doubt, {"rule": "doubt"}))
    if len(removed) == len(blocks) - 1 and 0 not in removed or len(removed) >= len(blocks):
        return [Flag(0, len(text), "boilerplate", "every block but the headline reads as page chrome: kept whole",
                     {"rules": sorted(set(removed.values()))})]
    findings += [Edit(start, end, "", "boilerplate", f"page chrome removed ({rule.replace('_', ' ')})", {"rule": rule})
                 for (start, end), rule in zip(removal_spans(blocks, list(removed)), removed.values())]
    return findings


def chrome_at_line_edges(block: Block) -> list[Edit]:
    """The chrome sentences at the start and at the end of a long line, removed whole.

    A page's labels and prompts stand before and after the story; when the
    scraper lost the line breaks they open or end one of its lines. Sentences
    are taken from each edge while they are chrome, so the story's own
    sentences between them stay, and at least one sentence always stays.
    """
    text = block.text
    bounds = [0] + [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]
    sentences = list(zip(bounds, bounds[1:]))  # each with the space after it
    edits = []
    first = 0
    while first < len(sentences) - 1 and (rule := glued_chrome_rule(text[slice(*sentences[first])].rstrip())):
        start, end = sentences[first]
        edits.append(Edit(block.start + start, block.start + end, "", "boilerplate",
                          f"page chrome removed from the start of a long line ({rule.replace('_', ' ')})", {"rule": rule}))
        first += 1
    last, end = len(sentences) - 1, len(text)
    while last > first:
        start = sentences[last][0]
        rule = glued_chrome_rule(text[start:end])
        if rule is None and last - 1 > first and len(text[start:end].split()) <= BUTTON_WORDS \
                and not text[start:end].rstrip().endswith((".", "!", "?")):
            last -= 1  # a button's label: chrome with the prompt before it, or not at all
            start = sentences[last][0]
            rule = glued_chrome_rule(text[start:end])
        if rule is None:
            break
        cut = len(text[:start].rstrip())
        edits.append(Edit(block.start + cut, block.start + end, "", "boilerplate",
                          f"page chrome removed from the end of a long line ({rule.replace('_', ' ')})", {"rule": rule}))
        last, end = last - 1, cut
    return edits
