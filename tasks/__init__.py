"""Luigi tasks: thin wrappers that schedule `pipeline.batch` over shards of articles."""
from .clean import CleanAll, CleanShard
from .settings import apply_luigi_defaults

apply_luigi_defaults()

__all__ = ["CleanAll", "CleanShard"]
