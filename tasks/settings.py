"""Luigi defaults that make the plain command behave, whatever folder it runs from.

`luigi.cfg` is read from the current folder only. Without these defaults a
run started elsewhere would wait ~90 s for a luigid that is not there, and a
failed run would exit 0. A setting the user's configuration makes wins.
"""
import logging

import luigi.configuration

from pipeline.batch.atomic import RunError

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
