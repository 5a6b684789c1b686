"""Notices a site added to an article: machine-translation and AI disclaimers.

A disclaimer is fluent prose, so density rules miss it. What gives it away
is what it talks about: a translation or a generated text (`translated`,
`diterjemahkan`, `übersetzt`, `generated`), done by a machine (`automatically`,
`AI`, `maschinell`, `otomatis`), of this very text (`this article`, `the
English … versions`, `artikel ini`) or written in another language than the
article. A block is removed when all three show, outside quotation marks,
in a short block among the first or last of the article. Two of them alone
keep the block and flag it.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Mapping

import regex

from ..edits import Edit, Finding, Flag
from ..structure import split_blocks
from .homoglyphs import LOOKALIKES_TO_LATIN
from .language import detect_language

EDGE_BLOCKS = 3  # a notice stands among the first or the last blocks
MAX_NOTICE_WORDS = 80

# Cues are matched on the lower-cased block, with `re`: ten times faster than
# case-insensitive matching, and this runs on six blocks of every article.
LANGUAGE_NAMES = ("english|chinese|japanese|korean|arabic|french|german|spanish|portuguese|italian|russian|dutch|"
                  "indonesian|malay|thai|vietnamese|turkish|hindi|polish|greek|swedish|ukrainian|persian|hebrew")
CUES = {
    # a translated or generated text
    "translation": r"translat|tradu[cizçx]|übersetz|uebersetz|terjemah|vertaal|przetłumacz|oversat|översatt|"
                   r"çevir|перев[оеё]д|μετάφρασ|翻[译訳譯]|번역|generated|generiert|g[ée]n[ée]r[ée]|gerad[oa]|generad[oa]|dihasilkan",
    # by a machine
    "automation": r"automatic|automated|machine|artificial intelligence|deepl|google translate|"
                  r"maschinell|automatisch|otomatis|mesin|automáti|automatiqu|automatica|autom[aá]tic|"
                  r"автомат|машинн|αυτόματ|自动|自動|기계|technical assistance|software|algorithm",
    # about this very text
    "self_reference": r"\b(?:this|these|our) (?:article|story|text|content|report|news|page|post|versions?|translation)\b|"
                      r"\b(?:original|authoritative) (?:version|text|article|language)\b|\bour main language\b|"
                      r"\b(?:" + LANGUAGE_NAMES + r")(?:,? (?:and )?(?:" + LANGUAGE_NAMES + r"))* versions?\b|"
                      r"dieser (?:artikel|text|beitrag)|artikel ini|berita ini|cet article|ce texte|"
                      r"est[ea] (?:artículo|nota|texto|noticia)|questo articolo|este artigo|"
                      r"(?:эта|данная) статья|αυτό το άρθρο|本文|この記事|이 기사",
}
CUE_PATTERNS = {name: re.compile(pattern) for name, pattern in CUES.items()}
AI_ACRONYM = re.compile(r"\bAI\b|\bA\.I\.|\bKI\b")  # case matters: `ai` is an Italian word
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]")


def remove_boilerplate(text: str, article) -> list[Finding]:
    """Remove machine-translation and AI notices standing first or last in the article.

    >>> from pipeline.edits import apply_edits
    >>> t = "Title\\n\\nBody text.\\n\\nThis story was machine translated and may contain errors.\\n"
    >>> apply_edits(t, remove_boilerplate(t, None))
    'Title\\n\\nBody text.\\n'
    """
    blocks = split_blocks(text)
    if len(blocks) < 2:
        return []
    edge = set(range(min(EDGE_BLOCKS, len(blocks)))) | set(range(max(0, len(blocks) - EDGE_BLOCKS), len(blocks)))
    findings: list[Finding] = []
    notices: dict[int, dict] = {}
    for i in sorted(edge):
        block = blocks[i]
        if len(block.text.split()) > MAX_NOTICE_WORDS:
            continue
        cues = notice_cues(block.text)
        if not {"translation", "automation"} & cues:
            continue
        if {"translation", "automation"} <= cues and "self_reference" not in cues:
            language = detect_language(block.text)
            if "unknown" not in (language, getattr(article, "language", language)) and language != article.language:
                cues.add(f"written in {language}")
        detail = {"cues": sorted(cues), "block": i + 1, "of_blocks": len(blocks)}
        if {"translation", "automation"} <= cues and len(cues) >= 3:
            notices[i] = detail
        elif len(cues) >= 2:
            findings.append(Flag(block.start, block.end, "boilerplate", "block reads like an added notice, but not every cue is there: kept", detail))
    spans = removal_spans(blocks, list(notices))
    findings += [Edit(start, end, "", "boilerplate", "machine-translation or AI notice removed", detail)
                 for (start, end), detail in zip(spans, notices.values())]
    return findings


def notice_cues(block: str) -> set[str]:
    """The cue families present in a block, quotations left out; none unless it speaks of translation or automation."""
    unquoted = QUOTED.sub(" ", block)
    lower = unquoted.lower()
    cues = {name for name in ("translation", "automation") if CUE_PATTERNS[name].search(lower)}
    if AI_ACRONYM.search(unquoted):
        cues.add("automation")
    if cues and CUE_PATTERNS["self_reference"].search(lower):
        cues.add("self_reference")
    return cues


def removal_spans(blocks, removed: list[int]) -> list[tuple[int, int]]:
    """The spans that delete the blocks `removed`, each with one blank line beside it.

    A block with a kept block after it goes with the blank line after it; one
    of the trailing blocks, with the blank line before it.
    """
    last_kept = max((i for i in range(len(blocks)) if i not in removed), default=-1)
    return [(blocks[i].start, blocks[i + 1].start) if i < last_kept else (blocks[i - 1].end if i else 0, blocks[i].end)
            for i in removed]


# --- blocks repeated across the corpus -----------------------------------------------------
#
# A site's fixed footers and share prompts recur word for word in many of its
# articles. The run counts, per article, the fingerprints of its short edge
# lines (`edge_block_keys`, on the raw text), adds them up over the corpus,
# and hands the engine the fingerprints seen in at least `min_repeats`
# articles (`Options.repeated_blocks`).

MIN_REPEATS_DEFAULT = 10
MAX_REPEATED_SHARE = 0.5  # an article most of whose edge blocks recur is a duplicate, not boilerplate
NOT_KEY_CHARACTERS = regex.compile(r"[^\p{L}\p{N}]+")
DIGITS = regex.compile(r"\p{N}")
# The same for plain ASCII, as one table: drop what is no letter or digit, every digit a 0.
ASCII_KEY = str.maketrans({c: None for c in map(chr, range(128)) if not c.isalnum()} | dict.fromkeys("123456789", "0"))


def block_key(block: str) -> str:
    """A fingerprint that ignores case, digits, punctuation, spacing and look-alike letters.

    >>> block_key("Share this story!  Follow us on X 24/7.") == block_key("share this stоry - follow us on x 12/3")
    True
    """
    if block.isascii():  # four blocks in five: the same key at a seventh of the cost
        text = block.lower().translate(ASCII_KEY)
    else:
        text = unicodedata.normalize("NFKC", block).translate(LOOKALIKES_TO_LATIN).casefold()
        text = DIGITS.sub("0", NOT_KEY_CHARACTERS.sub("", text))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def edge_block_keys(text: str) -> tuple[str, set[str]]:
    """The fingerprint of a raw text's first line, which tells copies of one story apart from
    other stories, and the fingerprints of its short lines among the first and last."""
    lines = [line for line in text.splitlines() if line.strip()]
    edge = lines[:EDGE_BLOCKS] + lines[EDGE_BLOCKS:][-EDGE_BLOCKS:]
    return block_key(lines[0]) if lines else "", {block_key(line) for line in edge if len(line.split()) <= MAX_NOTICE_WORDS}


def remove_repeated_blocks(text: str, article) -> list[Finding]:
    """Remove edge blocks that recur word for word across many articles of the run (footers, prompts).

    >>> from pipeline.engine import Article, Options
    >>> article = Article(Options(repeated_blocks={block_key("Follow us for more news."): 40}))
    >>> [e.reason for e in remove_repeated_blocks("Title\\n\\nBody.\\n\\nMore body.\\n\\nFollow us for more news.\\n", article)]
    ['block repeated in 40 articles of the run removed']
    """
    repeated: Mapping[str, int] = article.options.repeated_blocks if article is not None else {}
    if not repeated:
        return []
    blocks = split_blocks(text)
    edge = sorted(set(range(min(EDGE_BLOCKS, len(blocks)))) | set(range(max(0, len(blocks) - EDGE_BLOCKS), len(blocks))))
    found = [(i, repeated[key]) for i in edge if (key := block_key(blocks[i].text)) in repeated]
    if not found:
        return []
    if len(found) > MAX_REPEATED_SHARE * len(edge):
        return [Flag(0, len(text), "boilerplate", "most of its first and last blocks recur in other articles: "
                     "a duplicate article, kept whole", {"repeated_blocks": len(found), "of_edge_blocks": len(edge)})]
    spans = removal_spans(blocks, [i for i, _ in found])
    return [Edit(start, end, "", "boilerplate", f"block repeated in {count} articles of the run removed", {"repeated_in": count})
            for (start, end), (_, count) in zip(spans, found)]
