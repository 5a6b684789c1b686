"""CleanAll and its shards: parameters, dependencies, outputs; the work is `pipeline.batch`'s.

Planning a run lists the raw folder, groups it into shards and counts the
blocks that recur across the corpus (cached per shard). Every worker of a
distributed run plans alike, so they all name the same shard tasks and a
luigid central scheduler can hand each shard to exactly one of them.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import luigi

from pipeline.batch.atomic import RunError
from pipeline.batch.merge import mark_run_complete, merge_run
from pipeline.batch.paths import shard_outputs
from pipeline.batch.planning import MIN_REPEATS_DEFAULT, RunConfig
from pipeline.batch.run import end_run, plan_run
from pipeline.batch.shard import clean_shard, record_progress, shard_complete
from pipeline.engine import load_resources
from pipeline.report import REPORT, article_page, write_report
from pipeline.summary import format_summary


class RunTask(luigi.Task):
    """Parameters every task of a run shares."""

    raw_dir = luigi.Parameter(default="raw")
    clean_dir = luigi.Parameter(default="clean")
    ascii = luigi.BoolParameter(default=False, description="add an ASCII rendition (unidecode) after every repair")
    max_bytes = luigi.IntParameter(default=10_000_000, description="reject articles larger than this")
    min_repeats = luigi.IntParameter(default=MIN_REPEATS_DEFAULT, description="a block in this many stories is boilerplate")
    max_seconds = luigi.FloatParameter(default=60.0, description="reject an article whose cleaning takes longer")

    def config(self) -> RunConfig:
        return RunConfig(self.ascii, self.max_bytes, self.min_repeats, self.max_seconds)

    def run_parameters(self) -> dict:
        return {name: getattr(self, name) for name in ("raw_dir", "clean_dir", "ascii", "max_bytes", "min_repeats", "max_seconds")}

    def on_failure(self, exception):
        if isinstance(exception, RunError):
            return str(exception)  # what luigid shows: the reason, not a traceback of it
        return super().on_failure(exception)


class CleanShard(RunTask):
    """Clean one shard; its name changes when any of its articles, the settings or the repeated blocks do."""

    shard = luigi.IntParameter()
    fingerprint = luigi.Parameter()
    repeated_digest = luigi.Parameter()
    paths = luigi.ListParameter(significant=False)
    repeated_blocks = luigi.Parameter(significant=False)
    run_id = luigi.Parameter(significant=False)
    run_articles = luigi.IntParameter(significant=False)
    run_started = luigi.FloatParameter(significant=False)

    def output(self):
        records, changes = shard_outputs(self.clean_dir, self.shard, self.fingerprint, self.repeated_digest)
        return {"records": luigi.LocalTarget(str(records)), "changes": luigi.LocalTarget(str(changes))}

    def complete(self):
        outputs = self.output()
        return shard_complete(Path(outputs["records"].path), Path(outputs["changes"].path), self.clean_dir, self.paths)

    def run(self):
        total = len(self.paths)

        def progress(done: int) -> None:
            if done % 25 == 0 or done == total:  # visible in luigid's web page
                self.set_progress_percentage(round(100 * done / total))
                self.set_status_message(f"{done} of {total} articles cleaned")

        clean_shard(self.raw_dir, self.clean_dir, list(self.paths), self.config(), self.repeated_blocks,
                    Path(self.output()["records"].path), Path(self.output()["changes"].path), progress)
        print(record_progress(self.clean_dir, self.run_id, total, self.run_articles, self.run_started), file=sys.stderr)


class CleanAll(RunTask):
    """Clean every `*.txt` under --raw-dir into --clean-dir, with a change log, a summary and a report."""

    allow_mass_deletion = luigi.BoolParameter(default=False, significant=False,
                                              description="delete the outputs even of most articles at once")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.started = time.time()
        try:
            core = luigi.interface.core()
            self.plan = plan_run(self.raw_dir, self.clean_dir, self.config(), core.workers, self.allow_mass_deletion,
                                 shared=not core.local_scheduler)  # luigid's workers share the run
        except RunError as err:
            sys.exit(f"CleanAll: {err}")  # a run that cannot start says why in one line, and exits non-zero
        if not self.plan.complete:
            load_resources()  # before Luigi forks a process per shard, so that each does not load its own

    def requires(self):
        plan = self.plan
        articles = sum(len(paths) for _, _, paths in plan.shards)
        return [CleanShard(shard=index, fingerprint=fingerprint, paths=paths, repeated_blocks=str(plan.repeated_blocks),
                           repeated_digest=plan.repeated_digest, run_id=plan.digest, run_articles=articles,
                           run_started=self.started, **self.run_parameters())
                for index, fingerprint, paths in plan.shards]

    def output(self):
        return luigi.LocalTarget(str(self.plan.marker))

    def complete(self):
        return self.plan.complete

    def run(self):
        shard_files = [(Path(t["records"].path), Path(t["changes"].path)) for t in self.input()]
        summary = merge_run(self.clean_dir, shard_files, [self.plan.repeated_blocks, *self.plan.key_files],
                            also_of=lambda article: [article_page(article)])
        report = write_report(self.clean_dir, self.raw_dir, processes=luigi.interface.core().workers)
        print(format_summary(summary) + f"report: {report}\n")
        mark_run_complete(self.plan.marker, also=(REPORT,))
        self.plan.complete = True
        end_run(self.clean_dir)
