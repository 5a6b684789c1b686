"""The run report: what changed, for a person, without reading JSON.

`clean/report.html` is one self-contained page (no network needed): totals by
status and by kind of change, rejected files with their reasons, and the
changed articles, filterable by name and kind. Each listed article links to a
page of its own under `clean/report/` that shows the raw and the clean text
side by side with every difference highlighted (disguised letters marked,
removed text struck out, inserted text underlined) and the change records
below. Lists are capped, so that a run of a million articles still gives a
report of bounded size; the totals always count everything.

    python -m pipeline.report CLEAN_DIR RAW_DIR    # write the report of a finished run again
"""
from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import os
import re
import sys
import unicodedata
from html import escape
from pathlib import Path
from typing import Iterable

import regex

from .batch.atomic import read_jsonl, read_lines, write_atomically
from .batch.parallel import parallel_starmap
from .batch.paths import ARTICLE_RECORDS, CHANGE_LOG, SUMMARY
from .batch.records import article_of
from .stages.decoding import Rejected, decode_article
from .stages.homoglyphs import LOOKALIKE, LOOKALIKES

REPORT = "report.html"
REPORT_DIR = "report"
MAX_LISTED = 200  # articles listed on the report page
MAX_LISTED_PER_KIND = 50  # and on each kind's page: every listed article gets a page, and pages take time to render

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; } td, th { padding: .25em .8em; border-bottom: 1px solid #ddd; text-align: left; }
td.count { text-align: right; font-variant-numeric: tabular-nums; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
pre { white-space: pre-wrap; word-wrap: break-word; background: #fafafa; border: 1px solid #ddd; padding: .8em; font-size: 13px; }
del { background: #fdd; text-decoration: line-through; } ins { background: #dfd; text-decoration: underline; }
mark.homoglyph { background: #f90; color: #000; outline: 1px solid #c60; }
mark.invisible { background: #c8f; color: #000; }
.note { color: #666; } .filters { margin: .5em 0; } .filters input { width: 20em; }
"""
FILTER_SCRIPT = """
function applyFilter() {
  const text = document.getElementById('name').value.toLowerCase();
  const kind = document.getElementById('kind').value;
  let shown = 0;
  for (const row of document.querySelectorAll('#articles tbody tr')) {
    const ok = row.dataset.article.toLowerCase().includes(text) && (!kind || row.dataset.kinds.split(' ').includes(kind));
    row.hidden = !ok; if (ok) shown++;
  }
  document.getElementById('shown').textContent = shown;
}
"""


def write_report(clean_dir: str | Path, raw_dir: str | Path, processes: int = 1) -> Path:
    """Write `report.html` and its article pages for the finished run in `clean_dir`; `processes` render pages at once."""
    clean_dir, raw_dir = Path(clean_dir), Path(raw_dir)
    summary = json.loads((clean_dir / SUMMARY).read_text(encoding="utf-8"))
    listed, by_kind = [], {}
    for record in read_jsonl(clean_dir / ARTICLE_RECORDS):
        if record["status"] != "cleaned":
            continue
        if len(listed) < MAX_LISTED:
            listed.append(record)
        for kind in record["changes"]:
            kind_list = by_kind.setdefault(kind, [])
            if len(kind_list) < MAX_LISTED_PER_KIND:
                kind_list.append(record)
    pages = {r["article"]: r for r in itertools.chain(listed, *by_kind.values())}
    jobs = ((pages[article], raw_dir / article, clean_dir / article, list(lines))
            for article, lines in itertools.groupby(read_lines(clean_dir / CHANGE_LOG), key=article_of) if article in pages)
    for page_path, html in parallel_starmap(render_article_page, jobs, processes):
        write_atomically(clean_dir / page_path, html.encode("utf-8", "backslashreplace"))
    for kind, records in by_kind.items():
        write_atomically(clean_dir / kind_page(kind), render_kind(kind, records, summary["changes"].get(kind, 0)).encode("utf-8", "backslashreplace"))
    path = clean_dir / REPORT
    write_atomically(path, render_index(summary, listed, raw_dir).encode("utf-8", "backslashreplace"))
    return path


def render_article_page(record: dict, raw_path: Path, clean_path: Path, change_lines: list[str]) -> tuple[str, str]:
    """An article's page: where it goes under the clean folder, and its HTML."""
    changes = [json.loads(line) for line in change_lines]
    return article_page(record["article"]), render_article(record, raw_text(raw_path), clean_path, changes)


def article_page(article: str) -> str:
    return f"{REPORT_DIR}/articles/{hashlib.sha1(os.fsencode(article)).hexdigest()[:16]}.html"


def kind_page(kind: str) -> str:
    return f"{REPORT_DIR}/kind-{kind}.html"


def raw_text(path: Path) -> str:
    try:
        return decode_article(path.read_bytes()).text
    except (OSError, Rejected) as why:
        return f"(raw text not available: {why})"


def page(title: str, body: str, script: str = "") -> str:
    return (f"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>"
            f"<style>{STYLE}</style>{f'<script>{script}</script>' if script else ''}</head>\n<body>\n{body}\n</body></html>\n")


def render_index(summary: dict, listed: list[dict], raw_dir: Path) -> str:
    statuses = "".join(f"<tr><td>{s}</td><td class=count id=status-{s}>{summary[s]:,}</td></tr>"
                       for s in ("articles", "cleaned", "unchanged", "rejected"))
    kinds = "".join(f"<tr><td><a href='{kind_page(k)}'>{escape(k)}</a></td><td class=count data-kind='{escape(k)}'>{n:,}</td></tr>"
                    for k, n in summary["changes"].items())
    rejects = "".join(f"<tr><td>{escape(r['article'])}</td><td>{escape(r['reason'])}</td></tr>"
                      for r in summary["rejects"])
    options = "".join(f"<option>{escape(k)}</option>" for k in summary["changes"])
    body = f"""<h1>newsclean report</h1>
<p class=note>Raw folder: {escape(str(raw_dir))}. Warnings: {summary['warnings']:,}. Notice blocks removed: {summary['removed_blocks']:,}.</p>
<h2>Articles by status</h2><table id=statuses>{statuses}</table>
<h2>Changes by kind</h2><table id=kinds><tr><th>kind</th><th>changes</th></tr>{kinds}</table>
<h2>Rejected files</h2>{f'<table id=rejects>{rejects}</table>' if rejects else '<p>None.</p>'}
{more_note(summary['rejected'], len(summary['rejects']))}
<h2>Changed articles</h2>
<div class=filters><input id=name placeholder="filter by name" oninput=applyFilter()>
<select id=kind onchange=applyFilter()><option value="">every kind</option>{options}</select>
<span class=note><span id=shown>{len(listed)}</span> shown</span></div>
{article_table(listed, "")}
{more_note(summary['cleaned'], MAX_LISTED)}"""
    return page("newsclean report", body, FILTER_SCRIPT)


def render_kind(kind: str, records: list[dict], total: int) -> str:
    capped = f" The first {len(records)} articles with one are listed." if len(records) == MAX_LISTED_PER_KIND else ""
    body = (f"<p><a href='../{REPORT}'>← report</a></p><h1>Changes of kind {escape(kind)}</h1>"
            f"<p>{total:,} changes in all.{capped}</p>{article_table(records, '../')}")
    return page(f"newsclean: {kind}", body)


def article_table(records: list[dict], prefix: str) -> str:
    rows = "".join(
        f"<tr data-article='{escape(r['article'])}' data-kinds='{escape(' '.join(r['changes']))}'>"
        f"<td><a href='{prefix}{article_page(r['article'])}'>{escape(r['article'])}</a></td>"
        f"<td>{escape(', '.join(f'{k} {n}' for k, n in r['changes'].items()))}</td><td class=count>{r['warnings']}</td></tr>"
        for r in records)
    return f"<table id=articles><thead><tr><th>article</th><th>changes</th><th>warnings</th></tr></thead><tbody>{rows}</tbody></table>"


def more_note(total: int, shown: int) -> str:
    return f"<p class=note>Showing {shown:,} of {total:,}.</p>" if total > shown else ""


def render_article(record: dict, raw: str, clean_path: Path, changes: list[dict]) -> str:
    clean = clean_path.read_text(encoding="utf-8") if clean_path.exists() else ""
    before, after = side_by_side(raw, clean)
    rows = "".join(
        f"<tr><td>{escape(c['stage'])}</td><td>{escape(c['kind'])}</td><td>{c['level']}</td>"
        f"<td><code>{visible(c['before'])}</code></td><td><code>{visible(c['after'] or '')}</code></td><td>{escape(c['reason'])}</td></tr>"
        for c in changes)
    body = f"""<p><a href='../../{REPORT}'>← report</a></p>
<h1>{escape(record['article'])}</h1>
<p class=note>Language {escape(str(record.get('language')))}, encoding {escape(str(record.get('encoding')))},
headline {escape(repr(record.get('headline')))}, dateline {escape(repr(record.get('dateline')))}.</p>
<div class=columns><div><h2>Raw</h2><pre id=raw>{before}</pre></div><div><h2>Clean</h2><pre id=clean>{after}</pre></div></div>
<h2>Change log</h2><table id=changes><tr><th>stage</th><th>kind</th><th>level</th><th>before</th><th>after</th><th>reason</th></tr>{rows}</table>"""
    return page(f"newsclean: {record['article']}", body)


def side_by_side(raw: str, clean: str) -> tuple[str, str]:
    """Both texts as HTML, what differs marked: line by line, then letter by letter inside changed lines."""
    raw_lines, clean_lines = raw.splitlines(keepends=True), clean.splitlines(keepends=True)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, raw_lines, clean_lines, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(escape("".join(raw_lines[i1:i2])))
            right.append(escape("".join(clean_lines[j1:j2])))
            continue
        pairs = (zip(raw_lines[i1:i2], clean_lines[j1:j2]) if i2 - i1 == j2 - j1
                 else [("".join(raw_lines[i1:i2]), "".join(clean_lines[j1:j2]))])
        for a, b in pairs:
            marked_a, marked_b = mark_letters(a, b)
            left.append(marked_a)
            right.append(marked_b)
    return "".join(left), "".join(right)


MAX_WORD_DIFF = 60  # characters: a longer changed word is marked whole
TOKENS = re.compile(r"\s+|[^\s]+")


def mark_letters(a: str, b: str) -> tuple[str, str]:
    """Mark what differs in two versions of a passage: word by word, then letter by letter in short words.

    Positions are compared one for one when the lengths agree (look-alike
    letters swap one for one); otherwise difflib runs on words, which keeps it
    fast on long passages.
    """
    if len(a) == len(b):
        return marked(a, b, same_length_runs(a, b))
    words_a, words_b = TOKENS.findall(a), TOKENS.findall(b)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, words_a, words_b).get_opcodes():
        if op == "equal":
            left.append(escape("".join(words_a[i1:i2])))
            right.append(escape("".join(words_b[j1:j2])))
            continue
        x, y = "".join(words_a[i1:i2]), "".join(words_b[j1:j2])
        runs = (difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes() if max(len(x), len(y)) <= MAX_WORD_DIFF
                else [("replace", 0, len(x), 0, len(y))])
        marked_x, marked_y = marked(x, y, runs)
        left.append(marked_x)
        right.append(marked_y)
    return "".join(left), "".join(right)


def marked(a: str, b: str, runs) -> tuple[str, str]:
    left, right = [], []
    for op, i1, i2, j1, j2 in runs:
        if op == "equal":
            left.append(escape(a[i1:i2]))
            right.append(escape(b[j1:j2]))
            continue
        if i2 > i1:
            left.append(f"<del>{visible(a[i1:i2])}</del>")
        if j2 > j1:
            right.append(f"<ins>{escape(b[j1:j2])}</ins>")
    return "".join(left), "".join(right)


def same_length_runs(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes for two strings of one length, compared position by position."""
    runs = []
    for same, group in itertools.groupby(range(len(a)), key=lambda i: a[i] == b[i]):
        positions = list(group)
        start, end = positions[0], positions[-1] + 1
        runs.append(("equal" if same else "replace", start, end, start, end))
    return runs


HIDDEN = regex.compile(r"[\p{Cf}\p{Cc}\p{Zs}--[ \n]]", regex.V1)
SPECIAL = regex.compile(f"{LOOKALIKE.pattern}|{HIDDEN.pattern}", regex.V1)


def visible(text: str) -> str:
    """Escape text, marking look-alike letters and showing invisible characters."""
    return SPECIAL.sub(special_mark, escape(text))


def special_mark(m: regex.Match) -> str:
    char = m.group()
    if char in LOOKALIKES:
        return f"<mark class=homoglyph title='{escape(unicodedata.name(char))} → {LOOKALIKES[char]}'>{char}</mark>"
    return f"<mark class=invisible title='U+{ord(char):04X} {escape(unicodedata.name(char, 'control'))}'>·</mark>"


def main(argv: Iterable[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m pipeline.report CLEAN_DIR RAW_DIR", file=sys.stderr)
        return 2
    print(write_report(*args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
