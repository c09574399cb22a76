"""The shipped Kiwi analyses of the taxonomy's words (itda_match/data/word_analyses.json)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from itda_match import text
from itda_match.taxonomy import taxonomy_word_analyses


def test_the_shipped_analyses_are_what_kiwi_reads_now() -> None:
    shipped = text.load_shipped_words()
    fresh = taxonomy_word_analyses()
    assert shipped, "word_analyses.json is missing or from another kiwipiepy: run scripts/build_word_cache.py"
    stale = sorted(w for w in fresh.keys() | shipped.keys() if fresh.get(w) != shipped.get(w))
    assert not stale, f"run scripts/build_word_cache.py; out of date: {stale[:10]}"


def test_building_the_taxonomy_needs_no_kiwi() -> None:
    code = (
        "import itda_match.text as t; from itda_match.taxonomy import Taxonomy, default_taxonomy; Taxonomy(); "
        "print(bool(t._KIWI), default_taxonomy().concept_scores('반찬 배달').argmax())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False"  # Kiwi's model was never loaded


def test_words_missing_from_the_file_are_read_by_kiwi() -> None:
    word = "잇다매칭테스트용낱말"
    assert word not in text.load_shipped_words()
    assert text.analyze_word(word) == text._from_tokens(text.kiwi().tokenize(word))


def test_a_file_written_by_another_analyser_is_ignored(tmp_path: Path) -> None:
    d = json.loads(text.SHIPPED_WORDS.read_text(encoding="utf-8"))
    assert text.load_shipped_words(text.SHIPPED_WORDS)
    d["analyser"] = {**d["analyser"], "kiwipiepy": "0.0.1"}
    other = tmp_path / "words.json"
    other.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    assert text.load_shipped_words(other) == {}
    assert text.load_shipped_words(tmp_path / "missing.json") == {}
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert text.load_shipped_words(tmp_path / "broken.json") == {}
    damaged = json.loads(text.SHIPPED_WORDS.read_text(encoding="utf-8"))
    damaged["words"]["봉사"] = [["봉사"]]  # an entry cut short
    (tmp_path / "damaged.json").write_text(json.dumps(damaged, ensure_ascii=False), encoding="utf-8")
    assert text.load_shipped_words(tmp_path / "damaged.json") == {}
