"""Write Kiwi's analyses of the taxonomy's words (itda_match/data/word_analyses.json).

Building the taxonomy analyses a few thousand words with Kiwi, which takes seconds and
loads Kiwi's model; with this file a process builds it in milliseconds, and loads Kiwi
only when a text holds a word the file lacks. The file records the kiwipiepy and model
versions it was written with and is ignored under any other. Run it after changing
itda_match/taxonomy_data.py (scripts/train_field_model.py runs it first); a test fails
while it is out of date. Deterministic. Usage, from the repository root:

    .venv/bin/python scripts/build_word_cache.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from itda_match import text  # noqa: E402
from itda_match.taxonomy import taxonomy_word_analyses  # noqa: E402


def render(words: dict[str, text.WordAnalysis]) -> str:
    head = json.dumps({"format": text.WORDS_FORMAT, "analyser": text.analyser_versions()}, ensure_ascii=False)
    lines = [
        f"{json.dumps(w, ensure_ascii=False)}: {json.dumps(text.analysis_to_json(words[w]), ensure_ascii=False)}"
        for w in sorted(words)
    ]
    return head[:-1] + ', "words": {\n' + ",\n".join(lines) + "\n}}\n"


def main() -> None:
    words = taxonomy_word_analyses()
    text.SHIPPED_WORDS.write_text(render(words), encoding="utf-8")
    print(f"{len(words)} words -> {text.SHIPPED_WORDS.relative_to(ROOT)} ({text.SHIPPED_WORDS.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
