"""CleanAll and the tasks it runs: parameters, dependencies, outputs; the work is `pipeline.batch`'s.

    CleanAll
      ├─ RepeatedBlocks          reduce: blocks found in many articles
      │    └─ BlockKeys × shard  map: fingerprints of each article's edge lines
      └─ CleanShard × shard      clean, removing those repeated blocks (a dynamic dependency)
"""
from __future__ import annotations

import sys
from pathlib import Path

import luigi

from pipeline.batch import (MIN_REPEATS_DEFAULT, RunConfig, RunError, clean_shard, collect_block_keys,
                            count_repeated_blocks, keys_output, list_raw, load_repeated_blocks, mark_run_complete,
                            merge_run, plan_shards, repeated_output, run_digest, run_marker, shard_outputs)
from pipeline.engine import load_resources
from pipeline.report import write_report
from pipeline.summary import format_summary


class RunTask(luigi.Task):
    """Parameters every task of a run shares."""

    raw_dir = luigi.Parameter(default="raw")
    clean_dir = luigi.Parameter(default="clean")
    ascii = luigi.BoolParameter(default=False, description="add an ASCII rendition (unidecode) after every repair")
    max_bytes = luigi.IntParameter(default=10_000_000, description="reject articles larger than this")
    min_repeats = luigi.IntParameter(default=MIN_REPEATS_DEFAULT, description="a block in this many articles is boilerplate")

    def config(self) -> RunConfig:
        return RunConfig(self.ascii, self.max_bytes, self.min_repeats)

    def run_parameters(self) -> dict:
        return {name: getattr(self, name) for name in ("raw_dir", "clean_dir", "ascii", "max_bytes", "min_repeats")}


class ShardTask(RunTask):
    """A task over one shard; the fingerprint changes when any of its articles or the run's settings do."""

    shard = luigi.IntParameter()
    fingerprint = luigi.Parameter()
    paths = luigi.ListParameter(significant=False)


class BlockKeys(ShardTask):
    def output(self):
        return luigi.LocalTarget(str(keys_output(self.clean_dir, self.shard, self.fingerprint)))

    def run(self):
        collect_block_keys(self.raw_dir, self.clean_dir, self.shard, self.fingerprint, list(self.paths), self.config())


class RepeatedBlocks(RunTask):
    digest = luigi.Parameter()
    plan = luigi.ListParameter(significant=False)

    def requires(self):
        return [BlockKeys(shard=index, fingerprint=fingerprint, paths=paths, **self.run_parameters())
                for index, fingerprint, paths in self.plan]

    def output(self):
        return luigi.LocalTarget(str(repeated_output(self.clean_dir, self.digest)))

    def run(self):
        count_repeated_blocks([Path(t.path) for t in self.input()], self.min_repeats, Path(self.output().path))


class CleanShard(ShardTask):
    repeated_blocks = luigi.Parameter(significant=False)
    repeated_digest = luigi.Parameter()

    def output(self):
        records, changes = shard_outputs(self.clean_dir, self.shard, self.fingerprint, self.repeated_digest)
        return {"records": luigi.LocalTarget(str(records)), "changes": luigi.LocalTarget(str(changes))}

    def run(self):
        self.set_status_message(f"cleaning {len(self.paths)} articles")
        clean_shard(self.raw_dir, self.clean_dir, list(self.paths), self.config(), self.repeated_blocks,
                    Path(self.output()["records"].path), Path(self.output()["changes"].path))
        self.set_progress_percentage(100)


class CleanAll(RunTask):
    """Clean every `*.txt` under --raw-dir into --clean-dir, with a change log and a summary."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            self.plan = plan_shards(list_raw(self.raw_dir), self.config())  # the raw folder is listed once per run
        except RunError as err:
            sys.exit(f"CleanAll: {err}")  # a run that cannot start says why in one line, and exits non-zero
        self.digest = run_digest([fingerprint for _, fingerprint, _ in self.plan])
        if not self.complete():
            load_resources()  # before Luigi forks a process per shard, so that each does not load its own

    def requires(self):
        return RepeatedBlocks(digest=self.digest, plan=self.plan, **self.run_parameters())

    def output(self):
        return luigi.LocalTarget(str(run_marker(self.clean_dir, self.digest)))

    def run(self):
        _, repeated_digest = load_repeated_blocks(self.input().path)
        shards = yield [CleanShard(shard=index, fingerprint=fingerprint, paths=paths, repeated_blocks=self.input().path,
                                   repeated_digest=repeated_digest, **self.run_parameters())
                        for index, fingerprint, paths in self.plan]
        keys = [Path(t.path) for t in self.requires().input()]
        summary = merge_run(self.clean_dir, [(Path(t["records"].path), Path(t["changes"].path)) for t in shards],
                            keys + [Path(self.input().path)])
        report = write_report(self.clean_dir, self.raw_dir)
        print(format_summary(summary) + f"report: {report}\n")
        mark_run_complete(Path(self.output().path))
