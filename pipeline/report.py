"""The run report: what changed, for a person, without reading JSON.

`clean/report.html` is one self-contained page (no network needed): the run's
facts (version, options, start, duration, where the logs are), totals by
status, by level and by kind of change, and the articles with a change, a
warning or a rejection, filterable by name, kind and level. Each listed
article that was not rejected links to a page of its own under
`clean/report/` that draws exactly the logged records: each one in the text
its stage received, with some characters of context either side (struck
out is the logged `before`, underlined the logged `after`), then the raw
and the clean text. Lists and pages are capped, so that a run of a million
articles and an article of megabytes still give pages of bounded size;
the totals always count everything.

    python -m pipeline.report CLEAN_DIR RAW_DIR    # write the report of a finished run again
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Iterable, Iterator

import regex

from .batch.atomic import read_jsonl, read_lines, write_atomically
from .batch.parallel import parallel_starmap
from .batch.paths import ARTICLE_RECORDS, CHANGE_LOG, SUMMARY
from .batch.records import log_lines
from .engine import Change, replay_stages
from .stages.decoding import Rejected, decode_article
from .lookalikes import LOOKALIKE, LOOKALIKES

REPORT = "report.html"
REPORT_DIR = "report"
MAX_LISTED = 200  # articles listed on the report page, shared between the levels
MAX_LISTED_PER_KIND = 50  # and on each kind's page: every listed article gets a page, and pages take time to render
MAX_RECORDS_PER_STAGE = 100  # records drawn of each stage run on an article page; the change log has them all
MAX_TEXT_SHOWN = 50_000  # characters of the raw and of the clean text on an article page
CONTEXT = 40  # characters of the stage's input drawn either side of a record
MAX_EDIT_SHOWN = 400  # characters of a `before` or `after` drawn; a longer one shows both ends and how much is left out
LEVELS = ("change", "warning", "rejected")

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 80em; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; } h3 { font-size: 1em; }
table { border-collapse: collapse; } td, th { padding: .25em .8em; border-bottom: 1px solid #ddd; text-align: left; }
td.count, th.count { text-align: right; font-variant-numeric: tabular-nums; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; margin: 1em 0; }
dl.facts dt { color: #666; } dl.facts dd { margin: 0; }
.tables { display: flex; flex-wrap: wrap; gap: 0 4em; align-items: flex-start; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
pre { white-space: pre-wrap; word-wrap: break-word; background: #fafafa; border: 1px solid #ddd; padding: .8em;
      font-size: 13px; }
#edits td.edit { font-family: ui-monospace, monospace; font-size: 13px; white-space: pre-wrap;
                overflow-wrap: anywhere; }
#edits tr.stage th { background: #f0f0f0; padding-top: .6em; }
#edits tr.warning td { background: #fffbe6; }
del { background: #fdd; text-decoration: line-through; outline: 1px solid #e9a0a0; }
ins { background: #dfd; text-decoration: underline; outline: 1px solid #9c9; }
mark.flagged { background: #fe8; text-decoration: underline wavy #b80; }
mark.homoglyph { background: #f90; color: #000; outline: 1px solid #c60; }
mark.invisible { background: #c8f; color: #000; font-size: 75%; padding: 0 .15em; border-radius: 2px; }
span.ws { color: #06c; } span.cut { color: #888; font-style: italic; }
tr.rejected td { background: #fee; }
.note { color: #666; } .filters { margin: .5em 0; } .filters input { width: 20em; }
"""
FILTER_SCRIPT = """
function applyFilter() {
  const text = document.getElementById('name').value.toLowerCase();
  const kind = document.getElementById('kind').value;
  const level = document.getElementById('level').value;
  let shown = 0;
  for (const row of document.querySelectorAll('#articles tbody tr')) {
    const ok = row.dataset.article.toLowerCase().includes(text)
      && (!kind || row.dataset.kinds.split(' ').includes(kind))
      && (!level || row.dataset.levels.split(' ').includes(level));
    row.hidden = !ok; if (ok) shown++;
  }
  document.getElementById('shown').textContent = shown;
}
"""
EDITS_NOTE = (f"<p class=note>Every record of the change log, in order, drawn in the text its stage received with "
              f"{CONTEXT} characters either side: struck out is what the stage replaced, underlined what it put in, "
              "and a wavy underline marks text a warning is about (left as written). "
              "<span class=ws>␣</span> is a space, <span class=ws>¶</span> a line break, "
              "<span class=ws>⇥</span> a tab; a violet box gives the code point of an invisible character; "
              "a disguised letter is orange (hover for its name).</p>")


