"""Every change the pipeline makes on real text no one here wrote, for a person to review.

    python bench/audit_corpus.py scraped           # each change on ../shared/corpus/scraped, in its context
    python bench/audit_corpus.py bbc               # the same on corpus/bbc
    python bench/audit_corpus.py sentences         # the same on corpus/sentences made into articles
    python bench/audit_corpus.py scraped --write   # review the difference, then rewrite the expectation file

Canonical layout (line breaks, spaces, blocks, NFC) is left out; every other
change and warning is listed. `tests/test_corpus.py` holds the scraped
corpus to `tests/expected/scraped_changes.tsv`: the changes a person has
looked at. The text belongs to others, so that file holds no sentence of
it: per change the article, stage, kind, level, and a short hash and the
length of the text before and after. `--write` prints what it adds and
drops, in full, so that the review is of the difference alone.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Iterator, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.batch.planning import RunConfig  # noqa: E402
from pipeline.batch.repeats import collect_block_keys, count_repeated_blocks  # noqa: E402
from pipeline.engine import Change, Options, clean_text, replay  # noqa: E402
from pipeline.stages.decoding import decode_article  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
EXPECTED = ROOT / "tests" / "expected" / "scraped_changes.tsv"
LAYOUT_STAGES = {"normalise_line_breaks", "tidy_spaces", "arrange_blocks", "normalise_unicode"}
SENTENCES_PER_ARTICLE = 24  # fewer, longer articles: language identification costs per article
SENTENCES_PER_PARAGRAPH = 3
HEADLINE_WORDS = 8
HEADLINE_CHARS = 30  # for a script written without spaces
CONTEXT = 60


class Record(NamedTuple):
    """One change, told without its text: what the expectation file holds."""

    article: str
    stage: str
    kind: str
    level: str
    before: str  # short hash:length
    after: str  # short hash:length, or `-` for a warning

    def line(self) -> str:
        return "\t".join(self)


def fingerprint(text: str | None) -> str:
    if text is None:
        return "-"
    return f"{hashlib.sha256(text.encode()).hexdigest()[:10]}:{len(text)}"


def record(article: str, change: Change) -> Record:
    return Record(article, change.stage, change.kind, change.level,
                  fingerprint(change.before), fingerprint(change.after))


def reviewed(change: Change) -> bool:
    """Whether a change is for review: all but canonical layout."""
    return change.stage not in LAYOUT_STAGES


# --- the corpora ----------------------------------------------------------------

def scraped_articles(folder: Path = CORPUS / "scraped") -> Iterator[tuple[str, str, Options]]:
    """(path, decoded raw text, options) for each article, with the repeated blocks a run of the folder finds."""
    yield from batch_articles(folder)


def bbc_articles(folder: Path = CORPUS / "bbc") -> Iterator[tuple[str, str, Options]]:
    yield from batch_articles(folder)


def batch_articles(folder: Path) -> Iterator[tuple[str, str, Options]]:
    paths = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.txt"))
    config = RunConfig()
    with tempfile.TemporaryDirectory() as tmp:
        keys = Path(tmp) / "keys"
        collect_block_keys(folder, keys, paths, config, None)
        repeated = count_repeated_blocks([keys], config.min_repeats)
    options = Options(repeated_blocks=repeated)
    for path in paths:
        yield path, decode_article((folder / path).read_bytes()).text, options


def sentence_articles(folder: Path = CORPUS / "sentences") -> Iterator[tuple[str, str, Options]]:
    """Every sentence of every language, a dozen to an article: a headline cut from the last one (never a
    prefix of the first paragraph), then paragraphs of three sentences each."""
    for file in sorted(folder.glob("*.txt")):
        lines = [line.strip() for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        joiner = " " if sum(" " in line for line in lines) > len(lines) / 2 else ""
        for n, i in enumerate(range(0, len(lines), SENTENCES_PER_ARTICLE)):
            chunk = lines[i:i + SENTENCES_PER_ARTICLE]
            last = chunk[-1]
            headline = " ".join(last.split()[:HEADLINE_WORDS]) if joiner else last[:HEADLINE_CHARS]
            paragraphs = [joiner.join(chunk[j:j + SENTENCES_PER_PARAGRAPH])
                          for j in range(0, len(chunk), SENTENCES_PER_PARAGRAPH)]
            yield f"{file.stem}/{n:03d}", "\n\n".join([headline.rstrip(".,;:!?"), *paragraphs]) + "\n", Options()


CORPORA = {"scraped": scraped_articles, "bbc": bbc_articles, "sentences": sentence_articles}


def audit(articles) -> Iterator[tuple[str, str, Change]]:
    """(article, text the stage was given, change) for every change under review."""
    for path, text, options in articles:
        changes = clean_text(text, options).changes
        for change, given in zip(changes, texts_given(text, changes)):
            if reviewed(change):
                yield path, given, change


def texts_given(raw: str, changes: list[Change]) -> list[str]:
    """The text each change's stage was given (for its context), by replaying the log."""
    given, text, done = [], raw, 0
    for i, change in enumerate(changes):
        if i and change.stage != changes[i - 1].stage:
            text, done = replay(text, changes[done:i]), i
        given.append(text)
    return given


def expected_records(path: Path = EXPECTED) -> Counter:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return Counter(Record(*line.split("\t")) for line in lines if line and not line.startswith("#"))


def write_expected(records: Counter, path: Path = EXPECTED) -> None:
    header = ("# The changes the pipeline makes on ../shared/corpus/scraped, each reviewed by a person.\n"
              "# article\tstage\tkind\tlevel\tbefore (sha256[:10]:length)\tafter (or - for a warning)\n"
              "# Regenerate with `python bench/audit_corpus.py scraped --write`, after reviewing what it prints.\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "".join(r.line() + "\n" for r in sorted(records.elements())), encoding="utf-8")


def describe(path: str, given: str, change: Change) -> str:
    start, end = change.offset, change.offset + len(change.before)
    context = (given[max(0, start - CONTEXT):start] + "⟦" + change.before + "⟧"
               + given[end:end + CONTEXT]).replace("\n", "⏎")
    after = "(warning: left as written)" if change.after is None else repr(change.after)
    return f"{path}  {change.stage} {change.kind} {change.level}: {change.before[:200]!r} → {after}\n" \
           f"    {change.reason}\n    …{context}…"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", choices=sorted(CORPORA))
    parser.add_argument("--write", action="store_true", help="rewrite tests/expected/scraped_changes.tsv")
    args = parser.parse_args()
    found = list(audit(CORPORA[args.corpus]()))
    if not args.write:
        for path, given, change in found:
            print(describe(path, given, change))
        counts = Counter((c.stage, c.kind, c.level) for _, _, c in found)
        print(f"\n{len(found)} changes and warnings in {len({p for p, _, _ in found})} articles")
        for (stage, kind, level), n in sorted(counts.items()):
            print(f"{n:6d}  {stage} {kind} {level}")
        return 0
    if args.corpus != "scraped":
        parser.error("--write is for the scraped corpus")
    now = Counter(record(path, change) for path, _, change in found)
    before = expected_records()
    for title, records in (("added", now - before), ("dropped", before - now)):
        print(f"--- {title}: {sum(records.values())}")
        for path, given, change in found if title == "added" else []:
            if records[record(path, change)]:
                print(describe(path, given, change))
        for r in records if title == "dropped" else []:
            print("   ", r.line())
    write_expected(now)
    print(f"wrote {EXPECTED.relative_to(ROOT)}: {sum(now.values())} changes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
