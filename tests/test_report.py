"""The HTML report: its rendering, exact to the character, and the pages in a real headless Chromium
(installed by .ci/run from Debian's packages)."""
from __future__ import annotations

import itertools
import json
import os
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import luigi
import pytest

from tasks import CleanAll
from pipeline.engine import Change, clean_text
from pipeline.report import (EDIT_TEXT, MAX_EDIT_SHOWN, MAX_LISTED, MAX_RECORDS_PER_STAGE, WHOLE_TEXT, article_page, edits_table,
                             in_context, kind_page, record_row, render_article, render_article_page, run_facts,
                             share_rows, stage_table, visible)
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
SPACE, BREAK = "<span class=ws title='U+0020 SPACE'>␣</span>", "<span class=ws title='U+000A LINE FEED'>¶</span>"


# Rendering, without a browser


def test_layout_characters_in_an_edit_are_signs_and_a_whole_text_keeps_them():
    assert visible(" a  b c\t\n", EDIT_TEXT) == (
        f"{SPACE}a{SPACE}{SPACE}b c<span class=ws title='U+0009 CHARACTER TABULATION'>⇥</span>{BREAK}")
    assert visible("a  b\r\n<&>", WHOLE_TEXT) == (
        "a  b<mark class=invisible title='U+000D CARRIAGE RETURN'>000D</mark>\n&lt;&amp;&gt;")
    assert visible("\u00a0", EDIT_TEXT) == "<mark class=invisible title='U+00A0 NO-BREAK SPACE'>00A0</mark>"
    assert visible("Aс", EDIT_TEXT) == "A<mark class=homoglyph title='CYRILLIC SMALL LETTER ES → c'>с</mark>"
    assert visible("Aс", WHOLE_TEXT) == "Aс", "only an edit marks look-alike letters: real Cyrillic is no finding"


def test_an_edit_is_drawn_in_the_text_its_stage_received_with_its_context():
    received = "Title\n\nIt  rose " + "x" * 60
    change = Change("tidy_spaces", "layout", 9, "  ", " ", "white space tidied", {})
    assert in_context(change, received) == (
        f"Title{BREAK}{BREAK}It<del>{SPACE}{SPACE}</del><ins>{SPACE}</ins>rose {'x' * 35}<span class=cut>…</span>")
    assert record_row(change, received).startswith(
        "<tr class=change><td>layout</td><td>change</td><td class=count>9</td><td class=edit>Title")


def test_a_warning_marks_its_text_and_a_note_without_text_is_a_dash():
    warning = Change("flag_truncated_ending", "truncation", 3, "it was", None, "the article ends mid-sentence", {})
    assert in_context(warning, "So it was") == "So <mark class=flagged>it was</mark>"
    encoding = Change("decode_article", "encoding", 0, "", "", "bytes decoded as utf-16", {})
    assert in_context(encoding, "Text") == "—"


def test_each_struck_and_underlined_text_is_the_logged_before_and_after_whatever_the_stage():
    raw = "Title here\r\n\r\nhe firm's Seсurities  arm fell to Â£5m .\r\nIt said\u200b so.\r\n"
    records = clean_text(raw).changes
    assert len({c.stage for c in records}) >= 5
    drawn = DrawnEdits.of(edits_table(raw, [as_log(c) for c in records]))
    assert drawn == [(c.before, c.after) for c in records]


def test_an_article_page_has_no_python_reprs_and_says_when_its_raw_file_changed():
    record = {"article": "a.txt", "status": "cleaned", "language": "en", "encoding": "utf-8", "headline": None,
              "dateline": None, "changes": {"layout": 1}, "warnings": 0}
    log = [as_log(Change("tidy_spaces", "layout", 1, "  ", " ", "white space tidied", {}))]
    html = render_article(record, "a  b\n", "a b\n", log)
    assert "None" not in html and "<dt>dateline</dt><dd>—</dd>" in html and "<dt>headline</dt><dd>—</dd>" in html
    assert "id=edits-stale" not in html
    assert "id=edits-stale" in render_article(record, "ab\n", "a b\n", log)
    assert "id=edits-stale" in render_article(record, None, None, log)