# The run: pick what to list, render the pages, drop the pages of an earlier run


@dataclass
class Selection:
    """What the report lists, chosen in one pass over the article records."""

    candidates: dict[str, list[dict]] = field(default_factory=lambda: {level: [] for level in LEVELS})
    by_kind: dict[str, list[dict]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=lambda: {level: 0 for level in LEVELS} | {"any": 0})

    def add(self, record: dict) -> None:
        """Count an article, and keep it while its levels and kinds have room (memory stays bounded)."""
        levels = levels_of(record)
        if not levels:
            return
        self.totals["any"] += 1
        for level in levels:
            self.totals[level] += 1
            if len(self.candidates[level]) < MAX_LISTED:
                self.candidates[level].append(record)
        for kind in record.get("changes", {}):
            kind_list = self.by_kind.setdefault(kind, [])
            if len(kind_list) < MAX_LISTED_PER_KIND:
                kind_list.append(record)

    def listed(self) -> list[dict]:
        """The articles on the report page."""
        return share_rows(self.candidates, MAX_LISTED)

    def pages(self, listed: list[dict]) -> dict[str, dict]:
        """The articles that get a page of their own: the listed ones and each kind's, except rejected articles
        (no text to show)."""
        records = itertools.chain(listed, *self.by_kind.values())
        return {r["article"]: r for r in sorted(records, key=lambda r: r["article"]) if r["status"] != "rejected"}


def levels_of(record: dict) -> list[str]:
    """The levels an article's records reach: `change`, `warning`, `rejected`; none for an untouched article."""
    if record["status"] == "rejected":
        return ["rejected"]
    return [level for level, n in (("change", sum(record.get("changes", {}).values())),
                                   ("warning", record.get("warnings", 0))) if n]


def share_rows(candidates: dict[str, list[dict]], room: int) -> list[dict]:
    """Up to `room` records, sorted by article: each level gets an equal share of the room, in article order,
    and a level with fewer candidates leaves the rest of its share to the others.

    So a rare level (a few warnings among a million changes) is always on the page.

    >>> a, b, c = ({"article": n} for n in "abc")
    >>> [r["article"] for r in share_rows({"change": [a, b, c], "warning": [c], "rejected": []}, 2)]
    ['a', 'c']
    """
    chosen: dict[str, dict] = {}
    levels = sorted(candidates, key=lambda level: (len(candidates[level]), LEVELS.index(level)))
    for done, level in enumerate(levels):
        share, taken = (room - len(chosen)) // (len(levels) - done), 0
        for record in candidates[level]:
            if taken == share:
                break
            if record["article"] not in chosen:  # an article already listed for another level costs no room
                chosen[record["article"]] = record
                taken += 1
    return sorted(chosen.values(), key=lambda r: r["article"])


def write_report(clean_dir: str | Path, raw_dir: str | Path, processes: int = 1) -> Path:
    """Write `report.html` and its pages for the finished run in `clean_dir`; `processes` render pages at once.

    Pages that an earlier run wrote and this one does not (a removed
    article's, a kind no longer seen) are deleted.
    """
    clean_dir, raw_dir = Path(clean_dir), Path(raw_dir)
    summary = json.loads((clean_dir / SUMMARY).read_text(encoding="utf-8"))
    selection = Selection()
    for record in read_jsonl(clean_dir / ARTICLE_RECORDS):
        record.pop("removed_blocks", None)  # can be long, and the report does not show it
        selection.add(record)
    listed = selection.listed()
    pages = selection.pages(listed)
    warning_kinds, written = {}, {REPORT}
    jobs = page_jobs(pages, read_jsonl(clean_dir / ARTICLE_RECORDS), read_lines(clean_dir / CHANGE_LOG), raw_dir,
                     clean_dir)
    for article, page_path, html, kinds in parallel_starmap(render_article_page, jobs, processes):
        write_atomically(clean_dir / page_path, page_bytes(html))
        warning_kinds[article] = kinds
        written.add(page_path)
    for kind, records in sorted(selection.by_kind.items()):
        html = render_kind(kind, records, summary["changes"].get(kind, 0), warning_kinds)
        write_atomically(clean_dir / kind_page(kind), page_bytes(html))
        written.add(kind_page(kind))
    path = clean_dir / REPORT
    write_atomically(path, page_bytes(render_index(summary, selection, listed, raw_dir, warning_kinds)))
    remove_stale_pages(clean_dir, written)
    return path


