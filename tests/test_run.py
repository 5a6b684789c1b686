"""The Luigi run end to end: outputs, change log, records, rejects, re-runs."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import luigi
import pytest

from pipeline import __version__, summary
from pipeline.batch import atomic, merge, parallel, repeats, shard
from tasks import CleanAll
from tests.conftest import ROOT

ARTICLE = "Title here\r\n\r\nhe firm's Seсurities arm fell to Â£5m .\r\n"


def build(raw: Path, clean: Path, workers: int = 1, **params) -> luigi.LuigiStatusCode:
    result = luigi.build([CleanAll(raw_dir=str(raw), clean_dir=str(clean), **params)], workers=workers,
                         local_scheduler=True, detailed_summary=True)
    return result.status


def records(clean: Path, name: str) -> list[dict]:
    return [json.loads(line) for line in (clean / name).read_text(encoding="utf-8").splitlines()]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "news").mkdir(parents=True)
    (raw / "news" / "a.txt").write_bytes(ARTICLE.encode())
    (raw / "b.txt").write_bytes("Plain title\n\nA clean body.\n".encode())
    (raw / "legacy.txt").write_bytes("Title\n\nIt cost £3.\n".encode("cp1252"))
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(bytes(range(32)) * 8)
    (raw / "big.txt").write_bytes(b"Title\n\n" + b"word " * 300)
    (raw / "dangling.txt").symlink_to(raw / "missing-target.txt")
    (raw / "notes.md").write_text("not an article")
    return raw


def test_a_run_writes_clean_articles_the_log_and_the_records(raw, tmp_path):
    clean = tmp_path / "clean"
    before = snapshot(raw)
    assert build(raw, clean, max_bytes=1000) == luigi.LuigiStatusCode.SUCCESS
    assert snapshot(raw) == before, "raw must never be modified"

    assert (clean / "news" / "a.txt").read_bytes() == "Title here\n\nThe firm's Securities arm fell to £5m.\n".encode()
    assert (clean / "b.txt").read_bytes() == b"Plain title\n\nA clean body.\n"
    assert (clean / "legacy.txt").read_text(encoding="utf-8") == "Title\n\nIt cost £3.\n"
    for rejected in ("empty.txt", "binary.txt", "big.txt", "dangling.txt", "notes.md"):
        assert not (clean / rejected).exists()

    by_article = {r["article"]: r for r in records(clean, "articles.jsonl")}
    assert sorted(by_article) == ["b.txt", "big.txt", "binary.txt", "dangling.txt", "empty.txt", "legacy.txt", "news/a.txt"]
    a = by_article["news/a.txt"]
    assert (a["status"], a["encoding"], a["language"], a["headline"]) == ("cleaned", "utf-8", "en", "Title here")
    assert a["changes"] == {"homoglyph": 1, "layout": 4, "mojibake": 1, "opening": 1}
    assert len(a["raw_sha256"]) == len(a["clean_sha256"]) == 64
    assert by_article["b.txt"]["status"] == "unchanged"
    assert by_article["legacy.txt"]["encoding"] == "windows-1252"
    assert {k: by_article[k]["reason"] for k in ("empty.txt", "binary.txt", "big.txt", "dangling.txt")} == {
        "empty.txt": "empty file: no text to clean",
        "binary.txt": "binary data, not text: 208 control bytes in the first 256 bytes",
        "big.txt": "file of 1507 bytes is over the size limit of 1000 bytes",
        "dangling.txt": "unreadable: No such file or directory",
    }

    homoglyph = [c for c in records(clean, "changes.jsonl") if c["kind"] == "homoglyph"]
    assert homoglyph == [{
        "article": "news/a.txt", "stage": "repair_homoglyphs", "kind": "homoglyph", "level": "change", "offset": 22,
        "before": "Seсurities", "after": "Securities", "reason": "mixed-script word in Latin text",
        "detail": {"replaced": ["U+0441 CYRILLIC SMALL LETTER ES → c"], "scripts": ["Cyrillic"]},
    }]
    summary = json.loads((clean / "summary.json").read_text())
    assert (summary["articles"], summary["cleaned"], summary["unchanged"], summary["rejected"]) == (7, 2, 1, 4)


def test_a_second_run_changes_nothing(raw, tmp_path):
    clean = tmp_path / "clean"
    build(raw, clean)
    first = snapshot(clean)
    assert build(raw, clean) == luigi.LuigiStatusCode.SUCCESS
    assert snapshot(clean) == first


def test_outputs_are_the_same_bytes_whatever_the_worker_count(tmp_path, shared):
    raw = tmp_path / "raw"
    for copy in ("a", "b"):  # over 250 articles: two shards, so that planning reads keys in two processes
        shutil.copytree(shared / "bench" / "dev" / "raw", raw / copy)
    for workers in ("1", "2"):  # the command line: --workers also sizes planning's and the report's process pools
        done = luigi_command(raw, tmp_path / workers, "--workers", workers, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
    one, two = snapshot(tmp_path / "1"), snapshot(tmp_path / "2")
    assert len([name for name in one if name.startswith("report/articles/")]) > 100
    assert without_state(one) == without_state(two)


def test_work_in_a_process_pool_comes_back_in_order_and_so_does_a_failure_with_its_reason(tmp_path):
    assert list(parallel.parallel_starmap(divmod, [(7, 2), (9, 4), (1, 1)], processes=2)) == [(3, 1), (2, 1), (1, 0)]
    (tmp_path / "file").write_text("")
    with pytest.raises(atomic.RunError, match=r"^cannot write to the clean folder \S+/file/clean: Not a directory$"):
        list(parallel.parallel_starmap(atomic.check_writable, [(tmp_path,), (tmp_path / "file" / "clean",)], processes=2))


POOLS_UNDER_THE_RUNS_SIGNAL_HANDLERS = """
import signal
from pipeline.batch.parallel import parallel_starmap
from pipeline.batch.safety import stop_cleanly_on_signals
stop_cleanly_on_signals()
assert list(parallel_starmap(signal.getsignal, [(signal.SIGTERM,), (signal.SIGINT,)], 2)) == [signal.SIG_DFL] * 2
for _ in range(200):
    assert list(parallel_starmap(divmod, [(7, 2)] * 20, 2)) == [(3, 1)] * 20