def test_a_long_article_page_is_capped_and_says_so(tmp_path):
    """~1 MB on one line with 90,000 logged repairs, then a later stage's: each stage's first records are drawn,
    the later stage's in the text the first left, and the start of the texts."""
    raw, clean = tmp_path / "long.txt", tmp_path / "clean.txt"
    raw.write_text("Tidy  text. " * 90_000, encoding="utf-8")
    clean.write_text("Tidy text! " * 200 + "Tidy text. " * 89_800, encoding="utf-8")
    log = ([Change("tidy_spaces", "layout", i * 12 + 4, "  ", " ", "white space tidied", {}) for i in range(90_000)]
           + [Change("exclaim", "punctuation", i * 11 + 9, ".", "!", "louder", {}) for i in range(200)])
    lines = [json.dumps({"article": "long.txt", **as_log(c)}) + "\n" for c in log]
    article, path, html, warning_kinds = render_article_page({"article": "long.txt", "status": "cleaned"}, raw, clean,
                                                             lines)
    assert (article, path, warning_kinds) == ("long.txt", article_page("long.txt"), [])
    assert "Of a stage with more than 100 records, the first 100 are drawn; changes.jsonl has them all." in html
    assert "tidy_spaces: 90,000 changes, the first 100 drawn" in html and "exclaim: 200 changes, the first 100" in html
    assert "The first 50,000 of 1,080,000 characters are shown." in html
    assert "The first 50,000 of 990,000 characters are shown." in html
    assert DrawnEdits.of(html) == [("  ", " ")] * 100 + [(".", "!")] * 100
    assert "id=edits-stale" not in html and len(html) < 1_000_000


def test_the_run_facts_are_shown_when_the_summary_has_them_and_left_out_when_not():
    summary = {"version": "1.0", "started": 0, "duration_seconds": 75.2, "options": {"ascii": True, "max_bytes": 1000}}
    assert run_facts(summary, Path("raw")).startswith(
        "<dl class=facts id=run><dt>version</dt><dd>1.0</dd><dt>started</dt><dd>1970-01-01 00:00:00 UTC</dd>"
        "<dt>duration</dt><dd>1 min 15 s</dd><dt>options</dt><dd>ascii: true, max_bytes: 1,000</dd>"
        "<dt>raw folder</dt><dd>raw</dd><dt>logs</dt>")
    assert run_facts({}, Path("raw")).startswith("<dl class=facts id=run><dt>raw folder</dt><dd>raw</dd><dt>logs</dt>")
    stages = {"tidy_spaces": {"changes": 1200, "warnings": 0, "seconds": 0.5}}
    assert stage_table(stages) == (
        "<h2>Stages</h2><table id=stages><tr><th>stage</th><th class=count>changes</th><th class=count>warnings</th>"
        "<th class=count>seconds</th></tr><tr><td>tidy_spaces</td><td class=count>1,200</td><td class=count>0</td>"
        "<td class=count>0.50</td></tr></table>")
    assert stage_table(None) == stage_table("not figures") == ""


def test_the_report_page_shares_its_rows_so_that_a_rare_level_is_listed():
    changed = [{"article": f"c{i:04}"} for i in range(MAX_LISTED)]
    warned = [{"article": "c0003"}, {"article": "w1"}]
    rejected = [{"article": "r1"}]
    candidates = {"change": changed, "warning": warned, "rejected": rejected}
    listed = [r["article"] for r in share_rows(candidates, MAX_LISTED)]
    assert len(listed) == MAX_LISTED and {"c0003", "w1", "r1"} <= set(listed) and listed == sorted(listed)


def test_pages_of_articles_gone_from_the_run_are_deleted_and_a_rewrite_gives_the_same_bytes(tmp_path):
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    (raw / "a.txt").write_text("Title\n\nSome  text.\n", encoding="utf-8")
    (raw / "b.txt").write_text("Title\n\nIt fell to Â£5m.\n", encoding="utf-8")
    build(raw, clean)
    pages = {p.relative_to(clean).as_posix() for p in (clean / "report").rglob("*.html")}
    assert pages == {article_page("a.txt"), article_page("b.txt"), kind_page("layout"), kind_page("mojibake")}
    (raw / "b.txt").unlink()
    build(raw, clean)
    first = {p.relative_to(clean).as_posix(): p.read_bytes() for p in sorted(clean.rglob("*.html"))}
    assert set(first) == {"report.html", article_page("a.txt"), kind_page("layout")}
    from pipeline.report import write_report
    write_report(clean, raw, processes=2)
    assert {p.relative_to(clean).as_posix(): p.read_bytes() for p in sorted(clean.rglob("*.html"))} == first