def page_bytes(html: str) -> bytes:
    """A page in UTF-8; a name that is not UTF-8 (held with surrogate escapes) is shown as its escapes."""
    return html.encode("utf-8", "backslashreplace")


def page_jobs(pages: dict[str, dict], records: Iterator[dict], change_lines: Iterator[str], raw_dir: Path,
              clean_dir: Path) -> Iterator[tuple]:
    """One job per page to write, with the article's lines of the change log: the log and the records are read in
    one pass, in article order, each article's lines taken by the count in its record (no line's JSON is read)."""
    for record in records:
        lines = list(itertools.islice(change_lines, log_lines(record)))
        if record["article"] in pages:
            yield pages[record["article"]], raw_dir / record["article"], clean_dir / record["article"], lines


def remove_stale_pages(clean_dir: Path, written: set[str]) -> None:
    """Delete the report pages this run did not write: an earlier run's pages of articles gone or no longer listed."""
    for pattern in (f"{REPORT_DIR}/articles/*.html", f"{REPORT_DIR}/kind-*.html"):
        for stale in clean_dir.glob(pattern):
            if stale.relative_to(clean_dir).as_posix() not in written:
                stale.unlink()


def render_article_page(record: dict, raw_path: Path, clean_path: Path, change_lines: list[str]):
    """An article's page: the article, where its page goes under the clean folder, its HTML, its warnings' kinds."""
    changes = [json.loads(line) for line in change_lines]
    kinds = sorted({c["kind"] for c in changes if c["level"] == "warning"})
    clean = clean_path.read_text(encoding="utf-8") if clean_path.exists() else None
    html = render_article(record, raw_text(raw_path), clean, changes)
    return record["article"], article_page(record["article"]), html, kinds


def article_page(article: str) -> str:
    return f"{REPORT_DIR}/articles/{hashlib.sha1(os.fsencode(article)).hexdigest()[:16]}.html"


def kind_page(kind: str) -> str:
    return f"{REPORT_DIR}/kind-{kind}.html"


def raw_text(path: Path) -> str | None:
    """The decoded raw text, as the run's first stage received it; None when the file cannot be read any more."""
    try:
        return decode_article(path.read_bytes()).text
    except (OSError, Rejected):
        return None


def page(title: str, body: str, script: str = "") -> str:
    return (f"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>{escape(title)}</title>"
            f"<style>{STYLE}</style>{f'<script>{script}</script>' if script else ''}</head>\n"
            f"<body>\n{body}\n</body></html>\n")


# The report page


