"""Lines repeated across a source's stories: fixed footers, share prompts, sign-offs.

A site's footer recurs in many of its stories, with a date or a counter
that changes (`© 2023`, `Listen 4 min`, `Updated March 5`). The run
fingerprints each article's short edge lines on the raw text
(`edge_line_keys`), folding case, punctuation, look-alike letters, numbers
and the words next to them, counts the stories each fingerprint is in, per
source folder and over the run (`repeated_keys`), and hands the engine the
fingerprints that recur (`Options.repeated_blocks`).

A fingerprint recurs when it is in at least `repeat_threshold` stories: the
`--min-repeats` option, or fewer for a small source, down to a majority of
its stories (three at least), so that a run of five stories still catches
the footer four of them carry. Copies of one story count once: a story is
known by its first line and its longest line together (a site may open
every story with its name, and a short story's longest line may be its
footer, but not both).
"""
from __future__ import annotations

import hashlib
import posixpath
import unicodedata
from typing import Iterable, Mapping

import regex

from ..edits import Edit, Finding, Flag
from ..lookalikes import LOOKALIKES_TO_LATIN
from ..structure import edge_indices, removal_spans, split_blocks

EDGE_LINES = 3  # a footer stands among the first or the last lines
MAX_REPEATED_WORDS = 80
MIN_REPEATS_DEFAULT = 10
MIN_STORIES = 3  # two stories sharing a line is no evidence of a footer
TOKEN = regex.compile(r"\p{N}+(?:[.,:/-]\p{N}+)*|[\p{L}\p{M}]+")


def line_key(line: str) -> str:
    """A fingerprint that ignores case, punctuation, spacing, look-alike letters, numbers and the words beside them
    (the month of a date, the unit of a counter).

    >>> line_key("Listen 4 min Comment on this story") == line_key("listen 12 mins comment on this story")
    True
    >>> line_key("© 2023 Example News, March 5") == line_key("© 2024 Example News — April 12")
    True
    >>> line_key("Share this story") == line_key("Share this page")
    False
    """
    text = unicodedata.normalize("NFKC", line).translate(LOOKALIKES_TO_LATIN).casefold()
    tokens = TOKEN.findall(text)
    number = [t[0].isdigit() for t in tokens]
    folded = ["0" if number[i] else "#" if (i and number[i - 1]) or (i + 1 < len(tokens) and number[i + 1]) else t
              for i, t in enumerate(tokens)]
    return hashlib.blake2b(" ".join(folded).encode(), digest_size=8).hexdigest()


def edge_line_keys(text: str) -> tuple[str, set[str]]:
    """The fingerprint of the story a raw text tells, which tells its copies apart from other stories, and the
    fingerprints of its short lines among the first and last.

    >>> story, keys = edge_line_keys("Title\\n\\nA long first paragraph of the story.\\n\\nFollow us.\\n")
    >>> line_key("Follow us.") in keys, story == edge_line_keys("Title 2\\n\\nA long first paragraph of the story.\\n")[0]
    (True, False)
    """
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return "", set()
    edge = lines[:EDGE_LINES] + lines[EDGE_LINES:][-EDGE_LINES:]
    # numbers not folded here: two stories may differ in nothing else (`3 killed` and `30 killed`)
    story = hashlib.blake2b(f"{lines[0]}\n{max(lines, key=len)}".encode(), digest_size=8).hexdigest()
    return story, {line_key(line) for line in edge if len(line.split()) <= MAX_REPEATED_WORDS}


def source_of(path: str) -> str:
    """The source folder of an article, by its path relative to the raw folder.

    >>> source_of("bbc/business/001.txt"), source_of("001.txt")
    ('bbc/business', '')
    """
    return posixpath.dirname(path)


def repeat_threshold(stories: int, min_repeats: int = MIN_REPEATS_DEFAULT) -> int:
    """The stories a line must be in to be a footer, for a source of `stories` stories: `min_repeats`, or a
    majority of a small source, at least `MIN_STORIES`.

    >>> repeat_threshold(100_000), repeat_threshold(7), repeat_threshold(2)
    (10, 4, 3)
    """
    return min(min_repeats, max(MIN_STORIES, stories // 2 + 1))


def repeated_keys(stories_per_source: Mapping[str, int], key_sightings: Iterable[tuple[str, Iterable[tuple[str, str]]]],
                  min_repeats: int = MIN_REPEATS_DEFAULT) -> dict[str, int]:
    """The fingerprints that recur, with the number of stories each is in over the run.

    `stories_per_source` counts the stories of each source folder;
    `key_sightings` gives, for each fingerprint, the (source, story) pairs
    it was seen in, grouped by fingerprint. A fingerprint recurs when it is
    in enough stories of the run, or of one source.

    >>> repeated_keys({"a": 4, "b": 20}, [("k1", [("a", "s1"), ("a", "s2"), ("a", "s3")]), ("k2", [("b", "s4")] * 5)])
    {'k1': 3}
    """
    total = sum(stories_per_source.values())
    repeated = {}
    for key, sightings in key_sightings:
        stories: dict[str, set[str]] = {}
        for source, story in sightings:
            stories.setdefault(source, set()).add(story)
        in_run = len(set().union(*stories.values())) if stories else 0
        if in_run >= repeat_threshold(total, min_repeats) or any(
                len(s) >= repeat_threshold(stories_per_source.get(source, 0), min_repeats) for source, s in stories.items()):
            repeated[key] = in_run
    return repeated


def remove_repeated_blocks(text: str, article) -> list[Finding]:
    """Remove edge blocks that recur across a source's stories (footers, prompts), never the story itself.

    >>> from pipeline.engine import Article, Options
    >>> article = Article(Options(repeated_blocks={line_key("Follow us for more news."): 40}))
    >>> [e.reason for e in remove_repeated_blocks("Title\\n\\nBody.\\n\\nMore body.\\n\\nFollow us for more news.\\n", article)]
    ['block repeated in 40 stories of the run removed']
    """
    repeated: Mapping[str, int] = article.options.repeated_blocks if article is not None else {}
    if not repeated:
        return []
    blocks = split_blocks(text)
    edge = [i for i in edge_indices(blocks, EDGE_LINES) if i]  # never the first block: the headline (`Lotto draw 1234`
    # and `Lotto draw 1235` fold alike) or the story's opening
    found = {i: repeated[key] for i in edge
             if len(blocks[i].text.split()) <= MAX_REPEATED_WORDS and (key := line_key(blocks[i].text)) in repeated}
    if not found:
        return []
    kept = [i for i in range(1, len(blocks)) if i not in found]  # the body: every block but the first (a headline)
    if not kept:
        return [Flag(0, len(text), "boilerplate", "every block after the first recurs in other stories: kept whole",
                     {"repeated_blocks": len(found), "of_blocks": len(blocks)})]
    return [Edit(start, end, "", "boilerplate", f"block repeated in {count} stories of the run removed",
                 {"repeated_in": count})
            for (start, end), count in zip(removal_spans(blocks, list(found)), found.values())]