def build(raw, clean) -> None:
    luigi.task_register.Register.clear_instance_cache()  # a new run lists raw afresh, as a new process would
    assert luigi.build([CleanAll(raw_dir=str(raw), clean_dir=str(clean))], local_scheduler=True)


def as_log(change: Change) -> dict:
    return {"stage": change.stage, "kind": change.kind, "level": change.level, "offset": change.offset,
            "before": change.before, "after": change.after, "reason": change.reason}


class DrawnEdits(HTMLParser):
    """Per record row: the text struck out (or marked by a warning) and the text underlined (None for a warning),
    with every sign read back as the character it stands for."""

    @classmethod
    def of(cls, html: str) -> list[tuple[str, str | None]]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return [(before, after) for before, after in parser.rows]

    def __init__(self):
        super().__init__()
        self.rows: list[list] = []
        self.open: list[str] = []  # the tags open now
        self.inside: tuple[int, int] | None = None  # in a del, ins or mark: (0 before or 1 after, depth of its tag)
        self.level = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.open.append(tag)
        if tag == "tr":
            self.level = attrs.get("class", "")
        elif tag == "td" and attrs.get("class") == "edit":
            self.rows.append(["", "" if self.level == "change" else None])
        elif self.inside is None and (tag in ("del", "ins") or attrs.get("class") == "flagged"):
            self.inside = (1 if tag == "ins" else 0, len(self.open))
        elif self.inside is not None and attrs.get("class") in ("ws", "invisible"):
            self.rows[-1][self.inside[0]] += chr(int(attrs["title"].split()[0][2:], 16))
            self.open[-1] = "sign"

    def handle_endtag(self, tag):
        if self.inside is not None and self.inside[1] == len(self.open):
            self.inside = None
        self.open.pop()

    def handle_data(self, data):
        if self.inside is not None and self.open[-1] != "sign":
            self.rows[-1][self.inside[0]] += data


# The pages in Chromium


@pytest.fixture(scope="module")
def run(shared, tmp_path_factory):
    """A run over the dev benchmark, so that every family's changes are in the report, plus one file to reject."""
    base = tmp_path_factory.mktemp("report")
    raw, clean = base / "raw", base / "clean"
    shutil.copytree(shared / "bench" / "dev" / "raw", raw)
    (raw / "zz-empty.txt").write_bytes(b"")
    build(raw, clean)
    return clean


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium and chromedriver: .ci/run installs them")
        pytest.skip("no chromium here: apt-get install chromium chromium-driver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}", "--window-size=1280,1600"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def log_of(run) -> list[dict]:
    return [json.loads(line) for line in (run / "changes.jsonl").read_text(encoding="utf-8").splitlines()]


def records_of(run) -> list[dict]:
    return [json.loads(line) for line in (run / "articles.jsonl").read_text(encoding="utf-8").splitlines()]


def shown_rows(browser) -> list[str]:
    return browser.execute_script("return [...document.querySelectorAll('#articles tbody tr')]"
                                  ".filter(r => !r.hidden).map(r => r.dataset.article)")


def filter_by(browser, **values) -> list[str]:
    for name in ("name", "kind", "level"):
        browser.execute_script(f"document.getElementById('{name}').value = arguments[0]", values.get(name, ""))
    browser.execute_script("applyFilter()")
    rows = shown_rows(browser)
    assert browser.find_element("id", "shown").text == str(len(rows))
    return rows


# What a person sees in an edit cell, read back to the characters: a sign (␣, ¶, a code box) stands for the
# character in its title; after is null for a warning, and "" for a change that inserts nothing.
def shown(text: str) -> str:
    """What a page draws of a logged text: all of it, or both ends of a very long one (the cut says how much)."""
    half = MAX_EDIT_SHOWN // 2
    return text if len(text) <= MAX_EDIT_SHOWN else text[:half] + text[-half:]


DRAWN = """
const read = el => [...el.childNodes].map(n => n.nodeType === 3 ? n.data
    : n.className === 'cut' ? ''
    : ['ws', 'invisible'].includes(n.className) ? String.fromCodePoint(parseInt(n.title.split(' ')[0].slice(2), 16))
    : read(n)).join('');
return [...document.querySelectorAll('#edits td.edit')].map(cell => {
  const struck = cell.querySelector('del, mark.flagged'), underlined = cell.querySelector('ins');
  const warning = cell.parentElement.className === 'warning';
  return [struck ? read(struck) : '', underlined ? read(underlined) : (warning ? null : '')];
});
"""


def test_the_report_loads_without_errors_and_its_counts_match_the_logs(run, browser):
    from selenium.webdriver.common.by import By

    browser.get((run / "report.html").as_uri())
    assert browser.title == "newsclean report"
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    shown = {cell.get_attribute("data-kind"): int(cell.text.replace(",", ""))
             for cell in browser.find_elements(By.CSS_SELECTOR, "#kinds td.count")}
    assert shown == dict(Counter(c["kind"] for c in log_of(run) if c["level"] == "change"))
    records = records_of(run)
    assert browser.find_element(By.ID, "status-cleaned").text == str(sum(r["status"] == "cleaned" for r in records))
    assert browser.find_element(By.ID, "level-warning").text == str(sum(r.get("warnings", 0) > 0 for r in records))
    assert "None" not in browser.find_element(By.TAG_NAME, "body").text
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "report.png"))