def render_index(summary: dict, selection: Selection, listed: list[dict], raw_dir: Path,
                 warning_kinds: dict[str, list[str]]) -> str:
    """The report page: the run's facts, its totals, and the listed articles with their filters."""
    statuses = "".join(f"<tr><td>{s}</td><td class=count id=status-{s}>{summary[s]:,}</td></tr>"
                       for s in ("articles", "cleaned", "unchanged", "rejected"))
    levels = "".join(f"<tr><td>{level}</td><td class=count id=level-{level}>{selection.totals[level]:,}</td></tr>"
                     for level in LEVELS)
    kinds = "".join(f"<tr><td><a href='{kind_page(k)}'>{escape(k)}</a></td>"
                    f"<td class=count data-kind='{escape(k)}'>{n:,}</td></tr>" for k, n in summary["changes"].items())
    every_kind = sorted(set(summary["changes"]) | {k for ks in warning_kinds.values() for k in ks})
    kind_options = "".join(f"<option>{escape(k)}</option>" for k in every_kind)
    level_options = "".join(f"<option>{level}</option>" for level in LEVELS)
    body = f"""<h1>newsclean report</h1>
<section id=this-run>{run_facts(summary, raw_dir)}{stage_table(summary.get('stages'))}</section>
<div class=tables><div><h2>Articles by status</h2><table id=statuses>{statuses}</table></div>
<div><h2>Articles by level</h2><table id=levels>{levels}</table>
<p class=note>An article counts once for each level<br>its records reach. Warnings: {summary['warnings']:,} in all.<br>
Notice blocks removed: {summary['removed_blocks']:,}.</p></div>
<div><h2>Changes by kind</h2><table id=kinds><tr><th>kind</th><th class=count>changes</th></tr>{kinds}</table></div>
</div>
<h2>Articles with a change, a warning or a rejection</h2>
<div class=filters><input id=name placeholder="filter by name" oninput=applyFilter()>
<select id=kind onchange=applyFilter()><option value="">every kind</option>{kind_options}</select>
<select id=level onchange=applyFilter()><option value="">every level</option>{level_options}</select>
<span class=note><span id=shown>{len(listed)}</span> shown</span></div>
{article_table(listed, "", warning_kinds)}
{listed_note(selection.totals['any'], len(listed))}"""
    return page("newsclean report", body, FILTER_SCRIPT)


def run_facts(summary: dict, raw_dir: Path) -> str:
    """The run's facts, from `summary.json`; facts an older run did not record are left out."""
    started, seconds = summary.get("started"), summary.get("duration_seconds", summary.get("duration"))
    facts = [("version", summary.get("version")),
             ("started", format_time(started) if started is not None else None),
             ("duration", format_seconds(seconds) if isinstance(seconds, (int, float)) else None),
             ("options", format_options(summary.get("options"))),
             ("raw folder", str(raw_dir))]
    logs = (f"<a href='{CHANGE_LOG}'>{CHANGE_LOG}</a> (every change and warning), "
            f"<a href='{ARTICLE_RECORDS}'>{ARTICLE_RECORDS}</a> (every article), "
            f"<a href='{SUMMARY}'>{SUMMARY}</a> (the totals), beside this page")
    rows = "".join(f"<dt>{name}</dt><dd>{escape(value)}</dd>" for name, value in facts if value is not None)
    return f"<dl class=facts id=run>{rows}<dt>logs</dt><dd>{logs}</dd></dl>"


def format_time(value) -> str:
    """A start time given as Unix seconds or as text (ISO 8601), for a person."""
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return str(value)


def format_seconds(seconds: float) -> str:
    """A duration for a person.

    >>> format_seconds(3725.4), format_seconds(8.25)
    ('1 h 02 min 05 s', '8.2 s')
    """
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min {secs:02d} s" if hours else f"{minutes} min {secs:02d} s"


def format_options(options) -> str | None:
    """The run's options, as `name: value` pairs.

    >>> format_options({"ascii": False, "max_bytes": 10000000})
    'ascii: false, max_bytes: 10,000,000'
    """
    if not isinstance(options, dict):
        return None if options is None else str(options)
    return ", ".join(f"{name}: {format_value(value)}" for name, value in options.items())


