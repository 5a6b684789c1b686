"""Luigi tasks: thin wrappers that schedule `pipeline.batch` over shards of articles."""
from .clean import CleanAll, CleanShard
from .settings import apply_luigi_defaults, shorten_run_errors

apply_luigi_defaults()
shorten_run_errors()

__all__ = ["CleanAll", "CleanShard"]