print("done")
"""


def test_process_pools_end_without_waiting_forever_under_the_runs_signal_handlers():
    """Ended with SIGTERM, one pool in ~50 waited forever for a worker that had inherited the run's handlers
    (the report's pool, at the end of a run with two workers). Workers now die on signals, and a pool whose
    work is done is closed, not terminated."""
    done = subprocess.run([sys.executable, "-c", POOLS_UNDER_THE_RUNS_SIGNAL_HANDLERS], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert (done.stdout, done.returncode) == ("done\n", 0), done.stderr


def test_the_merge_takes_each_articles_change_lines_by_its_count_and_refuses_lines_of_another_article(tmp_path):
    def shard_files(name: str, records: list[dict], changes: list[dict]) -> tuple[Path, Path]:
        paths = tmp_path / f"{name}.articles.jsonl", tmp_path / f"{name}.changes.jsonl"
        for path, lines in zip(paths, (records, changes)):
            path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
        return paths

    def record(article: str, changes: dict, warnings: int) -> dict:
        return {"article": article, "status": "cleaned" if changes else "unchanged", "changes": changes,
                "warnings": warnings, "removed_blocks": []}

    def change(article: str, level: str) -> dict:
        return {"article": article, "stage": "tidy_spaces", "kind": "layout", "level": level}

    one = shard_files("one", [record("a.txt", {"layout": 1}, 1), record("c.txt", {}, 0)],
                      [change("a.txt", "change"), change("a.txt", "warning")])
    two = shard_files("two", [record("b.txt", {"layout": 2}, 0)], [change("b.txt", "change"), change("b.txt", "change")])
    clean = tmp_path / "clean"
    merge.merge_run(clean, [one, two], [])
    logged = [json.loads(line) for line in (clean / "changes.jsonl").read_text().splitlines()]
    assert [(c["article"], c["level"]) for c in logged] == [("a.txt", "change"), ("a.txt", "warning"),
                                                            ("b.txt", "change"), ("b.txt", "change")]
    wrong = shard_files("wrong", [record("a.txt", {"layout": 1}, 0), record("d.txt", {"layout": 1}, 0)],
                        [change("d.txt", "change"), change("a.txt", "change")])
    with pytest.raises(atomic.RunError, match=re.escape(f"{wrong[1]} does not match its shard's records at 'a.txt'; "
                                                        "remove it, and the next run cleans its shard again")):
        merge.merge_run(clean, [wrong], [])
    assert [json.loads(line)["article"] for line in (clean / "changes.jsonl").read_text().splitlines()] == [
        "a.txt", "a.txt", "b.txt", "b.txt"], "the log of the last good merge stays"


def test_changed_added_and_removed_articles_are_handled_on_the_next_run(raw, tmp_path):
    clean = tmp_path / "clean"
    build(raw, clean)
    (raw / "b.txt").write_bytes(b"Plain title\n\nA changed  body.\n")
    (raw / "news" / "a.txt").unlink()
    (raw / "c.txt").write_bytes(b"New title\n\nNew body.\n")
    build(raw, clean)
    assert (clean / "b.txt").read_bytes() == b"Plain title\n\nA changed body.\n"
    assert (clean / "c.txt").read_bytes() == b"New title\n\nNew body.\n"
    assert not (clean / "news" / "a.txt").exists()
    articles = [r["article"] for r in records(clean, "articles.jsonl")]
    assert "news/a.txt" not in articles and articles.count("b.txt") == 1
    assert json.loads((clean / "summary.json").read_text())["removed_outputs"] == ["news/a.txt"]
    assert not [c for c in records(clean, "changes.jsonl") if c["article"] == "news/a.txt"]


def calls(monkeypatch, function: str, *callers) -> list[str]:
    """The articles the next in-process runs pass to `<function>`, in order, as the modules `callers` call it."""
    seen = []
    real = getattr(callers[0], function)

    def counting(raw_dir, path, *args):
        seen.append(path)
        return real(raw_dir, path, *args)

    for caller in callers:
        monkeypatch.setattr(caller, function, counting)
    return seen


def town(i: int) -> str:
    """A town name per number, in letters: block fingerprints ignore digits."""
    return "Town" + "".join("abcdefghijklmnopqrstuvwxyz"[i // 26 ** k % 26] for k in range(2))


def town_story(town: str, footer: str = "") -> str:
    return f"{town} news\n\nThe {town} council met on Monday.\n\nIt approved new parks for {town}.\n" + (
        f"\n{footer}\n" if footer else "")


def test_a_run_cleans_only_the_articles_that_are_new_or_changed(tmp_path, monkeypatch):
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    for i in range(600):  # four shards: a new article lands in one, a changed one in another
        (raw / f"{i:03d}.txt").write_text(town_story(town(i)), encoding="utf-8")
    build(raw, clean)
    cleaned, read = calls(monkeypatch, "clean_article", shard), calls(monkeypatch, "read_raw", repeats, shard)
    (raw / "new.txt").write_text(town_story("Newtown"), encoding="utf-8")
    (raw / "007.txt").write_text(town_story("Changed  town"), encoding="utf-8")
    (raw / "rejected.txt").write_bytes(b"")
    build(raw, clean)
    assert sorted(cleaned) == ["007.txt", "new.txt", "rejected.txt"]
    assert sorted(read) == sorted(2 * ["007.txt", "new.txt", "rejected.txt"])  # counting repeated blocks, then cleaning
    cleaned.clear()
    build(raw, clean, ascii=True)  # new settings: everything again
    assert len(cleaned) == 602
    build(raw, clean)
    build(raw, tmp_path / "fresh")
    assert without_state(snapshot(clean)) == without_state(snapshot(tmp_path / "fresh"))


def test_articles_whose_repeated_blocks_changed_count_are_cleaned_again(tmp_path, monkeypatch):
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    footer = "The Riverside Gazette is published by Example Media of Leeds"
    for i in range(9):  # one story short of boilerplate
        (raw / f"footer-{i}.txt").write_text(town_story(town(i), footer), encoding="utf-8")
    for i in range(10):  # boilerplate from the start
        (raw / f"share-{i}.txt").write_text(town_story(town(100 + i), "Share this story with a friend"), encoding="utf-8")
    build(raw, clean)
    assert (clean / "footer-0.txt").read_text().endswith(footer + "\n")
    cleaned = calls(monkeypatch, "clean_article", shard)
    for i in (9, 10):  # the footer is now in 10 stories, then 11: its count is in every log record that removes it
        (raw / f"footer-{i}.txt").write_text(town_story(town(i), footer), encoding="utf-8")
        build(raw, clean)
        assert sorted(cleaned) == sorted(f"footer-{n}.txt" for n in range(i + 1))
        cleaned.clear()
    assert (clean / "footer-0.txt").read_text() == town_story(town(0))
    build(raw, tmp_path / "fresh")
    assert without_state(snapshot(clean)) == without_state(snapshot(tmp_path / "fresh"))


def without_state(files: dict[str, bytes]) -> dict[str, bytes]:
    """The outputs every run over the same input writes byte for byte: not `_state/`, and of `summary.json`
    and the report's `this-run` section not what describes the run itself (options, start, duration, the work
    this run did and its seconds)."""
    kept = {k: v for k, v in files.items() if not k.startswith("_state/")}
    if "report.html" in kept:
        kept["report.html"] = re.sub(rb"<section id=this-run>.*?</section>", b"", kept["report.html"], flags=re.S)
    if "summary.json" in kept:
        summary = json.loads(kept["summary.json"])
        for about_the_run in ("options", "started", "duration_seconds", "processed", "stages"):
            summary.pop(about_the_run, None)
        kept["summary.json"] = json.dumps(summary).encode()
    return kept


def test_the_ascii_option_transliterates_after_every_repair(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("São Paulo — Seсurities\n\nThe café’s “menu”.\n", encoding="utf-8")
    build(raw, tmp_path / "clean", ascii=True)
    assert (tmp_path / "clean" / "a.txt").read_bytes() == b"Sao Paulo - Securities\n\nThe cafe's \"menu\".\n"
    kinds = {c["kind"] for c in records(tmp_path / "clean", "changes.jsonl")}
    assert {"homoglyph", "transliteration"} <= kinds


def luigi_command_line(raw: Path, clean: Path, *extra: str) -> list[str]:
    """`luigi --module pipeline CleanAll`, as a user types it."""
    return [str(Path(sys.executable).with_name("luigi")), "--module", "pipeline", "CleanAll",
            "--raw-dir", str(raw), "--clean-dir", str(clean), *extra]


def luigi_command(raw: Path, clean: Path, *extra: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(luigi_command_line(raw, clean, *extra), cwd=cwd, capture_output=True, text=True, timeout=300)


NOTHING_TO_DO = """
import sys
from luigi.cmdline import luigi_run
try:
    luigi_run(sys.argv[1:])