def format_value(value) -> str:
    """A figure or option for a person: JSON's words for booleans and null, thousands separated, no Python reprs."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def stage_table(stages) -> str:
    """Figures per stage, when the run recorded them: a mapping of stage to figures, or a list of records
    with `stage`; anything else is left out."""
    if isinstance(stages, list):
        stages = {s.get("stage", "—"): s for s in stages if isinstance(s, dict)}
    if not isinstance(stages, dict) or not stages or not all(isinstance(v, dict) for v in stages.values()):
        return ""
    columns = [c for c in dict.fromkeys(k for figures in stages.values() for k in figures) if c != "stage"]
    head = "".join(f"<th class=count>{escape(c)}</th>" for c in columns)
    rows = "".join(f"<tr><td>{escape(name)}</td>"
                   + "".join(f"<td class=count>{escape(format_value(figures.get(c)))}</td>" for c in columns) + "</tr>"
                   for name, figures in stages.items())
    return f"<h2>Stages</h2><table id=stages><tr><th>stage</th>{head}</tr>{rows}</table>"


def render_kind(kind: str, records: list[dict], total: int, warning_kinds: dict[str, list[str]]) -> str:
    """A kind's page: the first articles with a change of that kind."""
    capped = f" The first {len(records)} articles with one are listed." if len(records) == MAX_LISTED_PER_KIND else ""
    body = (f"<p><a href='../{REPORT}'>← report</a></p><h1>Changes of kind {escape(kind)}</h1>"
            f"<p>{total:,} changes in all.{capped}</p>{article_table(records, '../', warning_kinds)}")
    return page(f"newsclean: {kind}", body)


