"""Shared test helpers. Benchmark and seed texts are read from ../shared at run time."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from pipeline.edits import apply_edits
from pipeline.engine import clean_text

ROOT = Path(__file__).resolve().parent.parent

# Property tests: a few hundred inputs each in the suite; bench/fuzz.py runs the "fuzz" profile.
settings.register_profile("suite", max_examples=300, deadline=None, derandomize=True,  # the same inputs on every CI run
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", 25_000)), deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile("suite")
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


def run_stage(stage, text: str, article=None) -> str:
    """The text after one stage's edits."""
    return apply_edits(text, [f for f in stage(text, article) if hasattr(f, "after")])


def clean(text: str) -> str:
    return clean_text(text).text


def changes_of(text: str, stage: str | None = None, level: str | None = None):
    return [c for c in clean_text(text).changes if (stage is None or c.stage == stage) and (level is None or c.level == level)]
