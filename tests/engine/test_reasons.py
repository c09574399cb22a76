"""Reasons written for many proposals at once read as each one's alone."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from itda_match.features import FEATURES
from itda_match.reasons import reasons_of
from itda_match.taxonomy import FIELD_CODES, default_taxonomy
from itda_match.types import KST, Slot


def test_a_batch_of_reasons_is_each_pairs_reason_alone() -> None:
    tx = default_taxonomy()
    rng = np.random.default_rng(3)
    m, c, f = 40, tx.n_concepts, len(FIELD_CODES)
    # Sparse profiles and skills as the engine makes them, some pairs with none at all.
    profile = (rng.random((m, c)) * (rng.random((m, c)) < 0.03)).astype(np.float32)
    profile[::7] = 0.0
    skill = (rng.random((m, c)) * (rng.random((m, c)) < 0.05)).astype(np.float32)
    relskill = (rng.random((m, c)) * (rng.random((m, c)) < 0.05)).astype(np.float32)
    field_profile = (rng.random((m, f)) * (rng.random((m, f)) < 0.3)).astype(np.float32)
    interest = (rng.random((m, f)) < 0.3).astype(np.float32)
    x = rng.random((m, len(FEATURES))) * 0.4
    dist = rng.random(m) * 12
    slot = Slot(datetime(2026, 12, 5, 10, 0, tzinfo=KST), datetime(2026, 12, 5, 12, 0, tzinfo=KST), 1)
    slots = [slot if k % 5 else None for k in range(m)]
    batch = reasons_of(tx, profile, skill, relskill, field_profile, interest, x, dist, slots)
    alone = [
        reasons_of(tx, profile[k : k + 1], skill[k : k + 1], relskill[k : k + 1], field_profile[k : k + 1],
                   interest[k : k + 1], x[k : k + 1], dist[k : k + 1], [slots[k]])[0]
        for k in range(m)
    ]
    assert batch == alone
    assert len({r[0] for r in batch}) > 10  # the pairs do differ
    for r, s in zip(batch, slots, strict=True):
        assert r[0].endswith("토요일 오전 가능") if s is not None else r[0].endswith("거리")
        assert len(r) == (3 if s is not None else 2)


def test_a_reason_names_the_skill_the_need_asks_for_the_distance_and_the_time() -> None:
    tx = default_taxonomy()
    c, f = tx.n_concepts, len(FIELD_CODES)
    asked = tx.concept_ids.index("companion")
    profile = np.zeros((1, c), dtype=np.float32)
    profile[0, asked] = 1.0
    skill = np.zeros((1, c), dtype=np.float32)
    skill[0, asked] = 1.0
    field = int(tx.concept_field[asked])
    field_profile = np.zeros((1, f), dtype=np.float32)
    field_profile[0, field] = 1.0
    interest = field_profile.copy()
    x = np.zeros((1, len(FEATURES)))
    x[0, FEATURES.index("fit")] = 0.9
    x[0, FEATURES.index("reliability")] = 0.1
    slot = Slot(datetime(2026, 12, 5, 10, 0, tzinfo=KST), datetime(2026, 12, 5, 12, 0, tzinfo=KST), 1)
    (sentence, where, when), = reasons_of(tx, profile, skill, skill, field_profile, interest, x, np.array([0.6]), [slot])
    assert sentence.startswith(f"{tx.concept_labels[asked]} 경험이 있고 ")
    assert "분야에 관심이 있으며 꾸준히 참여해 왔고 600m 거리, 토요일 오전 가능" in sentence
    assert (where, when) == ("600m 거리", "토요일 오전 가능")