def article_table(records: list[dict], prefix: str, warning_kinds: dict[str, list[str]]) -> str:
    """A table of articles; `prefix` leads from the page it is on to the clean folder."""
    rows = "".join(article_row(r, prefix, warning_kinds.get(r["article"], [])) for r in records)
    return ("<table id=articles><thead><tr><th>article</th><th>changes</th><th class=count>warnings</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


def article_row(record: dict, prefix: str, warning_kinds: list[str]) -> str:
    """A listed article: a link to its page, its changes by kind and its warnings; a rejected one with its reason."""
    name = escape(record["article"])
    levels = " ".join(levels_of(record))
    if record["status"] == "rejected":
        return (f"<tr class=rejected data-article='{name}' data-kinds='' data-levels='{levels}'><td>{name}</td>"
                f"<td colspan=2>rejected: {escape(record.get('reason') or '—')}</td></tr>")
    changes = record.get("changes", {})
    kinds = " ".join(sorted(set(changes) | set(warning_kinds)))
    warnings = record.get("warnings", 0)
    why = f" ({escape(', '.join(warning_kinds))})" if warning_kinds else ""
    return (f"<tr data-article='{name}' data-kinds='{escape(kinds)}' data-levels='{levels}'>"
            f"<td><a href='{prefix}{article_page(record['article'])}'>{name}</a></td>"
            f"<td>{escape(', '.join(f'{k} {n:,}' for k, n in changes.items())) or '—'}</td>"
            f"<td class=count>{warnings:,}{why}</td></tr>")


def listed_note(total: int, shown: int) -> str:
    """Under a capped list: how many it shows of how many, how they were chosen, and where the rest are."""
    if total <= shown:
        return ""
    return (f"<p class=note>Showing {shown:,} of {total:,}: the first of each level in path order, the {MAX_LISTED} "
            f"rows shared between the levels; each kind's page lists its own first {MAX_LISTED_PER_KIND}, "
            f"and {ARTICLE_RECORDS} has every article.</p>")


# An article's page


def render_article(record: dict, raw: str | None, clean: str | None, changes: list[dict]) -> str:
    """An article's page: its facts, each logged record in context, then its raw and clean text (capped)."""
    body = f"""<p><a href='../../{REPORT}'>← report</a></p>
<h1>{escape(record['article'])}</h1>
{article_facts(record)}
<h2>Edits, stage by stage</h2>
{EDITS_NOTE}
{edits_table(raw, changes)}
<h2>Texts</h2>
<div class=columns><div><h3>Raw, decoded</h3>{text_block('raw', raw)}</div>
<div><h3>Clean</h3>{text_block('clean', clean)}</div></div>"""
    return page(f"newsclean: {record['article']}", body)


def article_facts(record: dict) -> str:
    """An article's facts from its record; an absent value is a dash."""
    changes = record.get("changes", {})
    facts = [("status", record.get("status")), ("language", record.get("language")),
             ("encoding", record.get("encoding")), ("headline", record.get("headline")),
             ("dateline", record.get("dateline")),
             ("changes", ", ".join(f"{k} {n:,}" for k, n in changes.items()) or None),
             ("warnings", record.get("warnings"))]
    rows = "".join(f"<dt>{name}</dt><dd>{escape(format_value(value))}</dd>" for name, value in facts)
    return f"<dl class=facts id=facts>{rows}</dl>"


def edits_table(raw: str | None, changes: list[dict]) -> str:
    """The records of the change log, one section per stage run, each record in the text its stage received.

    The texts come from replaying the whole log over the raw text, so the
    cost is one pass over the text per stage that changed something: linear
    in the article. Of a stage run with very many records (a long article),
    only the first are drawn, so that every stage has its place on the page.
    """
    if not changes:
        return "<p id=edits>No records in the change log.</p>"
    records = [Change(c["stage"], c["kind"], c["offset"], c["before"], c["after"], c["reason"], {}) for c in changes]
    runs = list(stage_inputs(raw, records))
    sections = "".join(stage_section(group, received) for received, group in runs)
    stale = ("" if all(received is not None for received, _ in runs) else
             "<p class=note id=edits-stale>The raw file is not the one this run read, or cannot be read now: "
             "records from the first that does not match it on are drawn without their context.</p>")
    capped = (f"<p class=note id=edits-capped>Of a stage with more than {MAX_RECORDS_PER_STAGE} records, the first "
              f"{MAX_RECORDS_PER_STAGE} are drawn; {CHANGE_LOG} has them all.</p>"
              if any(len(group) > MAX_RECORDS_PER_STAGE for _, group in runs) else "")
    return (f"{stale}{capped}<table id=edits><thead><tr><th>kind</th><th>level</th><th class=count>at</th>"
            f"<th>edit, in the text the stage received</th><th>reason</th></tr></thead>{sections}</table>")


def stage_inputs(raw: str | None, records: list[Change]) -> Iterator[tuple[str | None, list[Change]]]:
    """Each stage run of the records with the text it received (replayed from the raw text), or None for every run
    from the first whose records do not match that text: the raw file changed since the run, or is gone."""
    exact = raw is not None
    for received, group, _ in replay_stages(raw if exact else "", records):
        exact = exact and all(received[c.offset:c.offset + len(c.before)] == c.before for c in group)
        yield (received if exact else None), group


def stage_section(records: list[Change], received: str | None) -> str:
    """A stage run's records: a heading row with its counts, then a row per record."""
    warnings = sum(c.after is None for c in records)
    counts = ", ".join(f"{n:,} {word}{'s' if n != 1 else ''}"
                       for n, word in ((len(records) - warnings, "change"), (warnings, "warning")) if n)
    drawn = (f", the first {MAX_RECORDS_PER_STAGE} drawn" if len(records) > MAX_RECORDS_PER_STAGE else "")
    rows = "".join(record_row(c, received) for c in records[:MAX_RECORDS_PER_STAGE])
    return f"<tbody><tr class=stage><th colspan=5>{escape(records[0].stage)}: {counts}{drawn}</th></tr>{rows}</tbody>"


def record_row(change: Change, received: str | None) -> str:
    """A record's row: kind, level, offset, the edit (in context when the text its stage received is known), reason."""
    edit = in_context(change, received) if received is not None else edit_marks(change)
    return (f"<tr class={change.level}><td>{escape(change.kind)}</td><td>{change.level}</td>"
            f"<td class=count>{change.offset:,}</td><td class=edit>{edit}</td><td>{escape(change.reason)}</td></tr>")


def in_context(change: Change, received: str) -> str:
    """The record's edit in the text its stage received, with CONTEXT characters either side (… where cut).

    A record that changed no text (the bytes' encoding) has no place in it: a dash.
    """
    if not change.before and not change.after:
        return "—"
    start, end = change.offset, change.offset + len(change.before)
    left, right = received[max(0, start - CONTEXT):start], received[end:end + CONTEXT]
    return (("<span class=cut>…</span>" if start > CONTEXT else "") + visible(left, CONTEXT_TEXT)
            + edit_marks(change) + visible(right, CONTEXT_TEXT)
            + ("<span class=cut>…</span>" if end + CONTEXT < len(received) else ""))


def edit_marks(change: Change) -> str:
    """`before` struck out and `after` underlined; for a warning, `before` marked as left as written."""
    if change.after is None:
        return f"<mark class=flagged>{edit_text(change.before)}</mark>" if change.before else "—"
    marks = (f"<del>{edit_text(change.before)}</del>" if change.before else "") + \
            (f"<ins>{edit_text(change.after)}</ins>" if change.after else "")
    return marks or "—"  # a note with no text changed (the bytes' encoding)


def edit_text(text: str) -> str:
    """A `before` or `after`, visible to its last space; a very long one shows both ends and how much is left out."""
    if len(text) <= MAX_EDIT_SHOWN:
        return visible(text, EDIT_TEXT)
    half = MAX_EDIT_SHOWN // 2
    cut = f"<span class=cut> … {len(text) - 2 * half:,} characters more … </span>"
    return visible(text[:half], EDIT_TEXT) + cut + visible(text[-half:], EDIT_TEXT)


def text_block(name: str, text: str | None) -> str:
    """A whole text, as it reads; a very long one is cut, and says so."""
    if text is None:
        return f"<p class=note id={name}>Not available: the file cannot be read.</p>"
    note = (f"<p class=note id={name}-capped>The first {MAX_TEXT_SHOWN:,} of {len(text):,} characters are shown.</p>"
            if len(text) > MAX_TEXT_SHOWN else "")
    return f"{note}<pre id={name}>{visible(text[:MAX_TEXT_SHOWN], WHOLE_TEXT)}</pre>"


# Making every character visible. Three ways, from a whole text to an edit: a whole text keeps its line breaks
# and spaces, a context shows line breaks as ¶ (a row stays one passage), and an edit also shows the spaces a
# reader could not see (at either end, or in a run) and marks disguised letters.

HIDDEN = r"[\p{Cf}\p{Cc}\p{Zs}--[ \n]]"
WHOLE_TEXT = regex.compile(rf"[&<>\"']|{HIDDEN}", regex.V1)
CONTEXT_TEXT = regex.compile(rf"[&<>\"'\n]|{HIDDEN}", regex.V1)
EDIT_TEXT = regex.compile(rf"\A +| +\Z| {{2,}}|[&<>\"'\n]|{LOOKALIKE.pattern}|{HIDDEN}", regex.V1)
LAYOUT_SIGNS = {" ": ("␣", "SPACE"), "\n": ("¶", "LINE FEED"), "\t": ("⇥", "CHARACTER TABULATION")}
CONTROL_NAMES = {"\r": "CARRIAGE RETURN"}  # unicodedata names no control character


def visible(text: str, pattern: regex.Pattern) -> str:
    """Escape text for HTML, showing what `pattern` finds: layout characters as signs, invisible ones as their code.

    >>> visible("a\\u200bb <c>", WHOLE_TEXT)
    "a<mark class=invisible title='U+200B ZERO WIDTH SPACE'>200B</mark>b &lt;c&gt;"
    >>> visible(" \\n", EDIT_TEXT)
    "<span class=ws title='U+0020 SPACE'>␣</span><span class=ws title='U+000A LINE FEED'>¶</span>"
    """
    return pattern.sub(show_characters, text)


def show_characters(m: regex.Match) -> str:
    """A match of a visible() pattern: one character, or a run of spaces, each shown on its own."""
    return "".join(map(show_character, m.group()))


def show_character(char: str) -> str:
    """HTML for one character a visible() pattern found: a layout sign, a marked look-alike, an escape or a code box."""
    if char in LAYOUT_SIGNS:
        sign, name = LAYOUT_SIGNS[char]
        return f"<span class=ws title='U+{ord(char):04X} {name}'>{sign}</span>"
    if char in LOOKALIKES:
        title = f"{unicodedata.name(char)} → {LOOKALIKES[char]}"
        return f"<mark class=homoglyph title='{escape(title)}'>{char}</mark>"
    if char in "&<>\"'":
        return escape(char)
    name = CONTROL_NAMES.get(char) or unicodedata.name(char, "control character")
    return f"<mark class=invisible title='U+{ord(char):04X} {escape(name)}'>{ord(char):04X}</mark>"


def main(argv: Iterable[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m pipeline.report CLEAN_DIR RAW_DIR", file=sys.stderr)
        return 2
    print(write_report(*args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
