"""List every change the stages that remove what a site added make on a folder of real articles.

    python bench/added_text.py ../shared/corpus/scraped [../shared/corpus/bbc ...]

One line a change: the article, the stage, change or warning, the rule or
cues that named it, and the text removed (or flagged). Repeated lines are
counted over the folders given, as a run over them would count them. Read
every line by eye: these stages remove text, and a removal of news is a bug.
"""
from __future__ import annotations

import collections
import sys
from pathlib import Path

from pipeline.engine import Options, clean_bytes
from pipeline.stages.decoding import decode_article
from pipeline.stages.repeats import MIN_REPEATS_DEFAULT, edge_line_keys, repeated_keys, source_of

STAGES = ("remove_added_notices", "remove_page_chrome", "remove_repeated_blocks")


def main(folders: list[str]) -> None:
    files = [(f, p.relative_to(f).as_posix()) for f in map(Path, folders) for p in sorted(f.rglob("*.txt"))]
    texts = {(f, path): (f / path).read_bytes() for f, path in files}
    per_source, sightings = collections.Counter(), collections.defaultdict(list)
    for (folder, path), data in texts.items():
        source = f"{folder.name}/{source_of(path)}"
        per_source[source] += 1
        story, keys = edge_line_keys(decode_article(data).text)
        for key in keys:
            sightings[key].append((source, story))
    repeated = repeated_keys(per_source, sorted(sightings.items()), MIN_REPEATS_DEFAULT)
    counts = collections.Counter()
    for (folder, path), data in texts.items():
        for change in clean_bytes(data, Options(repeated_blocks=repeated)).cleaned.changes:
            if change.stage in STAGES:
                rule = change.detail.get("rule") or ",".join(change.detail.get("cues", [])) or "repeated"
                counts[change.stage, change.level, rule] += 1
                print(f"{folder.name}/{path}\t{change.stage}\t{change.level}\t{rule}\t{change.before.strip()[:160]!r}")
    print(f"\n{len(texts)} articles", file=sys.stderr)
    for (stage, level, rule), n in sorted(counts.items()):
        print(f"{n:6} {stage} {level} {rule}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
