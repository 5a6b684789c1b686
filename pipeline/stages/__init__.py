"""Repair stages: each `stage(text, article) -> [Edit | Flag]`, applied in order by the engine."""
