"""newsclean: cleans damaged news articles and logs every change.

As a library, importing it changes nothing in the caller's process (no Luigi,
no logging set-up); the engine loads on first use:

>>> from pipeline import clean_text
>>> cleaned = clean_text("Title\\n\\nIt fell to Â£5m .")
>>> cleaned.text
'Title\\n\\nIt fell to £5m.\\n'
>>> [(c.stage, c.before, c.after) for c in cleaned.changes]
[('fix_mojibake', 'Â', ''), ('arrange_blocks', '', '\\n'), ('remove_space_before_punctuation', ' ', '')]

As a Luigi program, `luigi --module pipeline CleanAll` imports this package
while Luigi reads its command line: then, and only then, it registers the
tasks of `tasks/`, applies the pipeline's Luigi defaults and checks the
command line (see `tasks.settings.configure_luigi_program`).
"""
import sys

__version__ = "0.3.0"

LIBRARY = ("clean_text", "clean_bytes", "replay", "Options", "Result", "Cleaned", "Change")
__all__ = list(LIBRARY)


def __getattr__(name: str):
    """`from pipeline import clean_text`: the engine (language profiles, word lists) loads when first asked for."""
    if name in LIBRARY:
        from . import engine
        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def luigi_command_line() -> list[str] | None:
    """The arguments of the Luigi command importing this package as its `--module`; None for any other import.

    Luigi's command line (`luigi`, `luigi-deps-tree`, `luigi.run`) imports
    `--module` from `CmdlineParser._attempt_load_module`, called by the
    parser's constructor, which holds the arguments. Only such a program may
    be set up as the pipeline's: a library user's process must stay as it was.
    """
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code.co_name == "_attempt_load_module" and frame.f_globals.get("__name__") == "luigi.cmdline_parser":
            if getattr(frame.f_locals.get("known_args"), "core_module", None) == __name__ and frame.f_back:
                return list(frame.f_back.f_locals.get("cmdline_args", []))
            return None  # another program's module imports the pipeline: that program is not ours to set up
        frame = frame.f_back
    return None


if (_arguments := luigi_command_line()) is not None:
    from tasks.settings import configure_luigi_program

    configure_luigi_program(_arguments)
