"""Learning from answered proposals: the fitted model recovers preferences and round-trips through JSON."""

from __future__ import annotations

import os
from operator import attrgetter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

from itda_match import (
    MatchEngine,
    Need,
    PreferenceModel,
    Volunteer,
    need_from_dict,
    volunteer_from_dict,
)
from itda_match.features import FEATURES, N_FEATURES

from .strategies import cities


def _data(seed: int, n: int, true: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.column_stack([np.ones(n), rng.random((n, N_FEATURES - 1))])
    x[:, FEATURES.index("fit")] = rng.random(n) < 0.5
    p = 1 / (1 + np.exp(-(x @ true)))
    return x, (rng.random(n) < p).astype(float)


def _loglik(m: PreferenceModel, x: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(m.predict_proba(x), 1e-9, 1 - 1e-9)
    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def test_learned_model_beats_defaults_on_a_new_population_with_the_same_habits() -> None:
    true = np.array(PreferenceModel().weights)
    true[FEATURES.index("interest")] = 2.5  # these people care about their fields more
    true[FEATURES.index("fit")] = 2.0
    x_train, y_train = _data(1, 3000, true)
    x_new, y_new = _data(2, 3000, true)
    learned = PreferenceModel(seed=0).fit(x_train, y_train)
    assert _loglik(learned, x_new, y_new) > _loglik(PreferenceModel(), x_new, y_new)
    assert learned.coef_[FEATURES.index("interest")] > PreferenceModel().weights[FEATURES.index("interest")]


def test_save_and_load_keep_the_weights(tmp_path: Path) -> None:
    x, y = _data(3, 500, np.array(PreferenceModel().weights))
    m = PreferenceModel(l2=3.0, seed=1).fit(x, y)
    m.save(tmp_path / "m.json")
    again = PreferenceModel.load(tmp_path / "m.json")
    assert np.allclose(again.coef_, m.coef_)
    assert again.l2 == 3.0
    # Saved again over the old file, through a temporary file that does not stay behind.
    PreferenceModel(seed=2).fit(x, y).save(tmp_path / "m.json")
    assert [p.name for p in tmp_path.iterdir()] == ["m.json"]
    assert PreferenceModel.load(tmp_path / "m.json").seed == 2


def test_a_model_being_saved_is_never_read_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    x, y = _data(3, 500, np.array(PreferenceModel().weights))
    old = PreferenceModel(seed=1).fit(x, y)
    old.save(tmp_path / "m.json")
    real_replace = os.replace
    swaps: list[str] = []

    def read_before_the_swap(src: Any, dst: Any) -> None:
        # The new model is written whole beside the old one, which readers still get.
        assert np.allclose(PreferenceModel.load(tmp_path / "m.json").coef_, old.coef_)
        assert PreferenceModel.load(src).l2 == 50.0
        swaps.append(str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", read_before_the_swap)
    PreferenceModel(l2=50.0, seed=2).fit(x, y).save(tmp_path / "m.json")
    assert swaps == [str(tmp_path / "m.json")]
    assert PreferenceModel.load(tmp_path / "m.json").l2 == 50.0


def test_unfitted_model_uses_the_defaults() -> None:
    m = PreferenceModel()
    assert not m.is_fitted
    assert m.weights[FEATURES.index("fit")] > 0


def test_urgency_keeps_its_prior_weight() -> None:
    # The engine serves urgent needs first, from whoever is left, so answers cannot show
    # whether people mind urgency; even answers that seem to say so leave it alone.
    true = np.array(PreferenceModel().weights)
    true[FEATURES.index("urgency")] = -2.0
    x, y = _data(4, 3000, true)
    learned = PreferenceModel(seed=0).fit(x, y)
    u = FEATURES.index("urgency")
    assert abs(learned.coef_[u] - PreferenceModel().weights[u]) < 1e-6


def test_a_feature_fixed_within_each_need_is_shrunk_harder() -> None:
    # 3,000 answers from 300 needs: "organization" is the same for every answer to a need,
    # so it has 300 observations, not 3,000, and moves less than when answers are free.
    true = np.array(PreferenceModel().weights)
    o = FEATURES.index("organization")
    true[o] = 1.5
    rng = np.random.default_rng(5)
    x, _ = _data(5, 3000, true)
    need = rng.integers(0, 300, 3000)
    x[:, o] = (rng.random(300) < 0.5)[need]
    y = (rng.random(3000) < 1 / (1 + np.exp(-(x @ true)))).astype(float)
    free = PreferenceModel(seed=0).fit(x, y)
    grouped = PreferenceModel(seed=0).fit(x, y, groups=need)
    assert 0.0 < grouped.coef_[o] < free.coef_[o]


def test_the_fit_reaches_the_optimum_when_answers_push_on_a_feature_that_is_not_learned() -> None:
    # Answers that seem to say something about urgency (not learned) must not stop the
    # optimiser early: a huge penalty on it once made the fit return the prior unchanged.
    true = np.array(PreferenceModel().weights)
    u, f = FEATURES.index("urgency"), FEATURES.index("fit")
    true[u], true[f] = -3.0, 1.5
    x, y = _data(6, 900, true)
    m = PreferenceModel(level="learned", seed=0).fit(x, y)
    prior = PreferenceModel().weights
    assert m.coef_[u] == prior[u]
    # The gradient of the penalised log-likelihood vanishes in every learned weight.
    p = 1 / (1 + np.exp(-(x @ m.coef_)))
    lam = np.full(N_FEATURES, m.l2)
    lam[0] = 0.0
    grad = x.T @ (p - y) + lam * (m.coef_ - prior)
    grad[u] = 0.0
    assert np.max(np.abs(grad)) < 1e-3
    assert m.coef_[f] < prior[f] - 0.5


def test_a_whole_number_penalty_fits_as_its_float_does() -> None:
    # l2=8 given as an int once failed inside the grouped shrinkage (an int array
    # multiplied in place by a float).
    rng = np.random.default_rng(6)
    x, y = _data(6, 600, np.array(PreferenceModel().weights))
    need = rng.integers(0, 60, 600)
    x[:, FEATURES.index("organization")] = (rng.random(60) < 0.5)[need]
    as_int = PreferenceModel(l2=8, seed=0).fit(x, y, groups=need)
    as_float = PreferenceModel(l2=8.0, seed=0).fit(x, y, groups=need)
    assert np.allclose(as_int.coef_, as_float.coef_)


def test_the_slopes_are_learned_at_the_priors_level_unless_asked_otherwise() -> None:
    # These people accept far more readily than the prior expects and care more about
    # their fields. By default the model learns the second and keeps the prior's level on
    # the answers (the assignment's trade-offs are set on that scale); level="learned"
    # keeps the fitted bias, calibrated on the answers. The slopes are the same.
    true = np.array(PreferenceModel().weights)
    true[0] += 1.5
    true[FEATURES.index("interest")] = 2.5
    x, y = _data(7, 3000, true)
    prior = PreferenceModel()
    kept = PreferenceModel(seed=0).fit(x, y)
    fitted = PreferenceModel(level="learned", seed=0).fit(x, y)
    assert np.allclose(kept.coef_[1:], fitted.coef_[1:])
    assert kept.coef_[FEATURES.index("interest")] > prior.weights[FEATURES.index("interest")] + 0.5
    assert np.mean(x @ kept.coef_) == pytest.approx(np.mean(x @ prior.weights), abs=1e-9)
    assert np.mean(fitted.predict_proba(x)) == pytest.approx(np.mean(y), abs=0.01)
    assert kept.level_shift_ == pytest.approx(float(np.mean(x @ (fitted.coef_ - kept.coef_))), abs=1e-9)
    assert kept.level_shift_ > 1.0
    with pytest.raises(ValueError, match="level"):
        PreferenceModel(level="both").fit(x, y)


def test_the_level_setting_and_shift_round_trip(tmp_path: Path) -> None:
    x, y = _data(8, 500, np.array(PreferenceModel().weights))
    m = PreferenceModel(level="learned", seed=1).fit(x, y)
    m.save(tmp_path / "m.json")
    again = PreferenceModel.load(tmp_path / "m.json")
    assert again.level == "learned"
    assert again.level_shift_ == m.level_shift_
    # A file from before the setting existed had kept its fitted bias.
    d = m.to_dict()
    del d["config"]["level"], d["level_shift"]
    old = PreferenceModel.from_dict(d)
    assert old.level == "learned"
    assert np.allclose(old.coef_, m.coef_)


def _fitted(shift: float) -> PreferenceModel:
    return PreferenceModel.from_weights(PreferenceModel().weights, level_shift=shift)


def _saturday_city() -> tuple[list[Volunteer], list[Need]]:
    talents = ["반찬 만들기", "집수리", "수학 과외", "말벗", "컴퓨터 교육", "농작업"]
    vols = [volunteer_from_dict({
        "id": f"v{i}", "age_group": "adult", "home": {"lat": 35.15 + 0.002 * i, "lon": 126.85}, "max_distance_km": 8,
        "availability": [{"weekday": 5, "start": "09:00", "end": "18:00"}], "max_hours_per_week": 4 + i % 3,
        "talents": [talents[i % 6]], "interest_fields": ["생활편의"] if i % 2 else ["교육"], "intro": "",
        "qualifications": [], "history": {"completed": i % 5, "declined": i % 3, "no_show": 0},
    }) for i in range(24)]
    titles = ["독거 어르신 밑반찬 조리", "어르신 댁 전등 교체", "아동 수학 공부방"]
    nds = [need_from_dict({
        "id": f"n{j}", "requester_kind": "individual", "org_type": None, "title": t, "description": "",
        "field": None, "location": {"lat": 35.16, "lon": 126.86},
        "slots": [{"start": f"2026-12-12T{10 + 2 * j}:00+09:00", "end": f"2026-12-12T{12 + 2 * j}:00+09:00",
                   "headcount": 2}],
        "required_qualifications": [], "eligible_age_groups": ["adult"], "urgency": 0.2 * j,
    }) for j, t in enumerate(titles)]
    return vols, nds


@settings(max_examples=15, deadline=None)
@given(cities())
def test_scores_shown_are_at_the_answers_level_and_keep_every_order(city: tuple) -> None:
    _check_shown_scores(*city)


def test_scores_shown_on_a_saturday_city() -> None:
    assert _check_shown_scores(*_saturday_city()) >= 30


def _check_shown_scores(vols: list[Volunteer], nds: list[Need]) -> int:
    """A model learned at the prior's level shows people its probabilities moved by the
    fitted shift; who is recommended, in which order and why, and who is proposed, stay.
    Returns how many scores were compared."""
    a, b = MatchEngine(_fitted(0.0)).index(vols), MatchEngine(_fitted(0.7)).index(vols)
    compared = 0

    def lift(p: float) -> float:
        return float(1 / (1 + (1 - p) / p * np.exp(-0.7)))

    for need in nds:
        ra, rb = a.recommend_volunteers(need, top=5), b.recommend_volunteers(need, top=5)
        assert [(r.id, r.reason) for r in ra] == [(r.id, r.reason) for r in rb]
        assert np.allclose([lift(r.score) for r in ra], [r.score for r in rb])
        compared += len(ra)
    for v in vols:
        ra, rb = a.recommend_needs(v, nds, top=5), b.recommend_needs(v, nds, top=5)
        assert [(r.id, r.reason) for r in ra] == [(r.id, r.reason) for r in rb]
        assert np.allclose([lift(r.score) for r in ra], [r.score for r in rb])
        compared += len(ra)
    key = attrgetter("need_id", "slot", "volunteer_id")
    aa, ab = sorted(a.assign(vols, nds), key=key), sorted(b.assign(vols, nds), key=key)
    assert [(key(x), x.reasons) for x in aa] == [(key(x), x.reasons) for x in ab]
    # Proposals carry scores rounded to 4 places, before and after the shift.
    assert np.allclose([lift(x.score) for x in aa], [x.score for x in ab], atol=3e-4)
    return compared + len(aa)


def test_a_model_at_its_fitted_level_or_unfitted_shows_its_own_probabilities() -> None:
    assert np.array_equal(_fitted(0.7).calibrate([0.2, 0.9]) > [0.2, 0.9], [True, True])
    learned = _fitted(0.7)
    learned.level = "learned"
    assert np.array_equal(learned.calibrate([0.2, 0.9]), [0.2, 0.9])
    assert np.array_equal(PreferenceModel().calibrate([0.2, 0.9]), [0.2, 0.9])


def test_a_model_from_given_weights_uses_them_and_saves_them(tmp_path: Path) -> None:
    w = np.array(PreferenceModel().weights)
    w[FEATURES.index("interest")] = 2.0
    m = PreferenceModel.from_weights(w, level_shift=0.3)
    assert m.is_fitted
    assert np.array_equal(m.weights, w)
    m.save(tmp_path / "m.json")
    again = PreferenceModel.load(tmp_path / "m.json")
    assert np.array_equal(again.weights, w)
    assert again.level_shift_ == 0.3
    with pytest.raises(ValueError, match="weights"):
        PreferenceModel.from_weights(w[:-1])
