"""Files in, files out: the work of a run, without Luigi.

A run lists the raw folder, groups the articles into shards, cleans each
shard (one clean file per article, plus the shard's records), then merges
the shards' records into the run's change log and article records. Luigi
only schedules these functions (see `tasks/`). One module per job, in the
order a run uses them:

- `run`: a run as the tasks see it: checked and planned (writing nothing), started (locked), known done;
- `safety`: option and folder checks, the clean folder's lock, a clean stop on SIGTERM or SIGINT;
- `listing`: the raw folder, listed and read;
- `planning`: the run's options, its shards and the digests that name them;
- `repeats`: blocks repeated across the corpus, counted shard by shard (map) and merged (reduce);
- `shard`: cleaning a shard, article by article within a time limit, reusing earlier results;
- `records`: the article and change records;
- `merge`: the shards' records merged into the run's logs, stale files removed, the run marked done;
- `paths`: where each of these files lives in the clean folder;
- `atomic`: writing files whole or not at all, and `RunError`;
- `parallel`: work spread over processes.

The engine (`pipeline.engine`) knows nothing of this package; this package
knows nothing of Luigi.
"""