def test_the_filters_find_warnings_rejections_and_kinds(run, browser):
    browser.get((run / "report.html").as_uri())
    records = records_of(run)
    assert filter_by(browser, level="warning") == [r["article"] for r in records if r.get("warnings")]
    assert filter_by(browser, level="rejected") == ["zz-empty.txt"]
    assert "rejected: empty file" in browser.find_element("css selector", "tr.rejected").text
    assert filter_by(browser, kind="dateline") == [r["article"] for r in records if "dateline" in r.get("changes", {})]
    assert filter_by(browser, name="homoglyph-000", level="change") == [f"homoglyph-000{i}.txt" for i in range(10)]


def test_an_article_whose_only_records_are_warnings_is_listed_and_its_page_marks_them(run, browser):
    from selenium.webdriver.common.by import By

    log = log_of(run)
    levels: dict[str, set] = {}
    for c in log:
        levels.setdefault(c["article"], set()).add(c["level"])
    only_warned = sorted(a for a, seen in levels.items() if seen == {"warning"})
    assert only_warned, "the dev benchmark has articles whose only records are warnings"
    browser.get((run / "report.html").as_uri())
    assert set(only_warned) <= set(filter_by(browser, level="warning"))
    browser.find_element(By.LINK_TEXT, only_warned[0]).click()
    assert browser.title == f"newsclean: {only_warned[0]}"
    warnings = [(shown(c["before"]), None) for c in log if c["article"] == only_warned[0]]
    assert [tuple(row) for row in browser.execute_script(DRAWN)] == warnings
    assert browser.find_element(By.CSS_SELECTOR, "#edits mark.flagged").is_displayed()


def test_struck_out_text_is_the_logged_before_and_underlined_text_the_logged_after(run, browser):
    """On a page for each kind of change: every record drawn, in order, exactly as logged."""
    log = log_of(run)
    first_of_kind = {}
    for c in log:
        first_of_kind.setdefault(c["kind"], c["article"])
    for article in sorted(set(first_of_kind.values())):
        browser.get((run / article_page(article)).as_uri())
        runs = itertools.groupby((c for c in log if c["article"] == article), key=lambda c: c["stage"])
        logged = [(shown(c["before"]), c["after"] if c["after"] is None else shown(c["after"]))
                  for _, run in runs for c in list(run)[:MAX_RECORDS_PER_STAGE]]
        assert [tuple(row) for row in browser.execute_script(DRAWN)] == logged, article
        assert browser.find_elements("id", "edits-stale") == []


def test_a_disguised_letter_and_a_layout_edit_are_visible(run, browser):
    from selenium.webdriver.common.by import By

    browser.get((run / article_page("homoglyph-0000.txt")).as_uri())
    marks = browser.find_elements(By.CSS_SELECTOR, "#edits del mark.homoglyph")
    assert marks and marks[0].is_displayed()
    assert "CYRILLIC" in marks[0].get_attribute("title")
    assert marks[0].value_of_css_property("background-color") == "rgba(255, 153, 0, 1)"
    assert browser.find_element(By.CSS_SELECTOR, "#edits tr.stage").text.startswith("repair_homoglyphs:")
    browser.save_screenshot(str(ARTIFACTS / "article.png"))
    layout = next(c for c in log_of(run) if c["kind"] == "layout" and c["before"].strip() == "" and c["before"])
    browser.get((run / article_page(layout["article"])).as_uri())
    for cell in browser.find_elements(By.CSS_SELECTOR, "#edits tr.change td.edit del"):
        assert cell.text.strip() and cell.size["width"] > 0, "a layout edit is never an empty cell"
