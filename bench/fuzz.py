"""Fuzz the engine: the property tests with a large budget (Hypothesis "fuzz" profile).

    python bench/fuzz.py [EXAMPLES_PER_PROPERTY]     # default 25,000

Prints Hypothesis's statistics: inputs tried per property, and any failure.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    examples = sys.argv[1] if len(sys.argv) > 1 else "25000"
    sys.exit(subprocess.call(
        [sys.executable, "-m", "pytest", "tests/test_properties.py", "-p", "no:cacheprovider", "-q",
         "--hypothesis-profile=fuzz", "--hypothesis-seed=0", "--hypothesis-show-statistics"],
        cwd=ROOT, env=dict(os.environ, FUZZ_EXAMPLES=examples)))
