"""A run from the tasks' side: planned after every check that keeps it from doing harm, and known done
only from its outputs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .atomic import RunError, check_writable, read_lines
from .listing import RawFile, list_raw
from .merge import invalidate_run_markers, run_complete
from .paths import OUTPUTS, run_marker
from .planning import RunConfig, plan_shards, run_digest, settings_digest
from .repeats import count_blocks
from .safety import check_folders, check_options, lock_clean_folder, stop_cleanly_on_signals, unlock_clean_folder

MASS_DELETION_OPTION = "--allow-mass-deletion"


@dataclass
class RunPlan:
    shards: list[tuple[int, str, list[str]]]  # (index, fingerprint, article paths)
    repeated_blocks: Path
    repeated_digest: str
    key_files: list[Path]
    digest: str
    marker: Path
    complete: bool


def plan_run(raw_dir: str | Path, clean_dir: str | Path, config: RunConfig, workers: int,
             allow_mass_deletion: bool = False, shared: bool = False) -> RunPlan:
    """Check, lock and plan a run; raise `RunError` (one line) if it cannot start.

    Nothing is written before the options and folders are checked. A run
    with work to do removes the last run's mark before it writes any output,
    refuses to delete most of the outputs at once unless allowed, and from
    then on stops cleanly on SIGTERM or SIGINT. A run that is already done
    releases the lock at once. `shared`: the workers of a run under luigid
    share the clean folder (see `lock_clean_folder`).
    """
    check_options(config, workers)
    check_folders(raw_dir, clean_dir)
    files = list_raw(raw_dir)  # the raw folder is listed once per run
    check_writable(clean_dir)
    lock_clean_folder(clean_dir, json.dumps([str(Path(raw_dir).resolve()), settings_digest(config)]), shared)
    shards = plan_shards(files, config)
    repeated_blocks, repeated_digest, key_files = count_blocks(raw_dir, clean_dir, shards, config, processes=workers)
    digest = run_digest([fingerprint for _, fingerprint, _ in shards], repeated_digest)
    marker = run_marker(clean_dir, digest)
    complete = run_complete(marker)
    if complete:
        unlock_clean_folder(clean_dir)
    else:
        if not allow_mass_deletion:
            check_mass_deletion(raw_dir, clean_dir, files)
        invalidate_run_markers(clean_dir)
        stop_cleanly_on_signals()
    return RunPlan(shards, repeated_blocks, repeated_digest, key_files, digest, marker, complete)


def check_mass_deletion(raw_dir: str | Path, clean_dir: str | Path, files: list[RawFile]) -> None:
    """Refuse a run that would delete more than half of the clean articles because their raw files are gone:
    a raw folder on a share that is not mounted looks empty. Nothing has been written yet."""
    listed = {f.path for f in files}
    try:
        earlier = [json.loads(line.split(" ", 3)[3]) for line in read_lines(Path(clean_dir, OUTPUTS))]
    except (OSError, ValueError, IndexError):
        return  # no complete run before (or its list is damaged): nothing to compare with
    gone = sum(1 for path in earlier if path not in listed)
    if gone * 2 > len(earlier):
        raise RunError(f"{gone:,} of the {len(earlier):,} clean articles would be deleted because their raw files "
                       f"are gone from {raw_dir} (a share not mounted?); nothing was changed: run with "
                       f"{MASS_DELETION_OPTION} to delete them")


def end_run(clean_dir: str | Path) -> None:
    """The run is over in this process: the lock and the signal handlers go back."""
    unlock_clean_folder(clean_dir)
