"""Two worker processes coordinated by a real luigid on loopback clean every article exactly once."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch.planning import shard_count
from tests.conftest import ROOT
from tests.test_run import build, snapshot, without_state

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def luigid(tmp_path):
    port = free_port()
    (tmp_path / "luigid").mkdir()
    server = subprocess.Popen([str(BIN / "luigid"), "--address", "127.0.0.1", "--port", str(port),
                               "--logdir", str(tmp_path / "luigid"), "--state-path", str(tmp_path / "luigid" / "state.pickle")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("luigid did not start")
    yield port
    server.terminate()
    server.wait(timeout=30)


def test_two_workers_under_luigid_clean_each_article_once_as_one_process_would(luigid, shared, tmp_path):
    raw = tmp_path / "raw"
    for copy in range(4):  # four copies of the dev benchmark: several shards to share out
        shutil.copytree(shared / "bench" / "dev" / "raw", raw / f"copy{copy}")
    expected_shards = shard_count(len(list(raw.rglob("*.txt"))))
    build(raw, tmp_path / "single")

    env = dict(os.environ, LUIGI_CONFIG_PATH=str(ROOT / "luigi-central.cfg"))
    command = [str(BIN / "luigi"), "--module", "pipeline", "CleanAll", "--raw-dir", str(raw), "--clean-dir", str(tmp_path / "central"),
               "--scheduler-host", "127.0.0.1", "--scheduler-port", str(luigid), "--workers", "1", "--log-level", "INFO"]
    workers = [subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
               for _ in range(2)]
    logs = [w.communicate(timeout=300)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], logs

    ran = [re.findall(r"running\s+(CleanShard\(.*?shard=\d+)", log) for log in logs]
    shards = sorted(s for worker in ran for s in worker)
    assert expected_shards > 1
    assert len(shards) == expected_shards and len(set(shards)) == expected_shards, "each shard runs once, in one worker"
    assert all(ran), "both workers take shards"
    single, central = snapshot(tmp_path / "single"), snapshot(tmp_path / "central")
    assert ({k: v for k, v in without_state(central).items() if not k.startswith("report")}
            == {k: v for k, v in without_state(single).items() if not k.startswith("report")})
