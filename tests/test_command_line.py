"""The edges a user meets: the library import, the Luigi command line, the run's own figures, the export."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import __version__

from pipeline.diff import paint
from pipeline.batch import shard
from tasks import CleanAll  # noqa: F401  (registered, for the in-process runs of test_run.build)
from tests.conftest import ROOT
from tests.test_run import ARTICLE, build, calls, luigi_command, luigi_command_line, records, snapshot

LUIGI_AND_LOGGING = """
import json, logging, sys
import luigi, luigi.configuration, luigi.task_register

def state():
    config = luigi.configuration.get_config()
    loggers = [logging.root] + [logger for logger in logging.Logger.manager.loggerDict.values()
                                if isinstance(logger, logging.Logger)]
    return {"config": {section: dict(config.items(section)) for section in config.sections()},
            "tasks": sorted(luigi.task_register.Register.task_names()),
            "handlers": {logger.name: [repr(h) for h in logger.handlers] for logger in loggers if logger.handlers},
            "filters": {logger.name: [repr(f) for f in logger.filters] for logger in loggers if logger.filters},
            "levels": {logger.name: logger.level for logger in loggers if logger.level}}

before = state()
IMPORT
after = state()
print(json.dumps({"same": before == after, "before": before, "after": after, "tasks": "tasks" in sys.modules}))
"""


@pytest.mark.parametrize("statement", ["import pipeline.engine",
                                       "from pipeline.engine import clean_text; clean_text('a b')",
                                       "from pipeline import clean_bytes, Options; clean_bytes(b'Title', Options())"])
def test_importing_the_engine_changes_nothing_in_the_callers_process(statement, tmp_path):
    (tmp_path / "luigi.cfg").write_text("[core]\nlog_level = INFO\n")  # the caller's own configuration, to be kept
    done = subprocess.run([sys.executable, "-c", LUIGI_AND_LOGGING.replace("IMPORT", statement)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["before"]["config"]["core"] == {"log_level": "INFO"}
    assert seen["same"], (seen["before"], seen["after"])
    assert not seen["tasks"]


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "news").mkdir(parents=True)
    (raw / "news" / "a.txt").write_bytes(ARTICLE.encode())
    (raw / "b.txt").write_bytes(b"Plain title\n\nA clean body.\n")
    return raw


def test_luigi_deps_tree_shows_the_run_and_writes_nothing(raw, tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    before = snapshot(tmp_path)
    command = [str(Path(sys.executable).with_name("luigi-deps-tree")), *luigi_command_line(raw, tmp_path / "clean")[1:]]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120,
                          env={"TMPDIR": str(scratch), "PATH": str(Path(sys.executable).parent)})
    assert done.returncode == 0, done.stderr
    assert "[CleanAll-" in done.stdout and "[CleanShard-" in done.stdout
    assert snapshot(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["raw", "tmp"]
    assert not list(scratch.iterdir()), "planning's scratch files are removed"


BAD_COMMAND_LINES = {
    "a size with a unit": (["--max-bytes", "10MB"], 2,
                           "newsclean: --max-bytes 10MB: not a whole number; write it as in --max-bytes 10000000"),
    "a worker count in words": (["--workers", "two"], 2,
                                "newsclean: --workers two: not a whole number; write it as in --workers 1"),
    "an abbreviated option": (["--raw", "raw"], 2,
                              "newsclean: --raw: unknown option; did you mean --raw-dir? Options are written in full"),
    "an unknown option": (["--frobnicate", "3"], 2,
                          "newsclean: --frobnicate: unknown option; luigi --module pipeline CleanAll --help lists the "
                          "options"),
    "a stray argument": (["extra"], 2, "newsclean: extra: unexpected argument; options take the form --name value, as "
                                       "in luigi --module pipeline CleanAll --raw-dir raw --clean-dir clean"),
}


@pytest.mark.parametrize("case", BAD_COMMAND_LINES)
def test_a_bad_option_is_one_line_naming_it_and_the_accepted_form(case, raw, tmp_path):
    extra, code, message = BAD_COMMAND_LINES[case]
    done = luigi_command(raw, tmp_path / "clean", *extra, cwd=tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (code, message + "\n", "")
    assert not (tmp_path / "clean").exists()


def test_a_bad_value_in_luigi_cfg_is_one_line_naming_it(raw, tmp_path):
    (tmp_path / "luigi.cfg").write_text("[CleanAll]\nmax_bytes = 10MB\n")
    done = luigi_command(raw, tmp_path / "clean", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, "newsclean: luigi.cfg [CleanAll] max_bytes = 10MB: not a whole number; "
                                                 "write it as in max_bytes = 10000000\n")


def test_a_misspelled_task_is_one_line_naming_the_task(tmp_path):
    done = subprocess.run(luigi_command_line(tmp_path, tmp_path / "clean")[:3] + ["CleanAl"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (2, "newsclean: no task CleanAl; the task is CleanAll, as in luigi "
                                                 "--module pipeline CleanAll --raw-dir raw --clean-dir clean\n")


def test_a_file_given_as_the_raw_folder_and_an_empty_raw_folder_say_so(raw, tmp_path):
    done = luigi_command(raw / "b.txt", tmp_path / "clean", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        1, f"CleanAll: the raw folder {raw / 'b.txt'} is a file, not a folder: "
           "give the folder that holds the articles\n")
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / "notes.md").write_text("not an article")
    done = luigi_command(tmp_path / "empty", tmp_path / "clean", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        1, f"CleanAll: the raw folder {tmp_path / 'empty'} holds no article: no *.txt file in it or below it\n")
    assert not (tmp_path / "clean").exists()


def test_a_run_with_nothing_to_do_says_so_in_one_line(raw, tmp_path):
    assert luigi_command(raw, tmp_path / "clean", cwd=tmp_path).returncode == 0
    done = luigi_command(raw, tmp_path / "clean", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (f"CleanAll: everything is up to date: the 2 articles of {raw} are cleaned in "
                           f"{tmp_path / 'clean'}, nothing changed since the last run\n")


def test_the_summary_records_the_version_options_time_and_figures_per_stage(raw, tmp_path):
    build(raw, tmp_path / "clean", ascii=True)
    summary = json.loads((tmp_path / "clean" / "summary.json").read_text())
    assert list(summary)[:4] == ["version", "options", "started", "duration_seconds"]
    assert summary["version"] == __version__
    assert summary["options"] == {"raw_dir": str(raw), "clean_dir": str(tmp_path / "clean"), "ascii": True,
                                  "max_bytes": 10_000_000, "min_repeats": 10, "max_seconds": 60.0,
                                  "export_jsonl": False}
    assert 0 < summary["duration_seconds"] < 120
    stages = summary["stages"]
    assert summary["processed"] == 2
    assert (stages["repair_homoglyphs"]["changes"], stages["restore_dropped_initial"]["changes"]) == (1, 1)
    assert "transliterate_to_ascii" in stages and all(s["seconds"] >= 0 for s in stages.values())
    logged = records(tmp_path / "clean", "changes.jsonl")
    assert sum(s["changes"] + s["warnings"] for s in stages.values()) == len(logged)


def test_the_export_writes_the_clean_corpus_in_one_file_and_only_merges_again(raw, tmp_path, monkeypatch):
    clean = tmp_path / "clean"
    build(raw, clean)
    cleaned = calls(monkeypatch, "clean_article", shard)
    build(raw, clean, export_jsonl=True)
    assert cleaned == [], "asking for the export cleans nothing again"
    assert records(clean, "corpus.jsonl") == [
        {"path": "b.txt", "text": "Plain title\n\nA clean body.\n", "language": "en", "headline": "Plain title",
         "dateline": None, "status": "unchanged"},
        {"path": "news/a.txt", "text": "Title here\n\nThe firm's Securities arm fell to £5m.\n", "language": "en",
         "headline": "Title here", "dateline": None, "status": "cleaned"}]
    (raw / "c.txt").write_bytes(b"New title\n\nNew body.\n")
    build(raw, clean, export_jsonl=True)
    assert cleaned == ["c.txt"]
    assert [line["path"] for line in records(clean, "corpus.jsonl")] == ["b.txt", "c.txt", "news/a.txt"]
    build(raw, clean)
    assert not (clean / "corpus.jsonl").exists(), "a run without the export leaves no stale export behind"


def test_the_single_article_diff_shows_each_logged_change_in_its_context(tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes(ARTICLE.encode())
    done = subprocess.run([sys.executable, "-m", "pipeline", str(source), "--diff"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "\033[" not in done.stdout, "no colour when the output is no terminal"
    homoglyph = lines.index("repair_homoglyphs (homoglyph): mixed-script word in Latin text")
    assert lines[homoglyph + 1] == "    Title here¶¶he firm's [-Seсurities-]{+Securities+} arm fell to £5m .¶"
    assert lines[-1] == "7 changes, 0 warnings"
    assert paint("Seсurities", "removed", colour=True) == "\033[31mSeсurities\033[0m"


def test_the_single_article_command_line_refuses_a_bad_option_in_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pipeline", "--dif", "a.txt"], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert (done.returncode, done.stderr) == (2, "python -m pipeline: unrecognized arguments: --dif; usage: python -m "
                                                 "pipeline [FILE] [--changes] [--diff] [--ascii]\n")
