"""The cleaning engine: raw bytes in, canonical text and its change log out.

The repairs are a plain list, applied in order. Each stage is a function
`stage(text, article) -> [Edit | Flag]`; the engine applies the edits and
logs each one against the text the stage was given, so replaying the log in
order over the decoded raw text gives the clean text. The engine knows
nothing of files or of Luigi.
"""
from __future__ import annotations

import gc
import itertools
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, Mapping

from wordfreq import zipf_frequency

from .edits import Edit, Flag, apply_edits
from .stages.boilerplate import remove_boilerplate, remove_repeated_blocks
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
from .stages.openings import (known_places, remove_leading_junk, restore_dropped_initial, restore_restarted_opening,
                              separate_glued_dateline)
from .stages.transliteration import transliterate_to_ascii
from .structure import headline_and_body, split_blocks

STAGES = [
    # characters: decode what was mis-decoded, drop what hides, unmask what disguises
    normalise_line_breaks,
    tidy_spaces,  # first, as ftfy expects: a space can hide mojibake (`\xa0Â\x80`) that tidying would uncover
    fix_mojibake,
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
    # the article: notices added to it, then its opening
    remove_boilerplate,
    remove_repeated_blocks,
    remove_leading_junk,
    restore_restarted_opening,
    restore_dropped_initial,
    separate_glued_dateline,
    flag_truncated_ending,
    fix_mojibake,  # again: a removal (junk before the opening, an invisible character) can join a mis-decoded pair
]
ASCII_STAGES = [transliterate_to_ascii]  # last of all: unidecode reads letters by sound, so it must never see a disguised word


@dataclass(frozen=True)
class Options:
    ascii: bool = False  # add the ASCII rendition after every repair
    repeated_blocks: Mapping[str, int] = field(default_factory=dict)  # block key -> articles of the run it is in


@dataclass
class Article:
    """What the stages know of the article being cleaned; some stages fill it in."""

    options: Options = field(default_factory=Options)
    language: str = "unknown"
    latin_script: bool = True
    dateline: str | None = None


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

    >>> clean_text("Binance tops list\\r\\n\\r\\nIt fell to Â£5m .").text
    'Binance tops list\\n\\nIt fell to £5m.\\n'
    """
    article = Article(options)
    changes: list[Change] = []
    left: dict[Callable, str] = {}  # stage -> the text it left
    for stage in STAGES + (ASCII_STAGES if options.ascii else []):
        if left.get(stage) is text:
            continue  # a stage listed twice reads the text alone: on the very text it left, it has nothing to do
        findings = stage(text, article)
        if findings:
            changes += [log_record(stage.__name__, text, f) for f in findings]
            edits = [f for f in findings if isinstance(f, Edit)]
            if edits:
                text = apply_edits(text, edits)
        left[stage] = text
    headline, _ = headline_and_body(split_blocks(text))
    return Cleaned(text, changes, article.language, headline.text if headline else None, article.dateline)


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
