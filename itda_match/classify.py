"""Service-field classification of a Korean post: taxonomy evidence plus a word model fitted on real 1365 posts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .taxonomy import FIELD_CODES, FIELD_LABELS, Taxonomy, default_taxonomy, field_code
from .text import analyze

FloatArray = npt.NDArray[np.float64]

_OTHER = FIELD_CODES.index("1500")
MODEL_PATH = Path(__file__).with_name("data") / "field_model.json"


def _tokens(text: str) -> list[str]:
    """Sparse features of a text: content morphemes (with compounds) and character bigrams."""
    forms = analyze(text).forms
    compact = "".join(ch for ch in text if ch.isalnum())
    grams = {compact[i : i + 2] for i in range(len(compact) - 1)}
    return [f"m:{f}" for f in sorted(forms)] + [f"c:{g}" for g in sorted(grams)]


def _taxonomy_features(text: str, tx: Taxonomy) -> FloatArray:
    return np.log1p(tx.field_scores(text))


class FieldClassifier:
    """Multinomial logistic regression on morphemes, character bigrams and taxonomy field scores.

    scikit-learn conventions: the constructor stores configuration, `fit` learns
    `vocabulary_` and `coef_`; deterministic (L-BFGS from zeros).
    """

    def __init__(self, *, l2: float = 1.0, min_count: int = 2, taxonomy_weight: float = 1.0, max_iter: int = 300) -> None:
        self.l2 = l2
        self.min_count = min_count
        self.taxonomy_weight = taxonomy_weight
        self.max_iter = max_iter

    def _matrix(self, texts: Sequence[str], tx: Taxonomy) -> Any:
        from scipy import sparse

        rows, cols = [], []
        for r, t in enumerate(texts):
            for tok in _tokens(t):
                c = self.vocabulary_.get(tok)
                if c is not None:
                    rows.append(r)
                    cols.append(c)
        n_vocab = len(self.vocabulary_)
        words = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(texts), n_vocab), dtype=np.float64
        )
        # Normalise by length so long descriptions do not shout.
        norm = np.sqrt(np.asarray(words.sum(axis=1)).ravel()) + 1e-9
        words = sparse.diags(1.0 / norm) @ words
        dense = np.vstack([_taxonomy_features(t, tx) for t in texts]) * self.taxonomy_weight
        return sparse.hstack([words, sparse.csr_matrix(dense), np.ones((len(texts), 1))]).tocsr()

    def fit(self, texts: Sequence[str], labels: Sequence[str], *, taxonomy: Taxonomy | None = None) -> FieldClassifier:
        from scipy.optimize import minimize

        tx = taxonomy or default_taxonomy()
        codes = [field_code(lab) for lab in labels]
        keep = [i for i, c in enumerate(codes) if c is not None]
        texts = [texts[i] for i in keep]
        y = np.array([FIELD_CODES.index(codes[i]) for i in keep])
        counts: Counter[str] = Counter()
        for t in texts:
            counts.update(set(_tokens(t)))
        vocab = sorted(tok for tok, n in counts.items() if n >= self.min_count)
        self.vocabulary_ = {tok: i for i, tok in enumerate(vocab)}
        x = self._matrix(texts, tx)
        n, d = x.shape
        k = len(FIELD_CODES)
        onehot = np.zeros((n, k))
        onehot[np.arange(n), y] = 1.0

        def loss(w_flat: FloatArray) -> tuple[float, FloatArray]:
            w = w_flat.reshape(d, k)
            z = x @ w
            z -= z.max(axis=1, keepdims=True)
            lse = np.log(np.exp(z).sum(axis=1, keepdims=True))
            logp = z - lse
            val = -np.sum(onehot * logp) + 0.5 * self.l2 * np.sum(w[:-1] ** 2)
            g = x.T @ (np.exp(logp) - onehot)
            g[:-1] += self.l2 * w[:-1]
            return float(val), np.asarray(g).ravel()

        res = minimize(loss, np.zeros(d * k), jac=True, method="L-BFGS-B", options={"maxiter": self.max_iter})
        self.coef_ = res.x.reshape(d, k)
        return self

    def predict_proba(self, texts: Sequence[str], *, taxonomy: Taxonomy | None = None) -> FloatArray:
        x = self._matrix(texts, taxonomy or default_taxonomy())
        z = np.asarray(x @ self.coef_)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)

    def predict(self, texts: Sequence[str], *, taxonomy: Taxonomy | None = None) -> list[str]:
        p = self.predict_proba(texts, taxonomy=taxonomy)
        return [FIELD_LABELS[i] for i in p.argmax(axis=1)]

    def to_dict(self) -> dict[str, Any]:
        # Only non-negligible weights are stored, keeping the product data file small.
        vocab = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        weights = {}
        for tok, row in zip([*vocab, *[f"t:{c}" for c in FIELD_CODES], "bias"], self.coef_, strict=True):
            if np.abs(row).max() >= 1e-3:
                weights[tok] = [round(float(v), 4) for v in row]
        return {
            "kind": "itda_match.FieldClassifier",
            "fields": list(FIELD_CODES),
            "config": {"l2": self.l2, "min_count": self.min_count, "taxonomy_weight": self.taxonomy_weight},
            "weights": weights,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FieldClassifier:
        if d.get("kind") != "itda_match.FieldClassifier" or d.get("fields") != list(FIELD_CODES):
            raise ValueError("not a field classifier for this taxonomy")
        m = cls(**d["config"])
        w = d["weights"]
        vocab = [t for t in w if not t.startswith("t:") and t != "bias"]
        m.vocabulary_ = {t: i for i, t in enumerate(vocab)}
        k = len(FIELD_CODES)
        rows = [w[t] for t in vocab]
        rows += [w.get(f"t:{c}", [0.0] * k) for c in FIELD_CODES]
        rows.append(w.get("bias", [0.0] * k))
        m.coef_ = np.array(rows, dtype=np.float64)
        return m

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> FieldClassifier:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_field_model() -> FieldClassifier | None:
    """The shipped word model, or None when the data file is absent (taxonomy only)."""
    if not MODEL_PATH.exists():
        return None
    return FieldClassifier.load(MODEL_PATH)


def classify(
    text: str, *, taxonomy: Taxonomy | None = None, model: FieldClassifier | bool | None = True
) -> tuple[str, float]:
    """(upper service field label, confidence in [0, 1]) of a need's or a post's text.

    `model=True` uses the shipped word model when present, `False` the taxonomy alone,
    or pass a fitted FieldClassifier.
    """
    tx = taxonomy or default_taxonomy()
    clf = default_field_model() if model is True else (model or None)
    if clf is not None:
        p = clf.predict_proba([text], taxonomy=tx)[0]
        f = int(np.argmax(p))
        return FIELD_LABELS[f], round(float(p[f]), 4)
    scores = tx.field_scores(text)
    total = float(scores.sum())
    if total <= 0:
        # Nothing recognisable: the portal files such posts under 기타.
        return FIELD_LABELS[_OTHER], 0.2
    f = int(np.argmax(scores))
    return FIELD_LABELS[f], round(float(scores[f]) / (total + 0.5), 4)
