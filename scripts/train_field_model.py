"""Fit the shipped 1365 service-field model (itda_match/data/field_model.json).

First rewrites Kiwi's analyses of the taxonomy's words (scripts/build_word_cache.py),
then trains `itda_match.classify.FieldClassifier` with its default settings on every labelled
real 1365 title in tests/engine/data/programs_1365_labelled.csv (see SOURCE.md there) and
writes the model file. Deterministic: running it again writes the same file. Usage, from
the repository root:

    .venv/bin/python scripts/train_field_model.py

How well the configuration generalises is measured by bench/engine_bench.py (folds held
out by organisation and by record), not here.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import build_word_cache  # noqa: E402

from itda_match.classify import MODEL_PATH, FieldClassifier  # noqa: E402

DATA = ROOT / "tests" / "engine" / "data" / "programs_1365_labelled.csv"


def main() -> None:
    build_word_cache.main()
    with DATA.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    t = time.perf_counter()
    clf = FieldClassifier().fit([r["progrmSj"] for r in rows], [r["srvcClCode"] for r in rows])
    clf.save(MODEL_PATH)
    print(
        f"fitted on {len(rows)} titles in {time.perf_counter() - t:.1f}s: {len(clf.vocabulary_)} features "
        f"-> {MODEL_PATH.relative_to(ROOT)} ({MODEL_PATH.stat().st_size / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
