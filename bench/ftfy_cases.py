"""ftfy's own real-world test cases, through the pipeline: how often it gives ftfy's answer.

    pip download ftfy==6.3.1 --no-deps --no-binary :all: && tar xzf ftfy-6.3.1.tar.gz
    python bench/ftfy_cases.py ftfy-6.3.1/tests/test_cases.json [--show]

Each case ftfy's tests expect it to fix is put in an English article, as a paragraph of its own, and
cleaned. The answer wanted is `ftfy.fix_text` with curly quotes and fullwidth forms kept, as the contract
keeps them, in canonical layout. The cases stay in ftfy's repository (they are not copied here); the
second figure counts the cases where the pipeline gives what it makes of ftfy's answer itself, so that a
miss there is a mojibake repair that differs, not a rule of the contract (a space before `!`, a
homoglyph inside a Latin word).
"""
import json
import sys
import unicodedata

import ftfy

from pipeline.engine import clean_text

HEADLINE = "Readers write in from around the world"
OPENING = "The letters page received more post this month than in any month since it began, the editor said."
CLOSING = "Letters may be shortened for space, and the paper does not return those it cannot print."
CONTRACT = {"uncurl_quotes": False, "fix_character_width": False}


def article_around(text: str) -> str:
    return f"{HEADLINE}\n\n{OPENING}\n\n{text}\n\n{CLOSING}\n"


def in_canonical_layout(article: str) -> str:
    """Blocks separated by one blank line, single spaces, NFC: what the pipeline's layout stages make of clean text."""
    blocks = (" ".join(block.split()) for block in unicodedata.normalize("NFC", article).split("\n"))
    return "\n\n".join(block for block in blocks if block) + "\n"


def main() -> None:
    cases = [case for case in json.load(open(sys.argv[1], encoding="utf-8")) if case["expect"] == "pass"]
    as_ftfy = as_pipeline = 0
    for case in cases:
        answer = ftfy.fix_text(case["original"], **CONTRACT)
        got = clean_text(article_around(case["original"])).text
        as_ftfy += got == in_canonical_layout(article_around(answer))
        same = got == clean_text(article_around(answer)).text
        as_pipeline += same
        if "--show" in sys.argv and got != in_canonical_layout(article_around(answer)):
            print(f"{case['label']}\n  got  {got.split(chr(10))[4]!r}\n  ftfy {answer!r}{'' if same else '  (a mojibake miss)'}")
    print(f"{len(cases)} cases: ftfy's answer {as_ftfy} ({as_ftfy / len(cases):.1%}); "
          f"what the pipeline makes of ftfy's answer {as_pipeline} ({as_pipeline / len(cases):.1%})")


if __name__ == "__main__":
    main()
