"""The set-up of a Luigi program that runs the pipeline: defaults, one-line errors, a checked command line.

`luigi.cfg` is read from the current folder only. Without these defaults a
run started elsewhere would wait ~90 s for a luigid that is not there, and a
failed run would exit 0. A setting the user's configuration makes wins.
All of it changes the process it runs in, so it runs only in a Luigi program
(`luigi --module pipeline ...`), never on a library import of the pipeline.
"""
import logging
import sys

import luigi.configuration

from pipeline.batch.atomic import RunError

from .command_line import USAGE_ERROR, command_line_problem

DEFAULTS = {
    # the run prints its own summary; Luigi's lock (a folder of mode 0777 in /tmp) gives way to the clean folder's own
    "core": {"local_scheduler": "true", "log_level": "WARNING", "no_lock": "true"},
    "retcode": {  # non-zero exits for a run that could not do its work
        "already_running": "10",
        "missing_data": "20",
        "not_run": "25",
        "task_failed": "30",
        "scheduling_error": "35",
        "unhandled_exception": "40",
    },
}


def apply_luigi_defaults() -> None:
    config = luigi.configuration.get_config()
    for section, options in DEFAULTS.items():
        for option, value in options.items():
            if not config.has_option(section, option):
                if not config.has_section(section):
                    config.add_section(section)
                config.set(section, option, value)


class OneLineRunErrors(logging.Filter):
    """A task stopped by the run's own trouble (a full disk) says why in one line, not in a traceback.

    Luigi logs every failed task with its traceback; a `RunError` already
    names the file and the reason, which is all a person needs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, RunError):
            record.msg, record.args = f"CleanAll: {error}", ()
            record.exc_info, record.exc_text = None, None
        return True


def shorten_run_errors() -> None:
    logging.getLogger("luigi-interface").addFilter(OneLineRunErrors())


def configure_luigi_program(arguments: list[str]) -> None:
    """Set up this process as the pipeline's Luigi program; a bad command line stops it with one line.

    Luigi would report a bad value with a traceback (exit 40), take `--raw`
    for `--raw-dir`, and answer a misspelled task with a list; see
    `command_line.command_line_problem`. The tasks it is checked against are
    registered: importing this module imports `tasks`.
    """
    apply_luigi_defaults()
    shorten_run_errors()
    problem = command_line_problem(arguments)
    if problem:
        print(f"newsclean: {problem}", file=sys.stderr)
        raise SystemExit(USAGE_ERROR)
