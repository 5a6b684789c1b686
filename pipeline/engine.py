"""The cleaning engine: raw bytes in, canonical text and its change log out.

The repairs are a plain list, applied in order. Each stage is a function
`stage(text, article) -> [Edit | Flag]`; the engine applies the edits and
logs each one against the text the stage was given, so replaying the log in
order over the decoded raw text gives the clean text. The engine knows
nothing of files or of Luigi, and importing it changes nothing in the caller's
process: it is a library (`clean_text`, `clean_bytes`, `Options`, and the
records they return: `Result`, `Cleaned`, `Change`).
"""
from __future__ import annotations

import gc
import itertools
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, Mapping

from wordfreq import zipf_frequency

from .edits import Edit, Flag, apply_edits
from .stages.chrome import remove_page_chrome
from .stages.decoding import Rejected, decode_article
from .stages.endings import flag_truncated_ending
from .stages.homoglyphs import repair_homoglyphs
from .stages.invisible import (remove_bidi_controls, remove_control_characters, remove_invisible_characters,
                               remove_needless_joiners, unfold_compatibility_forms)
from .stages.language import detector_factory, identify_language
from .stages.layout import (arrange_blocks, fix_quote_used_as_apostrophe, latinise_cjk_punctuation,
                            normalise_line_breaks, normalise_unicode, remove_space_before_punctuation,
                            space_glued_parenthesis, tidy_spaces)
from .stages.mojibake import fix_mojibake
from .stages.notices import remove_added_notices
from .stages.openings import (known_places, remove_leading_junk, restore_dropped_initial, restore_restarted_opening,
                              separate_glued_dateline)
from .stages.repeats import remove_repeated_blocks
from .stages.transliteration import transliterate_to_ascii
from .structure import headline_and_body, split_blocks

__all__ = ["clean_text", "clean_bytes", "replay", "Options", "Result", "Cleaned", "Change", "STAGES"]

STAGES = [
    # characters: decode what was mis-decoded, drop what hides, unmask what disguises
    normalise_line_breaks,  # no line break is a byte of mojibake (U+0085 is not taken for one), and ftfy reads by line
    fix_mojibake,  # then ftfy, on the text as it came: a no-break space, soft hyphen or C1 control can be a byte of it
    tidy_spaces,  # before the letter stages, so that they see words between plain spaces
    remove_control_characters,
    remove_bidi_controls,
    remove_invisible_characters,
    remove_needless_joiners,
    unfold_compatibility_forms,
    normalise_unicode,  # composed before any stage reads letters: `e` + U+0301 is one Latin letter
    repair_homoglyphs,
    identify_language,
    # layout: blocks, spaces, punctuation spacing
    tidy_spaces,  # again: removed characters leave spaces behind
    arrange_blocks,
    remove_space_before_punctuation,
    space_glued_parenthesis,
    fix_quote_used_as_apostrophe,
    latinise_cjk_punctuation,
    # the article: what a site added to it (notices, page chrome, lines repeated across its stories), then its opening
    remove_added_notices,
    remove_page_chrome,
    remove_repeated_blocks,
    remove_leading_junk,
    restore_restarted_opening,
    restore_dropped_initial,
    separate_glued_dateline,
    flag_truncated_ending,
    fix_mojibake,  # last, on the lines changed since: a removal or a tidied space can complete a mis-decoded character
]
MAX_ROUNDS = 3  # passes over STAGES at most: another only when the last stage decoded something
ASCII_STAGES = [transliterate_to_ascii]  # last of all: unidecode reads letters by sound, so it must never see a disguised word


@dataclass(frozen=True)
class Options:
    ascii: bool = False  # add the ASCII rendition after every repair
    repeated_blocks: Mapping[str, int] = field(default_factory=dict)  # line key -> stories of the run it is in


@dataclass
class Article:
    """What the stages know of the article being cleaned; some stages fill it in."""

    options: Options = field(default_factory=Options)
    language: str = "unknown"
    latin_script: bool = True
    dateline: str | None = None
    lines_without_mojibake: set[str] = field(default_factory=set)  # read by ftfy and left as they are: not read again


@dataclass(frozen=True)
class Change:
    """One record of the change log: an edit made, or a warning (`after` is None)."""

    stage: str
    kind: str
    offset: int  # in the text the stage was given
    before: str
    after: str | None
    reason: str
    detail: dict

    @property
    def level(self) -> str:
        return "warning" if self.after is None else "change"


@dataclass(frozen=True)
class Cleaned:
    text: str
    changes: list[Change]
    language: str
    headline: str | None
    dateline: str | None
    seconds: dict[str, float] = field(default_factory=dict, compare=False)  # stage name -> time spent in it

    def stage_figures(self) -> dict[str, dict]:
        """Per stage that ran: changes made, warnings given, seconds spent (as datatrove's stats count per step).

        >>> figures = clean_text("Title\\n\\nIt cost Â£5 .").stage_figures()
        >>> figures["fix_mojibake"]["changes"], figures["repair_homoglyphs"]["changes"]
        (1, 0)
        """
        figures = {stage: {"changes": 0, "warnings": 0, "seconds": seconds} for stage, seconds in self.seconds.items()}
        for change in self.changes:
            if change.stage in figures:  # not the decoding, which is no stage of the list
                figures[change.stage][change.level + "s"] += 1
        return figures


