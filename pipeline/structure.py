"""The parts of a canonical article: blocks, headline, first body block."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

HEADLINE_MAX_WORDS = 20
# A headline has no full stop at its end (`Rivals of the £400 Apple...` ends
# in an ellipsis, `Who do you think you are?` in a question mark).
SENTENCE_FULL_STOP = regex.compile(r"(?<!\.)[.:;,][\"'”’)]*$")


@dataclass(frozen=True)
class Block:
    start: int
    end: int  # the offset of the block's last character + 1, before its line break
    text: str


@lru_cache(maxsize=4)  # the article's stages read the blocks of one text in turn: split it once
def split_blocks(text: str) -> list[Block]:
    """The blocks of a canonically laid-out text (shared between callers: not to be changed).

    >>> [b.text for b in split_blocks("Title\\n\\nBody one.\\n")]
    ['Title', 'Body one.']
    """
    blocks, start = [], 0
    for chunk in text.split("\n\n"):
        body = chunk.strip("\n")
        lead = len(chunk) - len(chunk.lstrip("\n"))
        if body:
            blocks.append(Block(start + lead, start + lead + len(body), body))
        start += len(chunk) + 2
    return blocks


def reads_as_headline(text: str) -> bool:
    """Short, one line, and no sentence."""
    return "\n" not in text and len(text.split()) <= HEADLINE_MAX_WORDS and not SENTENCE_FULL_STOP.search(text)


def is_headline(block: Block, blocks: list[Block]) -> bool:
    """A first block that reads as a headline, followed by more."""
    return len(blocks) > 1 and block is blocks[0] and reads_as_headline(block.text)


def headline_and_body(blocks: list[Block]) -> tuple[Block | None, list[Block]]:
    """Split the blocks into the headline, if there is one, and the body."""
    if blocks and is_headline(blocks[0], blocks):
        return blocks[0], blocks[1:]
    return None, blocks


def edge_indices(blocks: list[Block], size: int) -> list[int]:
    """The indices of the first and the last `size` blocks, where added notices and footers stand.

    >>> edge_indices(split_blocks("a\\n\\nb\\n\\nc\\n\\nd\\n"), 1)
    [0, 3]
    """
    n = len(blocks)
    return sorted(set(range(min(size, n))) | set(range(max(0, n - size), n)))


def removal_spans(blocks: list[Block], removed: list[int]) -> list[tuple[int, int]]:
    """The spans that delete the blocks `removed`, each with one blank line beside it.

    A block with a kept block after it goes with the blank line after it; one
    of the trailing blocks, with the blank line before it.

    >>> text = "Title\\n\\nBody.\\n\\nFooter\\n"
    >>> [text[s:e] for s, e in removal_spans(split_blocks(text), [2])]
    ['\\n\\nFooter']
    """
    last_kept = max((i for i in range(len(blocks)) if i not in removed), default=-1)
    return [(blocks[i].start, blocks[i + 1].start) if i < last_kept else (blocks[i - 1].end if i else 0, blocks[i].end)
            for i in removed]
