"""CleanAll and its shards: parameters, dependencies, outputs; the work is `pipeline.batch`'s.

Planning a run lists the raw folder, groups it into shards and counts the
blocks that recur across the corpus (cached per shard); it happens when Luigi
first looks at CleanAll, and writes nothing. Every worker of a distributed
run plans alike, so they all name the same shard tasks and a
luigid central scheduler can hand each shard to exactly one of them.

The engine and the report are imported by the tasks that use them, when
they run: a run with nothing to do never loads them (numpy, word lists,
look-alike tables: ~0.3 s, half of such a run).
"""
from __future__ import annotations

import functools
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import luigi

from pipeline import __version__
from pipeline.batch.atomic import RunError
from pipeline.batch.merge import mark_run_complete, merge_run
from pipeline.batch.paths import CORPUS, shard_outputs
from pipeline.batch.planning import MIN_REPEATS_DEFAULT, RunConfig
from pipeline.batch.progress import record_progress, run_figures, shard_complete
from pipeline.batch.repeats import save_planned
from pipeline.batch.run import RunPlan, end_run, plan_run, start_run
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
        from pipeline.batch.shard import clean_shard

        total = len(self.paths)

        def progress(done: int) -> None:
            if done % 25 == 0 or done == total:  # visible in luigid's web page
                self.set_progress_percentage(round(100 * done / total))
                self.set_status_message(f"{done} of {total} articles cleaned")

        figures = clean_shard(self.raw_dir, self.clean_dir, list(self.paths), self.config(), self.repeated_blocks,
                              Path(self.output()["records"].path), Path(self.output()["changes"].path), progress)
        print(record_progress(self.clean_dir, self.run_id, total, self.run_articles, self.run_started, figures),
              file=sys.stderr)


class CleanAll(RunTask):
    """Clean every `*.txt` under --raw-dir into --clean-dir, with a change log, a summary and a report.

    Constructing it does nothing; the run is planned (`plan`) when Luigi first
    asks whether it is complete, for its output or its shards, and writes
    nothing; it starts (`deps`) only when Luigi is about to do it, so that
    `luigi-deps-tree` only looks.
    """

    export_jsonl = luigi.BoolParameter(default=False, description=f"also write the clean corpus as {CORPUS}")
    allow_mass_deletion = luigi.BoolParameter(default=False, significant=False,
                                              description="delete the outputs even of most articles at once")

    @functools.cached_property
    def plan(self) -> RunPlan:
        """Check the run, list the raw folder once, group it into shards, count the repeated blocks (and load
        the engine while the new articles are read for that count: their run has work to do)."""
        try:
            return plan_run(self.raw_dir, self.clean_dir, self.config(), luigi.interface.core().workers,
                            self.export_jsonl, self.allow_mass_deletion, meanwhile=load_engine)
        except RunError as err:
            sys.exit(f"CleanAll: {err}")  # a run that cannot start says why in one line, and exits non-zero

    def forget_plan(self) -> None:
        """Luigi keeps one instance per parameters in a process: a later run in the same process plans afresh."""
        self.__dict__.pop("plan", None)

    def deps(self):
        """Luigi asks for the shards of a run it is about to do (an inspection asks `requires`): the run starts."""
        plan = self.plan
        if not plan.under_way:
            plan.under_way = True
            core = luigi.interface.core()
            try:
                start_run(self.raw_dir, self.clean_dir, self.config(), shared=not core.local_scheduler)
            except RunError as err:
                sys.exit(f"CleanAll: {err}")
            load_engine()  # before Luigi forks a process per shard, so that each does not load its own
        return super().deps()

    def requires(self):
        plan = self.plan
        articles = sum(len(paths) for _, _, paths in plan.shards)
        return [CleanShard(shard=index, fingerprint=fingerprint, paths=paths, repeated_blocks=str(plan.repeated.counts),
                           repeated_digest=plan.repeated.digest, run_id=plan.digest, run_articles=articles,
                           run_started=plan.started, **self.run_parameters())
                for index, fingerprint, paths in plan.shards]

    def output(self):
        return luigi.LocalTarget(str(self.plan.marker))

    def complete(self):
        return self.plan.complete

    def run(self):
        from pipeline.report import REPORT, write_report

        plan = self.plan
        try:
            figures = run_figures(self.clean_dir, plan.digest, plan.started)
            save_planned(plan.repeated)
            shard_files = [(Path(t["records"].path), Path(t["changes"].path)) for t in self.input()]
            about = {"version": __version__, "options": self.run_parameters() | {"export_jsonl": self.export_jsonl},
                     "started": datetime.fromtimestamp(plan.started, timezone.utc).isoformat(timespec="seconds")}
            summary = merge_run(self.clean_dir, shard_files, plan.repeated.kept, about, plan.started, figures,
                                self.export_jsonl)
            report = write_report(self.clean_dir, self.raw_dir, processes=luigi.interface.core().workers)
            print(format_summary(summary, self.clean_dir, report, time.time() - plan.started))
            mark_run_complete(plan.marker, also=(REPORT,))
        finally:  # done or failed, the run is over: a later one in this process plans afresh
            self.forget_plan()
            end_run(self.clean_dir)


def load_engine() -> None:
    """Import the engine and load its resources (language profiles, word frequencies, places), once a process."""
    from pipeline.engine import load_resources

    load_resources()


@CleanAll.event_handler(luigi.Event.DEPENDENCY_PRESENT)
def say_up_to_date(task: CleanAll) -> None:
    """A run with nothing to do says so, rather than nothing at all."""
    articles = sum(len(paths) for _, _, paths in task.plan.shards)
    print(f"CleanAll: everything is up to date: the {articles:,} articles of {task.raw_dir} are cleaned in "
          f"{task.clean_dir}, nothing changed since the last run")
    task.forget_plan()
