"""Same input, same output; and the engine never pulls in Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from hypothesis import given, settings

from itda_match import AssignConfig, MatchEngine, PreferenceModel

from .strategies import cities

PKG = Path(__file__).resolve().parents[2] / "itda_match"


@settings(max_examples=15, deadline=None)
@given(cities())
def test_assignment_and_rankings_are_deterministic(city: tuple) -> None:
    vols, nds = city
    runs = []
    for _ in range(2):
        e = MatchEngine(assign_config=AssignConfig(cpsat_seconds=0.2))
        a = e.assign(vols, nds)
        r = [e.recommend_volunteers(n, top=5) for n in nds]
        runs.append((a, r))
    assert runs[0] == runs[1]


def test_learning_is_deterministic_for_a_seed() -> None:
    rng = np.random.default_rng(0)
    x = np.column_stack([np.ones(400), rng.random((400, 10))])
    y = (rng.random(400) < 0.5).astype(float)
    a = PreferenceModel(seed=3).fit(x, y).coef_
    b = PreferenceModel(seed=3).fit(x, y).coef_
    assert np.array_equal(a, b)


def test_importing_the_engine_loads_no_django() -> None:
    code = (
        "import sys, itda_match, itda_match.cli, itda_match.engine;"
        "from itda_match import MatchEngine, classify;"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django imported'"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr


def test_no_engine_source_mentions_django_imports() -> None:
    for path in PKG.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text, path
        assert "from django" not in text, path
