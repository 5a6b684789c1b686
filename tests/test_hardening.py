"""Adversarial input, faults and safety: nothing hangs, nothing is lost, nothing is half-written."""
from __future__ import annotations

import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

from pipeline import engine
from pipeline.batch.planning import RunConfig
from pipeline.batch.shard import clean_article
from pipeline.engine import Options
from tests.test_run import build, luigi_command, luigi_command_line, snapshot, without_state

CONTROLS = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf"))
PATHOLOGICAL = {
    "one 2 MB line": "The firm said profits rose. " * 75_000,
    "a million letters": "a" * 1_000_000,
    "a run of capitals": "AB " * 200_000,
    "a line of dots": "." * 1_000_000,
    "open parentheses": "(" * 200_000,
    "open quotes": "“" * 200_000,
    "combining marks only": "a" + "\u0301" * 200_000,
    "every control and format character": CONTROLS * 2,
    "a million line breaks": "\n" * 1_000_000 + "x",
    "a lower-case opening": "he " * 300_000,
    "a restarted opening, again and again": "Sales of new homes rose 5% in Ma" * 50_000,
    "many blocks": "Para.\n\n" * 200_000,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_input_is_cleaned_within_the_time_limit(name, tmp_path):
    (tmp_path / "a.txt").write_text(PATHOLOGICAL[name], encoding="utf-8")
    result, _ = clean_article(tmp_path, "a.txt", RunConfig(max_bytes=50_000_000, max_seconds=60), Options())
    assert result.rejected is None or result.rejected.startswith(("binary data", "no text left")), result.rejected


def test_an_article_over_the_size_limit_is_rejected_unread(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"x" * 50_000_001)
    result, data = clean_article(tmp_path, "big.txt", RunConfig(), Options())
    assert (result.rejected, data) == ("file of 50000001 bytes is over the size limit of 10000000 bytes", None)


def test_an_article_that_takes_too_long_is_rejected_and_the_run_goes_on(tmp_path, monkeypatch):
    def stuck(text, article):
        time.sleep(5)
        return []

    monkeypatch.setattr(engine, "STAGES", [stuck] + engine.STAGES)
    (tmp_path / "a.txt").write_text("Title\n\nBody.\n")
    result, _ = clean_article(tmp_path, "a.txt", RunConfig(max_seconds=0.5), Options())
    assert result.rejected == "cleaning took longer than the limit of 0.5 s"


def corpus(shared, raw: Path, copies: int = 4) -> Path:
    for copy in range(copies):
        shutil.copytree(shared / "bench" / "dev" / "raw", raw / f"copy{copy}")
    return raw


def test_a_run_killed_at_a_random_moment_and_restarted_ends_as_an_uninterrupted_run(shared, tmp_path):
    raw = corpus(shared, tmp_path / "raw")
    build(raw, tmp_path / "whole")
    for seed in range(2):
        moment = random.Random(seed).uniform(1.0, 4.0)
        run = subprocess.Popen(luigi_command_line(raw, tmp_path / "killed", "--workers", "2"), cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(moment)
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    done = luigi_command(raw, tmp_path / "killed", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert without_state(snapshot(tmp_path / "killed")) == without_state(snapshot(tmp_path / "whole"))
    assert not list((tmp_path / "killed").rglob("*.tmp"))


def test_two_runs_started_at_once_do_not_corrupt_each_other(shared, tmp_path):
    raw = corpus(shared, tmp_path / "raw", copies=2)
    build(raw, tmp_path / "alone")
    runs = [subprocess.Popen(luigi_command_line(raw, tmp_path / "both"), cwd=tmp_path, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    codes = sorted(r.wait(timeout=300) for r in runs)
    assert codes in ([0, 0], [0, 10])  # 10: Luigi's lock turned the second one away
    assert without_state(snapshot(tmp_path / "both")) == without_state(snapshot(tmp_path / "alone"))


def test_an_unwritable_clean_folder_is_a_clear_error_and_leaves_nothing(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Title\n\nBody.\n")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = luigi_command(raw, blocker / "clean", cwd=tmp_path)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1] == f"CleanAll: cannot write to the clean folder {blocker / 'clean'}: Not a directory"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "raw"]


def test_links_out_of_raw_are_not_followed_and_odd_names_stay_inside_clean(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret\n\nNot an article of this run.\n")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "link.txt").symlink_to(outside / "secret.txt")
    (raw / "folder-link").symlink_to(outside, target_is_directory=True)
    for name in ("with space.txt", "-dash.txt", "ünïcode.txt", "..dots.txt"):
        (raw / name).write_text(f"{name}\n\nBody.\n")
    build(raw, tmp_path / "clean")
    written = sorted(p.relative_to(tmp_path / "clean").as_posix() for p in (tmp_path / "clean").glob("*.txt"))
    assert written == ["-dash.txt", "..dots.txt", "with space.txt", "ünïcode.txt"]
    assert not (tmp_path / "clean" / "folder-link").exists()
    records = (tmp_path / "clean" / "articles.jsonl").read_text(encoding="utf-8")
    assert '"reason": "link pointing outside the raw folder: not followed"' in records


def on_a_small_disk(size: int, *commands: list[str], disk: Path, out: Path) -> list[subprocess.CompletedProcess]:
    """Run each command with `disk` a tmpfs of `size` bytes, then of 64 MiB for the last one.

    The tmpfs lives in a private mount namespace (as root, or in a user
    namespace otherwise), so the test needs no privilege beyond `unshare`.
    `disk`'s contents after each command are copied to `out/<i>`.
    """
    steps = [f"mount -t tmpfs -o size={size} tmpfs {disk}"]
    for i, command in enumerate(commands):
        if i == len(commands) - 1:
            steps.append(f"mount -o remount,size=64m {disk}")
        steps.append(f"{shlex.join(command)} >{out}/{i}.out 2>{out}/{i}.err; echo $? >{out}/{i}.rc; cp -a {disk} {out}/{i}")
    namespace = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "--user", "--map-root-user", "--mount"]
    subprocess.run([*namespace, "sh", "-c", "; ".join(steps)], check=True, timeout=300)
    return [subprocess.CompletedProcess(command, int((out / f"{i}.rc").read_text()), (out / f"{i}.out").read_text(),
                                        (out / f"{i}.err").read_text()) for i, command in enumerate(commands)]


def disk_use(files: dict[str, bytes]) -> int:
    return sum(-(-len(data) // 4096) * 4096 for data in files.values())  # tmpfs counts whole pages


@pytest.mark.parametrize("share", [0.01, 0.3, 0.9])  # full while planning, while cleaning, while merging or reporting
def test_a_full_disk_is_a_clear_error_leaves_nothing_half_written_and_the_next_run_finishes(share, shared, tmp_path):
    raw = corpus(shared, tmp_path / "raw", copies=1)
    build(raw, tmp_path / "whole")
    whole = snapshot(tmp_path / "whole")
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir(), out.mkdir()
    run = luigi_command_line(raw, disk / "clean")
    full, again = on_a_small_disk(int(disk_use(whole) * share), run, run, disk=disk, out=out)

    assert full.returncode != 0
    assert "Traceback" not in full.stderr
    reason = full.stderr.strip().splitlines()[-1]
    assert re.fullmatch(rf"(ERROR: )?CleanAll: cannot write {disk}/clean/\S+: No space left on device; "
                        r"files already written are whole, and the next run redoes the rest", reason), reason
    left = snapshot(out / "0")
    assert not [name for name in left if name.endswith((".tmp", ".new"))]
    for name, data in left.items():
        if name.endswith(".txt"):
            assert data == whole[name.removeprefix("clean/")], name
    assert again.returncode == 0, again.stderr
    assert without_state({k.removeprefix("clean/"): v for k, v in snapshot(out / "1").items()}) == without_state(whole)