@dataclass(frozen=True)
class Result:
    """A cleaned article, or the reason it was rejected."""

    encoding: str | None
    cleaned: Cleaned | None = None
    rejected: str | None = None


def load_resources() -> None:
    """Load what the stages look up (language profiles, word frequencies, places) now.

    Each loads on first use anyway; a batch run calls this before its worker
    processes fork, so that they share one copy instead of loading their own.
    """
    detector_factory()
    known_places()
    zipf_frequency("the", "en")
    gc.freeze()  # keep the collector off these objects, so that forked workers do not copy their pages


def clean_text(text: str, options: Options = Options()) -> Cleaned:
    """Run every stage over `text`; return the clean text and what was changed.

    While the last stage, ftfy's second reading, still decodes something, the
    stages run again over the text, so that what it decoded is cleaned like the
    rest (a no-break space it restored is tidied, a disguised letter unmasked).
    That happens when a stage joined the two halves of a mis-decoded character.

    >>> clean_text("Binance tops list\\r\\n\\r\\nIt fell to Â£5m .").text
    'Binance tops list\\n\\nIt fell to £5m.\\n'
    >>> clean_text("It fell to Â\\t5m").text  # the tab tidied to a space completes `Â ` (a no-break space)
    'It fell to 5m\\n'
    """
    article = Article(options)
    changes: list[Change] = []
    left: dict[Callable, str] = {}  # stage -> the text it left
    seconds: dict[str, float] = {}
    clock = time.perf_counter  # two calls a stage: ~0.1 µs each, against ~1 ms an article

    def run(stage: Callable, text: str) -> str:
        if left.get(stage) is text:
            return text  # a stage listed twice reads the text alone: on the very text it left, it has nothing to do
        started = clock()
        findings = stage(text, article)
        seconds[stage.__name__] = seconds.get(stage.__name__, 0.0) + clock() - started
        if findings:
            changes.extend(log_record(stage.__name__, text, f) for f in findings)
            edits = [f for f in findings if isinstance(f, Edit)]
            if edits:
                text = apply_edits(text, edits)
        left[stage] = text
        return text

    for _ in range(MAX_ROUNDS):
        before_last = text
        for stage in STAGES:
            before_last, text = text, run(stage, text)
        if text is before_last:
            break  # the last stage found nothing more to decode
    for stage in ASCII_STAGES if options.ascii else []:
        text = run(stage, text)
    headline, _ = headline_and_body(split_blocks(text))
    return Cleaned(text, changes, article.language, headline.text if headline else None, article.dateline, seconds)


def clean_bytes(data: bytes, options: Options = Options()) -> Result:
    """Decode raw article bytes and clean them; bytes that are no article are rejected."""
    try:
        decoded = decode_article(data)
    except Rejected as why:
        return Result(None, rejected=str(why))
    cleaned = clean_text(decoded.text, options)
    if not cleaned.text.strip():
        return Result(decoded.encoding, rejected="no text left once invisible and control characters were removed")
    if decoded.encoding != "utf-8":
        decoding = Change("decode_article", "encoding", 0, "", "", f"bytes decoded as {decoded.encoding}, written as UTF-8",
                          {"encoding": decoded.encoding})
        cleaned = replace(cleaned, changes=[decoding] + cleaned.changes)
    return Result(decoded.encoding, cleaned)


def log_record(stage: str, text: str, finding: Edit | Flag) -> Change:
    after = finding.after if isinstance(finding, Edit) else None
    return Change(stage, finding.kind, finding.start, text[finding.start:finding.end], after, finding.reason, finding.detail)


def replay(text: str, changes: list[Change]) -> str:
    """Apply logged changes, stage by stage, to the decoded raw text.

    The log is complete when this gives the clean text.
    """
    for _, _, text in replay_stages(text, changes):
        pass
    return text


def replay_stages(text: str, changes: list[Change]) -> Iterator[tuple[str, list[Change], str]]:
    """Each stage run of the log, in order: the text it received, its records, and the text it left.

    Offsets of a stage's records are in the text it received, so this is
    what a reader of the log needs to see each edit in its context.

    >>> [(received, left) for received, _, left in replay_stages("a  b", [
    ...     Change("tidy_spaces", "layout", 1, "  ", " ", "one space", {})])]
    [('a  b', 'a b')]
    """
    for _, group in itertools.groupby(changes, key=lambda c: c.stage):  # one group per stage run, in order
        records = list(group)
        left = apply_edits(text, [Edit(c.offset, c.offset + len(c.before), c.after, c.kind, c.reason)
                                  for c in records if c.after is not None])
        yield text, records, left
        text = left
