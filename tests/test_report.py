"""The HTML report, rendered in a real headless Chromium (installed by .ci/run from Debian's packages)."""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter

import luigi
import pytest

from tasks import CleanAll
from pipeline.report import article_page
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.fixture(scope="module")
def run(shared, tmp_path_factory):
    """A run over the dev benchmark, so that every family's changes are in the report."""
    clean = tmp_path_factory.mktemp("report") / "clean"
    raw = shared / "bench" / "dev" / "raw"
    luigi.task_register.Register.clear_instance_cache()
    assert luigi.build([CleanAll(raw_dir=str(raw), clean_dir=str(clean))], local_scheduler=True)
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


def test_every_family_has_its_changes_in_the_report(run):
    html = (run / "report.html").read_text(encoding="utf-8")
    for kind in ("homoglyph", "mojibake", "encoding", "html_entity", "invisible", "compatibility_form", "layout",
                 "opening", "dateline", "boilerplate"):
        assert f"data-kind='{kind}'" in html, kind


def test_the_report_loads_without_errors_and_its_counts_match_the_change_log(run, browser):
    from selenium.webdriver.common.by import By

    browser.get((run / "report.html").as_uri())
    assert browser.title == "newsclean report"
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    shown = {cell.get_attribute("data-kind"): int(cell.text.replace(",", ""))
             for cell in browser.find_elements(By.CSS_SELECTOR, "#kinds td.count")}
    logged = Counter(json.loads(line)["kind"] for line in (run / "changes.jsonl").read_text(encoding="utf-8").splitlines()
                     if json.loads(line)["level"] == "change")
    assert shown == dict(logged)
    records = [json.loads(line) for line in (run / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert browser.find_element(By.ID, "status-cleaned").text == str(sum(r["status"] == "cleaned" for r in records))

    browser.find_element(By.CSS_SELECTOR, "#kind option[value='']")  # the filter is there
    browser.execute_script("document.getElementById('kind').value = 'dateline'; applyFilter();")
    visible_rows = [r for r in browser.find_elements(By.CSS_SELECTOR, "#articles tbody tr") if r.is_displayed()]
    assert len(visible_rows) == sum("dateline" in r["changes"] for r in records) == int(browser.find_element(By.ID, "shown").text)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "report.png"))


def test_a_disguised_letter_is_highlighted_and_visible(run, browser):
    from selenium.webdriver.common.by import By

    browser.get((run / article_page("homoglyph-0000.txt")).as_uri())
    marks = browser.find_elements(By.CSS_SELECTOR, "#raw mark.homoglyph")
    assert marks and marks[0].is_displayed()
    assert "CYRILLIC" in marks[0].get_attribute("title")
    assert marks[0].value_of_css_property("background-color") == "rgba(255, 153, 0, 1)"
    assert browser.find_elements(By.CSS_SELECTOR, "#changes tr")[1].text.startswith("repair_homoglyphs homoglyph change")
    browser.save_screenshot(str(ARTIFACTS / "article.png"))
