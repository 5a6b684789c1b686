"""Issue 14: nothing lost, nothing stale, and no single file can stop a run.

Each test drives the command line (or `luigi.build`) over a small corpus
written here, checks the exact message and exit code, that raw is untouched,
and that the run after it ends byte for byte as a fresh run, report included.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import luigi
import pytest

import tasks.clean
from pipeline.batch import safety
from pipeline.batch.atomic import HOST
from pipeline.batch.planning import RunConfig, settings_digest
from pipeline.report import article_page
from tests.test_run import build, luigi_command_line, snapshot, town, town_story, without_state

STOPPED = "stopped by {}; files already written are whole, and the next run redoes the rest"


def write_corpus(raw: Path, n: int = 4) -> Path:
    """`n` short stories, the first two with the same kinds of damage to repair."""
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (raw / f"{i:02d}.txt").write_text(town_story(town(i)), encoding="utf-8")
    for i in range(2):
        damaged = f"Damaged  title {i}\n\nThe Seсurities firm lost Â£5m .\n"
        (raw / f"{i:02d}.txt").write_text(damaged, encoding="utf-8")
    return raw


def run(raw: Path, clean: Path, *extra: str, **env: str) -> subprocess.CompletedProcess:
    done = subprocess.run(luigi_command_line(raw, clean, *extra), cwd=raw.parent, capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, **env))
    assert "Traceback" not in done.stderr, done.stderr
    return done


def last_line(done: subprocess.CompletedProcess) -> str:
    return done.stderr.strip().splitlines()[-1]


def warnings(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stderr.splitlines() if line.startswith("warning:")]


def assert_as_fresh(raw: Path, clean: Path) -> None:
    """The clean folder holds exactly what a first run over `raw` writes, report included; only the
    summary's list of the outputs this run removed (`removed_outputs`) is the run's own."""
    fresh = clean.with_name(clean.name + "-fresh")
    assert run(raw, fresh).returncode == 0
    ours, theirs = without_state(snapshot(clean)), without_state(snapshot(fresh))
    summaries = [json.loads(files.pop("summary.json")) for files in (ours, theirs)]
    assert ours == theirs
    assert summaries[0] | {"removed_outputs": []} == summaries[1]


def article_records(clean: Path) -> dict[str, dict]:
    lines = (clean / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["article"]: r for r in map(json.loads, lines)}


# 1. Overlapping folders, and links in the clean folder

@pytest.mark.parametrize("layout", ["same", "clean inside raw", "raw inside clean", "clean is a link to raw"])
def test_overlapping_folders_are_refused_before_anything_is_written(layout, tmp_path):
    raw = write_corpus(tmp_path / "data" / "raw")
    clean = {"same": raw, "clean inside raw": raw / "clean", "raw inside clean": tmp_path / "data",
             "clean is a link to raw": tmp_path / "link"}[layout]
    if layout == "clean is a link to raw":
        clean.symlink_to(raw, target_is_directory=True)
    before = snapshot(tmp_path)
    done = run(raw, clean)
    assert done.returncode == 1
    assert last_line(done) == "CleanAll: " + {
        "same": f"the clean folder {clean} is the raw folder {raw}: choose a folder outside it",
        "clean inside raw": f"the clean folder {clean} is inside the raw folder {raw}: choose a folder outside it",
        "raw inside clean": f"the raw folder {raw} is inside the clean folder {clean}: "
                            "choose a clean folder outside it",
        "clean is a link to raw": f"the clean folder {clean} is the raw folder {raw}: choose a folder outside it",
    }[layout]
    assert snapshot(tmp_path) == before, "nothing written, raw untouched"


def test_a_linked_folder_planted_in_the_clean_folder_is_not_followed(tmp_path):
    raw = write_corpus(tmp_path / "raw")
    (raw / "news").mkdir()
    (raw / "news" / "a.txt").write_text(town_story("Leeds"), encoding="utf-8")
    outside, clean = tmp_path / "outside", tmp_path / "clean"
    outside.mkdir(), clean.mkdir()
    (outside / "a.txt").write_text("not the pipeline's\n")
    (clean / "news").symlink_to(outside, target_is_directory=True)
    (clean / "01.txt").symlink_to(outside / "a.txt")  # a planted file link is replaced, its target untouched
    assert run(raw, clean).returncode == 0
    assert snapshot(outside) == {"a.txt": b"not the pipeline's\n"}
    assert not (clean / "news").is_symlink() and not (clean / "01.txt").is_symlink()
    assert_as_fresh(raw, clean)


# 2. Completion comes from the outputs

def test_a_clean_article_deleted_or_edited_by_hand_is_restored_by_the_next_run(tmp_path):
    raw, clean = write_corpus(tmp_path / "raw"), tmp_path / "clean"
    assert run(raw, clean).returncode == 0
    (clean / "00.txt").unlink()
    (clean / "01.txt").write_bytes((clean / "01.txt").read_bytes()[:10])
    (clean / "02.txt").write_bytes((clean / "02.txt").read_bytes().replace(b"Monday", b"Sunday"))  # same size
    (clean / "summary.json").unlink()
    assert run(raw, clean).returncode == 0
    assert_as_fresh(raw, clean)


def test_a_run_stopped_after_its_shards_and_a_raw_folder_restored_with_old_times_end_as_a_fresh_run(tmp_path,
                                                                                                    monkeypatch):
    raw, clean = write_corpus(tmp_path / "raw"), tmp_path / "clean"
    story = raw / "01.txt"
    story.write_text("Title\n\nThe cat sat.\n")
    assert build(raw, clean) == luigi.LuigiStatusCode.SUCCESS
    kept = os.stat(story)
    story.write_text("Title\n\nThe dog sat.\n")  # the same size: only the content and the time differ

    def killed(*args, **kwargs):
        raise RuntimeError("killed")  # the run is stopped after its shards wrote the clean files, before the merge

    monkeypatch.setattr(tasks.clean, "merge_run", killed)
    assert build(raw, clean) == luigi.LuigiStatusCode.FAILED
    assert (clean / "01.txt").read_text() == "Title\n\nThe dog sat.\n"
    monkeypatch.undo()
    story.write_text("Title\n\nThe cat sat.\n")  # `cp -p`: the same file, its old content and time
    os.utime(story, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert os.stat(story)[stat.ST_INO] == kept.st_ino
    assert build(raw, clean) == luigi.LuigiStatusCode.SUCCESS
    assert (clean / "01.txt").read_text() == "Title\n\nThe cat sat.\n"
    assert_as_fresh(raw, clean)


# 3 and 6. Every entry under raw ends as cleaned or rejected, links follow their target

def deep_folder(root: Path, depth: int) -> str:
    """Folders of 200-byte names, `depth` deep, made through descriptors (their path is too long to open)."""
    fd, parts = os.open(root, os.O_DIRECTORY), []
    for level in range(depth):
        name = f"{level:02d}" + "d" * 198
        os.mkdir(name, dir_fd=fd)
        fd, parts = os.open(name, os.O_DIRECTORY, dir_fd=fd), parts + [name]
    os.close(os.open("a.txt", os.O_CREAT | os.O_WRONLY, dir_fd=fd))
    return "/".join(parts)


def test_odd_entries_are_cleaned_or_rejected_with_their_reason_and_never_stop_the_run(tmp_path):
    raw, clean = write_corpus(tmp_path / "raw"), tmp_path / "clean"
    os.mkfifo(raw / "fifo.txt")
    (raw / "loop-a.txt").symlink_to("loop-b.txt")
    (raw / "loop-b.txt").symlink_to("loop-a.txt")
    (raw / "target.txt").write_text(town_story("Bath"))
    (raw / "alias.txt").symlink_to("target.txt")
    latin1 = os.fsdecode(b"caf\xe9 news.txt")
    (raw / latin1).write_text(town_story("Wells"))
    long_name = "n" * 247 + ".txt"  # 251 bytes: the longest name most systems take, less `.txt`'s room for more
    (raw / long_name).write_text(town_story("Ely"))
    (raw / "sub.txt").mkdir()  # a folder, to be replaced by a file of the same name
    (raw / "sub.txt" / "inner.txt").write_text(town_story("Selby"))
    deep = deep_folder(raw, 22)  # listing stops at the folder whose path passes the limit
    try:
        os.mknod(raw / "zero.txt", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("no character device can be made here")
    done = run(raw, clean)
    assert done.returncode == 0, done.stderr
    by_article = article_records(clean)
    too_long = next(a for a in by_article if a.startswith(deep[:3000]))
    assert {a: r.get("reason") for a, r in by_article.items() if r["status"] == "rejected"} == {
        "fifo.txt": "not a regular file: a named pipe (FIFO)",
        "zero.txt": "not a regular file: a character device",
        "loop-a.txt": "unreadable: Too many levels of symbolic links",
        "loop-b.txt": "unreadable: Too many levels of symbolic links",
        too_long: f"path of {len(os.fsencode(raw / too_long)):,} bytes is over the system's limit of 4,095 bytes: "
                  "not read",
    }
    assert (clean / latin1).read_text() == (clean / long_name).read_text().replace("Ely", "Wells")
    assert (clean / "alias.txt").read_text() == town_story("Bath")
    assert f"  caf\\xe9 news.txt: " not in done.stdout  # cleaned, not rejected: the summary names only rejects

    (raw / "target.txt").write_text(town_story("Hull"))  # an edit of a link's target is an edit of the link
    (raw / "02.txt").unlink()
    (raw / "02.txt").mkdir()  # a file replaced by a folder of the same name
    (raw / "02.txt" / "inner.txt").write_text(town_story("York"))
    shutil.rmtree(raw / "sub.txt")
    (raw / "sub.txt").write_text(town_story("Otley"))  # and the reverse
    done = run(raw, clean)
    assert done.returncode == 0, done.stderr
    assert (clean / "alias.txt").read_text() == town_story("Hull")
    assert (clean / "02.txt" / "inner.txt").read_text() == town_story("York")
    assert (clean / "sub.txt").read_text() == town_story("Otley")
    assert_as_fresh(raw, clean)


# 4. One run per clean folder

def test_a_run_with_other_options_is_refused_while_one_runs_and_one_with_the_same_options_waits(tmp_path):
    raw, clean = write_corpus(tmp_path / "raw"), tmp_path / "clean"
    (clean / "_state").mkdir(parents=True)
    identity = json.dumps([str(raw), settings_digest(RunConfig())])
    safety.lock_clean_folder(clean, identity)  # this process stands for a run without --ascii
    try:
        done = run(raw, clean, "--ascii")
        assert done.returncode == 1
        assert last_line(done) == (f"CleanAll: another run with other options (pid {os.getpid()}) is writing to "
                                   f"{clean}; wait for it to end, or choose another clean folder")
        assert sorted(p.name for p in clean.iterdir()) == ["_state"]
        same = subprocess.Popen(luigi_command_line(raw, clean), cwd=tmp_path, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert same.poll() is None and sorted(p.name for p in clean.iterdir()) == ["_state"], "it waits"
    finally:
        safety.unlock_clean_folder(clean)
    assert same.wait(timeout=120) == 0
    assert f"CleanAll: waiting for the run (pid {os.getpid()}) writing to {clean} to end" in same.stderr.read()
    assert stat.S_IMODE(os.stat(clean / "_state" / "run.lock").st_mode) == 0o644
    assert_as_fresh(raw, clean)


def test_only_temporary_files_of_processes_that_are_gone_are_removed(tmp_path):
    raw, clean = write_corpus(tmp_path / "raw"), tmp_path / "clean"
    assert run(raw, clean).returncode == 0
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead, live = clean / f".01.txt.{HOST}-{gone.stdout.strip()}.tmp", clean / f".02.txt.{HOST}-{os.getpid()}.tmp"
    dead.write_text("half"), live.write_text("being written")
    (raw / "new.txt").write_text(town_story("Derby"))
    assert run(raw, clean).returncode == 0
    assert not dead.exists() and live.read_text() == "being written"
    live.unlink()
    assert_as_fresh(raw, clean)


def test_luigis_own_lock_is_not_made_in_a_shared_temporary_folder(tmp_path):
    raw, tmp = write_corpus(tmp_path / "raw"), tmp_path / "tmp"
    tmp.mkdir()
    assert run(raw, tmp_path / "clean", TMPDIR=str(tmp)).returncode == 0
    assert list(tmp.iterdir()) == []


# 5. Damaged state

def test_damaged_state_is_a_warning_and_the_shard_runs_again(tmp_path):
    raw, clean = write_corpus(tmp_path / "raw"), tmp_path / "clean"
    assert run(raw, clean).returncode == 0
    state = clean / "_state"
    [records] = state.glob("shards/*.articles.jsonl")
    [keys] = state.glob("keys/*.keys")
    [marker] = state.glob("run-*.done")
    records.write_bytes(b"\x00\xff garbage")
    keys.write_bytes(b"".join(keys.read_bytes().splitlines(keepends=True)[:-3]))  # cut short at a line's end
    marker.write_bytes(b"{not json")
    done = run(raw, clean)
    assert done.returncode == 0, done.stderr
    assert warnings(done) == [  # the run's mark is read first: the repeated blocks are counted only if it is not done
        f"warning: {marker} is unreadable (JSONDecodeError); the run is done again",
        f"warning: {keys} is unreadable; its articles are read again",
        f"warning: {records} is unreadable (UnicodeDecodeError); its shard runs again",
    ]
    assert_as_fresh(raw, clean)


# 7. Signals

@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_shard_processes_before_the_command_exits(signum, tmp_path):
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    for i in range(600):  # four shards, a few seconds of work in two processes
        (raw / f"{i:04d}.txt").write_text(town_story(town(i)) * 3, encoding="utf-8")
    command = subprocess.Popen(luigi_command_line(raw, clean, "--workers", "2"), cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(clean.glob("*.txt")) and time.monotonic() < deadline:
        time.sleep(0.05)
    command.send_signal(signum)
    stderr = command.communicate(timeout=60)[1]
    left = snapshot(clean)
    time.sleep(1)
    assert snapshot(clean) == left, "no process writes after the command has returned"
    assert not [name for name in left if name.endswith(".tmp")]
    assert command.returncode == 128 + signum
    assert stderr.strip().splitlines()[-1] == "CleanAll: " + STOPPED.format(signal.Signals(signum).name)
    assert "Traceback" not in stderr
    assert not (clean / "articles.jsonl").exists()
    assert run(raw, clean).returncode == 0
    assert_as_fresh(raw, clean)


# 8. Mass deletion, escape sequences in names, report pages of removed articles, bad option values

def test_a_run_that_would_delete_most_outputs_keeps_them_unless_allowed(tmp_path):
    raw, clean = write_corpus(tmp_path / "raw"), tmp_path / "clean"
    assert run(raw, clean).returncode == 0
    before = snapshot(clean)
    for i in range(1, 4):
        (raw / f"{i:02d}.txt").unlink()
    done = run(raw, clean)
    assert done.returncode == 1
    assert last_line(done) == (f"CleanAll: 3 of the 4 clean articles would be deleted because their raw files are "
                               f"gone from {raw} (a share not mounted?); nothing was changed: run with "
                               "--allow-mass-deletion to delete them")
    assert without_state(snapshot(clean)) == without_state(before)
    assert run(raw, clean, "--allow-mass-deletion").returncode == 0
    assert sorted(p.name for p in clean.glob("*.txt")) == ["00.txt"]
    assert_as_fresh(raw, clean)


def test_escape_sequences_in_names_are_not_printed_raw_and_removed_articles_lose_their_report_page(tmp_path):
    raw, clean = write_corpus(tmp_path / "raw"), tmp_path / "clean"
    (raw / "\x1b[31mred.txt").write_bytes(b"")
    done = run(raw, clean)
    assert "\x1b" not in done.stdout
    assert "  \\x1b[31mred.txt: empty file: no text to clean" in done.stdout.splitlines()
    page = clean / article_page("00.txt")
    assert page.exists()
    (raw / "00.txt").unlink()
    assert run(raw, clean).returncode == 0
    assert not page.exists()
    assert_as_fresh(raw, clean)


@pytest.mark.parametrize("option, value, message", [
    ("--workers", "0", "--workers must be 1 or more, not 0"),
    ("--max-seconds", "0", "--max-seconds must be more than 0 (seconds per article), not 0"),
    ("--max-seconds", "-1", "--max-seconds must be more than 0 (seconds per article), not -1"),
    ("--max-bytes", "-1", "--max-bytes must be 1 or more (bytes per article), not -1"),
    ("--min-repeats", "1", "--min-repeats must be 2 or more (a block repeated in that many stories), not 1"),
])
def test_a_bad_option_value_is_a_one_line_error(option, value, message, tmp_path):
    raw = write_corpus(tmp_path / "raw")
    done = run(raw, tmp_path / "clean", option, value)
    assert (done.returncode, last_line(done)) == (1, f"CleanAll: {message}")
    assert not (tmp_path / "clean").exists()