except SystemExit:
    pass
print(sorted(module for module in ("pipeline.engine", "pipeline.report", "numpy", "wordfreq") if module in sys.modules))
"""


def test_a_run_with_nothing_to_do_loads_neither_the_engine_nor_the_report(raw, tmp_path):
    """Half the time of a no-op run went to importing them (numpy, word lists): a scheduled job that finds
    nothing new ends in a third of a second."""
    clean = tmp_path / "clean"
    assert luigi_command(raw, clean, cwd=tmp_path).returncode == 0
    again = subprocess.run([sys.executable, "-c", NOTHING_TO_DO, *luigi_command_line(raw, clean)[1:]], cwd=tmp_path,
                           capture_output=True, text=True, timeout=60)
    assert again.stdout.splitlines()[-1] == "[]", again.stderr
    assert again.stdout.splitlines()[0].startswith("CleanAll: everything is up to date")


def test_the_command_line_prints_a_summary_and_exits_zero(raw, tmp_path):
    done = luigi_command(raw, tmp_path / "clean", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "articles                               7" in done.stdout
    assert "  empty.txt: empty file: no text to clean" in done.stdout


def test_the_summary_names_twenty_rejects_and_counts_the_rest(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(25):
        (raw / f"empty-{i:02d}.txt").write_bytes(b"")
    (raw / "story.txt").write_text("Title\n\nBody.\n")
    build(raw, tmp_path / "clean")
    capsys.readouterr()
    assert summary.main([str(tmp_path / "clean")]) == 0
    printed = capsys.readouterr().out.splitlines()
    rejected = printed.index("rejected")
    assert printed[rejected:rejected + 23] == (
        ["rejected"] + [f"  empty-{i:02d}.txt: empty file: no text to clean" for i in range(20)]
        + ["  ... and 5 more: see articles.jsonl", "-" * 40])
    clean = tmp_path / "clean"
    started = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00"
    assert re.fullmatch(rf"newsclean {re.escape(__version__)}, started {started}, took \d+\.\d s", printed[-2]), printed[-2]
    assert printed[-1] == (f"logs: {clean}/changes.jsonl (every change), {clean}/articles.jsonl (every article), "
                           f"{clean}/summary.json")
    assert len(json.loads((tmp_path / "clean" / "summary.json").read_text())["rejects"]) == 25


def test_a_missing_raw_folder_is_a_one_line_error_and_a_non_zero_exit(tmp_path):
    done = luigi_command(tmp_path / "nope", tmp_path / "clean", cwd=tmp_path)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1] == f"CleanAll: raw folder not found: {tmp_path / 'nope'}"


def test_the_seeds_come_out_as_their_golden_files(shared, tmp_path):
    build(shared / "seeds", tmp_path / "clean")
    for golden in sorted((shared / "golden").glob("*.txt")):
        assert (tmp_path / "clean" / golden.name).read_bytes() == golden.read_bytes(), golden.name


def test_the_single_file_command_prints_the_clean_text_and_changes(tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes(ARTICLE.encode())
    done = subprocess.run([sys.executable, "-m", "pipeline", str(source), "--changes"], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout == "Title here\n\nThe firm's Securities arm fell to £5m.\n"
    assert [json.loads(line)["stage"] for line in done.stderr.splitlines()][:2] == ["normalise_line_breaks", "normalise_line_breaks"]


def test_a_footer_repeated_across_the_corpus_is_removed_with_its_count(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    footer = "The Riverside Gazette is published by Example Media of Leeds"
    towns = ["Leeds", "York", "Bath", "Hull", "Derby", "Ely", "Wells", "Truro", "Ripon", "Selby", "Otley", "Bude"]
    for i, town in enumerate(towns):
        (raw / f"{i:02d}.txt").write_text(f"{town} news\n\nThe {town} council met on Monday.\n\n"
                                          f"It approved new parks for {town}.\n\n{footer}\n", encoding="utf-8")
    for i in range(20):  # a run of 32 stories: 12 carry the footer, fewer than a majority
        place = "abcdefghijklmnopqrst"[i]
        (raw / f"other-{i}.txt").write_text(f"News of place {place}\n\nNothing in place {place} is repeated.\n",
                                            encoding="utf-8")
    build(raw, tmp_path / "clean")
    assert (tmp_path / "clean" / "03.txt").read_text() == "Hull news\n\nThe Hull council met on Monday.\n\nIt approved new parks for Hull.\n"
    removed = [c for c in records(tmp_path / "clean", "changes.jsonl") if c["stage"] == "remove_repeated_blocks"]
    assert len(removed) == 12
    assert removed[0]["before"] == "\n\n" + footer and removed[0]["detail"] == {"repeated_in": 12}
    assert removed[0]["reason"] == "block repeated in 12 stories of the run removed"
    assert json.loads((tmp_path / "clean" / "summary.json").read_text())["removed_blocks"] == 12

    build(raw, tmp_path / "kept", min_repeats=13)
    assert (tmp_path / "kept" / "03.txt").read_text().endswith(footer + "\n")


def test_duplicate_articles_are_not_emptied_by_the_repeated_block_rule(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    story = "Same story\n\nThe same wire story, published again.\n\nIt has a second paragraph.\n"
    for i in range(10):
        (raw / f"{i}.txt").write_text(story, encoding="utf-8")
    build(raw, tmp_path / "clean")
    assert (tmp_path / "clean" / "0.txt").read_text() == story


def test_a_footer_with_a_changing_date_in_most_stories_of_a_small_folder_is_removed(tmp_path):
    raw = tmp_path / "raw"
    (raw / "gazette").mkdir(parents=True)
    (raw / "wire").mkdir()
    for i, day in enumerate(["March 3", "April 14", "May 1"]):
        (raw / "gazette" / f"{i}.txt").write_text(town_story(town(i), f"The Riverside Gazette, edition of {day}"),
                                                  encoding="utf-8")
    (raw / "gazette" / "3.txt").write_text(town_story(town(3)), encoding="utf-8")
    for i in range(30):  # a large run: the footer is in 3 of its 34 stories, but in 3 of the 4 of its folder
        (raw / "wire" / f"{i}.txt").write_text(town_story(town(100 + i)), encoding="utf-8")
    build(raw, tmp_path / "clean")
    assert (tmp_path / "clean" / "gazette" / "1.txt").read_text() == town_story(town(1))
    removed = [(c["article"], c["before"], c["detail"]) for c in records(tmp_path / "clean", "changes.jsonl")
               if c["stage"] == "remove_repeated_blocks"]
    assert removed == [(f"gazette/{i}.txt", f"\n\nThe Riverside Gazette, edition of {day}", {"repeated_in": 3})
                       for i, day in enumerate(["March 3", "April 14", "May 1"])]


def test_distinct_one_paragraph_stories_that_share_a_footer_lose_the_footer_and_are_not_called_duplicates(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    footer = "The Riverside Gazette, serving the valley since 1870"
    for i in range(12):
        (raw / f"{i}.txt").write_text(f"{town(i)} news\n\nThe {town(i)} council met on Monday and approved new parks, "
                                      f"a library and a bus lane.\n\n{footer}\n", encoding="utf-8")
    build(raw, tmp_path / "clean")
    assert (tmp_path / "clean" / "5.txt").read_text() == (f"{town(5)} news\n\nThe {town(5)} council met on Monday and "
                                                         "approved new parks, a library and a bus lane.\n")
    changes = [c for c in records(tmp_path / "clean", "changes.jsonl") if c["stage"] == "remove_repeated_blocks"]
    assert [c["level"] for c in changes] == ["change"] * 12
