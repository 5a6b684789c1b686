"""Luigi tasks: thin wrappers that schedule `pipeline.batch` over shards of articles.

Importing them registers them with Luigi and nothing more; the pipeline's
Luigi defaults are applied by `settings.configure_luigi_program`, which
`pipeline/__init__.py` calls when `luigi --module pipeline` runs.
"""
from .clean import CleanAll, CleanShard

__all__ = ["CleanAll", "CleanShard"]
