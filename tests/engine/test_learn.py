"""Learning from answered proposals: the fitted model recovers preferences and round-trips through JSON."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from itda_match import PreferenceModel
from itda_match.features import FEATURES, N_FEATURES


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
