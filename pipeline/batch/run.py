"""A run from the tasks' side: checked and planned without writing anything, started (locked) only when it
has work to do, and known done only from its outputs.
"""
from __future__ import annotations

import functools
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .atomic import RunError, check_writable, read_lines
from .listing import RawFile, list_raw
from .merge import invalidate_run_markers, run_complete
from .paths import OUTPUTS, run_marker
from .planning import RunConfig, plan_shards, planning_scratch, run_digest, settings_digest
from .repeats import RepeatedBlocks, count_blocks
from .safety import check_folders, check_options, lock_clean_folder, stop_cleanly_on_signals, unlock_clean_folder

MASS_DELETION_OPTION = "--allow-mass-deletion"


@dataclass
class RunPlan:
    """A run as planned: when, its shards, its digest and mark, whether it is done, its repeated blocks."""

    started: float
    shards: list[tuple[int, str, list[str]]]  # (index, fingerprint, article paths)
    digest: str
    marker: Path
    complete: bool
    scratch: tempfile.TemporaryDirectory  # planning's files until the run keeps them; removed with the plan
    count_repeated: Callable[[], RepeatedBlocks]  # counts the repeated blocks (`repeats.count_blocks`)
    under_way: bool = False  # `start_run` was called for it

    @functools.cached_property
    def repeated(self) -> RepeatedBlocks:
        """The run's repeated blocks, counted when first asked for: a run found done never asks."""
        return self.count_repeated()


def plan_run(raw_dir: str | Path, clean_dir: str | Path, config: RunConfig, workers: int,
             export_jsonl: bool = False, allow_mass_deletion: bool = False,
             meanwhile: Callable[[], object] | None = None) -> RunPlan:
    """Check and plan a run, writing nothing; raise `RunError` (one line) if it cannot start.

    The options and folders are checked first, then the raw folder is listed
    (once per run): a run that would delete most of the outputs is refused
    unless allowed, and a first run on a folder with no article says so.
    Planning runs whenever Luigi looks at the run, `luigi-deps-tree` too:
    what it computes goes to a scratch folder (see `repeats.count_blocks`).
    The repeated blocks are counted only if the run is not done; `meanwhile`
    runs while planning's processes read new articles for that count (a run
    that reads articles has work to do: the tasks load the engine then).
    """
    started = time.time()  # the run starts with its planning
    check_options(config, workers)
    check_folders(raw_dir, clean_dir)
    files = list_raw(raw_dir)
    check_writable(clean_dir)
    check_deletions(raw_dir, clean_dir, files, allow_mass_deletion)
    scratch = planning_scratch()
    shards = plan_shards(files, config)
    digest = run_digest([fingerprint for _, fingerprint, _ in shards], export_jsonl)
    marker = run_marker(clean_dir, digest)
    count = functools.partial(count_blocks, raw_dir, clean_dir, shards, config, Path(scratch.name), workers, meanwhile)
    plan = RunPlan(started, shards, digest, marker, run_complete(marker), scratch, count)
    if not plan.complete:
        plan.repeated  # now, as planning: every worker of a distributed run names the same shard tasks
    return plan


def check_deletions(raw_dir: str | Path, clean_dir: str | Path, files: list[RawFile], allowed: bool) -> None:
    """Refuse a run that would delete more than half of the clean articles because their raw files are gone
    (a raw folder on a share that is not mounted looks empty) unless `allowed`, and a raw folder without
    an article where no earlier run left any. Nothing has been written yet."""
    listed = {f.path for f in files}
    try:
        earlier = [json.loads(line.split(" ", 3)[3]) for line in read_lines(Path(clean_dir, OUTPUTS))]
    except (OSError, ValueError, IndexError):
        earlier = []  # no complete run before (or its list is damaged): nothing to compare with
    if not files and not earlier:
        raise RunError(f"the raw folder {raw_dir} holds no article: no *.txt file in it or below it")
    gone = sum(1 for path in earlier if path not in listed)
    if gone * 2 > len(earlier) and not allowed:
        raise RunError(f"{gone:,} of the {len(earlier):,} clean articles would be deleted because their raw files "
                       f"are gone from {raw_dir} (a share not mounted?); nothing was changed: run with "
                       f"{MASS_DELETION_OPTION} to delete them")


def start_run(raw_dir: str | Path, clean_dir: str | Path, config: RunConfig, shared: bool = False) -> None:
    """The run is about to write: take the clean folder's lock (`shared` by the workers of a run under luigid,
    see `lock_clean_folder`), remove the last run's mark so that a run stopped half-way is never taken for
    done, and from then on stop cleanly on SIGTERM or SIGINT."""
    lock_clean_folder(clean_dir, json.dumps([str(Path(raw_dir).resolve()), settings_digest(config)]), shared)
    invalidate_run_markers(clean_dir)
    stop_cleanly_on_signals()


def end_run(clean_dir: str | Path) -> None:
    """The run is over in this process: the lock and the signal handlers go back."""
    unlock_clean_folder(clean_dir)
