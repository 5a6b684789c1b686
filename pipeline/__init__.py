"""newsclean: cleans damaged news articles and logs every change.

`luigi --module pipeline CleanAll` imports this package: importing it
registers the Luigi tasks of `tasks/`. The engine itself (`pipeline.engine`
and `pipeline.stages`) knows nothing of Luigi.
"""
__version__ = "0.3.0"

from tasks import CleanAll, CleanShard  # noqa: E402,F401  (registers the tasks for `luigi --module pipeline`)
