"""The dev benchmark, through the engine: every article comes out as its gold, byte for byte."""
from pipeline.engine import clean_bytes, replay
from pipeline.stages.decoding import decode_article


def bench_pairs(shared):
    raw_dir = shared / "bench" / "dev" / "raw"
    return [(raw, shared / "bench" / "dev" / "gold" / raw.name) for raw in sorted(raw_dir.glob("*.txt"))]


def test_every_dev_article_comes_out_as_its_gold(shared):
    misses = [raw.name for raw, gold in bench_pairs(shared)
              if clean_bytes(raw.read_bytes()).cleaned.text != gold.read_text(encoding="utf-8")]
    assert misses == []


def test_the_change_log_replayed_on_the_raw_text_gives_the_clean_text(shared):
    for raw, _ in bench_pairs(shared):
        data = raw.read_bytes()
        cleaned = clean_bytes(data).cleaned
        assert replay(decode_article(data).text, cleaned.changes) == cleaned.text, raw.name


def test_cleaning_a_clean_article_changes_nothing(shared):
    for raw, gold in bench_pairs(shared):
        text = gold.read_text(encoding="utf-8")
        again = clean_bytes(gold.read_bytes()).cleaned
        assert again.text == text, raw.name
        assert [c for c in again.changes if c.level == "change"] == [], raw.name


def test_a_stage_listed_twice_runs_again_only_on_a_text_changed_since(monkeypatch):
    from pipeline import engine
    from pipeline.edits import Edit

    seen = []

    def note(text, article):
        seen.append(text)
        return []

    def drop_x(text, article):
        return [Edit(i, i + 1, "", "layout", "x dropped") for i, c in enumerate(text) if c == "x"]

    monkeypatch.setattr(engine, "STAGES", [note, drop_x, note, note, drop_x, note])
    assert engine.clean_text("Title x\n\nBody.\n").text == "Title \n\nBody.\n"
    assert seen == ["Title x\n\nBody.\n", "Title \n\nBody.\n"]
