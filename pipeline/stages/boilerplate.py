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

import regex
from langdetect import LangDetectException, detect

from ..edits import Edit, Finding, Flag
from ..structure import split_blocks

EDGE_BLOCKS = 3  # a notice stands among the first or the last blocks
MAX_NOTICE_WORDS = 80

LANGUAGE_NAMES = (r"English|Chinese|Japanese|Korean|Arabic|French|German|Spanish|Portuguese|Italian|Russian|Dutch|"
                  r"Indonesian|Malay|Thai|Vietnamese|Turkish|Hindi|Polish|Greek|Swedish|Ukrainian|Persian|Hebrew")
CUES = {
    # a translated or generated text
    "translation": r"translat|tradu[cizçx]|übersetz|uebersetz|terjemah|vertaal|przetłumacz|oversat|översatt|"
                   r"çevir|перев[оеё]д|μετάφρασ|翻[译訳譯]|번역|generated|generiert|g[ée]n[ée]r[ée]|gerad[oa]|generad[oa]|dihasilkan",
    # by a machine
    "automation": r"automatic|automated|machine|(?-i:\bAI\b|\bA\.I\.|\bKI\b)|artificial intelligence|deepl|google translate|"
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
CUE_PATTERNS = {name: regex.compile(pattern, regex.I) for name, pattern in CUES.items()}
QUOTED = regex.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]")


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
    for i in sorted(edge):
        block = blocks[i]
        if len(block.text.split()) > MAX_NOTICE_WORDS:
            continue
        cues = notice_cues(block.text)
        if not {"translation", "automation"} & cues:
            continue
        if {"translation", "automation"} <= cues and "self_reference" not in cues:
            if (language := block_language(block.text)) != getattr(article, "language", language):
                cues.add(f"written in {language}")
        detail = {"cues": sorted(cues), "block": i + 1, "of_blocks": len(blocks)}
        if {"translation", "automation"} <= cues and len(cues) >= 3:
            start, end = removal_span(blocks, i)
            findings.append(Edit(start, end, "", "boilerplate", "machine-translation or AI notice removed", detail))
        elif len(cues) >= 2:
            findings.append(Flag(block.start, block.end, "boilerplate", "block reads like an added notice, but not every cue is there: kept", detail))
    return findings


def notice_cues(block: str) -> set[str]:
    """The cue families present in a block, quotations left out."""
    unquoted = QUOTED.sub(" ", block)
    return {name for name, pattern in CUE_PATTERNS.items() if pattern.search(unquoted)}


def block_language(block: str) -> str:
    try:
        return detect(block)
    except LangDetectException:
        return "unknown"


def removal_span(blocks, i: int) -> tuple[int, int]:
    """The span to delete for block `i`, with one of the blank lines around it."""
    if i + 1 < len(blocks):
        return blocks[i].start, blocks[i + 1].start
    return blocks[i - 1].end, blocks[i].end
