"""CleanAll and its shards: parameters, dependencies, outputs; the work is `pipeline.batch`'s."""
from __future__ import annotations

import sys
from pathlib import Path

import luigi

from pipeline.batch import RunConfig, RunError, clean_shard, list_raw, mark_run_complete, merge_run, plan_shards, run_marker, shard_outputs
from pipeline.summary import format_summary


class CleanShard(luigi.Task):
    """Clean one shard of articles; its fingerprint changes when any of its inputs does."""

    raw_dir = luigi.Parameter()
    clean_dir = luigi.Parameter()
    shard = luigi.IntParameter()
    fingerprint = luigi.Parameter()
    paths = luigi.ListParameter(significant=False)
    ascii = luigi.BoolParameter(default=False)
    max_bytes = luigi.IntParameter(default=10_000_000)

    def output(self):
        records, changes = shard_outputs(self.clean_dir, self.shard, self.fingerprint)
        return {"records": luigi.LocalTarget(str(records)), "changes": luigi.LocalTarget(str(changes))}

    def run(self):
        self.set_status_message(f"cleaning {len(self.paths)} articles")
        clean_shard(self.raw_dir, self.clean_dir, self.shard, self.fingerprint, list(self.paths),
                    RunConfig(self.ascii, self.max_bytes))
        self.set_progress_percentage(100)


class CleanAll(luigi.Task):
    """Clean every `*.txt` under --raw-dir into --clean-dir, with a change log and a summary."""

    raw_dir = luigi.Parameter(default="raw")
    clean_dir = luigi.Parameter(default="clean")
    ascii = luigi.BoolParameter(default=False, description="add an ASCII rendition (unidecode) after every repair")
    max_bytes = luigi.IntParameter(default=10_000_000, description="reject articles larger than this")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            self.raw_files = list_raw(self.raw_dir)  # listed once per run
        except RunError as err:
            sys.exit(f"CleanAll: {err}")  # a run that cannot start says why in one line, and exits non-zero

    def requires(self):
        if not hasattr(self, "_shards"):
            plan = plan_shards(self.raw_files, RunConfig(self.ascii, self.max_bytes))
            self._shards = [
                CleanShard(raw_dir=self.raw_dir, clean_dir=self.clean_dir, shard=index, fingerprint=fingerprint,
                           paths=paths, ascii=self.ascii, max_bytes=self.max_bytes)
                for index, fingerprint, paths in plan
            ]
        return self._shards

    def output(self):
        return luigi.LocalTarget(str(run_marker(self.clean_dir, [s.fingerprint for s in self.requires()])))

    def run(self):
        summary = merge_run(self.clean_dir, [(Path(t["records"].path), Path(t["changes"].path)) for t in self.input()])
        print(format_summary(summary))
        mark_run_complete(Path(self.output().path))
