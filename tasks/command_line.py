"""The Luigi command line, checked before Luigi acts on it: each problem is one line with the accepted form.

Left to Luigi, `--max-bytes 10MB` ends in a traceback and exit 40, a
misspelled task in a list of every task Luigi knows, and `--raw raw` is
silently read as `--raw-dir raw` (argparse takes any unique abbreviation).
This module parses the command as Luigi will, with Luigi's own parser
(`CmdlineParser._build_parser`: Luigi 3 is pinned), but refuses
abbreviations and tries every value before the run starts.
"""
from __future__ import annotations

import argparse
import os

import luigi
from luigi.cmdline_parser import CmdlineParser
from luigi.task_register import Register

USAGE_ERROR = 2  # as argparse exits on a bad command line
TASK = "CleanAll"
EXAMPLE = "luigi --module pipeline CleanAll --raw-dir raw --clean-dir clean"


def command_line_problem(arguments: list[str]) -> str | None:
    """What is wrong with the command line of `luigi --module pipeline`, in one line; None when nothing is.

    >>> from tasks import clean
    >>> command_line_problem(["--module", "pipeline", "CleanAll", "--max-bytes", "10MB"])
    '--max-bytes 10MB: not a whole number; write it as in --max-bytes 10000000'
    >>> command_line_problem(["--module", "pipeline", "CleanAll", "--raw", "raw"])
    '--raw: unknown option; did you mean --raw-dir? Options are written in full'
    >>> command_line_problem(["--module", "pipeline", "CleanAll", "--workers", "two"])
    '--workers two: not a whole number; write it as in --workers 1'
    >>> command_line_problem(["--module", "pipeline", "CleanAl"])
    'no task CleanAl; the task is CleanAll, as in luigi --module pipeline CleanAll --raw-dir raw --clean-dir clean'
    """
    task = CmdlineParser._build_parser().parse_known_args(arguments)[0].root_task
    if task is None:
        return None if {"--help", "--help-all"} & set(arguments) else f"no task given; as in {EXAMPLE}"
    if task not in Register.task_names() or task != TASK:
        return f"no task {task}; the task is {TASK}, as in {EXAMPLE}"
    parser = CmdlineParser._build_parser(root_task=task)
    parser.allow_abbrev, parser.exit_on_error = False, False  # attributes argparse reads as it parses
    try:
        parsed, unknown = parser.parse_known_args(arguments)
    except argparse.ArgumentError as err:
        return f"{err}; see luigi --module pipeline {TASK} --help"
    if unknown:
        return unknown_argument(unknown[0], options(task))
    for flag, dest, param in options(task).values():
        value = getattr(parsed, dest, None)
        if isinstance(value, str) and (problem := value_problem(param, value)):
            return f"{flag} {value}: {problem}; write it as in {flag} {example(param)}"
    return configuration_problem()


def configuration_problem() -> str | None:
    """What is wrong with a value of the Luigi configuration (`luigi.cfg`) the run reads, in one line; or None.

    >>> config = luigi.configuration.get_config()
    >>> config.add_section("CleanAll") if not config.has_section("CleanAll") else None
    >>> config.set("CleanAll", "max_bytes", "10MB")
    >>> configuration_problem()
    'luigi.cfg [CleanAll] max_bytes = 10MB: not a whole number; write it as in max_bytes = 10000000'
    >>> config.remove_option("CleanAll", "max_bytes")
    True
    """
    config = luigi.configuration.get_config()
    for family, _, name, param in Register.get_all_params():
        value = config.get(family, name, None) if config.has_section(family) else None
        if isinstance(value, str) and (problem := value_problem(param, value)):
            source = os.environ.get("LUIGI_CONFIG_PATH") or "luigi.cfg"  # where a value is usually set
            return f"{source} [{family}] {name} = {value}: {problem}; write it as in {name} = {example(param)}"
    return None


def options(task: str) -> dict[str, tuple[str, str, luigi.Parameter]]:
    """Every option the command accepts: flag -> (flag, argparse destination, parameter), as Luigi names them."""
    found = {}
    for family, without_section, name, param in Register.get_all_params():
        flag = "--" + (name if without_section else f"{family}_{name}").replace("_", "-")
        found[flag] = (flag, param._parser_kwargs(name, family)["dest"], param)
        if family == task:  # the task's own options are also accepted without its name
            local = "--" + name.replace("_", "-")
            found[local] = (local, name, param)
    return found


def unknown_argument(argument: str, accepted: dict) -> str:
    if not argument.startswith("-"):
        return f"{argument}: unexpected argument; options take the form --name value, as in {EXAMPLE}"
    flag = argument.split("=", 1)[0]
    meant = sorted(option for option in accepted if option.startswith(flag))
    if meant:
        return f"{flag}: unknown option; did you mean {' or '.join(meant[:3])}? Options are written in full"
    return f"{flag}: unknown option; luigi --module pipeline {TASK} --help lists the options"


def value_problem(param: luigi.Parameter, value: str) -> str | None:
    """Why `param` cannot read `value` (the way Luigi will parse it), or None."""
    try:
        param.parse(value)
    except (ValueError, TypeError, KeyError):
        if isinstance(param, luigi.IntParameter):
            return "not a whole number"
        if isinstance(param, luigi.FloatParameter):
            return "not a number"
        if isinstance(param, luigi.BoolParameter):
            return "neither true nor false"
        return "not a value this option takes"
    return None


def example(param: luigi.Parameter) -> str:
    """The parameter's default, as it would be written on the command line; a placeholder when there is none."""
    default = param._default
    if isinstance(default, bool):
        return str(default).lower()
    return str(default) if default not in (None, luigi.parameter._no_value) else "VALUE"
